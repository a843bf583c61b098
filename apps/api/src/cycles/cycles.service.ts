import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Actor, type CycleStatus } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { actorRef } from '../common/actor-ref';
import { REPOSITORIES } from '../common/tokens';
import { WorkflowGateway } from '../temporal/workflow-gateway.service';

@Injectable()
export class CyclesService {
  constructor(
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(WorkflowGateway) private readonly workflows: WorkflowGateway,
  ) {}

  /** The stored projection, plus the workflow's own view when Temporal answers. */
  async cycle(cycleId: string) {
    const cycle = await this.repos.cycles.findCycleOrThrow(cycleId);
    let live: CycleStatus | null = null;
    try {
      live = await this.workflows.cycleStatus(cycleId);
    } catch {
      live = null;
    }
    const evaluation = await this.repos.evaluations.find(cycleId);
    return {
      ...cycle,
      live,
      progress: {
        decomposition: {
          started: cycle.progress.childrenStarted,
          total: cycle.progress.childrenTotal,
          ratio: cycle.progress.childrenTotal === 0 ? null : cycle.progress.childrenStarted / cycle.progress.childrenTotal,
        },
        evaluation: evaluation
          ? { status: evaluation.status, done: evaluation.progress.done, total: evaluation.progress.total }
          : null,
      },
    };
  }

  async assignments(actor: Actor, cycleId: string) {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.repos.assignments.listAssignments({
      cycleId,
      ...(actor.role === 'department' ? { unit: actor.unit as string } : {}),
    });
  }

  async escalations(actor: Actor, cycleId: string) {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.repos.decisions.listEscalations({
      cycleId,
      ...(actor.role === 'department' ? { unit: actor.unit as string } : {}),
    });
  }

  async runEvaluation(actor: Actor, cycleId: string) {
    await this.repos.cycles.findCycleOrThrow(cycleId);
    return this.workflows.runEvaluation(cycleId, { actor: actorRef(actor) });
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
    if (actor.role !== 'department' || evaluation.result === null) return evaluation;
    const result = evaluation.result;
    const unit = actor.unit as string;
    return {
      ...evaluation,
      summaryText: null,
      result: {
        ...result,
        indicators: result.indicators.filter((indicator) => indicator.units.some((share) => share.unit === unit)),
        units: result.units.filter((score) => score.unit === unit),
        unitsRanked: result.units.length,
        nextYearDraftGoals: [],
      },
    };
  }
}
