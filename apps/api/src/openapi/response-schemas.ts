import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { assignmentRoleSchema, comparatorSchema, escalationLevelSchema, indicatorKindSchema, roleSchema } from '@plancycle/contracts';

/**
 * What the routes the web console uses answer, as the OpenAPI document describes them
 * (the console's typed client is generated from it). Instants are ISO 8601 strings on the
 * wire (IsoTimestampsInterceptor). Documentation only: handlers return their views as they
 * are; the console's browser test reads these answers through the generated client.
 */
const isoInstant = z.string().describe('ISO 8601 instant');

export const meResponseSchema = z.object({
  id: z.string(),
  kind: z.enum(['person', 'service-token']),
  name: z.string(),
  role: roleSchema,
  unit: z.string().nullable(),
  tokenId: z.string().nullable(),
  leaderOf: z.array(z.string()),
  can: z.object({
    report: z.boolean(),
    review: z.boolean(),
    publish: z.boolean(),
    manageDirectory: z.boolean(),
    readEverything: z.boolean(),
  }),
});

export const indicatorResponseSchema = z.object({
  id: z.string(),
  metric: z.string().nullable(),
  kind: indicatorKindSchema,
  comparator: comparatorSchema,
  value: z.number().nullable(),
  max: z.number().nullable(),
  unit: z.string().nullable(),
  stretch: z.boolean(),
  baseline: z.number().nullable(),
  tolerance: z.number().nullable(),
});

export const periodResponseSchema = z.object({
  key: z.string(),
  label: z.string(),
  dueAt: isoInstant,
  closesAt: isoInstant,
  status: z.enum(['not_open', 'open', 'submitted', 'returned', 'approved', 'missed', 'unreviewed']),
  deadlineAt: isoInstant,
  overdue: z.boolean(),
  reminderSentAt: isoInstant.nullable(),
  reminderOutcome: z.enum(['sent', 'sent_late', 'skipped']).nullable().optional(),
  submissions: z.number().int(),
  currentReportId: z.string().nullable(),
  lastReturnComment: z.string().nullable(),
  escalationLevel: escalationLevelSchema.nullable(),
});

const assignmentPhaseSchema = z.enum(['awaiting_acknowledgement', 'active', 'closed']);

export const assignmentResponseSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  workflowId: z.string(),
  unit: z.string(),
  role: assignmentRoleSchema,
  phase: z.string(),
  escalationLevel: escalationLevelSchema.nullable(),
  acknowledgedAt: isoInstant.nullable(),
  task: z
    .object({ number: z.string(), title: z.string(), leader: z.string().nullable(), leaderPersonId: z.string().nullable() })
    .nullable(),
  target: z.object({ id: z.string(), text: z.string() }),
  indicators: z.array(indicatorResponseSchema),
  /** The workflow's last reported status: null until the assignment workflow has started. */
  status: z
    .object({
      assignmentId: z.string(),
      cycleId: z.string(),
      unit: z.string(),
      role: assignmentRoleSchema,
      phase: assignmentPhaseSchema,
      acknowledgedAt: isoInstant.nullable(),
      escalationLevel: escalationLevelSchema.nullable(),
      periods: z.array(periodResponseSchema),
    })
    .nullable(),
});

export const inboxItemResponseSchema = assignmentResponseSchema.extend({
  planTitle: z.string(),
  nextDeadlineAt: isoInstant.nullable(),
  overdue: z.boolean(),
  returned: z.boolean(),
  awaitingReview: z.boolean(),
  /** 红 overdue or escalated, 黄 due within a week or returned, 绿 otherwise. */
  light: z.enum(['red', 'yellow', 'green']),
});

