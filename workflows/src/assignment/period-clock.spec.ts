import type { PeriodState } from '@plancycle/contracts';
import { nextStep, SKIPPED_REMINDER_REASON, type PeriodClockInput, type PeriodClockPolicy } from './period-clock';

// A period on a calendar of round numbers: opens at 0, reminder lead 100, due at 1000,
// grace 100 (checks at 1000, 1100, 1200), closes at 2000.
const calendar = { reminderBeforeDueMs: 100, graceMs: 100, escalationChecks: 3 };
const OPENS = 0;
const DUE = 1_000;
const CLOSES = 2_000;

function at(
  now: number,
  changes: Partial<PeriodClockInput['period']> = {},
  more: Partial<PeriodClockInput> = {},
  policy: PeriodClockPolicy = 'catch-up',
) {
  const period: PeriodClockInput['period'] = {
    status: 'open' as PeriodState['status'],
    deadlineAt: DUE,
    closesAt: CLOSES,
    overdue: false,
    reminderSentAt: null,
    reminderOutcome: null,
    ...changes,
  };
  return nextStep({
    period,
    opensAt: OPENS,
    clock: { checksDone: 0, checksDeadlineAt: period.deadlineAt, lastCheckAt: null },
    calendar,
    cycleClosed: false,
    now,
    policy,
    ...more,
  });
}
const reminded = { reminderSentAt: 900, reminderOutcome: 'sent' as const };
const overdue = { ...reminded, overdue: true };
const checks = (checksDone: number, lastCheckAt: number | null, checksDeadlineAt = DUE) => ({
  clock: { checksDone, checksDeadlineAt, lastCheckAt },
});

describe.each<PeriodClockPolicy>(['v1', 'catch-up'])('period clock (%s), on time', (policy) => {
  it('waits for the opening, then opens', () => {
    expect(at(-5, { status: 'not_open' }, {}, policy)).toEqual({ kind: 'wait', until: OPENS, for: 'opening' });
    expect(at(0, { status: 'not_open' }, {}, policy)).toEqual({ kind: 'open' });
  });
  it('a period never opened is missed when the cycle closes', () => {
    expect(at(-5, { status: 'not_open' }, { cycleClosed: true }, policy)).toEqual({ kind: 'close', outcome: 'missed' });
  });
  it('waits for the reminder, then reminds on time', () => {
    expect(at(10, {}, {}, policy)).toEqual({ kind: 'wait', until: 900, for: 'reminder' });
    expect(at(900, {}, {}, policy)).toEqual({ kind: 'remind', late: false });
  });
  it('after the reminder waits for the deadline, then marks the period overdue', () => {
    expect(at(950, reminded, {}, policy)).toEqual({ kind: 'wait', until: DUE, for: 'deadline' });
    expect(at(DUE, reminded, {}, policy)).toEqual({ kind: 'mark_overdue' });
  });
  it('escalation checks come one grace unit apart, then it waits for the close', () => {
    expect(at(DUE, overdue, {}, policy)).toEqual({ kind: 'escalate', graceUnits: 0 });
    expect(at(DUE + 1, overdue, checks(1, DUE), policy)).toEqual({ kind: 'wait', until: 1_100, for: 'escalation' });
    expect(at(1_100, overdue, checks(1, DUE), policy)).toEqual({ kind: 'escalate', graceUnits: 1 });
    expect(at(1_200, overdue, checks(2, 1_100), policy)).toEqual({ kind: 'escalate', graceUnits: 2 });
    expect(at(1_201, overdue, checks(3, 1_200), policy)).toEqual({ kind: 'wait', until: CLOSES, for: 'close' });
    expect(at(CLOSES, overdue, checks(3, 1_200), policy)).toEqual({ kind: 'close', outcome: 'missed' });
  });
  it('a submitted report waits for review; unreviewed at the close', () => {
    expect(at(500, { status: 'submitted' }, {}, policy)).toEqual({ kind: 'wait', until: CLOSES, for: 'review' });
    expect(at(CLOSES, { status: 'submitted' }, {}, policy)).toEqual({ kind: 'close', outcome: 'unreviewed' });
  });
  it('an approved period closes at once; a closed cycle closes every period', () => {
    expect(at(500, { status: 'approved' }, {}, policy)).toEqual({ kind: 'close', outcome: 'approved' });
    expect(at(500, {}, { cycleClosed: true }, policy)).toEqual({ kind: 'close', outcome: 'missed' });
    expect(at(500, { status: 'submitted' }, { cycleClosed: true }, policy)).toEqual({ kind: 'close', outcome: 'unreviewed' });
  });
  it('a return moves the deadline: the reminder re-arms and the checks count again from zero', () => {
    const returned = { status: 'returned' as const, deadlineAt: 1_500, reminderSentAt: null, reminderOutcome: null };
    expect(at(1_300, returned, checks(3, 1_200), policy)).toEqual({ kind: 'wait', until: 1_400, for: 'reminder' });
    expect(at(1_500, { ...returned, ...overdue, deadlineAt: 1_500 }, checks(3, 1_200), policy)).toEqual({
      kind: 'escalate',
      graceUnits: 0,
    });
  });
  it('a deadline after the close is missed at the close without overdue', () => {
    expect(at(CLOSES, { ...reminded, status: 'returned', deadlineAt: 2_050 }, {}, policy)).toEqual({ kind: 'close', outcome: 'missed' });
  });
  it('a calendar without reminders goes straight to the deadline', () => {
    expect(at(10, {}, { calendar: { ...calendar, reminderBeforeDueMs: 0 } }, policy)).toEqual({
      kind: 'wait',
      until: DUE,
      for: 'deadline',
    });
  });
  it('checks scheduled at or after the close are not owed', () => {
    const late = { ...calendar, graceMs: 600 }; // checks at 1000, 1600, 2200
    expect(at(1_601, overdue, { ...checks(2, 1_600), calendar: late }, policy)).toEqual({ kind: 'wait', until: CLOSES, for: 'escalation' });
    expect(at(CLOSES, overdue, { ...checks(2, 1_600), calendar: late }, policy)).toEqual({ kind: 'close', outcome: 'missed' });
  });
});

