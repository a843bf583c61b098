import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import {
  acknowledgeAssignmentUpdate,
  cycleClosedSignal,
  escalationRank,
  getAssignmentStatusQuery,
  reportSubmissionSchema,
  reviewDecisionSchema,
  reviewReportUpdate,
  submitReportUpdate,
  type AssignmentActivities,
  type AssignmentContext,
  type AssignmentStatus,
  type AssignmentWorkflowInput,
  type EscalationDecision,
  type PeriodState,
  type ReportingPeriod,
  type SubmitReportRequest,
  type SubmitReportResult,
} from '@plancycle/contracts';
import { rejectUpdate, waitUntil } from './workflow-helpers';

const activities = proxyActivities<AssignmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

interface AcceptedSubmission {
  fingerprint: string;
  result: SubmitReportResult | null;
}

/**
 * One assignment (target × responsible unit) for one cycle: acknowledgement (签收),
 * then per reporting period the report, reminder, overdue state, escalation by rules
 * (提醒 → 督办 → 约谈) and the coordinator's review loop (approve / 退回修改).
 * Periods run side by side: a unit may report Q2 while Q1 still waits for review.
 */
export async function assignmentWorkflow(input: AssignmentWorkflowInput): Promise<AssignmentStatus> {
  const { calendar } = input;
  let context: AssignmentContext | null = null;
  let cycleClosed = false;
  let overduePeriods = 0;
  const returnedCounts = new Map<string, number>();
  const acceptedSubmissions = new Map<string, AcceptedSubmission>();

  const status: AssignmentStatus = {
    assignmentId: input.assignmentId,
    cycleId: input.cycleId,
    unit: input.unit,
    role: input.role,
    phase: 'awaiting_acknowledgement',
    acknowledgedAt: null,
    escalationLevel: null,
    periods: calendar.periods.map((period) => ({
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

  const periodStateOrThrow = (periodKey: string): PeriodState => {
    const period = status.periods.find((p) => p.key === periodKey);
    if (!period) {
      rejectUpdate('VALIDATION_FAILED', `unknown reporting period "${periodKey}"`, [
        { path: 'periodKey', message: `not a period of this cycle: ${status.periods.map((p) => p.key).join(', ')}` },
      ]);
    }
    return period;
  };

  const recordStatus = (): Promise<void> => activities.recordAssignmentStatus({ status });

  setHandler(getAssignmentStatusQuery, () => status);
  setHandler(cycleClosedSignal, () => {
    cycleClosed = true;
  });

  setHandler(
    acknowledgeAssignmentUpdate,
    async ({ actor }) => {
      if (status.acknowledgedAt !== null) {
        return { acknowledgedAt: status.acknowledgedAt, alreadyAcknowledged: true };
      }
      const at = Date.now();
      status.acknowledgedAt = at;
      status.phase = 'active';
      await activities.recordAcknowledgement({ assignmentId: input.assignmentId, actor, at });
      await recordStatus();
      return { acknowledgedAt: at, alreadyAcknowledged: false };
    },
    {
      validator: ({ actor }) => {
        if (actor.role !== 'department' || actor.unit !== input.unit) {
          rejectUpdate('FORBIDDEN', `only ${input.unit} acknowledges this assignment`);
        }
        if (status.phase === 'closed') rejectUpdate('INVALID_STATE', 'the assignment is closed');
      },
    },
  );

  setHandler(
    submitReportUpdate,
    async (request) => {
      const { submission } = request;
      const accepted = acceptedSubmissions.get(submission.idempotencyKey);
      if (accepted) {
        // A retry of a submission already taken: answer as the first time, write nothing.
        await condition(() => accepted.result !== null);
        return { ...(accepted.result as SubmitReportResult), duplicate: true };
      }
      const entry: AcceptedSubmission = { fingerprint: fingerprintOf(request), result: null };
      acceptedSubmissions.set(submission.idempotencyKey, entry);

      const period = periodStateOrThrow(submission.periodKey);
      period.status = 'submitted';
      period.submissions += 1;
      const version = period.submissions;
      const { reportId } = await activities.saveReport({
        assignmentId: input.assignmentId,
        request,
        version,
        submittedAt: Date.now(),
      });
      period.currentReportId = reportId;
      entry.result = { reportId, periodKey: period.key, version, duplicate: false };
      await recordStatus();
      return entry.result;
    },
    { validator: (request) => validateSubmission(request) },
  );

  function validateSubmission(request: SubmitReportRequest): void {
    const { actor } = request;
    if (actor.role !== 'department' || actor.unit !== input.unit) {
      rejectUpdate('FORBIDDEN', `only ${input.unit} reports on this assignment`);
    }
    const parsed = reportSubmissionSchema.safeParse(request.submission);
    if (!parsed.success) {
      rejectUpdate(
        'VALIDATION_FAILED',
        'the report is malformed',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const submission = parsed.data;
    const accepted = acceptedSubmissions.get(submission.idempotencyKey);
    if (accepted) {
      if (accepted.fingerprint !== fingerprintOf(request)) {
        rejectUpdate(
          'IDEMPOTENCY_KEY_REUSED',
          `idempotency key "${submission.idempotencyKey}" was already used for a different report`,
        );
      }
      return;
    }
    if (context === null) rejectUpdate('WORKFLOW_UNAVAILABLE', 'the assignment is still starting; retry shortly');
    if (status.acknowledgedAt === null) {
      rejectUpdate('INVALID_STATE', 'acknowledge (签收) the assignment before reporting on it');
    }
    const period = periodStateOrThrow(submission.periodKey);
    const periodDefinition = calendar.periods.find((p) => p.key === period.key) as ReportingPeriod;
    const now = Date.now();
    if (now < periodDefinition.opensAt) {
      rejectUpdate('INVALID_STATE', `period ${period.key} opens at ${new Date(periodDefinition.opensAt).toISOString()}`);
    }
    if (cycleClosed || now >= period.closesAt || ['approved', 'missed', 'unreviewed'].includes(period.status)) {
      rejectUpdate('INVALID_STATE', `period ${period.key} is closed (${period.status})`);
    }
    if (period.status === 'submitted') {
      rejectUpdate('INVALID_STATE', `the report for ${period.key} is waiting for review; it can be revised once returned`);
    }
    validateValues(context, submission.values);
  }

  setHandler(
    reviewReportUpdate,
    async (request) => {
      const { review } = request;
      const period = periodStateOrThrow(review.periodKey);
      const reportId = period.currentReportId as string;
      const now = Date.now();
      if (review.decision === 'approve') {
        period.status = 'approved';
      } else {
        period.status = 'returned';
        period.lastReturnComment = review.comment ?? null;
        returnedCounts.set(period.key, (returnedCounts.get(period.key) ?? 0) + 1);
        // The unit gets one grace unit to revise, or until the due date if that is later.
        period.deadlineAt = Math.max(period.dueAt, now + calendar.graceMs);
        period.reminderSentAt = null;
        period.overdue = false;
      }
      await activities.saveReview({ assignmentId: input.assignmentId, reportId, request, reviewedAt: now });
      await recordStatus();
      if (review.decision === 'approve') {
        const trajectory = await activities.assessTrajectory({
          assignmentId: input.assignmentId,
          periodKey: period.key,
          reportId,
        });
        if (trajectory.lagging) {
          await escalate(period, {
            overdueGraceUnits: 0,
            overduePeriods,
            returnedCount: returnedCounts.get(period.key) ?? 0,
            trajectoryRatio: trajectory.ratio,
            role: input.role,
            trigger: 'trajectory',
          });
        }
      }
      return { reportId, periodKey: period.key, status: period.status === 'approved' ? 'approved' : 'returned' };
    },
    {
      validator: (request) => {
        if (request.actor.role !== 'coordinator') rejectUpdate('FORBIDDEN', 'only the coordinator reviews reports');
        const parsed = reviewDecisionSchema.safeParse(request.review);
        if (!parsed.success) {
          rejectUpdate(
            'VALIDATION_FAILED',
            'the review is malformed',
            parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          );
        }
        const period = periodStateOrThrow(parsed.data.periodKey);
        if (period.status !== 'submitted') {
          rejectUpdate('INVALID_STATE', `no report of ${period.key} is waiting for review (status ${period.status})`);
        }
      },
    },
  );

  async function escalate(
    period: PeriodState,
    facts: Parameters<AssignmentActivities['decideEscalation']>[0]['facts'],
  ): Promise<EscalationDecision> {
    const decision = await activities.decideEscalation({
      assignmentId: input.assignmentId,
      periodKey: period.key,
      facts,
      currentLevel: period.escalationLevel,
    });
    if (decision.level !== null && escalationRank(decision.level) > escalationRank(period.escalationLevel)) {
      period.escalationLevel = decision.level;
      if (escalationRank(decision.level) > escalationRank(status.escalationLevel)) {
        status.escalationLevel = decision.level;
      }
      await recordStatus();
    }
    return decision;
  }

  async function runPeriod(definition: ReportingPeriod, period: PeriodState): Promise<void> {
    await waitUntil(() => cycleClosed, definition.opensAt);
    if (!cycleClosed && period.status === 'not_open') {
      period.status = 'open';
      await recordStatus();
    }
    let escalationChecks = 0;
    let deadlineOfChecks = period.deadlineAt;
    const statusChangedOrClosed = (seen: PeriodState['status']) => () => period.status !== seen || cycleClosed;

    while (!cycleClosed && Date.now() < period.closesAt && period.status !== 'approved') {
      const seen = period.status;
      if (seen === 'submitted') {
        await waitUntil(statusChangedOrClosed(seen), period.closesAt);
        continue;
      }
      if (period.deadlineAt !== deadlineOfChecks) {
        deadlineOfChecks = period.deadlineAt;
        escalationChecks = 0;
      }
      const now = Date.now();
      const reminderAt = period.deadlineAt - calendar.reminderBeforeDueMs;
      if (period.reminderSentAt === null && calendar.reminderBeforeDueMs > 0 && now < period.deadlineAt) {
        if (now < reminderAt) {
          await waitUntil(statusChangedOrClosed(seen), Math.min(reminderAt, period.closesAt));
          continue;
        }
        period.reminderSentAt = now;
        await activities.sendDeadlineReminder({
          assignmentId: input.assignmentId,
          periodKey: period.key,
          deadlineAt: period.deadlineAt,
        });
        await recordStatus();
        continue;
      }
      if (now < period.deadlineAt) {
        await waitUntil(statusChangedOrClosed(seen), Math.min(period.deadlineAt, period.closesAt));
        continue;
      }
      if (!period.overdue) {
        period.overdue = true;
        if (escalationChecks === 0 && (returnedCounts.get(period.key) ?? 0) === 0) overduePeriods += 1;
        await activities.markOverdue({ assignmentId: input.assignmentId, periodKey: period.key, deadlineAt: period.deadlineAt });
        await recordStatus();
      }
      if (escalationChecks < calendar.escalationChecks) {
        const checkAt = period.deadlineAt + escalationChecks * calendar.graceMs;
        if (now < checkAt) {
          await waitUntil(statusChangedOrClosed(seen), Math.min(checkAt, period.closesAt));
          continue;
        }
        await escalate(period, {
          overdueGraceUnits: escalationChecks,
          overduePeriods,
          returnedCount: returnedCounts.get(period.key) ?? 0,
          trajectoryRatio: null,
          role: input.role,
          trigger: 'overdue',
        });
        escalationChecks += 1;
        continue;
      }
      await waitUntil(statusChangedOrClosed(seen), period.closesAt);
    }

    if (period.status === 'submitted') period.status = 'unreviewed';
    else if (period.status !== 'approved') period.status = 'missed';
  }

  context = await activities.loadAssignmentContext({ assignmentId: input.assignmentId });
  await recordStatus();

  await Promise.all(
    calendar.periods.map((definition, index) => runPeriod(definition, status.periods[index] as PeriodState)),
  );
  status.phase = 'closed';
  await condition(allHandlersFinished);
  await recordStatus();
  return status;
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

function fingerprintOf(request: SubmitReportRequest): string {
  return JSON.stringify(request.submission);
}

