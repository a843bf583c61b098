import { z } from 'zod';

const isoInstant = z.iso.datetime({ offset: true });

/**
 * How a coordinator describes the reporting calendar of a plan. It is resolved into
 * absolute instants (ReportingCalendar) when the plan is published, so a workflow
 * only ever compares `Date.now()` with instants, whatever the scale of the calendar.
 * Strict: a misspelt field is refused by name instead of falling back to a default.
 */
export const calendarSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** 季度报送: reports on each quarter are due on a day of the following month. */
    kind: z.literal('quarterly'),
    dueDayOfFollowingMonth: z.number().int().min(1).max(28).default(10),
    /**
     * Due this many working days after the quarter ends instead (法定节假日 and 调休 counted);
     * either way a due date on a rest day moves to the next working day.
     */
    dueWorkingDaysAfterPeriodEnd: z.number().int().min(1).max(30).optional(),
    reminderDays: z.number().int().min(0).max(30).default(3),
    graceDays: z.number().int().min(1).max(60).default(5),
    escalationChecks: z.number().int().min(1).max(10).default(3),
    /** Days after the last due date at which the cycle evaluates by itself. */
    evaluationAfterDays: z.number().int().min(0).max(120).default(20),
  }),
  z.strictObject({
    /** A whole year compressed into seconds: for demos and tests. Starts at publish. */
    kind: z.literal('compressed'),
    periodCount: z.number().int().min(1).max(12).default(4),
    periodSeconds: z.number().int().min(1).max(86_400),
    reminderSeconds: z.number().int().min(0),
    graceSeconds: z.number().int().min(1),
    escalationChecks: z.number().int().min(1).max(10).default(3),
    evaluationAfterSeconds: z.number().int().min(0).default(0),
  }),
  z.strictObject({
    kind: z.literal('explicit'),
    periods: z
      .array(z.strictObject({ key: z.string().min(1).max(32), label: z.string().min(1), opensAt: isoInstant, dueAt: isoInstant }))
      .min(1),
    reminderBeforeDueMs: z.number().int().min(0),
    graceMs: z.number().int().min(1),
    escalationChecks: z.number().int().min(1).max(10).default(3),
    evaluationAt: isoInstant,
  }),
]);
export type CalendarSpec = z.infer<typeof calendarSpecSchema>;
export type CalendarSpecInput = z.input<typeof calendarSpecSchema>;

export const reportingPeriodSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Instants in epoch milliseconds: cheap to compare inside a workflow. */
  opensAt: z.number().int(),
  dueAt: z.number().int(),
  /** After this instant the period accepts nothing more and is settled. */
  closesAt: z.number().int(),
  /**
   * When the deadline reminder goes out, counted in working days back from the due date
   * (quarterly calendars with a holiday calendar). Absent (other calendars, and cycles
   * published before it): `dueAt − reminderBeforeDueMs`.
   */
  remindAt: z.number().int().optional(),
});
export type ReportingPeriod = z.infer<typeof reportingPeriodSchema>;

export const reportingCalendarSchema = z.object({
  periods: z.array(reportingPeriodSchema).min(1),
  reminderBeforeDueMs: z.number().int().min(0),
  /** One grace unit: the step between escalation checks after a missed deadline. */
  graceMs: z.number().int().min(1),
  escalationChecks: z.number().int().min(1),
  evaluationAt: z.number().int(),
});
export type ReportingCalendar = z.infer<typeof reportingCalendarSchema>;
