import { z } from 'zod';

/**
 * The schemas workflow code validates updates with, built when called.
 *
 * A workflow worker evaluates the workflow bundle's modules once for each workflow it keeps
 * cached (the SDK gives each workflow its own module state), so a schema built when its
 * module loads is built again, and kept, for every cached workflow: these took about 0.8 MB
 * of each one (docs/benchmarks.md, "Worker memory"). Built by a call instead, workflow code
 * builds each schema once per workflow thread, in a module the worker preloads and shares
 * between workflows (workflows/src/update-schemas.ts), after the SDK has frozen the shared
 * modules. The API, the persistence layer and everything else use the constants their
 * modules build once from these (`calendarSpecSchema`, `reportSubmissionSchema`, …), so
 * there is one definition of each.
 */

/**
 * How a coordinator describes the reporting calendar of a plan. It is resolved into
 * absolute instants (ReportingCalendar) when the plan is published, so a workflow
 * only ever compares `Date.now()` with instants, whatever the scale of the calendar.
 * Strict: a misspelt field is refused by name instead of falling back to a default.
 */
export function newCalendarSpecSchema() {
  const isoInstant = z.iso.datetime({ offset: true });
  return z.discriminatedUnion('kind', [
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
}

// Strict objects: an unknown key (a typo) is refused by name, never silently dropped.

/** Where the evidence for a report lives (document system, file store); not uploaded here. */
export function newEvidenceReferenceSchema() {
  return z.strictObject({
    title: z.string().trim().min(1).max(200),
    uri: z.string().trim().min(1).max(2000),
  });
}

/** One indicator's value in a report. */
export function newReportedValueSchema() {
  return z
    .strictObject({
      indicatorId: z.string().min(1),
      /** Value reached so far this year, in the indicator's unit; null when not known yet. */
      value: z.number().refine(Number.isFinite, 'must be a finite number').nullable().optional(),
      /** For milestones: whether it is done. */
      done: z.boolean().optional(),
    })
    .refine((v) => v.value !== undefined || v.done !== undefined, {
      message: 'give value (a number or null) or done (for a milestone)',
      path: ['value'],
      params: { reason: 'value_or_done_required' },
    });
}

/**
 * The client's name for one write: the same key with the same body is applied once
 * (a retry answers with the first result); the same key with another body is refused.
 */
export function newIdempotencyKeySchema() {
  return z
    .string()
    .min(8)
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
}

/** What a department sends for one period of one assignment (季度报送). */
export function newReportSubmissionSchema() {
  return z.strictObject({
    periodKey: z.string().min(1).max(32),
    /** Same key, same report: a retried request is recorded once. */
    idempotencyKey: newIdempotencyKeySchema(),
    values: z.array(newReportedValueSchema()).min(1),
    narrative: z.string().trim().min(1, 'a narrative is required').max(20_000),
    evidence: z.array(newEvidenceReferenceSchema()).max(50).default([]),
  });
}

/** A reviewer's decision on a report: approve, or return it with what to revise. */
export function newReviewDecisionSchema() {
  return z
    .strictObject({
      periodKey: z.string().min(1).max(32),
      decision: z.enum(['approve', 'return']),
      comment: z.string().trim().max(5_000).optional(),
    })
    .refine((r) => r.decision !== 'return' || (r.comment !== undefined && r.comment.length > 0), {
      message: 'a returned report needs a comment saying what to revise',
      path: ['comment'],
      params: { reason: 'comment_required_on_return' },
    });
}
