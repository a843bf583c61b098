import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from './actor-ref';
import type { ReportingCalendar } from './calendar';
import type { EscalationLevel } from './escalation';
import type { ReportSubmission, ReviewDecision } from './report.schema';
import type { AssignmentRole } from '../plan/plan-vocabulary';

/** Input of the assignment workflow: one target × one unit, for one cycle. */
export interface AssignmentWorkflowInput {
  cycleId: string;
  assignmentId: string;
  unit: string;
  role: AssignmentRole;
  calendar: ReportingCalendar;
}

export type PeriodStatus =
  | 'not_open'
  | 'open'
  | 'submitted'
  | 'returned'
  | 'approved'
  /** Closed with nothing submitted. */
  | 'missed'
  /** Closed while a report still waited for review. */
  | 'unreviewed';

export type ReminderOutcome = 'sent' | 'sent_late' | 'skipped';

export interface PeriodState {
  key: string;
  label: string;
  dueAt: number;
  closesAt: number;
  status: PeriodStatus;
  /** The unit's current deadline: the due date, or a resubmission deadline after a return. */
  deadlineAt: number;
  overdue: boolean;
  reminderSentAt: number | null;
  /**
   * What became of the reminder before the current deadline: sent on time, sent late
   * (after an outage, while still useful), or skipped because the deadline had passed.
   * Absent in statuses recorded before this was tracked.
   */
  reminderOutcome?: ReminderOutcome | null;
  submissions: number;
  currentReportId: string | null;
  lastReturnComment: string | null;
  escalationLevel: EscalationLevel | null;
}

export interface AssignmentStatus {
  assignmentId: string;
  cycleId: string;
  unit: string;
  role: AssignmentRole;
  phase: 'awaiting_acknowledgement' | 'active' | 'closed';
  acknowledgedAt: number | null;
  escalationLevel: EscalationLevel | null;
  periods: PeriodState[];
}

export interface AcknowledgeRequest {
  actor: ActorRef;
  /** Acknowledging is idempotent by nature; a key only names the request for tracing. */
  idempotencyKey?: string;
}
export interface AcknowledgeResult {
  acknowledgedAt: number;
  alreadyAcknowledged: boolean;
}

export interface SubmitReportRequest {
  actor: ActorRef;
  submission: ReportSubmission;
}
export interface SubmitReportResult {
  reportId: string;
  periodKey: string;
  version: number;
  /** True when this idempotency key had already been recorded: nothing new was written. */
  duplicate: boolean;
}

export interface ReviewReportRequest {
  actor: ActorRef;
  review: ReviewDecision;
  /** Same key, same review: a retried review is applied once; another review under it is refused. */
  idempotencyKey?: string;
}
export interface ReviewReportResult {
  reportId: string;
  periodKey: string;
  status: 'approved' | 'returned';
  /** True when this idempotency key had already been applied: nothing new was written. */
  duplicate?: boolean;
}

export interface CycleClosedSignal {
  reason: 'evaluated' | 'cancelled';
}

export const acknowledgeAssignmentUpdate = defineUpdate<AcknowledgeResult, [AcknowledgeRequest]>('acknowledgeAssignment');
export const submitReportUpdate = defineUpdate<SubmitReportResult, [SubmitReportRequest]>('submitReport');
export const reviewReportUpdate = defineUpdate<ReviewReportResult, [ReviewReportRequest]>('reviewReport');
export const cycleClosedSignal = defineSignal<[CycleClosedSignal]>('cycleClosed');
export const getAssignmentStatusQuery = defineQuery<AssignmentStatus>('getAssignmentStatus');

/** What the workflow needs to know about its indicators to validate a report. */
export interface AssignmentIndicatorRef {
  indicatorId: string;
  kind: string;
  comparator: string;
  metric: string | null;
  value: number | null;
  max: number | null;
  unit: string | null;
}

export interface AssignmentContext {
  assignmentId: string;
  cycleId: string;
  unit: string;
  role: AssignmentRole;
  leader: string | null;
  indicators: AssignmentIndicatorRef[];
}
