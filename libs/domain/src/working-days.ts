import chineseDays from 'chinese-days/dist/chinese-days.json';

/**
 * One year of China's statutory holidays (法定节假日) and the weekend days worked instead
 * (调休上班), as ISO dates (2026-10-01). `source` says where it came from: the data package,
 * an admin's override, or nothing known (weekends only).
 */
export interface HolidayYear {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
  source: 'chinese-days' | 'override' | 'weekends-only';
}

/** The holiday calendar a cycle counts working days with, pinned at publish (the years it needs). */
export interface HolidayCalendar {
  years: HolidayYear[];
}

const DAY = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

const packageData = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };

/** The data package's calendar of a year, or null when it does not have that year yet. */
export function packagedHolidayYear(year: number): HolidayYear | null {
  const prefix = `${year}-`;
  const holidays = Object.keys(packageData.holidays)
    .filter((d) => d.startsWith(prefix))
    .sort();
  const makeUpWorkdays = Object.keys(packageData.workdays)
    .filter((d) => d.startsWith(prefix))
    .sort();
  if (holidays.length === 0) return null;
  return { year, holidays, makeUpWorkdays, source: 'chinese-days' };
}

/**
 * The calendar of each year asked for: an admin's override where there is one, else the data
 * package's, else weekends only (said so in `source`).
 */
export function holidayCalendarFor(params: { years: number[]; overrides: HolidayYear[] }): HolidayCalendar {
  const years = [...new Set(params.years)].sort((a, b) => a - b);
  return {
    years: years.map(
      (year) =>
        params.overrides.find((o) => o.year === year) ??
        packagedHolidayYear(year) ?? { year, holidays: [], makeUpWorkdays: [], source: 'weekends-only' as const },
    ),
  };
}

/** Problems with an admin's calendar of a year, as field issues. */
export function holidayYearProblems(
  year: number,
  input: { holidays: string[]; makeUpWorkdays: string[] },
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  for (const field of ['holidays', 'makeUpWorkdays'] as const) {
    input[field].forEach((date, index) => {
      const match = isoDate.exec(date);
      if (!match || Number(match[1]) !== year || Number.isNaN(dayOf(date))) {
        problems.push({ path: `${field}.${index}`, message: `expected a date of ${year} as YYYY-MM-DD` });
      } else if (toIsoDate(dayOf(date)) !== date) {
        problems.push({ path: `${field}.${index}`, message: 'not a date of the calendar' });
      }
    });
  }
  const both = input.holidays.filter((d) => input.makeUpWorkdays.includes(d));
  for (const date of both) problems.push({ path: 'makeUpWorkdays', message: `${date} cannot be both a holiday and a working day` });
  return problems;
}

/** Days since the epoch of an ISO date (a calendar day, no time zone). */
function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

function toIsoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Whether offices work on a date: a 调休 weekend day yes, a holiday no, else Monday to Friday. */
export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const year = calendar.years.find((y) => date.startsWith(`${y.year}-`));
  if (year?.makeUpWorkdays.includes(date)) return true;
  if (year?.holidays.includes(date)) return false;
  const weekday = new Date(dayOf(date) * DAY).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date itself when offices work on it, else the next working day (a due date on a rest day moves on). */
export function onOrNextWorkingDay(date: string, calendar: HolidayCalendar): string {
  let day = dayOf(date);
  for (let guard = 0; guard < 60 && !isWorkingDay(toIsoDate(day), calendar); guard += 1) day += 1;
  return toIsoDate(day);
}

/** The `count`-th working day after `date` (not counting `date`): "within 5 working days". */
export function addWorkingDays(date: string, count: number, calendar: HolidayCalendar): string {
  let day = dayOf(date);
  let left = count;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(toIsoDate(day), calendar)) left -= 1;
  }
  return toIsoDate(day);
}

/** The `count`-th working day before `date` (not counting `date`): a reminder "3 working days before". */
export function subtractWorkingDays(date: string, count: number, calendar: HolidayCalendar): string {
  let day = dayOf(date);
  let left = count;
  while (left > 0) {
    day -= 1;
    if (isWorkingDay(toIsoDate(day), calendar)) left -= 1;
  }
  return toIsoDate(day);
}

/** 09:00 China Standard Time of an ISO date, in epoch ms: when offices open, and reminders go out. */
export function officeOpeningCst(date: string): number {
  return dayOf(date) * DAY + 9 * 3_600_000 - CST_OFFSET_MS;
}

/** How a period's due date is given: a day of the following month, or N working days after the period ends. */
export type DueDateRule = { kind: 'dayOfFollowingMonth'; day: number } | { kind: 'workingDaysAfterPeriodEnd'; days: number };

/**
 * The due date (ISO date) of a period that ends on `periodEnd` (its last day): by the rule,
 * then moved to the next working day when it falls on a rest day.
 */
export function dueDate(params: { periodEnd: string; rule: DueDateRule; calendar: HolidayCalendar }): string {
  const { periodEnd, rule, calendar } = params;
  switch (rule.kind) {
    case 'dayOfFollowingMonth': {
      const end = new Date(dayOf(periodEnd) * DAY);
      const target = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, rule.day) / DAY;
      return onOrNextWorkingDay(toIsoDate(target), calendar);
    }
    case 'workingDaysAfterPeriodEnd':
      return addWorkingDays(periodEnd, rule.days, calendar);
  }
}

/** The last instant (23:59:59 China Standard Time) of an ISO date, in epoch ms. */
export function endOfCstDay(date: string): number {
  return dayOf(date) * DAY + DAY - 1_000 - CST_OFFSET_MS;
}
