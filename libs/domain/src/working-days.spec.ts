import {
  addWorkingDays,
  dueDate,
  holidayCalendarFor,
  holidayYearProblems,
  isWorkingDay,
  onOrNextWorkingDay,
  packagedHolidayYear,
} from './working-days';

const calendar2026 = holidayCalendarFor({ years: [2026, 2027], overrides: [] });

describe('working days (China, with 调休)', () => {
  it('reads 2026 from the data package: National Day off, the 调休 Saturdays worked', () => {
    const year = packagedHolidayYear(2026);
    expect(year?.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07', '2026-02-17']));
    expect(year?.makeUpWorkdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
    expect(isWorkingDay('2026-10-05', calendar2026)).toBe(false); // a Monday in the holiday
    expect(isWorkingDay('2026-10-10', calendar2026)).toBe(true); // a Saturday worked (调休)
    expect(isWorkingDay('2026-10-11', calendar2026)).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2026-10-12', calendar2026)).toBe(true);
  });

  it('2026 quarter-end reports due on the 10th land on working days', () => {
    const due = ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'].map((periodEnd) =>
      dueDate({ periodEnd, rule: { kind: 'dayOfFollowingMonth', day: 10 }, calendar: calendar2026 }),
    );
    // 4-10 Friday; 7-10 Friday; 10-10 a 调休 Saturday, worked; 2027-01-10 a Sunday → Monday the 11th.
    expect(due).toEqual(['2026-04-10', '2026-07-10', '2026-10-10', '2027-01-11']);
    for (const date of due) expect(isWorkingDay(date, calendar2026)).toBe(true);
    // On the 5th: 2026-04-05 is 清明 (Sunday, holiday through Monday the 6th) → Tuesday the 7th.
    expect(dueDate({ periodEnd: '2026-03-31', rule: { kind: 'dayOfFollowingMonth', day: 5 }, calendar: calendar2026 })).toBe('2026-04-07');
  });

  it('"5 working days" after the third quarter counts across National Day and its 调休', () => {
    // 9-30 ends Q3; 10-1…10-7 off; 10-8 (Thu), 10-9 (Fri), 10-10 (Sat, 调休), 10-12 (Mon), 10-13 (Tue).
    expect(addWorkingDays('2026-09-30', 5, calendar2026)).toBe('2026-10-13');
    expect(dueDate({ periodEnd: '2026-09-30', rule: { kind: 'workingDaysAfterPeriodEnd', days: 5 }, calendar: calendar2026 })).toBe(
      '2026-10-13',
    );
  });

  it('an admin override for a year the package does not have is used; without one, weekends only', () => {
    expect(packagedHolidayYear(2027)).toBeNull();
    expect(calendar2026.years.find((y) => y.year === 2027)?.source).toBe('weekends-only');
    const override = { year: 2027, holidays: ['2027-01-01', '2027-01-11'], makeUpWorkdays: ['2027-01-09'], source: 'override' as const };
    const withOverride = holidayCalendarFor({ years: [2026, 2027], overrides: [override] });
    expect(onOrNextWorkingDay('2027-01-10', withOverride)).toBe('2027-01-12');
    expect(isWorkingDay('2027-01-09', withOverride)).toBe(true);
    expect(onOrNextWorkingDay('2027-01-10', calendar2026)).toBe('2027-01-11');
  });

  it('refuses an override with dates of another year, impossible dates, or a day both off and worked', () => {
    expect(holidayYearProblems(2027, { holidays: ['2026-10-01', '2027-02-30', '2027-05-01'], makeUpWorkdays: ['2027-05-01'] })).toEqual([
      { path: 'holidays.0', message: 'expected a date of 2027 as YYYY-MM-DD' },
      { path: 'holidays.1', message: 'not a date of the calendar' },
      { path: 'makeUpWorkdays', message: '2027-05-01 cannot be both a holiday and a working day' },
    ]);
  });
});
