import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, type Actor, type AmendCycleRuleSetRequest, type CycleStatus } from '@plancycle/contracts';
import { cycleBoard, departmentEvaluationView } from '@plancycle/domain';
import type { Repositories } from '@plancycle/persistence';
import { assignmentScopeOf } from '../auth/assignment-scope';
import { actorRef } from '../common/actor-ref';
import { pageArgs } from '../common/page-query';
import { REPOSITORIES } from '../common/tokens';
import { compareVersions } from '@plancycle/rules';
import { WorkflowGateway } from '../temporal/workflow-gateway.service';
import { evaluationFilename, exportEvaluationXlsx } from './evaluation-xlsx';
import { withExplanations } from '../common/decision-explanations';
import { assignmentOnTheWire, withInstantsWritten } from '../common/wire-instants';

/** How long a read waits for the workflow's live status before answering without it. */
const LIVE_STATUS_DEADLINE_MS = 1_000;

@Injectable()
export class CyclesService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(WorkflowGateway) private readonly workflows: WorkflowGateway,
  ) {}

  /**
   * The stored projection, answered at once, plus the workflow's own view when Temporal
   * answers within LIVE_STATUS_DEADLINE_MS (`liveStatus: 'unavailable'` otherwise).
   */
  async cycle(cycleId: string) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const [live, evaluation] = await Promise.all([this.liveStatusOrNull(cycleId), this.repos.evaluations.find(cycleId)]);
    return {
      ...cycle,
      liveStatus: live === null ? 'unavailable' : 'available',
      live,
      progress: {
        decomposition: {
          started: cycle.progress.childrenStarted,
          total: cycle.progress.childrenTotal,
          ratio: cycle.progress.childrenTotal === 0 ? null : cycle.progress.childrenStarted / cycle.progress.childrenTotal,
        },
        evaluation: evaluation ? { status: evaluation.status, done: evaluation.progress.done, total: evaluation.progress.total } : null,
      },
    };
  }

  private async liveStatusOrNull(cycleId: string): Promise<CycleStatus | null> {
    let timer: NodeJS.Timeout | undefined;
    // The race bounds the wait even while the lazy connection is still trying to connect.
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), LIVE_STATUS_DEADLINE_MS);
    });
    try {
      return await Promise.race([this.workflows.cycleStatusWithin(cycleId, LIVE_STATUS_DEADLINE_MS).catch(() => null), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cycles, newest first: all for coordinators and auditors, those a unit or leader takes part in otherwise. */
  listCycles(actor: Actor, query: { limit: number; cursor?: string | undefined }) {
    return this.repos.cycles.listCycles({ scope: assignmentScopeOf(actor), ...pageArgs(query) });
  }

  /** A department or leader reads a cycle it takes part in (its own parts); any other is a 403. */
  async assertTakesPart(actor: Actor, cycleId: string): Promise<void> {
    const scope = assignmentScopeOf(actor);
    if (scope === null) return;
    await this.repos.cycles.findCycleOrThrow(cycleId);
    if (!(await this.repos.cycles.takesPart(cycleId, scope))) {
      throw new DomainError({ code: 'FORBIDDEN', message: 'you have no assignments in this cycle' });
    }
  }

  /** A 404 when there is no such cycle: the list's one query tells. */
  async assignments(actor: Actor, cycleId: string, query: { limit: number; cursor?: string | undefined; unit?: string | undefined }) {
    const page = await this.repos.assignments.listAssignments({
      cycleId,
      scope: assignmentScopeOf(actor),
      unit: query.unit,
      ...pageArgs(query),
    });
    return withInstantsWritten({ nextCursor: page.nextCursor, items: page.items.map(assignmentOnTheWire) });
  }

  /**
   * The cycle board (周期看板): units × periods counted by state, per-period shares,
   * escalations by level; counted in the database, scoped as the assignment list.
   */
  async board(actor: Actor, cycleId: string) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    await this.assertTakesPart(actor, cycleId);
    const scope = assignmentScopeOf(actor);
    const [counts, escalationsByLevel] = await Promise.all([
      this.repos.assignments.boardCounts({ cycleId, scope }),
      this.repos.decisions.escalationCountsByLevel({ cycleId, scope }),
    ]);
    return {
      cycleId,
      planTitle: cycle.planTitle,
      phase: cycle.phase,
      generatedAt: new Date().toISOString(),
      // From the cycle's row, so the board needs no second call (GET /cycles/:id waits up to 1 s on Temporal).
      decomposition: { started: cycle.progress.childrenStarted, total: cycle.progress.childrenTotal },
      ...cycleBoard({ calendar: cycle.calendar, ...counts, escalationsByLevel }),
    };
  }

  async escalations(actor: Actor, cycleId: string, query: { limit: number; cursor?: string | undefined }) {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return withExplanations(
      this.repos,
      await this.repos.decisions.listEscalations({ cycleId, scope: assignmentScopeOf(actor), ...pageArgs(query) }),
    );
  }

  async runEvaluation(actor: Actor, cycleId: string, idempotencyKey?: string) {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.workflows.runEvaluation(cycleId, {
      actor: actorRef(actor),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    });
  }

  /**
   * Amends a running cycle to a newer published version of one of its rule sets. Checked
   * here for a clear answer (the version exists, is published, is newer than the pin); the
   * workflow refuses a cycle that is not running, and its activity checks again in the
   * transaction that re-pins.
   */
  async amendRuleSet(actor: Actor, cycleId: string, request: AmendCycleRuleSetRequest) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    const pinned = cycle.ruleSets.find((pin) => pin.id === request.ruleSet.id);
    const refuse = (message: string, code: string, params?: Record<string, string>) =>
      new DomainError({
        code: 'VALIDATION_FAILED',
        message,
        issues: [{ path: 'ruleSet.version', message, code, ...(params ? { params } : {}) }],
      });
    if (!pinned) throw refuse(`the cycle does not decide with rule set ${request.ruleSet.id}`, 'not_pinned');
    const version = await this.repos.ruleSets.findVersion(request.ruleSet.id, request.ruleSet.version);
    if (version === null)
      throw new DomainError({ code: 'NOT_FOUND', message: `no rule set ${request.ruleSet.id}@${request.ruleSet.version}` });
    if (version.status !== 'published') {
      throw refuse(`${request.ruleSet.id}@${request.ruleSet.version} is a draft: publish it first`, 'not_published');
    }
    // The same version again under a key may be a retry of the amendment that pinned it: the
    // workflow answers it from its key (or refuses it there as not newer).
    const retry = request.idempotencyKey !== undefined && pinned.version === request.ruleSet.version;
    if (!retry && compareVersions(request.ruleSet.version, pinned.version) <= 0) {
      throw refuse(`the cycle decides with ${pinned.id}@${pinned.version}: amend to a newer version`, 'version_not_newer', {
        minimum: pinned.version,
      });
    }
    return this.workflows.amendRuleSet(cycleId, {
      actor: actorRef(actor),
      ruleSet: request.ruleSet,
      reason: request.reason,
      idempotencyKey: request.idempotencyKey ?? randomUUID(),
    });
  }

  async amendments(actor: Actor, cycleId: string) {
    await this.assertTakesPart(actor, cycleId);
    return { items: await this.repos.cycles.listAmendments(cycleId), nextCursor: null };
  }

  /** The outcome of a write of this cycle (publish, evaluation) that answered 202. */
  async operation(cycleId: string, operationId: string) {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.workflows.cycleOperation(cycleId, operationId);
  }

  /** The evaluation as a workbook: what `evaluationOrThrow` shows this caller, nothing more. */
  async evaluationXlsx(actor: Actor, cycleId: string): Promise<{ buffer: Buffer; filename: string }> {
    const evaluation = await this.evaluationOrThrow(actor, cycleId);
    if (evaluation.result === null) {
      throw new DomainError({ code: 'INVALID_STATE', message: 'the evaluation is still running' });
    }
    const buffer = await exportEvaluationXlsx({
      plan: evaluation.result.plan,
      indicators: evaluation.result.indicators,
      units: evaluation.result.units,
      summaryText: evaluation.summaryText,
    });
    return { buffer, filename: evaluationFilename(evaluation.result.plan) };
  }

  /**
   * The coordinator sees the whole evaluation; a department sees the indicators it
   * answers for and its own score and rank (among how many units), not other units'.
   */
  async evaluationOrThrow(actor: Actor, cycleId: string) {
    const evaluation = await this.repos.evaluations.find(cycleId);
    if (!evaluation) {
      throw new DomainError({ code: 'NOT_FOUND', message: 'this cycle has not been evaluated yet' });
    }
    if (actor.role !== 'department') return evaluation;
    await this.assertTakesPart(actor, cycleId);
    return {
      ...evaluation,
      // The summary names every unit's ranking: the coordinator's text, not a department's.
      summaryText: null,
      result: evaluation.result === null ? null : departmentEvaluationView(evaluation.result, actor.unit as string),
    };
  }
}
