import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  assignmentRoleSchema,
  calendarSpecSchema,
  importNotesSchema,
  noticeEvents,
  comparatorSchema,
  escalationLevelSchema,
  evaluationResultSchema,
  indicatorKindSchema,
  planDocumentSchema,
  roleSchema,
  targetSchema,
  unitStatusSchema,
} from '@plancycle/contracts';

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

// Plans (the coordinator's import → draft → publish), their cycles, and the directory's units.

const unitsSchema = z.object({ lead: z.array(z.string()), cooperating: z.array(z.string()) });
const targetResponseSchema = z.object({
  id: z.string(),
  text: z.string(),
  units: unitsSchema,
  indicators: z.array(indicatorResponseSchema),
});
const planStatusSchema = z.enum(['draft', 'published', 'closed']);

export const planResponseSchema = z.object({
  id: z.string(),
  status: planStatusSchema,
  /** Bumped by every edit: PUT /plans/:id names the revision it is based on. */
  revision: z.number().int(),
  jurisdiction: z.string().nullable(),
  year: z.number().int().nullable(),
  title: z.string(),
  calendarSpec: calendarSpecSchema.nullable(),
  /** What the importer was unsure of, for a draft made from a document (each line, its reason and text). */
  importNotes: importNotesSchema.nullable(),
  createdBy: z.string(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  cycleId: z.string(),
  goals: z.array(targetResponseSchema),
  tasks: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      category: z.string().nullable(),
      title: z.string(),
      content: z.string().nullable(),
      leader: z.string().nullable(),
      targets: z.array(targetResponseSchema),
    }),
  ),
});

export const planSummaryResponseSchema = z.object({
  id: z.string(),
  title: z.string(),
  jurisdiction: z.string().nullable(),
  year: z.number().int().nullable(),
  status: planStatusSchema,
  cycleId: z.string(),
  phase: z.string(),
});

export const planImportResponseSchema = z.object({
  /** The saved draft; null when ?save=false or the document holds results only. */
  plan: planResponseSchema.nullable(),
  document: planDocumentSchema,
  /** What the importer was unsure of, at a line of the original (a row of an .xlsx), when known. */
  issues: z.array(
    z.object({
      line: z.number().int().nullable(),
      severity: z.enum(['warning', 'error']),
      /** Stable, for a client to translate: no_responsible_unit, masked_number, row_cells_aligned, … */
      code: z.string(),
      /** The values the code's words take (number, title, text, cells, header, count). */
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      /** The same in English. */
      reason: z.string(),
    }),
  ),
  /** A several-year plan's years (2023-2027); plan.year is the first. */
  period: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  /** What a year-end summary reports as achieved: baselines, never targets. */
  results: z.array(targetSchema),
});

const reportingCalendarResponseSchema = z.object({
  periods: z.array(z.object({ key: z.string(), label: z.string(), opensAt: isoInstant, dueAt: isoInstant, closesAt: isoInstant })),
  reminderBeforeDueMs: z.number().int(),
  graceMs: z.number().int(),
  escalationChecks: z.number().int(),
  evaluationAt: isoInstant,
});
const ruleSetPinSchema = z.object({ id: z.string(), version: z.string() });

export const publishPlanResponseSchema = z.object({
  cycleId: z.string(),
  assignmentCount: z.number().int(),
  calendar: reportingCalendarResponseSchema,
  ruleSets: z.array(ruleSetPinSchema),
  duplicate: z.boolean().optional(),
});

export const cycleResponseSchema = z.object({
  id: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  workflowId: z.string(),
  /** drafting, published, decomposing, reporting, evaluating, closed. */
  phase: z.string(),
  ruleSets: z.array(ruleSetPinSchema),
  calendar: reportingCalendarResponseSchema.nullable(),
  publishedAt: isoInstant.nullable(),
  publishedBy: z.string().nullable(),
  closedAt: isoInstant.nullable(),
  /** Whether the workflow answered its status query in time (live is null otherwise). */
  liveStatus: z.enum(['available', 'unavailable']),
  live: z
    .object({
      phase: z.string(),
      decomposition: z.object({ total: z.number().int(), started: z.number().int() }),
    })
    .nullable(),
  progress: z.object({
    /** Assignment workflows started out of the plan's assignments. */
    decomposition: z.object({ started: z.number().int(), total: z.number().int(), ratio: z.number().nullable() }),
    evaluation: z.object({ status: z.string(), done: z.number().int(), total: z.number().int() }).nullable(),
  }),
});

