import type { SupervisionNoticeFacts } from '@plancycle/domain';
import type { WorkflowSource } from './audit/workflow-source';
import type {
  AssignmentRole,
  AssignmentStatus,
  CalendarSpec,
  Comparator,
  EscalationLevel,
  EvaluationResult,
  EvidenceReference,
  ImportNotes,
  IndicatorKind,
  ReportingCalendar,
  RuleSetPin,
} from '@plancycle/contracts';

/** Plain views handed to services: never Prisma types. */

export interface IndicatorView {
  id: string;
  metric: string | null;
  kind: IndicatorKind;
  comparator: Comparator;
  value: number | null;
  max: number | null;
  unit: string | null;
  stretch: boolean;
  baseline: number | null;
  tolerance: number | null;
}

export interface TargetView {
  id: string;
  text: string;
  units: { lead: string[]; cooperating: string[] };
  indicators: IndicatorView[];
}

export interface TaskView {
  id: string;
  number: string;
  category: string | null;
  title: string;
  content: string | null;
  leader: string | null;
  targets: TargetView[];
}

export interface PlanView {
  id: string;
  status: 'draft' | 'published' | 'closed';
  revision: number;
  jurisdiction: string | null;
  year: number | null;
  title: string;
  calendarSpec: CalendarSpec | null;
  /** What the importer was unsure of, for a draft made from a document; null otherwise. */
  importNotes: ImportNotes | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  cycleId: string;
  goals: TargetView[];
  tasks: TaskView[];
}

export interface PlanSummaryView {
  id: string;
  title: string;
  jurisdiction: string | null;
  year: number | null;
  status: PlanView['status'];
  cycleId: string;
  phase: string;
}

export interface CycleSummaryView {
  id: string;
  planId: string;
  planTitle: string;
  year: number | null;
  jurisdiction: string | null;
  phase: string;
  publishedAt: string | null;
  closedAt: string | null;
  /** Decomposition: assignment workflows started out of the assignments. */
  progress: { childrenStarted: number; childrenTotal: number };
}

export interface CycleView {
  id: string;
  planId: string;
  planTitle: string;
  workflowId: string;
  phase: string;
  ruleSets: RuleSetPin[];
  calendar: ReportingCalendar | null;
  progress: { childrenStarted: number; childrenTotal: number };
  publishedAt: string | null;
  publishedBy: string | null;
  closedAt: string | null;
}

/** A running cycle re-pinned to a newer rule-set version. */
export interface CycleRuleSetAmendmentView {
  id: string;
  cycleId: string;
  ruleSetId: string;
  fromVersion: string;
  toVersion: string;
  reason: string;
  amendedBy: { id: string; role: string; name: string | null };
  amendedAt: string;
}

export interface AssignmentView {
  id: string;
  cycleId: string;
  workflowId: string;
  unit: string;
  role: AssignmentRole;
  phase: string;
  escalationLevel: EscalationLevel | null;
  acknowledgedAt: string | null;
  task: { number: string; title: string; leader: string | null; leaderPersonId: string | null } | null;
  target: { id: string; text: string };
  indicators: IndicatorView[];
  status: AssignmentStatus | null;
}

/**
 * Whose assignments a caller sees: a department its unit's; a leader (责任领导) the units
 * they answer for and the tasks whose 责任领导 they are. No scope: everything.
 */
export interface AssignmentScope {
  units: string[];
  leaderPersonId?: string | null;
}

/** An assignment as the inbox (待办) lists it. */
export interface InboxItemView extends AssignmentView {
  planTitle: string;
  nextDeadlineAt: string | null;
  overdue: boolean;
  returned: boolean;
  /** A period's report waits for the coordinator's review. */
  awaitingReview: boolean;
}

export interface ReportView {
  id: string;
  assignmentId: string;
  periodKey: string;
  version: number;
  status: 'submitted' | 'approved' | 'returned';
  narrative: string;
  evidence: EvidenceReference[];
  values: { indicatorId: string; value: number | null; done: boolean | null }[];
  submittedBy: string;
  submittedAt: string;
  review: { decision: string; comment: string | null; reviewedBy: string; reviewedAt: string } | null;
}

export interface EscalationView {
  id: string;
  assignmentId: string;
  cycleId: string;
  unit: string;
  targetText: string;
  periodKey: string;
  level: EscalationLevel;
  recipient: string | null;
  reason: string;
  decisionId: string;
  raisedAt: string;
}

/** An escalation as its 督办通知单 needs it, with the scope that decides who may read it. */
export interface EscalationNoticeView {
  id: string;
  assignmentId: string;
  cycleId: string;
  scope: { unit: string; leaderPersonId: string | null };
  facts: SupervisionNoticeFacts;
}

export interface DecisionView {
  id: string;
  cycleId: string;
  assignmentId: string | null;
  indicatorId: string | null;
  periodKey: string | null;
  kind: string;
  outcome: string;
  ruleSetId: string;
  ruleSetVersion: string;
  facts: unknown;
  conditions: unknown;
  decidedAt: string;
  /** The Temporal activity that recorded it; null when it was not written by one. */
  workflowSource: WorkflowSource | null;
}

export interface EvaluationView {
  id: string;
  cycleId: string;
  status: 'running' | 'completed';
  progress: { done: number; total: number };
  /** Null while the evaluation runs. */
  result: EvaluationResult | null;
  summaryText: string | null;
  startedAt: string;
  completedAt: string | null;
}

export interface AuditEventView {
  id: string;
  at: string;
  actorId: string;
  actorRole: string;
  /** The person (or service token) by name; null on rows of parts of the system and on rows written before the directory. */
  actorName: string | null;
  actorUnit: string | null;
  actorTokenId: string | null;
  action: string;
  planId: string | null;
  cycleId: string | null;
  assignmentId: string | null;
  reportId: string | null;
  ruleSet: RuleSetPin | null;
  details: unknown;
  /** The Temporal activity that recorded it; null for writes made outside a workflow. */
  workflowSource: WorkflowSource | null;
}
