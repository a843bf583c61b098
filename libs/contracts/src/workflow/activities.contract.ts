import type { ActorRef } from './actor-ref';
import type { AssignmentContext, AssignmentStatus, ReminderOutcome, ReviewReportRequest, SubmitReportRequest } from './assignment.messages';
import type { CalendarSpec, ReportingCalendar } from './calendar';
import type { EscalationLevel } from './escalation';
import type { AssignmentRef, CyclePhase, RuleSetPin } from './plan-cycle.messages';
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
  }): Promise<{ assignments: AssignmentRef[]; calendar: ReportingCalendar; ruleSets: RuleSetPin[] }>;
  recordCycleProgress(input: { cycleId: string; phase: CyclePhase; childrenStarted: number; childrenTotal: number }): Promise<void>;
  evaluateCycle(input: { cycleId: string; actor: ActorRef | null }): Promise<{ evaluationId: string }>;
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
  loadAssignmentContext(input: { assignmentId: string }): Promise<AssignmentContext>;
  recordAssignmentStatus(input: { status: AssignmentStatus }): Promise<void>;
  recordAcknowledgement(input: { assignmentId: string; actor: ActorRef; at: number }): Promise<void>;
  saveReport(input: {
    assignmentId: string;
    request: SubmitReportRequest;
    version: number;
    submittedAt: number;
  }): Promise<{ reportId: string }>;
  saveReview(input: { assignmentId: string; reportId: string; request: ReviewReportRequest; reviewedAt: number }): Promise<void>;
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
