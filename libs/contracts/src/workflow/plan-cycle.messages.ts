import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from './actor-ref';
import type { CalendarSpec, ReportingCalendar } from './calendar';
import type { AssignmentRole } from '../plan/plan-vocabulary';

export type CyclePhase = 'drafting' | 'published' | 'decomposing' | 'reporting' | 'evaluating' | 'closed';

export interface PlanCycleWorkflowInput {
  cycleId: string;
  planId: string;
  /** Start children in runs of this size and continue as new in between (history stays small). */
  childrenPerRun?: number;
  /**
   * The task queue the cycle starts its assignment workflows on, when the cycle runs on a
   * queue of its own (`TEMPORAL_CYCLE_TASK_QUEUE`). Unset (cycles started before): the
   * children take the cycle's queue.
   */
  assignmentTaskQueue?: string;
  /** Set when the workflow continues as new. */
  carryOver?: PlanCycleCarryOver;
}

export interface PlanCycleCarryOver {
  phase: CyclePhase;
  calendar: ReportingCalendar;
  publishedAt: number;
  publishedBy: ActorRef;
  /** Runs before the assignment-pages patch carry the whole list; later runs only the count. */
  assignments?: AssignmentRef[];
  assignmentCount?: number;
  childrenStarted: number;
  evaluationRequestedBy: ActorRef | null;
  /** The publish request's idempotency key and result, so a retry after continue-as-new still matches. */
  published?: { idempotencyKey: string; fingerprint: string; result: PublishCycleResult } | null;
}

/** What the cycle needs to start one assignment workflow. */
export interface AssignmentRef {
  assignmentId: string;
  unit: string;
  role: AssignmentRole;
}

export interface PublishCycleRequest {
  actor: ActorRef;
  calendar: CalendarSpec;
  /** Same key, same calendar: a retried publish answers with the first result. */
  idempotencyKey?: string;
}
export interface PublishCycleResult {
  cycleId: string;
  assignmentCount: number;
  calendar: ReportingCalendar;
  ruleSets: RuleSetPin[];
  /** True when this idempotency key had already published the plan. */
  duplicate?: boolean;
}

export interface RuleSetPin {
  id: string;
  version: string;
}

export interface RunEvaluationRequest {
  actor: ActorRef;
  /** Requesting the evaluation is idempotent by nature; a key names the request for tracing. */
  idempotencyKey?: string;
}
export interface RunEvaluationResult {
  accepted: boolean;
  phase: CyclePhase;
}

/** A running cycle decides with `ruleSet` (a newer published version of a rule set it pinned) from now on. */
export interface AmendRuleSetRequest {
  actor: ActorRef;
  ruleSet: RuleSetPin;
  reason: string;
  /** Same key, same amendment: a retry answers with the first result. */
  idempotencyKey?: string;
}
export interface AmendRuleSetResult {
  cycleId: string;
  amendmentId: string;
  ruleSetId: string;
  fromVersion: string;
  toVersion: string;
  amendedAt: number;
  /** The cycle's pins after the amendment. */
  ruleSets: RuleSetPin[];
  duplicate?: boolean;
}

export interface CycleStatus {
  cycleId: string;
  planId: string;
  phase: CyclePhase;
  publishedAt: number | null;
  calendar: ReportingCalendar | null;
  /** Progress of decomposition: children started out of assignments. */
  decomposition: { total: number; started: number };
  evaluation: { requestedAt: number | null; completedAt: number | null };
}

export const publishCycleUpdate = defineUpdate<PublishCycleResult, [PublishCycleRequest]>('publishCycle');
export const runEvaluationUpdate = defineUpdate<RunEvaluationResult, [RunEvaluationRequest]>('runEvaluation');
export const amendRuleSetUpdate = defineUpdate<AmendRuleSetResult, [AmendRuleSetRequest]>('amendRuleSet');
export const getCycleStatusQuery = defineQuery<CycleStatus>('getCycleStatus');