export const unitResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  fullName: z.string().nullable(),
  parent: z.string().nullable(),
  contactEmail: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  /** proposed: a name a draft used that the directory does not hold yet. */
  status: unitStatusSchema,
  aliases: z.array(z.string()),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const cycleSummaryResponseSchema = z.object({
  id: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  year: z.number().int().nullable(),
  jurisdiction: z.string().nullable(),
  phase: z.string(),
  publishedAt: isoInstant.nullable(),
  closedAt: isoInstant.nullable(),
  /** Decomposition: assignment workflows started out of the assignments. */
  progress: z.object({ childrenStarted: z.number().int(), childrenTotal: z.number().int() }),
});

const calendarPeriodResponseSchema = z.object({
  key: z.string(),
  label: z.string(),
  opensAt: isoInstant,
  dueAt: isoInstant,
  closesAt: isoInstant,
});

const boardStateCounts = z.object({
  not_open: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  approved: z.number().int(),
  missed: z.number().int(),
  unreviewed: z.number().int(),
});
const boardLight = z.enum(['red', 'yellow', 'green']);

export const cycleBoardResponseSchema = z.object({
  cycleId: z.string(),
  planTitle: z.string(),
  phase: z.string(),
  generatedAt: isoInstant,
  /** The cycle's decomposition: assignment workflows started out of all its assignments (as GET /cycles/{id}). */
  decomposition: z.object({ started: z.number().int(), total: z.number().int() }),
  /** Assignments in the caller's view, and how many of them have started (have periods). */
  assignments: z.number().int(),
  started: z.number().int(),
  periods: z.array(
    calendarPeriodResponseSchema.extend({
      counts: boardStateCounts,
      total: z.number().int(),
      /** Awaiting review, approved, or closed unreviewed. */
      reported: z.number().int(),
      approved: z.number().int(),
      /** Overdue or missed. */
      overdue: z.number().int(),
      escalated: z.number().int(),
    }),
  ),
  /** One row per unit, a cell per period: counts by state; 红 overdue/missed/escalated, 黄 still owing or returned, 绿 otherwise. */
  units: z.array(
    z.object({
      unit: z.string(),
      assignments: z.number().int(),
      light: boardLight,
      cells: z.array(
        z.object({
          periodKey: z.string(),
          counts: boardStateCounts,
          total: z.number().int(),
          escalated: z.number().int(),
          light: boardLight,
        }),
      ),
    }),
  ),
  escalations: z.object({
    reminder: z.number().int(),
    supervision: z.number().int(),
    interview: z.number().int(),
    total: z.number().int(),
  }),
});

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
  /** The deciding decision in a sentence: period, what was seen, which rule of which version. */
  explanation: z.string().nullable(),
  raisedAt: isoInstant,
});

/** The coordinator's whole result; a department's view has no totals or next-year goals, and says how many units were ranked. */
const evaluationResultResponseSchema = evaluationResultSchema.partial({ totals: true, nextYearDraftGoals: true }).extend({
  unitsRanked: z.number().int().optional(),
});

export const evaluationResponseSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  status: z.enum(['running', 'completed']),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  result: evaluationResultResponseSchema.nullable(),
  /** The 工作总结 text; null for a department (it names every unit's rank) and while running. */
  summaryText: z.string().nullable(),
  startedAt: isoInstant,
  completedAt: isoInstant.nullable(),
});

