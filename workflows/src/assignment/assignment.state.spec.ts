import { ApplicationFailure } from '@temporalio/workflow';
import type { AssignmentActivities, AssignmentWorkflowInput, EscalationFacts } from '@plancycle/contracts';
import { AssignmentState } from './assignment.state';

// The state class outside Temporal: validators are pure, handlers run over recorded
// activity calls. (Temporal-specific paths, such as waiting on a retried key, are covered
// by the workflow tests on the real server.)
const HOUR = 3_600_000;
const now = Date.now();
const input: AssignmentWorkflowInput = {
  cycleId: 'cycle-1',
  assignmentId: 'assignment-1',
  unit: '市科工局',
  role: 'lead',
  calendar: {
    periods: [
      { key: 'P1', label: '第1期', opensAt: now - HOUR, dueAt: now + HOUR, closesAt: now + 2 * HOUR },
      { key: 'P2', label: '第2期', opensAt: now + HOUR, dueAt: now + 2 * HOUR, closesAt: now + 3 * HOUR },
    ],
    reminderBeforeDueMs: 0,
    graceMs: HOUR,
    escalationChecks: 3,
    evaluationAt: now + 3 * HOUR,
  },
};
const department = { id: 'clerk', role: 'department' as const, unit: '市科工局' };
const otherUnit = { id: 'clerk-2', role: 'department' as const, unit: '市财政局' };
const coordinator = { id: 'coordinator', role: 'coordinator' as const, unit: null };

