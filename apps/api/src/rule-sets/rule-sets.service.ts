import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  type Actor,
  type CreateRuleSetDraftRequest,
  type EditRuleSetDraftRequest,
  type GoldenCaseRun,
  type PublishRuleSetDraftRequest,
  type RuleSetDiff,
  type RuleSetVersionView,
  type SimulateRuleSetRequest,
} from '@plancycle/contracts';
import type { Repositories, ShippedDefaultsLoader } from '@plancycle/persistence';
import {
  assertNewVersionOrThrow,
  checkDraftContentOrThrow,
  compileStoredRuleSetOrThrow,
  checkGoldenCases,
  diffRuleSetVersions,
  nextDraftVersion,
  ruleSetKinds,
  runGoldenCases,
  simulateRuleSet,
  type RuleSetKind,
} from '@plancycle/rules';
import { performance } from 'node:perf_hooks';
import { auditActor } from '../common/actor-ref';
import { REPOSITORIES, SHIPPED_RULE_SETS } from '../common/tokens';

/** The kinds whose decisions a cycle records one by one, and so can be run again. */
const simulatedKinds = ['attainment', 'trajectory', 'escalation'] as const;

function kindOf(view: RuleSetVersionView): RuleSetKind {
  if (!(ruleSetKinds as readonly string[]).includes(view.kind)) {
    throw new DomainError({
      code: 'RULE_SET_INVALID',
      message: `stored rule set ${view.ruleSetId}@${view.version} has unknown kind ${view.kind}`,
    });
  }
  return view.kind as RuleSetKind;
}

/**
 * Rule sets as a coordinator sees them: versions to read and compare, drafts to write
 * and try, and publishing (only when every golden case passes). What is valid, what
 * passes and what differs is decided by @plancycle/rules; the store keeps versions.
 */
