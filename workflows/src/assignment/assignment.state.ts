import { condition } from '@temporalio/workflow';
import {
  capEscalation,
  dueProcessCeiling,
  raisesEscalation,
  type AcknowledgeRequest,
  type AcknowledgeResult,
  type AssignmentActivities,
  type AssignmentContext,
  type AssignmentStatus,
  type AssignmentWorkflowInput,
  type EscalationDecision,
  type EscalationFacts,
  type PeriodState,
  type ReviewReportRequest,
  type ReviewReportResult,
  type SubmitReportRequest,
  type SubmitReportResult,
} from '@plancycle/contracts';
import { reportSubmissionSchema, reviewDecisionSchema } from '../update-schemas';
import { rejectUpdate, rejectWithZodIssues } from '../workflow-helpers';
import type { PeriodClockPolicy } from './period-clock';

/** A request taken under an idempotency key: its fingerprint, and its result once known. */
interface Keyed<R> {
  fingerprint: string;
  result: R | null;
}

/**
 * The state of one assignment and what its human steps do to it: acknowledge (签收),
 * submit a period's report, review it (approve / 退回修改). Each step has a validator
 * that rejects bad input before anything enters history, and a handler that applies it
 * through activities. The workflow function only wires these to Temporal.
 */
export class AssignmentState {
  readonly status: AssignmentStatus;
  context: AssignmentContext | null = null;
  cycleClosed = false;
  /** Periods of this assignment that went overdue (an escalation fact). */
  overduePeriods = 0;
  private readonly returnedCounts = new Map<string, number>();
  private readonly submissions = new Map<string, Keyed<SubmitReportResult>>();
  private readonly reviews = new Map<string, Keyed<ReviewReportResult>>();

  constructor(
    readonly input: AssignmentWorkflowInput,
    /** The activities this assignment calls (the period runner uses them too). */
    readonly activities: AssignmentActivities,
    readonly policy: PeriodClockPolicy,
    /**
     * True: each step's write carries the status projection (one activity per step); false
     * (histories before the one-write-per-step patch): the write, then recordAssignmentStatus.
     */
    readonly statusWithWrite = false,
  ) {
    this.status = {
      assignmentId: input.assignmentId,
      cycleId: input.cycleId,
      unit: input.unit,
      role: input.role,
      phase: 'awaiting_acknowledgement',
      acknowledgedAt: null,
      escalationLevel: null,
      periods: input.calendar.periods.map((period) => ({
        key: period.key,
        label: period.label,
        dueAt: period.dueAt,
        closesAt: period.closesAt,
        status: 'not_open',
        deadlineAt: period.dueAt,
        overdue: false,
        reminderSentAt: null,
        submissions: 0,
        currentReportId: null,
        lastReturnComment: null,
        escalationLevel: null,
      })),
    };
  }

  async load(): Promise<void> {
    if (this.statusWithWrite) {
      // Periods already open are recorded open with the first status, so their clocks start
      // without a projection write of their own (one activity where there were three).
      const now = Date.now();
      this.input.calendar.periods.forEach((definition, index) => {
        const period = this.status.periods[index];
        if (period && period.status === 'not_open' && definition.opensAt <= now) period.status = 'open';
      });
      this.context = await this.activities.loadAssignmentContext({ assignmentId: this.input.assignmentId, status: this.status });
      return;
    }
    this.context = await this.activities.loadAssignmentContext({ assignmentId: this.input.assignmentId });
    await this.recordStatus();
  }

  recordStatus(): Promise<void> {
    return this.activities.recordAssignmentStatus({ status: this.status });
  }

  returnedCount(periodKey: string): number {
    return this.returnedCounts.get(periodKey) ?? 0;
  }

  periodOrThrow(periodKey: string): PeriodState {
    const period = this.status.periods.find((p) => p.key === periodKey);
    if (!period) {
      rejectUpdate('VALIDATION_FAILED', `unknown reporting period "${periodKey}"`, [
        { path: 'periodKey', message: `not a period of this cycle: ${this.status.periods.map((p) => p.key).join(', ')}` },
      ]);
    }
    return period;
  }

  // ── acknowledge (签收) ────────────────────────────────────────────────────────────

  validateAcknowledge({ actor }: AcknowledgeRequest): void {
    if (actor.role !== 'department' || actor.unit !== this.input.unit) {
      rejectUpdate('FORBIDDEN', `only ${this.input.unit} acknowledges this assignment`);
    }
    if (this.status.phase === 'closed') rejectUpdate('INVALID_STATE', 'the assignment is closed');
  }

