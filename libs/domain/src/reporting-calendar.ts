import type { CalendarSpec, ReportingCalendar, ReportingPeriod } from '@plancycle/contracts';
import { dueDate, endOfCstDay, officeOpeningCst, subtractWorkingDays, type HolidayCalendar } from './working-days';

const SECOND = 1_000;
const DAY = 86_400 * SECOND;
/** China Standard Time, in which plans state their deadlines. */
const CST_OFFSET_MS = 8 * 3_600 * SECOND;

/**
 * Turns the coordinator's calendar into absolute instants when the plan is published.
 * Each period closes when the next one is due (a late report is still taken until
 * then); the last closes at evaluation.
 */
export function resolveReportingCalendar(params: {
  spec: CalendarSpec;
  publishedAt: number;
  planYear: number | null;
  /**
   * The holidays and 调休 days to count with (pinned at publish): due dates on rest days move
   * to the next working day. Absent: calendar days, as cycles published before it counted.
   */
  holidays?: HolidayCalendar | null;
}): ReportingCalendar {
  const { spec, publishedAt } = params;
  switch (spec.kind) {
    case 'quarterly': {
      const year = quarterlyYear(params);
      const holidays = params.holidays ?? null;
      const periods = [0, 1, 2, 3].map((quarter) => {
        const opensAt = cstMidnight(year, quarter * 3, 1);
        const key = `Q${quarter + 1}`;
        const label = `${year}年第${'一二三四'[quarter]}季度`;
        if (!holidays)
          return { key, label, opensAt, dueAt: cstMidnight(year, quarter * 3 + 3, spec.dueDayOfFollowingMonth) + DAY - SECOND };
        // Due on a day of the month after the quarter ends (or N working days after it), at the end of that day.
        const due = dueDate({
          periodEnd: new Date(Date.UTC(year, quarter * 3 + 3, 0)).toISOString().slice(0, 10),
          rule:
            spec.dueWorkingDaysAfterPeriodEnd !== undefined
              ? { kind: 'workingDaysAfterPeriodEnd', days: spec.dueWorkingDaysAfterPeriodEnd }
              : { kind: 'dayOfFollowingMonth', day: spec.dueDayOfFollowingMonth },
          calendar: holidays,
        });
        // The reminder goes out when offices open, `reminderDays` working days before the due date.
        const remindAt = spec.reminderDays > 0 ? officeOpeningCst(subtractWorkingDays(due, spec.reminderDays, holidays)) : undefined;
        return { key, label, opensAt, dueAt: endOfCstDay(due), ...(remindAt !== undefined ? { remindAt } : {}) };
      });
      const lastDue = periods[periods.length - 1]?.dueAt ?? publishedAt;
      return withClosings({
        periods,
        reminderBeforeDueMs: spec.reminderDays * DAY,
        graceMs: spec.graceDays * DAY,
        escalationChecks: spec.escalationChecks,
        evaluationAt: lastDue + spec.evaluationAfterDays * DAY,
      });
    }
    case 'compressed': {
      const length = spec.periodSeconds * SECOND;
      const periods = Array.from({ length: spec.periodCount }, (_, index) => ({
        key: `P${index + 1}`,
        label: `第${index + 1}期`,
        opensAt: publishedAt + index * length,
        dueAt: publishedAt + (index + 1) * length,
      }));
      const lastDue = publishedAt + spec.periodCount * length;
      return withClosings({
        periods,
        reminderBeforeDueMs: spec.reminderSeconds * SECOND,
        graceMs: spec.graceSeconds * SECOND,
        escalationChecks: spec.escalationChecks,
        evaluationAt: lastDue + spec.evaluationAfterSeconds * SECOND,
      });
    }
    case 'explicit': {
      const periods = spec.periods
        .map((p) => ({ key: p.key, label: p.label, opensAt: Date.parse(p.opensAt), dueAt: Date.parse(p.dueAt) }))
        .sort((a, b) => a.dueAt - b.dueAt);
      return withClosings({
        periods,
        reminderBeforeDueMs: spec.reminderBeforeDueMs,
        graceMs: spec.graceMs,
        escalationChecks: spec.escalationChecks,
        evaluationAt: Date.parse(spec.evaluationAt),
      });
    }
  }
}

/** The year a quarterly calendar covers: the plan's, else the year it is published in (China time). */
export function quarterlyYear(params: { publishedAt: number; planYear: number | null }): number {
  return params.planYear ?? new Date(params.publishedAt + CST_OFFSET_MS).getUTCFullYear();
}

/** Problems with a resolved calendar, as field issues, for a 400 at publish time. */
export function calendarProblems(calendar: ReportingCalendar): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const keys = new Set<string>();
  calendar.periods.forEach((period, index) => {
    if (keys.has(period.key)) problems.push({ path: `calendar.periods.${index}.key`, message: 'duplicate period key' });
    keys.add(period.key);
    if (!(period.opensAt < period.dueAt)) {
      problems.push({ path: `calendar.periods.${index}.dueAt`, message: 'a period must open before it is due' });
    }
  });
  const lastDue = Math.max(...calendar.periods.map((p) => p.dueAt));
  if (calendar.evaluationAt < lastDue) {
    problems.push({ path: 'calendar.evaluationAt', message: 'evaluation must come after the last due date' });
  }
  return problems;
}

function withClosings(
  calendar: Omit<ReportingCalendar, 'periods'> & {
    periods: Omit<ReportingPeriod, 'closesAt'>[];
  },
): ReportingCalendar {
  const periods = calendar.periods.map((period, index, all) => {
    const next = all[index + 1];
    return { ...period, closesAt: Math.max(next ? next.dueAt : calendar.evaluationAt, period.dueAt) };
  });
  return { ...calendar, periods };
}

function cstMidnight(year: number, monthIndex: number, day: number): number {
  return Date.UTC(year, monthIndex, day) - CST_OFFSET_MS;
}
