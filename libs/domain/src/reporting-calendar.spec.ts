import type { CalendarSpec, ReportingCalendar } from '@plancycle/contracts';
import { calendarProblems, resolveReportingCalendar } from './reporting-calendar';
import { holidayCalendarFor } from './working-days';

const SECOND = 1_000;
const DAY = 86_400 * SECOND;
const iso = (instant: number) => new Date(instant).toISOString();

describe('resolveReportingCalendar', () => {
  describe('quarterly with a pinned holiday calendar (working days)', () => {
    const spec: CalendarSpec = {
      kind: 'quarterly',
      dueDayOfFollowingMonth: 10,
      reminderDays: 3,
      graceDays: 5,
      escalationChecks: 3,
      evaluationAfterDays: 20,
    };
    const publishedAt = Date.parse('2026-01-15T02:00:00Z');
    const holidays = holidayCalendarFor({ years: [2026, 2027], overrides: [] });

    it('moves a due date on a rest day to the next working day (2027-01-10 is a Sunday)', () => {
      const calendar = resolveReportingCalendar({ spec, publishedAt, planYear: 2026, holidays });
      expect(calendar.periods.map((p) => iso(p.dueAt))).toEqual([
        '2026-04-10T15:59:59.000Z',
        '2026-07-10T15:59:59.000Z',
        '2026-10-10T15:59:59.000Z', // a 调休 Saturday, worked
        '2027-01-11T15:59:59.000Z',
      ]);
    });

    it('sends each reminder when offices open, 3 working days before the due date, across Qingming and National Day', () => {
      const calendar = resolveReportingCalendar({ spec, publishedAt, planYear: 2026, holidays });
      expect(calendar.periods.map((p) => (p.remindAt === undefined ? null : iso(p.remindAt)))).toEqual([
        '2026-04-07T01:00:00.000Z', // due Fri 04-10: Thu, Wed, Tue (Qingming ends Mon 04-06)
        '2026-07-07T01:00:00.000Z', // due Fri 07-10: Thu, Wed, Tue
        '2026-09-30T01:00:00.000Z', // due Sat 10-10 (调休): Fri 10-09, Thu 10-08, then back over the holiday to Wed 09-30
        '2027-01-06T01:00:00.000Z', // due Mon 01-11: Fri, Thu, Wed
      ]);
      // Calendars without working days keep the reminder lead time in hours.
      const plain = resolveReportingCalendar({ spec, publishedAt, planYear: 2026 });
      expect(plain.periods.every((p) => p.remindAt === undefined)).toBe(true);
    });

    it('counts "5 working days after the quarter" across National Day', () => {
      const calendar = resolveReportingCalendar({
        spec: { ...spec, dueWorkingDaysAfterPeriodEnd: 5 },
        publishedAt,
        planYear: 2026,
        holidays,
      });
      expect(iso(calendar.periods[2]?.dueAt ?? 0)).toBe('2026-10-13T15:59:59.000Z');
    });

    it('uses an admin override for 2027 when it is pinned', () => {
      const override = { year: 2027, holidays: ['2027-01-11'], makeUpWorkdays: [], source: 'override' as const };
      const calendar = resolveReportingCalendar({
        spec,
        publishedAt,
        planYear: 2026,
        holidays: holidayCalendarFor({ years: [2026, 2027], overrides: [override] }),
      });
      expect(iso(calendar.periods[3]?.dueAt ?? 0)).toBe('2027-01-12T15:59:59.000Z');
    });
  });

  describe('quarterly (季度报送)', () => {
    const spec: CalendarSpec = {
      kind: 'quarterly',
      dueDayOfFollowingMonth: 10,
      reminderDays: 3,
      graceDays: 5,
      escalationChecks: 3,
      evaluationAfterDays: 20,
    };
    const calendar = resolveReportingCalendar({ spec, publishedAt: Date.parse('2025-02-15T02:00:00Z'), planYear: 2025 });

    it('opens each quarter at midnight China Standard Time', () => {
      expect(calendar.periods.map((p) => [p.key, p.label, iso(p.opensAt)])).toEqual([
        ['Q1', '2025年第一季度', '2024-12-31T16:00:00.000Z'],
        ['Q2', '2025年第二季度', '2025-03-31T16:00:00.000Z'],
        ['Q3', '2025年第三季度', '2025-06-30T16:00:00.000Z'],
        ['Q4', '2025年第四季度', '2025-09-30T16:00:00.000Z'],
      ]);
    });

    it('makes a quarter due at 23:59:59 CST on the given day of the following month, Q4 in January', () => {
      expect(calendar.periods.map((p) => iso(p.dueAt))).toEqual([
        '2025-04-10T15:59:59.000Z',
        '2025-07-10T15:59:59.000Z',
        '2025-10-10T15:59:59.000Z',
        '2026-01-10T15:59:59.000Z',
      ]);
    });

    it('closes a period when the next is due, and the last at evaluation, N days after the last due date', () => {
      expect(iso(calendar.evaluationAt)).toBe('2026-01-30T15:59:59.000Z');
      expect(calendar.periods.map((p) => iso(p.closesAt))).toEqual([
        '2025-07-10T15:59:59.000Z',
        '2025-10-10T15:59:59.000Z',
        '2026-01-10T15:59:59.000Z',
        '2026-01-30T15:59:59.000Z',
      ]);
    });

    it('turns reminder and grace days into milliseconds and keeps the escalation checks', () => {
      expect(calendar.reminderBeforeDueMs).toBe(3 * DAY);
      expect(calendar.graceMs).toBe(5 * DAY);
      expect(calendar.escalationChecks).toBe(3);
      expect(calendarProblems(calendar)).toEqual([]);
    });

    it('takes the year from the publishing instant in CST when the plan names none', () => {
      // 2024-12-31 17:00 UTC is already 2025-01-01 01:00 in Beijing.
      const resolved = resolveReportingCalendar({
        spec: { ...spec, dueDayOfFollowingMonth: 15 },
        publishedAt: Date.parse('2024-12-31T17:00:00Z'),
        planYear: null,
      });
      expect(resolved.periods[0]?.label).toBe('2025年第一季度');
      expect(iso(resolved.periods[0]?.dueAt ?? 0)).toBe('2025-04-15T15:59:59.000Z');
    });
  });

  describe('compressed (a year in seconds)', () => {
    const publishedAt = Date.parse('2025-03-01T00:00:00Z');
    const calendar = resolveReportingCalendar({
      spec: {
        kind: 'compressed',
        periodCount: 3,
        periodSeconds: 60,
        reminderSeconds: 10,
        graceSeconds: 20,
        escalationChecks: 2,
        evaluationAfterSeconds: 30,
      },
      publishedAt,
      planYear: 2025,
    });

    it('starts at publish and runs the periods back to back', () => {
      expect(calendar.periods).toEqual([
        { key: 'P1', label: '第1期', opensAt: publishedAt, dueAt: publishedAt + 60_000, closesAt: publishedAt + 120_000 },
        { key: 'P2', label: '第2期', opensAt: publishedAt + 60_000, dueAt: publishedAt + 120_000, closesAt: publishedAt + 180_000 },
        { key: 'P3', label: '第3期', opensAt: publishedAt + 120_000, dueAt: publishedAt + 180_000, closesAt: publishedAt + 210_000 },
      ]);
    });

    it('measures reminder, grace and evaluation in seconds', () => {
      expect(calendar.reminderBeforeDueMs).toBe(10_000);
      expect(calendar.graceMs).toBe(20_000);
      expect(calendar.escalationChecks).toBe(2);
      expect(calendar.evaluationAt).toBe(publishedAt + 210_000);
    });

    it('closes the last period at its due date when evaluation follows at once', () => {
      const immediate = resolveReportingCalendar({
        spec: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 5,
          reminderSeconds: 0,
          graceSeconds: 1,
          escalationChecks: 1,
          evaluationAfterSeconds: 0,
        },
        publishedAt,
        planYear: null,
      });
      expect(immediate.periods).toEqual([
        { key: 'P1', label: '第1期', opensAt: publishedAt, dueAt: publishedAt + 5_000, closesAt: publishedAt + 5_000 },
      ]);
      expect(immediate.evaluationAt).toBe(publishedAt + 5_000);
    });
  });

  describe('explicit', () => {
    it('parses the instants, orders the periods by due date and closes each at the next due date', () => {
      const calendar = resolveReportingCalendar({
        spec: {
          kind: 'explicit',
          periods: [
            { key: 'H2', label: '下半年', opensAt: '2025-07-01T00:00:00+08:00', dueAt: '2026-01-05T18:00:00+08:00' },
            { key: 'H1', label: '上半年', opensAt: '2025-01-01T00:00:00+08:00', dueAt: '2025-07-05T18:00:00+08:00' },
          ],
          reminderBeforeDueMs: 3_600_000,
          graceMs: 2 * DAY,
          escalationChecks: 4,
          evaluationAt: '2026-01-20T09:00:00+08:00',
        },
        publishedAt: 0,
        planYear: 2025,
      });
      expect(calendar.periods.map((p) => [p.key, iso(p.opensAt), iso(p.dueAt), iso(p.closesAt)])).toEqual([
        ['H1', '2024-12-31T16:00:00.000Z', '2025-07-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z'],
        ['H2', '2025-06-30T16:00:00.000Z', '2026-01-05T10:00:00.000Z', '2026-01-20T01:00:00.000Z'],
      ]);
      expect(calendar.reminderBeforeDueMs).toBe(3_600_000);
      expect(calendar.graceMs).toBe(2 * DAY);
      expect(calendar.escalationChecks).toBe(4);
      expect(iso(calendar.evaluationAt)).toBe('2026-01-20T01:00:00.000Z');
      expect(calendarProblems(calendar)).toEqual([]);
    });

    it('never closes a period before it is due, even when evaluation is set earlier', () => {
      const calendar = resolveReportingCalendar({
        spec: {
          kind: 'explicit',
          periods: [{ key: 'Y', label: '全年', opensAt: '2025-01-01T00:00:00Z', dueAt: '2025-12-31T00:00:00Z' }],
          reminderBeforeDueMs: 0,
          graceMs: 1,
          escalationChecks: 1,
          evaluationAt: '2025-12-01T00:00:00Z',
        },
        publishedAt: 0,
        planYear: null,
      });
      expect(iso(calendar.periods[0]?.closesAt ?? 0)).toBe('2025-12-31T00:00:00.000Z');
      expect(calendarProblems(calendar)).toEqual([
        { path: 'calendar.evaluationAt', message: 'evaluation must come after the last due date' },
      ]);
    });
  });
});

describe('calendarProblems', () => {
  const base: ReportingCalendar = {
    periods: [
      { key: 'P1', label: '一', opensAt: 0, dueAt: 100, closesAt: 200 },
      { key: 'P2', label: '二', opensAt: 100, dueAt: 200, closesAt: 300 },
    ],
    reminderBeforeDueMs: 0,
    graceMs: 1,
    escalationChecks: 1,
    evaluationAt: 300,
  };

  it('accepts a consistent calendar', () => {
    expect(calendarProblems(base)).toEqual([]);
  });

  it('names duplicate keys, periods due before they open and an early evaluation by path', () => {
    const broken: ReportingCalendar = {
      ...base,
      periods: [
        { key: 'P1', label: '一', opensAt: 0, dueAt: 100, closesAt: 200 },
        { key: 'P1', label: '二', opensAt: 250, dueAt: 250, closesAt: 300 },
      ],
      evaluationAt: 240,
    };
    expect(calendarProblems(broken)).toEqual([
      { path: 'calendar.periods.1.key', message: 'duplicate period key' },
      { path: 'calendar.periods.1.dueAt', message: 'a period must open before it is due' },
      { path: 'calendar.evaluationAt', message: 'evaluation must come after the last due date' },
    ]);
  });
});
