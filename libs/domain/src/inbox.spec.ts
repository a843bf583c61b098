import type { AssignmentStatus, PeriodState } from '@plancycle/contracts';
import { inboxFacts, inboxLight } from './inbox';

const period = (key: string, status: PeriodState['status'], deadlineAt: number, overdue = false): PeriodState => ({
  key,
  label: key,
  dueAt: deadlineAt,
  closesAt: deadlineAt + 10,
  status,
  deadlineAt,
  overdue,
  reminderSentAt: null,
  submissions: 0,
  currentReportId: null,
  lastReturnComment: null,
  escalationLevel: null,
});
const status = (phase: AssignmentStatus['phase'], periods: PeriodState[]): AssignmentStatus => ({
  assignmentId: 'a',
  cycleId: 'c',
  unit: '市科工局',
  role: 'lead',
  phase,
  acknowledgedAt: null,
  escalationLevel: null,
  periods,
});

describe('inboxFacts', () => {
  it('takes the first period the unit still owes, skipping approved and submitted ones', () => {
    const facts = inboxFacts(status('active', [period('Q1', 'approved', 100), period('Q2', 'submitted', 200), period('Q3', 'open', 300)]));
    expect(facts).toEqual({ nextDeadlineAt: 300, overdue: false, returned: false, awaitingReview: true });
  });

  it('a returned report is owed again and flagged', () => {
    expect(inboxFacts(status('active', [period('Q1', 'returned', 100), period('Q2', 'open', 200)]))).toEqual({
      nextDeadlineAt: 100,
      overdue: false,
      returned: true,
      awaitingReview: false,
    });
  });

  it('a submitted report waits for review until it is approved or returned', () => {
    expect(inboxFacts(status('active', [period('Q1', 'submitted', 100)])).awaitingReview).toBe(true);
    expect(inboxFacts(status('active', [period('Q1', 'approved', 100), period('Q2', 'returned', 200)])).awaitingReview).toBe(false);
  });

  it('a missed period is overdue until a report is in', () => {
    expect(inboxFacts(status('active', [period('Q1', 'missed', 100, true), period('Q2', 'not_open', 200)])).overdue).toBe(true);
    expect(inboxFacts(status('active', [period('Q1', 'submitted', 100, true)])).overdue).toBe(false);
  });

  it('before acknowledgement the first deadline to come is what is due; nothing owed after closing', () => {
    expect(inboxFacts(status('awaiting_acknowledgement', [period('Q1', 'not_open', 100)])).nextDeadlineAt).toBe(100);
    expect(inboxFacts(status('closed', [period('Q1', 'approved', 100)])).nextDeadlineAt).toBeNull();
  });
});

describe('inboxLight', () => {
  const base = { nextDeadlineAt: 10_000_000_000, overdue: false, returned: false, escalated: false };
  it('red when overdue or escalated, yellow when soon or returned, else green', () => {
    expect(inboxLight({ ...base, overdue: true }, 0)).toBe('red');
    expect(inboxLight({ ...base, escalated: true }, 0)).toBe('red');
    expect(inboxLight({ ...base, returned: true }, 0)).toBe('yellow');
    expect(inboxLight({ ...base, nextDeadlineAt: 1000 }, 0)).toBe('yellow');
    expect(inboxLight(base, 0)).toBe('green');
  });
});
