import type { AssignmentStatus, PeriodState } from '@plancycle/contracts';

/** What a department's inbox (待办) sorts and filters an assignment by. */
export interface InboxFacts {
  /** The deadline of the first period the unit still owes something for; null when none. */
  nextDeadlineAt: number | null;
  /** A period's deadline has passed without an accepted report. */
  overdue: boolean;
  /** The latest report was returned and waits for resubmission. */
  returned: boolean;
  /** A period's report waits for the coordinator's review (the review queue). */
  awaitingReview: boolean;
}

/** Periods the unit still has to act on: open, returned, or missed without a report. */
const OWED: ReadonlySet<PeriodState['status']> = new Set(['open', 'returned', 'missed']);

export function inboxFacts(status: AssignmentStatus): InboxFacts {
  const owed = status.periods.filter((p) => OWED.has(p.status));
  const upcoming = status.periods.filter((p) => p.status === 'not_open');
  const next = owed[0] ?? (status.phase === 'awaiting_acknowledgement' ? upcoming[0] : undefined);
  return {
    nextDeadlineAt: next ? next.deadlineAt : null,
    overdue: status.periods.some((p) => p.overdue && p.status !== 'approved' && p.status !== 'submitted'),
    returned: status.periods.some((p) => p.status === 'returned'),
    awaitingReview: status.periods.some((p) => p.status === 'submitted'),
  };
}

/** Traffic light (红/黄/绿) of an inbox item: red when overdue or escalated, yellow when due within `soonMs` or returned. */
export function inboxLight(
  facts: Omit<InboxFacts, 'awaitingReview'> & { escalated: boolean },
  now: number,
  soonMs = 7 * 24 * 3600_000,
): 'red' | 'yellow' | 'green' {
  if (facts.overdue || facts.escalated) return 'red';
  if (facts.returned || (facts.nextDeadlineAt !== null && facts.nextDeadlineAt - now <= soonMs)) return 'yellow';
  return 'green';
}