export class MeResponse extends createZodDto(meResponseSchema) {}
export const notificationResponseSchema = z.object({
  id: z.string(),
  event: z.enum(noticeEvents).describe('reminder, overdue, urge (催办), supervision (督办), interview (约谈), returned, approved'),
  cycleId: z.string(),
  assignmentId: z.string().nullable(),
  periodKey: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  createdAt: isoInstant,
  readAt: isoInstant.nullable(),
});
export class NotificationPageResponse extends createZodDto(
  page(notificationResponseSchema).extend({ unread: z.number().int().describe('unread notifications in all, not only on this page') }),
) {}
export class HolidayYearResponse extends createZodDto(
  z.object({
    year: z.number().int(),
    holidays: z.array(z.string()).describe('ISO dates off work'),
    makeUpWorkdays: z.array(z.string()).describe('ISO dates of weekend days worked instead (调休上班)'),
    source: z.enum(['chinese-days', 'override', 'weekends-only']),
  }),
) {}
export class NotificationReadResponse extends createZodDto(z.object({ id: z.string(), readAt: isoInstant })) {}
export class NotificationPreferencesResponse extends createZodDto(
  z.object({ inApp: z.literal(true).describe('in-app notices always'), email: z.boolean().describe('notices by e-mail too') }),
) {}
export class NotificationReadAllResponse extends createZodDto(
  z.object({ marked: z.number().int().describe('notifications marked read now'), readAt: isoInstant }),
) {}
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
export class CyclePageResponse extends createZodDto(page(cycleSummaryResponseSchema)) {}
export class CycleBoardResponse extends createZodDto(cycleBoardResponseSchema) {}
export class AssignmentPageResponse extends createZodDto(page(assignmentResponseSchema)) {}
export class EvaluationResponse extends createZodDto(evaluationResponseSchema) {}
/** 202 either way: the evaluation was accepted (and runs), or the request is pending (`status: pending`, an operation to fetch). */
const cycleRuleSetAmendmentResponseSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  ruleSetId: z.string(),
  fromVersion: z.string(),
  toVersion: z.string(),
  reason: z.string(),
  amendedBy: z.object({ id: z.string(), role: z.string(), name: z.string().nullable() }),
  amendedAt: isoInstant,
});
export class CycleRuleSetAmendmentPageResponse extends createZodDto(page(cycleRuleSetAmendmentResponseSchema)) {}
export class AmendRuleSetResponse extends createZodDto(
  z.object({
    cycleId: z.string().optional(),
    amendmentId: z.string().optional(),
    ruleSetId: z.string().optional(),
    fromVersion: z.string().optional(),
    toVersion: z.string().optional(),
    amendedAt: z.number().optional(),
    ruleSets: z.array(ruleSetPinSchema).optional(),
    duplicate: z.boolean().optional(),
    status: z.literal('pending').optional(),
    operationId: z.string().optional(),
    statusUrl: z.string().optional(),
    retryable: z.boolean().optional(),
    message: z.string().optional(),
  }),
) {}
export class RunEvaluationResponse extends createZodDto(
  z.object({
    accepted: z.boolean().optional(),
    phase: z.string().optional(),
    status: z.literal('pending').optional(),
    operationId: z.string().optional(),
    statusUrl: z.string().optional(),
    retryable: z.boolean().optional(),
    message: z.string().optional(),
  }),
) {}
export class PlanResponse extends createZodDto(planResponseSchema) {}
export class PlanPageResponse extends createZodDto(page(planSummaryResponseSchema)) {}
export class PlanImportResponse extends createZodDto(planImportResponseSchema) {}
export class PublishPlanResponse extends createZodDto(publishPlanResponseSchema) {}
export class CycleResponse extends createZodDto(cycleResponseSchema) {}
export class UnitResponse extends createZodDto(unitResponseSchema) {}
export class UnitPageResponse extends createZodDto(page(unitResponseSchema)) {}
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
  action: z.string().describe('the audit action (report.submitted, …) or the decision kind (attainment, trajectory, escalation, scoring)'),
  actor: z.object({ id: z.string(), role: z.string(), name: z.string().nullable(), unit: z.string().nullable() }).nullable(),
  ruleSet: z.object({ id: z.string(), version: z.string() }).nullable(),
  outcome: z.string().nullable().describe("a decision's outcome or escalation level"),
  periodKey: z.string().nullable(),
  assignmentId: z.string().nullable(),
  conditions: z.unknown().describe('per rule: fired or not, and each condition with the value the engine saw'),
  explanation: z
    .string()
    .nullable()
    .describe(
      'a decision in Chinese: 第2期报送逾期：逾期宽限期数1个，达到1个，按规则集 escalation v1.0.0 第2条「overdue: supervision」升级为督办。',
    ),
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

// ---- rule sets ------------------------------------------------------------------------