function fakeActivities(escalationLevel: 'reminder' | 'supervision' | 'interview' | null = null) {
  const calls: { name: string; input: unknown }[] = [];
  const record =
    <T>(name: string, result: T) =>
    async (arg: unknown) => {
      calls.push({ name, input: arg });
      return result;
    };
  const activities: AssignmentActivities = {
    loadAssignmentContext: record('loadAssignmentContext', {
      assignmentId: input.assignmentId,
      cycleId: input.cycleId,
      unit: input.unit,
      role: 'lead',
      leader: null,
      indicators: [
        { indicatorId: 'i-count', kind: 'count', comparator: 'gte', metric: '企业', value: 500, max: null, unit: '家' },
        { indicatorId: 'i-done', kind: 'milestone', comparator: 'done', metric: null, value: null, max: null, unit: null },
      ],
    }),
    recordAssignmentStatus: record('recordAssignmentStatus', undefined),
    recordAcknowledgement: record('recordAcknowledgement', undefined),
    saveReport: record('saveReport', { reportId: 'report-1' }),
    saveReview: record('saveReview', undefined),
    sendDeadlineReminder: record('sendDeadlineReminder', undefined),
    markOverdue: record('markOverdue', undefined),
    decideEscalation: record('decideEscalation', {
      decisionId: 'd-1',
      level: escalationLevel,
      recipient: null,
      ruleSet: { id: 'escalation', version: '1.0.0' },
    }),
    assessTrajectory: record('assessTrajectory', { decisionId: 't-1', lagging: false, ratio: 1 }),
  };
  return { activities, calls, names: () => calls.map((c) => c.name) };
}

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApplicationFailure) return `${error.type}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

const report = (overrides: Record<string, unknown> = {}) => ({
  actor: department,
  submission: {
    periodKey: 'P1',
    idempotencyKey: 'report-key-1',
    narrative: '一季度进展',
    evidence: [],
    values: [
      { indicatorId: 'i-count', value: 120 },
      { indicatorId: 'i-done', done: false },
    ],
    ...overrides,
  },
});

async function acknowledged(level: 'reminder' | 'supervision' | 'interview' | null = null, policy: 'v1' | 'catch-up' = 'catch-up') {
  const fake = fakeActivities(level);
  const state = new AssignmentState(input, fake.activities, policy);
  await state.load();
  await state.acknowledge({ actor: department });
  return { state, ...fake };
}

describe('AssignmentState', () => {
  it('only its own unit acknowledges; acknowledging twice answers with the first time', async () => {
    const fake = fakeActivities();
    const state = new AssignmentState(input, fake.activities, 'catch-up');
    expect(refusal(() => state.validateAcknowledge({ actor: otherUnit }))).toMatch(/^FORBIDDEN/);
    expect(refusal(() => state.validateAcknowledge({ actor: coordinator }))).toMatch(/^FORBIDDEN/);
    const first = await state.acknowledge({ actor: department });
    expect(first.alreadyAcknowledged).toBe(false);
    expect(await state.acknowledge({ actor: department })).toEqual({ acknowledgedAt: first.acknowledgedAt, alreadyAcknowledged: true });
    expect(fake.names().filter((n) => n === 'recordAcknowledgement')).toHaveLength(1);
  });

  it('refuses a report before the assignment has loaded or been acknowledged', async () => {
    const state = new AssignmentState(input, fakeActivities().activities, 'catch-up');
    expect(refusal(() => state.validateSubmission(report()))).toMatch(/^WORKFLOW_UNAVAILABLE/);
    await state.load();
    expect(refusal(() => state.validateSubmission(report()))).toMatch(/^INVALID_STATE: acknowledge/);
  });

  it('names each bad field of a report', async () => {
    const { state } = await acknowledged();
    expect(refusal(() => state.validateSubmission(report({ values: [] })))).toMatch(/^VALIDATION_FAILED/);
    expect(refusal(() => state.validateSubmission(report({ periodKey: 'Q9' })))).toMatch(/^VALIDATION_FAILED: unknown reporting period/);
    expect(refusal(() => state.validateSubmission(report({ periodKey: 'P2' })))).toMatch(/^INVALID_STATE: period P2 opens/);
    // Every bad value is named by its path, in one refusal.
    const badValues = () =>
      state.validateSubmission(
        report({
          values: [
            { indicatorId: 'i-count', value: -1 },
            { indicatorId: 'nope', value: 1 },
          ],
        }),
      );
    expect(badValues).toThrow(ApplicationFailure);
    const failure = (() => {
      try {
        badValues();
      } catch (error) {
        return error as ApplicationFailure;
      }
      throw new Error('accepted');
    })();
    const issues = (failure.details?.[0] as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(issues).toEqual(['values.0.value', 'values.1.indicatorId', 'values']);
    expect(refusal(() => state.validateSubmission({ ...report(), actor: otherUnit }))).toMatch(/^FORBIDDEN/);
  });

  it('takes a report once: the same key again passes to the handler, the key with another body is refused', async () => {
    const { state, names } = await acknowledged();
    expect(refusal(() => state.validateSubmission(report()))).toBe('accepted');
    expect(await state.submit(report())).toEqual({ reportId: 'report-1', periodKey: 'P1', version: 1, duplicate: false });
    expect(refusal(() => state.validateSubmission(report()))).toBe('accepted');
    expect(refusal(() => state.validateSubmission(report({ narrative: '改了' })))).toMatch(/^IDEMPOTENCY_KEY_REUSED/);
    expect(refusal(() => state.validateSubmission(report({ periodKey: 'P2' })))).toMatch(/^IDEMPOTENCY_KEY_REUSED/);
    expect(refusal(() => state.validateSubmission(report({ idempotencyKey: 'report-key-2' })))).toMatch(/waiting for review/);
    expect(names().filter((n) => n === 'saveReport')).toHaveLength(1);
  });

  it('a return reopens the period with a grace unit to revise; then nothing waits for review', async () => {
    const { state } = await acknowledged();
    await state.submit(report());
    expect(refusal(() => state.validateReview({ actor: department, review: { periodKey: 'P1', decision: 'approve' } }))).toMatch(
      /^FORBIDDEN/,
    );
    expect(refusal(() => state.validateReview({ actor: coordinator, review: { periodKey: 'P1', decision: 'return' } }))).toMatch(
      /^VALIDATION_FAILED/,
    );
    const returned = await state.review({
      actor: coordinator,
      idempotencyKey: 'review-1',
      review: { periodKey: 'P1', decision: 'return', comment: '请补充' },
    });
    expect(returned).toEqual({ reportId: 'report-1', periodKey: 'P1', status: 'returned', duplicate: false });
    const period = state.status.periods[0]!;
    expect(period).toMatchObject({ status: 'returned', lastReturnComment: '请补充', overdue: false });
    expect(period.deadlineAt).toBeGreaterThanOrEqual(period.dueAt);
    expect(state.returnedCount('P1')).toBe(1);
    expect(
      refusal(() =>
        state.validateReview({ actor: coordinator, idempotencyKey: 'review-1', review: { periodKey: 'P1', decision: 'approve' } }),
      ),
    ).toMatch(/^IDEMPOTENCY_KEY_REUSED/);
    expect(
      refusal(() =>
        state.validateReview({ actor: coordinator, idempotencyKey: 'review-2', review: { periodKey: 'P1', decision: 'approve' } }),
      ),
    ).toMatch(/^INVALID_STATE: no report of P1/);
  });

  describe('escalation', () => {
    const facts: EscalationFacts = {
      overdueGraceUnits: 2,
      overduePeriods: 1,
      returnedCount: 0,
      trajectoryRatio: null,
      role: 'lead',
      trigger: 'overdue',
    };

    it('records a rise only, for the period and the assignment', async () => {
      const { state, names } = await acknowledged('reminder');
      const period = state.status.periods[0]!;
      await state.escalate(period, facts);
      expect(period.escalationLevel).toBe('reminder');
      expect(state.status.escalationLevel).toBe('reminder');
      const before = names().length;
      await state.escalate(period, facts); // the same level again: nothing to record
      expect(names().slice(before)).toEqual(['decideEscalation']);
    });

    it('holds a jump to 约谈 down to 提醒 when the unit has heard nothing yet (due process)', async () => {
      const { state, calls } = await acknowledged('interview');
      const period = state.status.periods[0]!;
      await state.escalate(period, facts);
      expect(period.escalationLevel).toBe('reminder');
      expect(calls.find((c) => c.name === 'decideEscalation')?.input).toMatchObject({ ceiling: 'reminder' });
      await state.escalate(period, facts);
      expect(period.escalationLevel).toBe('supervision');
      await state.escalate(period, facts);
      expect(period.escalationLevel).toBe('interview');
    });

    it('the first clock takes the rules as they come (recorded histories)', async () => {
      const { state, calls } = await acknowledged('interview', 'v1');
      await state.escalate(state.status.periods[0]!, facts);
      expect(state.status.periods[0]!.escalationLevel).toBe('interview');
      expect(calls.find((c) => c.name === 'decideEscalation')?.input).not.toHaveProperty('ceiling');
    });
  });
});