  async acknowledge({ actor }: AcknowledgeRequest): Promise<AcknowledgeResult> {
    if (this.status.acknowledgedAt !== null) {
      return { acknowledgedAt: this.status.acknowledgedAt, alreadyAcknowledged: true };
    }
    const at = Date.now();
    this.status.acknowledgedAt = at;
    this.status.phase = 'active';
    if (this.statusWithWrite) {
      await this.activities.recordAcknowledgement({ assignmentId: this.input.assignmentId, actor, at, status: this.status });
    } else {
      await this.activities.recordAcknowledgement({ assignmentId: this.input.assignmentId, actor, at });
      await this.recordStatus();
    }
    return { acknowledgedAt: at, alreadyAcknowledged: false };
  }

  // ── report (季度报送) ─────────────────────────────────────────────────────────────

  validateSubmission(request: SubmitReportRequest): void {
    const { actor } = request;
    if (actor.role !== 'department' || actor.unit !== this.input.unit) {
      rejectUpdate('FORBIDDEN', `only ${this.input.unit} reports on this assignment`);
    }
    const parsed = reportSubmissionSchema().safeParse(request.submission);
    if (!parsed.success) rejectWithZodIssues('the report is malformed', parsed.error.issues);
    const submission = parsed.data;
    if (isRetryOf(this.submissions, submission.idempotencyKey, fingerprintOf(request.submission), 'report')) return;
    if (this.context === null) rejectUpdate('WORKFLOW_UNAVAILABLE', 'the assignment is still starting; retry shortly');
    if (this.status.acknowledgedAt === null) {
      rejectUpdate('INVALID_STATE', 'acknowledge (签收) the assignment before reporting on it');
    }
    const period = this.periodOrThrow(submission.periodKey);
    const definition = this.input.calendar.periods.find((p) => p.key === period.key);
    const now = Date.now();
    if (definition && now < definition.opensAt) {
      rejectUpdate('INVALID_STATE', `period ${period.key} opens at ${new Date(definition.opensAt).toISOString()}`);
    }
    if (this.cycleClosed || now >= period.closesAt || ['approved', 'missed', 'unreviewed'].includes(period.status)) {
      rejectUpdate('INVALID_STATE', `period ${period.key} is closed (${period.status})`);
    }
    if (period.status === 'submitted') {
      rejectUpdate('INVALID_STATE', `the report for ${period.key} is waiting for review; it can be revised once returned`);
    }
    validateValues(this.context, submission.values);
  }

  async submit(request: SubmitReportRequest): Promise<SubmitReportResult> {
    const { submission } = request;
    const earlier = this.submissions.get(submission.idempotencyKey);
    if (earlier) {
      // A retry of a submission already taken: answer as the first time, write nothing.
      await condition(() => earlier.result !== null);
      return { ...(earlier.result as SubmitReportResult), duplicate: true };
    }
    const entry: Keyed<SubmitReportResult> = { fingerprint: fingerprintOf(submission), result: null };
    this.submissions.set(submission.idempotencyKey, entry);

    const period = this.periodOrThrow(submission.periodKey);
    period.status = 'submitted';
    period.submissions += 1;
    const version = period.submissions;
    const { reportId } = await this.activities.saveReport({
      assignmentId: this.input.assignmentId,
      request,
      version,
      submittedAt: Date.now(),
      ...(this.statusWithWrite ? { status: this.status } : {}),
    });
    period.currentReportId = reportId;
    entry.result = { reportId, periodKey: period.key, version, duplicate: false };
    if (!this.statusWithWrite) await this.recordStatus();
    return entry.result;
  }

  // ── review (审核: 通过 / 退回修改) ───────────────────────────────────────────────

  validateReview(request: ReviewReportRequest): void {
    if (request.actor.role !== 'coordinator') rejectUpdate('FORBIDDEN', 'only the coordinator reviews reports');
    const parsed = reviewDecisionSchema().safeParse(request.review);
    if (!parsed.success) rejectWithZodIssues('the review is malformed', parsed.error.issues);
    if (request.idempotencyKey !== undefined) {
      if (isRetryOf(this.reviews, request.idempotencyKey, fingerprintOf(request.review), 'review')) return;
    }
    const period = this.periodOrThrow(parsed.data.periodKey);
    if (period.status !== 'submitted') {
      rejectUpdate('INVALID_STATE', `no report of ${period.key} is waiting for review (status ${period.status})`);
    }
  }