export const ruleSetVersionSummaryResponseSchema = z.object({
  ruleSetId: z.string(),
  version: z.string(),
  kind: z.string(),
  status: z.enum(['draft', 'published']),
  /** A person, or `system:defaults` for the files shipped under rules/. */
  author: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  changeNote: z.string(),
  derivedFrom: z.string().nullable(),
  revision: z.number().int(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  publishedAt: isoInstant.nullable(),
  publishedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const ruleSetVersionResponseSchema = ruleSetVersionSummaryResponseSchema.extend({
  /** The rule file (json-rules-engine rules with id, version, kind, description, parameters). */
  ruleFile: z.record(z.string(), z.unknown()),
  /** [{ name, facts, expected }]. */
  goldenCases: z.array(z.record(z.string(), z.unknown())),
});

export const ruleSetResponseSchema = z.object({
  id: z.string(),
  kind: z.string(),
  latestPublished: z.string().nullable(),
  versions: z.array(ruleSetVersionSummaryResponseSchema),
});

const valueChangeResponseSchema = z.object({
  path: z.string().describe('dotted, e.g. conditions.all.1.value'),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
});
const namedItemChangeResponseSchema = z.object({
  name: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  fields: z.array(valueChangeResponseSchema),
});

export const ruleSetDiffResponseSchema = z.object({
  ruleSetId: z.string(),
  from: z.string(),
  to: z.string(),
  fields: z.array(valueChangeResponseSchema),
  rules: z.array(namedItemChangeResponseSchema),
  goldenCases: z.array(namedItemChangeResponseSchema),
});

const simulatedSideSchema = z.object({
  outcome: z.string(),
  ruleSet: ruleSetPinSchema,
  decidedBy: z.string().nullable(),
  /** The decision in a sentence, e.g. 第2期报送逾期：逾期宽限期数1个，达到1个，按规则集 escalation v1.0.0 第2条「overdue: supervision」升级为督办。 */
  sentence: z.string(),
});
const flippedSideSchema = z.object({ value: z.unknown(), result: z.boolean().nullable() }).nullable();

export const ruleSetSimulationResponseSchema = z.object({
  ruleSet: ruleSetPinSchema,
  /** draft or published. */
  status: z.string(),
  cycle: z.object({ id: z.string(), planTitle: z.string(), phase: z.string(), ruleSets: z.array(ruleSetPinSchema) }),
  /** The cycle's decisions of this rule set run again. */
  examined: z.number().int(),
  /** Distinct fact sets among them (each run once). */
  distinctFacts: z.number().int(),
  /** How many decisions would change (all of them; `changed` lists the first `limit`). */
  changedTotal: z.number().int(),
  moves: z.array(z.object({ before: z.string(), after: z.string(), count: z.number().int() })),
  changed: z.array(
    z.object({
      decisionId: z.string(),
      assignmentId: z.string().nullable(),
      indicatorId: z.string().nullable(),
      periodKey: z.string().nullable(),
      kind: z.string(),
      unit: z.string().nullable(),
      role: z.string().nullable(),
      target: z.string().nullable(),
      task: z.string().nullable(),
      before: simulatedSideSchema,
      after: simulatedSideSchema,
      /** Rules that fire in one version and not the other, with the conditions whose threshold or result differs. */
      flipped: z.array(
        z.object({
          rule: z.string(),
          firedBefore: z.boolean().nullable(),
          firedAfter: z.boolean().nullable(),
          conditions: z.array(
            z.object({
              fact: z.string(),
              operator: z.string(),
              factValue: z.unknown(),
              before: flippedSideSchema,
              after: flippedSideSchema,
            }),
          ),
        }),
      ),
    }),
  ),
  /** Always false: a simulation writes nothing. */
  written: z.literal(false),
  elapsedMs: z.number().int(),
});

export const goldenCaseRunResponseSchema = z.object({
  ruleSetId: z.string(),
  version: z.string(),
  revision: z.number().int(),
  passed: z.boolean(),
  total: z.number().int(),
  failed: z.number().int(),
  cases: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      expected: z.unknown(),
      actual: z.unknown(),
      decidedBy: z.string().nullable(),
      firedRules: z.array(z.string()),
      reason: z.string().nullable(),
    }),
  ),
  rulesNeverFired: z.array(z.string()),
});

export const ruleSetChangeResponseSchema = z.object({
  id: z.string(),
  at: isoInstant,
  actor: z.object({ id: z.string(), name: z.string(), role: z.string(), tokenId: z.string().nullable() }),
  action: z.enum(['rule_set.default_loaded', 'rule_set.draft_created', 'rule_set.draft_edited', 'rule_set.published']),
  ruleSetId: z.string(),
  version: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export class RuleSetListResponse extends createZodDto(page(ruleSetResponseSchema)) {}
export class RuleSetResponse extends createZodDto(ruleSetResponseSchema) {}
export class RuleSetVersionResponse extends createZodDto(ruleSetVersionResponseSchema) {}
export class RuleSetDiffResponse extends createZodDto(ruleSetDiffResponseSchema) {}
export class RuleSetSimulationResponse extends createZodDto(ruleSetSimulationResponseSchema) {}
export class GoldenCaseRunResponse extends createZodDto(goldenCaseRunResponseSchema) {}
export class RuleSetChangePageResponse extends createZodDto(page(ruleSetChangeResponseSchema)) {}