export const reportResponseSchema = z.object({
  id: z.string(),
  assignmentId: z.string(),
  periodKey: z.string(),
  version: z.number().int(),
  status: z.enum(['submitted', 'approved', 'returned']),
  narrative: z.string(),
  evidence: z.array(z.object({ title: z.string(), uri: z.string() })),
  values: z.array(z.object({ indicatorId: z.string(), value: z.number().nullable(), done: z.boolean().nullable() })),
  submittedBy: z.string(),
  submittedAt: isoInstant,
  review: z.object({ decision: z.string(), comment: z.string().nullable(), reviewedBy: z.string(), reviewedAt: isoInstant }).nullable(),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const escalationResponseSchema = z.object({
  id: z.string(),
  assignmentId: z.string(),
  cycleId: z.string(),
  unit: z.string(),
  targetText: z.string(),
  periodKey: z.string(),
  level: z.enum(['reminder', 'supervision', 'interview']),
  recipient: z.string().nullable(),
  reason: z.string(),
  decisionId: z.string(),
  raisedAt: isoInstant,
});

export class MeResponse extends createZodDto(meResponseSchema) {}
export class EscalationPageResponse extends createZodDto(page(escalationResponseSchema)) {}
export class InboxPageResponse extends createZodDto(page(inboxItemResponseSchema)) {}
export class AssignmentDetailResponse extends createZodDto(assignmentResponseSchema.extend({ reports: z.array(reportResponseSchema) })) {}
export class ReportListResponse extends createZodDto(z.array(reportResponseSchema)) {}
export class AcknowledgeResponse extends createZodDto(z.object({ acknowledgedAt: isoInstant, alreadyAcknowledged: z.boolean() })) {}
export class SubmitReportResponse extends createZodDto(
  z.object({ reportId: z.string(), periodKey: z.string(), version: z.number().int(), duplicate: z.boolean() }),
) {}
export class ReviewReportResponse extends createZodDto(
  z.object({ reportId: z.string(), periodKey: z.string(), status: z.enum(['approved', 'returned']), duplicate: z.boolean().optional() }),
) {}
/** 202: the write was handed over but its outcome did not come back in time. */
export class PendingOperationResponse extends createZodDto(
  z.object({ status: z.literal('pending'), operationId: z.string(), statusUrl: z.string(), retryable: z.boolean(), message: z.string() }),
) {}
/** Every error: `{ error: { code, message, issues: [{ path, message }], retryable } }`. */
export class ErrorResponse extends createZodDto(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(
        z.object({
          path: z.string(),
          message: z.string().describe('in English; say it from code and params in your own language'),
          code: z
            .string()
            .optional()
            .describe('too_small, too_big, invalid_type, invalid_value, invalid_format, unknown_field, or a reason of the schema'),
          params: z.record(z.string(), z.unknown()).optional().describe('minimum, maximum, expected, origin, values'),
        }),
      ),
      retryable: z.boolean(),
    }),
  }),
) {}

const timelineStepSchema = z.object({
  at: isoInstant,
  kind: z.enum(['event', 'decision']),
  id: z.string(),
  action: z.string().describe('the audit action (report.submitted, …) or the decision kind (attainment, trajectory, escalation)'),
  actor: z.object({ id: z.string(), role: z.string(), name: z.string().nullable(), unit: z.string().nullable() }).nullable(),
  ruleSet: z.object({ id: z.string(), version: z.string() }).nullable(),
  outcome: z.string().nullable().describe("a decision's outcome or escalation level"),
  periodKey: z.string().nullable(),
  assignmentId: z.string().nullable(),
  conditions: z.unknown().describe('per rule: fired or not, and each condition with the value the engine saw'),
  details: z.unknown(),
  workflowEvent: z
    .object({
      workflowId: z.string(),
      runId: z.string(),
      activityId: z.string(),
      eventId: z.number().int().nullable(),
      eventType: z.string().nullable(),
      url: z.string().nullable(),
    })
    .nullable()
    .describe('the Temporal activity that recorded the step, its event in the history, a link to the Temporal web UI'),
});
const historyEntrySchema = z.object({
  eventId: z.number().int(),
  at: isoInstant.nullable(),
  type: z.string(),
  summary: z.string(),
  actor: z.unknown(),
  activityId: z.string().optional(),
});
const workflowHistorySchema = z.object({
  workflowId: z.string(),
  runId: z.string().nullable(),
  available: z.boolean(),
  events: z.array(historyEntrySchema),
});
export class AssignmentHistoryResponse extends createZodDto(
  z.object({
    assignment: assignmentResponseSchema,
    reports: z.array(reportResponseSchema),
    timeline: z.array(timelineStepSchema),
    auditEvents: z.array(z.unknown()),
    decisions: z.array(z.unknown()),
    nextCursor: z.string().nullable(),
    workflow: workflowHistorySchema,
  }),
) {}
export class CycleHistoryResponse extends createZodDto(
  z.object({
    cycle: z.looseObject({ id: z.string(), planId: z.string(), planTitle: z.string(), workflowId: z.string(), phase: z.string() }),
    timeline: z.array(timelineStepSchema),
    auditEvents: z.array(z.unknown()),
    decisions: z.array(z.unknown()),
    nextCursor: z.string().nullable().describe('the next window of the audit chain'),
    workflow: workflowHistorySchema,
  }),
) {}