describe('period clock with a reminder instant published with the period (working days)', () => {
  it('waits for that instant instead of the lead time, and judges lateness by its own lead', () => {
    expect(at(500, {}, { remindAt: 700 })).toEqual({ kind: 'wait', until: 700, for: 'reminder' });
    expect(at(700, {}, { remindAt: 700 })).toEqual({ kind: 'remind', late: false });
    // 300 ahead of the deadline: late after 10 % of that (30), not of the calendar's 100.
    expect(at(725, {}, { remindAt: 700 })).toEqual({ kind: 'remind', late: false });
    expect(at(735, {}, { remindAt: 700 })).toEqual({ kind: 'remind', late: true });
  });
});

describe('period clock after an outage (catch-up policy)', () => {
  it('sends a reminder still useful late, and marks it late', () => {
    expect(at(950, {})).toEqual({ kind: 'remind', late: true });
    expect(at(905, {})).toEqual({ kind: 'remind', late: false }); // within a tenth of the lead time
  });
  it('records a reminder no longer useful as skipped, with its reason', () => {
    expect(at(1_050, {})).toEqual({ kind: 'skip_reminder', reason: SKIPPED_REMINDER_REASON });
    expect(at(1_050, { reminderOutcome: 'skipped' })).toEqual({ kind: 'mark_overdue' });
  });
  it('spaces the checks one grace unit after the previous one (due process)', () => {
    // Worker back at 1250: three checks were due; they run at 1250, 1350 and 1450.
    expect(at(1_250, overdue)).toEqual({ kind: 'escalate', graceUnits: 0 });
    expect(at(1_250, overdue, checks(1, 1_250))).toEqual({ kind: 'wait', until: 1_350, for: 'escalation' });
    expect(at(1_350, overdue, checks(1, 1_250))).toEqual({ kind: 'escalate', graceUnits: 1 });
    expect(at(1_350, overdue, checks(2, 1_350))).toEqual({ kind: 'wait', until: 1_450, for: 'escalation' });
  });
  it('a period whose close passed unseen is still marked overdue and escalated, then missed', () => {
    expect(at(2_500, {})).toEqual({ kind: 'skip_reminder', reason: SKIPPED_REMINDER_REASON });
    expect(at(2_500, { reminderOutcome: 'skipped' })).toEqual({ kind: 'mark_overdue' });
    const unseen = { reminderOutcome: 'skipped' as const, overdue: true };
    expect(at(2_500, unseen)).toEqual({ kind: 'escalate', graceUnits: 0 });
    expect(at(2_500, unseen, checks(1, 2_500))).toEqual({ kind: 'wait', until: 2_600, for: 'escalation' });
    expect(at(2_600, unseen, checks(1, 2_500))).toEqual({ kind: 'escalate', graceUnits: 1 });
    expect(at(2_800, unseen, checks(3, 2_700))).toEqual({ kind: 'close', outcome: 'missed' });
  });
  it('the first clock closes such a period at once, as recorded histories expect', () => {
    expect(at(2_500, {}, {}, 'v1')).toEqual({ kind: 'close', outcome: 'missed' });
    expect(at(1_050, {}, {}, 'v1')).toEqual({ kind: 'mark_overdue' });
    expect(at(1_250, overdue, checks(1, 1_250), 'v1')).toEqual({ kind: 'escalate', graceUnits: 1 });
    expect(at(950, {}, {}, 'v1')).toEqual({ kind: 'remind', late: false });
  });
});
