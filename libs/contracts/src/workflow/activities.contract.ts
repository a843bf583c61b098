import type { ActorRef } from './actor-ref';
import type { AssignmentContext, AssignmentStatus, ReminderOutcome, ReviewReportRequest, SubmitReportRequest } from './assignment.messages';
import type { CalendarSpec, ReportingCalendar } from './calendar';
import type { EscalationLevel } from './escalation';
import type { AmendRuleSetResult, AssignmentRef, CyclePhase, RuleSetPin } from './plan-cycle.messages';
import type { AssignmentRole } from '../plan/plan-vocabulary';

/**
 * Activity signatures, shared so that workflows import only these types and the
 * worker implements them. Every activity is idempotent: Temporal may run it again.
 */
export interface PlanCycleActivities {
  /** Freezes the draft, decomposes it into assignments and pins the rule sets. */
  publishPlan(input: {
    cycleId: string;
    planId: string;
    actor: ActorRef;
    calendarSpec: CalendarSpec;
    publishedAt: number;
    /**
     * False: answer with the count only; the cycle fetches the references a page at a time
     * (`assignmentRefs`), so no run carries the whole list. Absent (histories before it): the list.
     */
    withAssignments?: boolean;
  }): Promise<{ assignments: AssignmentRef[]; assignmentCount?: number; calendar: ReportingCalendar; ruleSets: RuleSetPin[] }>;
  /** The published assignments from `offset` on, at most `limit`, in the order the cycle starts them. */
  assignmentRefs(input: { cycleId: string; offset: number; limit: number }): Promise<AssignmentRef[]>;
  recordCycleProgress(input: { cycleId: string; phase: CyclePhase; childrenStarted: number; childrenTotal: number }): Promise<void>;
  evaluateCycle(input: { cycleId: string; actor: ActorRef | null }): Promise<{ evaluationId: string }>;
  /**
   * Re-pins one rule set of a running cycle to a newer published version, with the reason,
   * audited; decisions from then on use it, decisions taken keep theirs. Idempotent by key.
   */
  amendCycleRuleSet(input: {
    cycleId: string;
    actor: ActorRef;
    ruleSet: RuleSetPin;
    reason: string;
    amendedAt: number;
    /** The update's id: a retried activity records one amendment. */
    amendmentKey: string;
  }): Promise<AmendRuleSetResult>;
  /** Tells every assignment workflow still running that the cycle is over. */
  closeCycleAssignments(input: { cycleId: string }): Promise<{ signalled: number }>;
}

export interface EscalationFacts {
  /** Whole grace units elapsed since the deadline (0 = just missed). */
  overdueGraceUnits: number;
  /** Periods of this assignment that have gone overdue so far, this one included. */
  overduePeriods: number;
  /** Times this period's report was returned for revision. */
  returnedCount: number;
  /** Reached share of the expected trajectory (1 = on track); null when unknown. */
  trajectoryRatio: number | null;
  role: AssignmentRole;
  /** Why the check runs: a missed deadline or a lagging approved report. */
  trigger: 'overdue' | 'trajectory';
}

export interface EscalationDecision {
  decisionId: string;
  /** The level the rules decided. */
  level: EscalationLevel | null;
  /** The level raised, after the due-process ceiling (absent in older histories: same as level). */
  raisedLevel?: EscalationLevel | null;
  recipient: string | null;
  ruleSet: RuleSetPin;
}

export interface AssignmentActivities {
  /** With `status`, also records it (the first projection): one activity where there were two. */
  loadAssignmentContext(input: { assignmentId: string; status?: AssignmentStatus }): Promise<AssignmentContext>;
  recordAssignmentStatus(input: { status: AssignmentStatus }): Promise<void>;
  /** With `status`, records it in the same transaction (no separate recordAssignmentStatus). */
  recordAcknowledgement(input: { assignmentId: string; actor: ActorRef; at: number; status?: AssignmentStatus }): Promise<void>;
  saveReport(input: {
    assignmentId: string;
    request: SubmitReportRequest;
    version: number;
    submittedAt: number;
    /** With `status`, records it in the same transaction, the saved report as its period's current one. */
    status?: AssignmentStatus;
  }): Promise<{ reportId: string }>;
  /** With `status`, records it in the same transaction. */
  saveReview(input: {
    assignmentId: string;
    reportId: string;
    request: ReviewReportRequest;
    reviewedAt: number;
    status?: AssignmentStatus;
  }): Promise<void>;
  /**
   * Records (and, with the notices feature, delivers) the reminder before a deadline.
   * `outcome` is absent in histories recorded before late and skipped reminders existed.
   */
  sendDeadlineReminder(input: {
    assignmentId: string;
    periodKey: string;
    deadlineAt: number;
    outcome?: ReminderOutcome;
    reason?: string;
  }): Promise<void>;
  markOverdue(input: { assignmentId: string; periodKey: string; deadlineAt: number }): Promise<void>;
  decideEscalation(input: {
    assignmentId: string;
    periodKey: string;
    facts: EscalationFacts;
    currentLevel: EscalationLevel | null;
    /** Due process: the highest level that may be raised now (absent: no ceiling). */
    ceiling?: EscalationLevel | null;
  }): Promise<EscalationDecision>;
  assessTrajectory(input: {
    assignmentId: string;
    periodKey: string;
    reportId: string;
  }): Promise<{ decisionId: string; lagging: boolean; ratio: number | null }>;
}
