import { toFieldIssues } from '../errors/domain-error';
import { calendarSpecSchema, reportingCalendarSchema } from './calendar';

const pathsOf = (input: unknown) => {
  const parsed = calendarSpecSchema.safeParse(input);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return toFieldIssues(parsed.error.issues).map((issue) => issue.path);
};

describe('calendarSpecSchema', () => {
  it('fills the quarterly defaults: due on the 10th, reminder 3 days, grace 5 days, 3 checks, evaluation after 20 days', () => {
    expect(calendarSpecSchema.parse({ kind: 'quarterly' })).toEqual({
      kind: 'quarterly',
      dueDayOfFollowingMonth: 10,
      reminderDays: 3,
      graceDays: 5,
      escalationChecks: 3,
      evaluationAfterDays: 20,
    });
  });

  it('keeps a due day up to the 28th (every month has one) and refuses later days', () => {
    expect(calendarSpecSchema.parse({ kind: 'quarterly', dueDayOfFollowingMonth: 28 })).toMatchObject({ dueDayOfFollowingMonth: 28 });
    expect(pathsOf({ kind: 'quarterly', dueDayOfFollowingMonth: 31 })).toEqual(['dueDayOfFollowingMonth']);
    expect(pathsOf({ kind: 'quarterly', dueDayOfFollowingMonth: 0 })).toEqual(['dueDayOfFollowingMonth']);
  });

  it('names every bad quarterly field', () => {
    expect(pathsOf({ kind: 'quarterly', reminderDays: -1, graceDays: 0, escalationChecks: 11, evaluationAfterDays: 1.5 })).toEqual([
      'reminderDays',
      'graceDays',
      'escalationChecks',
      'evaluationAfterDays',
    ]);
  });

  it('needs the period length, reminder and grace of a compressed calendar and fills the rest', () => {
    expect(calendarSpecSchema.parse({ kind: 'compressed', periodSeconds: 180, reminderSeconds: 60, graceSeconds: 60 })).toEqual({
      kind: 'compressed',
      periodCount: 4,
      periodSeconds: 180,
      reminderSeconds: 60,
      graceSeconds: 60,
      escalationChecks: 3,
      evaluationAfterSeconds: 0,
    });
    expect(pathsOf({ kind: 'compressed' })).toEqual(['periodSeconds', 'reminderSeconds', 'graceSeconds']);
    expect(pathsOf({ kind: 'compressed', periodCount: 13, periodSeconds: 86_401, reminderSeconds: 0, graceSeconds: 0 })).toEqual([
      'periodCount',
      'periodSeconds',
      'graceSeconds',
    ]);
  });

  it('accepts explicit periods with offset instants and refuses instants without an offset', () => {
    const explicit = {
      kind: 'explicit',
      periods: [{ key: 'H1', label: '上半年', opensAt: '2025-01-01T00:00:00+08:00', dueAt: '2025-07-05T18:00:00+08:00' }],
      reminderBeforeDueMs: 86_400_000,
      graceMs: 86_400_000,
      evaluationAt: '2026-01-20T09:00:00Z',
    };
    expect(calendarSpecSchema.parse(explicit)).toMatchObject({ kind: 'explicit', escalationChecks: 3 });
    expect(
      pathsOf({
        ...explicit,
        periods: [{ key: 'H1', label: '上半年', opensAt: '2025-01-01 00:00', dueAt: '2025-07-05T18:00:00+08:00' }],
      }),
    ).toEqual(['periods.0.opensAt']);
    expect(pathsOf({ ...explicit, periods: [] })).toEqual(['periods']);
    expect(pathsOf({ ...explicit, graceMs: 0, evaluationAt: 'soon' })).toEqual(['graceMs', 'evaluationAt']);
  });

  it('refuses an unknown kind at the path of kind', () => {
    expect(pathsOf({ kind: 'monthly' })).toEqual(['kind']);
  });

  it('refuses a misspelt field by name instead of falling back to its default', () => {
    expect(pathsOf({ kind: 'quarterly', dueDayOfFollowingMonh: 20 })).toEqual(['dueDayOfFollowingMonh']);
    expect(
      pathsOf({
        kind: 'explicit',
        periods: [{ key: 'P1', label: '一', opensAt: '2026-01-01T00:00:00+08:00', dueAt: '2026-04-10T00:00:00+08:00', closes: 'x' }],
        reminderBeforeDueMs: 0,
        graceMs: 1,
        evaluationAt: '2026-05-01T00:00:00+08:00',
      }),
    ).toEqual(['periods.0.closes']);
  });
});

describe('reportingCalendarSchema', () => {
  it('accepts a resolved calendar and wants at least one period', () => {
    const calendar = {
      periods: [{ key: 'P1', label: '第1期', opensAt: 0, dueAt: 1_000, closesAt: 2_000 }],
      reminderBeforeDueMs: 0,
      graceMs: 1,
      escalationChecks: 1,
      evaluationAt: 2_000,
    };
    expect(reportingCalendarSchema.safeParse(calendar).success).toBe(true);
    expect(reportingCalendarSchema.safeParse({ ...calendar, periods: [] }).success).toBe(false);
  });
});
