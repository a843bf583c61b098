import type { PeriodState, ReportingCalendar } from '@plancycle/contracts';

/**
 * How the period clock treats time it did not see (the worker or Temporal was down
 * across a reminder, a deadline, an escalation check or the period's close).
 * - `v1`: the clock of the first release, kept for workflows recorded with it: after an
 *   outage it skips a reminder silently, fires every due escalation check at once, and a
 *   period whose close passed unseen ends `missed` without overdue or escalation.
 * - `catch-up`: the record ends as the calendar and rules say it should have happened: a
 *   reminder still useful is sent late and marked late, one no longer useful is recorded
 *   as skipped with its reason; a deadline that passed unreported is marked overdue even
 *   when the period has closed since, and the escalation checks that fell before the
 *   close still run; each check waits one grace unit after the previous one (due
 *   process: the unit has heard the lower level, and had its grace, before a higher one).
 */
export type PeriodClockPolicy = 'v1' | 'catch-up';

/** The clock's own bookkeeping of one period, beside the period's public state. */
export interface PeriodClockState {
  /** Escalation checks done against the current deadline (reset when a return moves it). */
  checksDone: number;
  /** The deadline the checks were counted against. */
  checksDeadlineAt: number;
  /** When the last escalation check ran (catch-up policy spaces checks by one grace unit). */
  lastCheckAt: number | null;
}

export type PeriodStep =
  | { kind: 'wait'; until: number; for: 'opening' | 'review' | 'reminder' | 'deadline' | 'escalation' | 'close' }
  | { kind: 'open' }
  | { kind: 'remind'; late: boolean }
  | { kind: 'skip_reminder'; reason: string }
  | { kind: 'mark_overdue' }
  | { kind: 'escalate'; graceUnits: number }
  | { kind: 'close'; outcome: 'approved' | 'unreviewed' | 'missed' };

export interface PeriodClockInput {
  period: Pick<PeriodState, 'status' | 'deadlineAt' | 'closesAt' | 'overdue' | 'reminderSentAt' | 'reminderOutcome'>;
  opensAt: number;
  clock: PeriodClockState;
  calendar: Pick<ReportingCalendar, 'reminderBeforeDueMs' | 'graceMs' | 'escalationChecks'>;
  cycleClosed: boolean;
  now: number;
  policy: PeriodClockPolicy;
  /** The reminder instant published with the period (working days counted), while its deadline is the published one. */
  remindAt?: number;
}

/** A reminder sent later than this share of its lead time after it was due is late. */
export const LATE_REMINDER_SHARE = 0.1;

export const SKIPPED_REMINDER_REASON = 'the deadline passed before the reminder could be sent';

/**
 * What one period of one assignment does next, as a pure function of its state and
 * `now`: wait until an instant (or until the period's state changes), or take one step.
 * The workflow runs the step, records it, and asks again.
 */
export function nextStep(input: PeriodClockInput): PeriodStep {
  const { period, clock, calendar, now, policy } = input;
  const catchUp = policy === 'catch-up';

  if (period.status === 'not_open') {
    if (input.cycleClosed) return { kind: 'close', outcome: 'missed' };
    if (now < input.opensAt) return { kind: 'wait', until: input.opensAt, for: 'opening' };
    return { kind: 'open' };
  }
  if (input.cycleClosed || period.status === 'approved') return { kind: 'close', outcome: outcomeOf(period.status) };
  const closed = now >= period.closesAt;
  if (period.status === 'submitted') {
    return closed ? { kind: 'close', outcome: 'unreviewed' } : { kind: 'wait', until: period.closesAt, for: 'review' };
  }
  // Open or returned: the unit owes a report by period.deadlineAt.
  if (closed && !catchUp) return { kind: 'close', outcome: 'missed' };

  const reminderAt = input.remindAt ?? period.deadlineAt - calendar.reminderBeforeDueMs;
  const leadTime = period.deadlineAt - reminderAt;
  const reminderPending = calendar.reminderBeforeDueMs > 0 && period.reminderSentAt === null && !period.reminderOutcome;
  if (reminderPending && now < period.deadlineAt && !closed) {
    if (now < reminderAt) return { kind: 'wait', until: Math.min(reminderAt, period.closesAt), for: 'reminder' };
    return { kind: 'remind', late: catchUp && now - reminderAt > leadTime * LATE_REMINDER_SHARE };
  }
  if (reminderPending && catchUp && now >= period.deadlineAt) {
    return { kind: 'skip_reminder', reason: SKIPPED_REMINDER_REASON };
  }
  if (now < period.deadlineAt) {
    if (closed) return { kind: 'close', outcome: 'missed' };
    return { kind: 'wait', until: Math.min(period.deadlineAt, period.closesAt), for: 'deadline' };
  }
  if (!period.overdue) return { kind: 'mark_overdue' };

  const checksDone = clock.checksDeadlineAt === period.deadlineAt ? clock.checksDone : 0;
  if (checksDone < calendar.escalationChecks) {
    const scheduledAt = period.deadlineAt + checksDone * calendar.graceMs;
    // After a close, only the checks that fell before it are still owed.
    if (!closed || scheduledAt < period.closesAt) {
      const spacedAt =
        catchUp && clock.lastCheckAt !== null && clock.checksDeadlineAt === period.deadlineAt
          ? Math.max(scheduledAt, clock.lastCheckAt + calendar.graceMs)
          : scheduledAt;
      if (now >= spacedAt) return { kind: 'escalate', graceUnits: checksDone };
      return { kind: 'wait', until: closed ? spacedAt : Math.min(spacedAt, period.closesAt), for: 'escalation' };
    }
  }
  if (closed) return { kind: 'close', outcome: 'missed' };
  return { kind: 'wait', until: period.closesAt, for: 'close' };
}

function outcomeOf(status: PeriodState['status']): 'approved' | 'unreviewed' | 'missed' {
  if (status === 'approved') return 'approved';
  if (status === 'submitted') return 'unreviewed';
  return 'missed';
}
