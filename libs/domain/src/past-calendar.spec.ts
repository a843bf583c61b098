import { calendarSpecSchema } from '@plancycle/contracts';
import { pastCalendarProblem } from './past-calendar';
import { resolveReportingCalendar } from './reporting-calendar';

const quarterly = calendarSpecSchema.parse({ kind: 'quarterly' });
const quarterlyOf = (planYear: number, now: number) => resolveReportingCalendar({ spec: quarterly, publishedAt: now, planYear });

describe('pastCalendarProblem', () => {
  it('refuses a calendar whose periods have all passed (last year’s quarterly default), naming the last due date', () => {
    const now = Date.parse('2026-11-30T01:00:00Z');
    const problem = pastCalendarProblem({ calendar: quarterlyOf(2024, now), now });
    expect(problem).toEqual({ path: 'calendar', message: expect.stringContaining('every reporting period is already due') });
    expect(problem?.message).toContain('Q4');
    expect(problem?.message).toContain('2025-01-10T15:59:59.000Z');
    expect(problem?.message).toContain('"confirmPastCalendar": true');
  });

  it('refuses a calendar that starts more than one period in the past, counting the periods it would miss', () => {
    // In August, Q1 (due 10 April) and Q2 (due 10 July) have passed.
    const now = Date.parse('2026-08-01T00:00:00Z');
    const problem = pastCalendarProblem({ calendar: quarterlyOf(2026, now), now });
    expect(problem?.message).toContain('starts more than one period in the past');
    expect(problem?.message).toContain('2 of 4 periods');
  });

  it('accepts a late start inside the first period and a calendar entirely ahead', () => {
    const march = Date.parse('2026-03-15T00:00:00Z');
    expect(pastCalendarProblem({ calendar: quarterlyOf(2026, march), now: march })).toBeNull();
    const december = Date.parse('2025-12-20T00:00:00Z');
    expect(pastCalendarProblem({ calendar: quarterlyOf(2026, december), now: december })).toBeNull();
  });

  it('treats the first due date as the boundary: due at this very instant counts as passed', () => {
    const calendar = resolveReportingCalendar({
      spec: calendarSpecSchema.parse({ kind: 'compressed', periodCount: 2, periodSeconds: 10, reminderSeconds: 1, graceSeconds: 1 }),
      publishedAt: 0,
      planYear: null,
    });
    expect(pastCalendarProblem({ calendar, now: 9_999 })).toBeNull();
    expect(pastCalendarProblem({ calendar, now: 10_000 })?.message).toContain('1 of 2 periods');
    expect(pastCalendarProblem({ calendar, now: 20_000 })?.message).toContain('every reporting period is already due');
  });

  it('accepts a compressed calendar, which starts when it is published', () => {
    const now = Date.parse('2026-11-30T01:00:00Z');
    const calendar = resolveReportingCalendar({
      spec: calendarSpecSchema.parse({ kind: 'compressed', periodSeconds: 180, reminderSeconds: 60, graceSeconds: 60 }),
      publishedAt: now,
      planYear: 2024,
    });
    expect(pastCalendarProblem({ calendar, now })).toBeNull();
  });

  it('orders explicit periods by due date before judging', () => {
    const calendar = resolveReportingCalendar({
      spec: calendarSpecSchema.parse({
        kind: 'explicit',
        periods: [
          { key: 'H2', label: '下半年', opensAt: '2026-07-01T00:00:00+08:00', dueAt: '2027-01-10T00:00:00+08:00' },
          { key: 'H1', label: '上半年', opensAt: '2026-01-01T00:00:00+08:00', dueAt: '2026-07-10T00:00:00+08:00' },
        ],
        reminderBeforeDueMs: 0,
        graceMs: 1,
        evaluationAt: '2027-02-01T00:00:00+08:00',
      }),
      publishedAt: 0,
      planYear: null,
    });
    const now = Date.parse('2026-08-01T00:00:00Z');
    expect(pastCalendarProblem({ calendar, now })?.message).toContain('H1 opened');
  });
});
