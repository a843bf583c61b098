import type { FieldIssue, ReportingCalendar } from '@plancycle/contracts';

/**
 * Why a calendar is too far in the past to publish without the coordinator's explicit
 * confirmation, or null when it is not. Published, such a calendar settles every
 * elapsed period as missed at once and, when all have passed, evaluates and closes the
 * cycle within seconds: irreversible, and almost always a mistake (a default quarterly
 * calendar of last year's plan, a typo in the calendar's field names).
 *
 * - every period is already due: refused;
 * - it starts more than one period in the past, that is, the first period's opening
 *   lies further back than that period's own length (its due date has passed): refused.
 * A calendar whose first period is open but not yet due is a normal late start.
 */
export function pastCalendarProblem(params: { calendar: ReportingCalendar; now: number }): FieldIssue | null {
  const { calendar, now } = params;
  const byDueDate = [...calendar.periods].sort((a, b) => a.dueAt - b.dueAt);
  const first = byDueDate[0];
  const last = byDueDate[byDueDate.length - 1];
  if (!first || !last) return null;
  const elapsed = byDueDate.filter((period) => period.dueAt <= now);
  const confirm = 'send a current calendar, or "confirmPastCalendar": true to publish it anyway';
  if (last.dueAt <= now) {
    return {
      path: 'calendar',
      message: `every reporting period is already due (the last, ${last.key}, on ${iso(last.dueAt)}): the cycle would record all ${byDueDate.length} periods as missed and evaluate at once; ${confirm}`,
    };
  }
  if (first.dueAt <= now) {
    return {
      path: 'calendar',
      message: `the calendar starts more than one period in the past (${first.key} opened ${iso(first.opensAt)} and was due ${iso(first.dueAt)}): ${elapsed.length} of ${byDueDate.length} periods would be recorded as missed at once; ${confirm}`,
    };
  }
  return null;
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}