  async review(request: ReviewReportRequest): Promise<ReviewReportResult> {
    const { review, idempotencyKey } = request;
    let entry: Keyed<ReviewReportResult> | null = null;
    if (idempotencyKey !== undefined) {
      const earlier = this.reviews.get(idempotencyKey);
      if (earlier) {
        await condition(() => earlier.result !== null);
        return { ...(earlier.result as ReviewReportResult), duplicate: true };
      }
      entry = { fingerprint: fingerprintOf(review), result: null };
      this.reviews.set(idempotencyKey, entry);
    }
    const period = this.periodOrThrow(review.periodKey);
    const reportId = period.currentReportId as string;
    const now = Date.now();
    if (review.decision === 'approve') {
      period.status = 'approved';
    } else {
      period.status = 'returned';
      period.lastReturnComment = review.comment ?? null;
      this.returnedCounts.set(period.key, this.returnedCount(period.key) + 1);
      // The unit gets one grace unit to revise, or until the due date if that is later.
      period.deadlineAt = Math.max(period.dueAt, now + this.input.calendar.graceMs);
      period.reminderSentAt = null;
      if (period.reminderOutcome !== undefined) period.reminderOutcome = null;
      period.overdue = false;
    }
    await this.activities.saveReview({
      assignmentId: this.input.assignmentId,
      reportId,
      request,
      reviewedAt: now,
      ...(this.statusWithWrite ? { status: this.status } : {}),
    });
    if (!this.statusWithWrite) await this.recordStatus();
    if (review.decision === 'approve') {
      const trajectory = await this.activities.assessTrajectory({
        assignmentId: this.input.assignmentId,
        periodKey: period.key,
        reportId,
      });
      if (trajectory.lagging) {
        await this.escalate(period, {
          overdueGraceUnits: 0,
          overduePeriods: this.overduePeriods,
          returnedCount: this.returnedCount(period.key),
          trajectoryRatio: trajectory.ratio,
          role: this.input.role,
          trigger: 'trajectory',
        });
      }
    }
    const result: ReviewReportResult = {
      reportId,
      periodKey: period.key,
      status: period.status === 'approved' ? 'approved' : 'returned',
    };
    if (!entry) return result;
    entry.result = { ...result, duplicate: false };
    return entry.result;
  }

  // ── escalation (提醒 → 督办 → 约谈) ──────────────────────────────────────────────

  /** Asks the rules for a level and records it when it is a rise for this period. */
  async escalate(period: PeriodState, facts: EscalationFacts): Promise<EscalationDecision> {
    const ceiling = this.policy === 'catch-up' ? dueProcessCeiling(this.status.escalationLevel) : undefined;
    const decision = await this.activities.decideEscalation({
      assignmentId: this.input.assignmentId,
      periodKey: period.key,
      facts,
      currentLevel: period.escalationLevel,
      ...(ceiling === undefined ? {} : { ceiling }),
    });
    const level = capEscalation(decision.level, ceiling ?? null);
    if (level !== null && raisesEscalation(period.escalationLevel, level)) {
      period.escalationLevel = level;
      if (raisesEscalation(this.status.escalationLevel, level)) this.status.escalationLevel = level;
      await this.recordStatus();
    }
    return decision;
  }
}

/**
 * Whether a request under `key` repeats one already taken (then the handler answers
 * with the first result); a different request under a used key is refused.
 */
function isRetryOf<R>(taken: Map<string, Keyed<R>>, key: string, fingerprint: string, what: string): boolean {
  const earlier = taken.get(key);
  if (!earlier) return false;
  if (earlier.fingerprint !== fingerprint) {
    rejectUpdate('IDEMPOTENCY_KEY_REUSED', `idempotency key "${key}" was already used for a different ${what}`);
  }
  return true;
}

function fingerprintOf(value: unknown): string {
  return JSON.stringify(value);
}

function validateValues(context: AssignmentContext, values: SubmitReportRequest['submission']['values']): void {
  const issues: { path: string; message: string }[] = [];
  const known = new Map(context.indicators.map((indicator) => [indicator.indicatorId, indicator]));
  const seen = new Set<string>();
  values.forEach((reported, index) => {
    const indicator = known.get(reported.indicatorId);
    if (!indicator) {
      issues.push({ path: `values.${index}.indicatorId`, message: 'not an indicator of this assignment' });
      return;
    }
    if (seen.has(reported.indicatorId)) {
      issues.push({ path: `values.${index}.indicatorId`, message: 'reported twice' });
    }
    seen.add(reported.indicatorId);
    if (indicator.kind === 'milestone') {
      if (reported.done === undefined) issues.push({ path: `values.${index}.done`, message: 'a milestone needs done: true or false' });
    } else if (reported.value === undefined) {
      issues.push({ path: `values.${index}.value`, message: 'give the value reached so far (or null if not known)' });
    } else if (reported.value !== null && reported.value < 0 && indicator.kind !== 'growth' && indicator.kind !== 'rank_change') {
      issues.push({ path: `values.${index}.value`, message: 'must not be negative' });
    }
  });
  for (const indicator of context.indicators) {
    if (!seen.has(indicator.indicatorId)) {
      issues.push({ path: 'values', message: `missing indicator ${indicator.indicatorId} (${indicator.metric ?? indicator.kind})` });
    }
  }
  if (issues.length > 0) rejectUpdate('VALIDATION_FAILED', 'the reported values do not match the assignment', issues);
}
