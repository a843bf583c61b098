import { z } from 'zod';
import { newCalendarSpecSchema } from './schema-factories';

// Defined in schema-factories.ts (workflow code builds it there on demand); built once here.
export const calendarSpecSchema = newCalendarSpecSchema();
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