@Injectable()
export class RuleSetsService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(SHIPPED_RULE_SETS) private readonly shipped: ShippedDefaultsLoader,
  ) {}

  /** The store, with the shipped defaults in it. */
  private async store(): Promise<Repositories['ruleSets']> {
    await this.shipped.ensure();
    return this.repos.ruleSets;
  }

  async listRuleSets() {
    return { items: await (await this.store()).listRuleSets(), nextCursor: null };
  }

  async findRuleSetOrThrow(ruleSetId: string) {
    return (await this.store()).findRuleSetOrThrow(ruleSetId);
  }

  async findVersionOrThrow(ruleSetId: string, version: string) {
    return (await this.store()).findVersionOrThrow(ruleSetId, version);
  }

  async listChanges(params: { ruleSetId?: string; limit: number; cursor?: string }) {
    return (await this.store()).listChanges(params);
  }

  async createDraft(actor: Actor, ruleSetId: string, fromVersion: string, request: CreateRuleSetDraftRequest) {
    const store = await this.store();
    const from = await store.findVersionOrThrow(ruleSetId, fromVersion);
    const existing = await this.repos.ruleSets.versionsOf(ruleSetId);
    if (request.version === undefined) {
      // A retried request without a version: the untouched draft it made, not another one.
      const made = (await store.findRuleSetOrThrow(ruleSetId)).versions.find(
        (v) =>
          v.status === 'draft' &&
          v.revision === 1 &&
          v.derivedFrom === fromVersion &&
          v.author.id === actor.id &&
          v.changeNote === request.changeNote,
      );
      if (made) return store.findVersionOrThrow(ruleSetId, made.version);
    }
    const version = request.version ?? nextDraftVersion(existing, fromVersion);
    const ruleFile = { ...(from.ruleFile as Record<string, unknown>), version };
    const content = { ruleFile, goldenCases: from.goldenCases };
    const retry = await this.repos.ruleSets.findVersion(ruleSetId, version);
    // A retried request reaches the repository, which answers the draft it made.
    if (retry === null) assertNewVersionOrThrow(existing, version);
    const { draft } = await this.repos.ruleSets.createDraft(auditActor(actor), {
      ruleSetId,
      version,
      kind: from.kind,
      derivedFrom: fromVersion,
      changeNote: request.changeNote,
      ...content,
    });
    return draft;
  }

  async editDraft(actor: Actor, ruleSetId: string, version: string, request: EditRuleSetDraftRequest) {
    const current = await (await this.store()).findVersionOrThrow(ruleSetId, version);
    if (current.status !== 'draft') {
      throw new DomainError({
        code: 'RULE_SET_NOT_DRAFT',
        message: `rule set ${ruleSetId}@${version} is published and never changes; create a draft from it instead`,
      });
    }
    // Refused with every offending field's path, and nothing stored.
    checkDraftContentOrThrow({
      ruleFile: request.ruleFile,
      goldenCases: request.goldenCases,
      expect: { id: ruleSetId, kind: kindOf(current), version },
    });
    return this.repos.ruleSets.editDraft(auditActor(actor), {
      ruleSetId,
      version,
      revision: request.revision,
      ruleFile: request.ruleFile,
      goldenCases: request.goldenCases,
      ...(request.changeNote !== undefined ? { changeNote: request.changeNote } : {}),
    });
  }

  async runGoldenCases(ruleSetId: string, version: string): Promise<GoldenCaseRun> {
    return this.goldenRunOf(await (await this.store()).findVersionOrThrow(ruleSetId, version));
  }

  async publish(actor: Actor, ruleSetId: string, version: string, request: PublishRuleSetDraftRequest) {
    const view = await (await this.store()).findVersionOrThrow(ruleSetId, version);
    if (view.status === 'draft') {
      if (request.revision !== undefined && request.revision !== view.revision) {
        throw new DomainError({
          code: 'CONFLICT',
          message: `the draft ${ruleSetId}@${version} is at revision ${view.revision}, not ${request.revision}; reload it`,
          issues: [{ path: 'revision', message: `stale: the draft is at revision ${view.revision}`, code: 'stale_revision' }],
        });
      }
      const run = await this.goldenRunOf(view);
      if (!run.passed) {
        const failing = run.cases.map((c, index) => ({ ...c, index })).filter((c) => !c.passed);
        throw new DomainError({
          code: 'GOLDEN_CASES_FAILED',
          message: `${failing.length} of ${run.total} golden cases of ${ruleSetId}@${version} fail; fix the rules or the cases before publishing`,
          issues: failing.map((c) => ({
            path: `goldenCases.${c.index}`,
            message: `"${c.name}": ${c.reason ?? 'fails'}`,
            code: 'golden_case_failed',
          })),
        });
      }
      const newestPublished = (await this.repos.ruleSets.findRuleSetOrThrow(ruleSetId)).latestPublished;
      if (newestPublished !== null) assertNewVersionOrThrow([newestPublished], version);
    }
    // The repository refuses a published version (unless this is a retry under the same key).
    const { version: published } = await this.repos.ruleSets.publish(auditActor(actor), {
      ruleSetId,
      version,
      revision: view.revision,
      ...(request.idempotencyKey !== undefined ? { idempotencyKey: request.idempotencyKey } : {}),
    });
    return published;
  }

  async diff(ruleSetId: string, from: string, to: string): Promise<RuleSetDiff> {
    const store = await this.store();
    const [a, b] = await Promise.all([store.findVersionOrThrow(ruleSetId, from), store.findVersionOrThrow(ruleSetId, to)]);
    return diffRuleSetVersions({ ruleSetId, from: a, to: b });
  }

  /**
   * What-if: the version run over the decisions a cycle recorded with this rule set, nothing
   * written. Lists the decisions whose outcome or level would change (the first `limit`, each
   * with its unit and target, the conditions that flipped and both sentences) and counts all.
   */
  async simulate(ruleSetId: string, version: string, request: SimulateRuleSetRequest) {
    const started = performance.now();
    const view = await (await this.store()).findVersionOrThrow(ruleSetId, version);
    const kind = kindOf(view);
    if (!(simulatedKinds as readonly string[]).includes(kind)) {
      throw new DomainError({
        code: 'VALIDATION_FAILED',
        message: `rule sets of kind ${kind} are not simulated over recorded decisions`,
        issues: [{ path: 'ruleSetId', message: `not one of ${simulatedKinds.join(', ')}`, code: 'not_simulated' }],
      });
    }
    const cycle = await this.repos.cycles.findCycleOrThrow(request.cycleId);
    const compiled = compileStoredRuleSetOrThrow(view);
    const recorded = await this.repos.decisions.recordedDecisions({ cycleId: cycle.id, kind, ruleSetId });
    const outcome = await simulateRuleSet(compiled, recorded, {
      detail: request.limit,
      loadConditions: (ids) => this.repos.decisions.conditionsOf(ids),
    });
    const assignmentIds = [...new Set(outcome.changed.flatMap((c) => (c.assignmentId ? [c.assignmentId] : [])))];
    const labels = await this.repos.decisions.assignmentLabels(assignmentIds);
    return {
      ruleSet: outcome.ruleSet,
      status: view.status,
      cycle: { id: cycle.id, planTitle: cycle.planTitle, phase: cycle.phase, ruleSets: cycle.ruleSets },
      examined: outcome.examined,
      distinctFacts: outcome.distinctFacts,
      changedTotal: outcome.changedTotal,
      moves: outcome.moves,
      changed: outcome.changed.map((change) => {
        const label = change.assignmentId ? labels.get(change.assignmentId) : undefined;
        return {
          ...change,
          unit: label?.unit ?? null,
          role: label?.role ?? null,
          target: label?.target ?? null,
          task: label?.task ?? null,
        };
      }),
      written: false as const,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  private async goldenRunOf(view: RuleSetVersionView): Promise<GoldenCaseRun> {
    const compiled = compileStoredRuleSetOrThrow(view);
    const golden = checkGoldenCases(view.goldenCases, kindOf(view));
    if (!golden.ok) {
      throw new DomainError({
        code: 'RULE_SET_INVALID',
        message: `stored golden cases of ${view.ruleSetId}@${view.version} are not valid`,
        issues: golden.issues,
      });
    }
    const outcome = await runGoldenCases(compiled, golden.value);
    return {
      ruleSetId: view.ruleSetId,
      version: view.version,
      revision: view.revision,
      passed: outcome.passed,
      total: outcome.cases.length,
      failed: outcome.cases.filter((c) => !c.passed).length,
      cases: outcome.cases,
      rulesNeverFired: outcome.rulesNeverFired,
    };
  }
}
