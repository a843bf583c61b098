import { randomUUID } from 'node:crypto';
import {
  DomainError,
  assignmentRoleSchema,
  assignmentStatusSchema,
  escalationLevelSchema,
  evidenceReferenceSchema,
  periodStateSchema,
  systemActors,
  type ActorRef,
  type AssignmentRole,
  type AssignmentContext,
  type AssignmentStatus,
  type Page,
  type ReminderOutcome,
  type ReportSubmission,
  type ReviewDecision,
} from '@plancycle/contracts';
import { inboxFacts, type BoardCountRow } from '@plancycle/domain';
import { z } from 'zod';
import { appendToAuditChain, auditChainAppendCall, type NewAuditEvent } from '../audit/audit-trail';
import { isUniqueViolation, type Database } from '../database';
import { Prisma } from '../generated/prisma/client';
import { cursorAfter, page } from '../paging';
import { parseStored } from '../stored-json';
import type { AssignmentScope, AssignmentView, InboxItemView, ReportView } from '../views';
import { toIndicatorView } from './plan.repository';

const evidenceListSchema = z.array(evidenceReferenceSchema);
const reportStatusSchema = z.enum(['submitted', 'approved', 'returned']);

const assignmentInclude = {
  unit: true,
  target: { include: { task: true, indicators: { orderBy: { position: 'asc' } } } },
} as const;

type AssignmentRow = Prisma.AssignmentGetPayload<{ include: typeof assignmentInclude }>;
const reportInclude = { values: true, reviews: true } as const;
type ReportRow = Prisma.ReportGetPayload<{ include: typeof reportInclude }>;

export class AssignmentRepository {
  constructor(private readonly db: Database) {}

  /** One assignment with its target, task and indicators, in one query; its status checked against the contracts' schema. */
  async findAssignmentOrThrow(assignmentId: string): Promise<AssignmentView> {
    const [row] = await this.db.$queryRaw<AssignmentSqlRow[]>`
      SELECT ${assignmentColumns} ${assignmentJoins} WHERE a."id" = ${assignmentId}`;
    if (!row) throw noAssignment(assignmentId);
    return fromAssignmentSqlRow(row, { statusCheck: 'schema' });
  }

  /** Who may reach an assignment (its unit, its task's leader): what a write checks before it goes to the workflow. */
  async findAssignmentScopeOrThrow(assignmentId: string): Promise<{ unit: string; leaderPersonId: string | null }> {
    // One query (Prisma's nested select was four: assignment, unit, target, task), since every write pays it.
    const [row] = await this.db.$queryRaw<{ unit: string; leaderPersonId: string | null }[]>`
      SELECT u."name" AS "unit", t."leaderPersonId"
      FROM "Assignment" a
      JOIN "Unit" u ON u."id" = a."unitId"
      JOIN "Target" g ON g."id" = a."targetId"
      LEFT JOIN "Task" t ON t."id" = g."taskId"
      WHERE a."id" = ${assignmentId}`;
    if (!row) throw noAssignment(assignmentId);
    return row;
  }

  /**
   * A cycle's assignments in plan order (those in `scope` only, when given), a page at a time:
   * keyset paging on (targetPosition, role, id), which the index of that name serves, with
   * each row's target, task and indicators in the same query. NOT_FOUND when there is no such
   * cycle (checked first, as before a cursor that is not one of this list).
   */
  async listAssignments(params: {
    cycleId: string;
    scope?: AssignmentScope | null;
    /** One unit's only (within the scope). */
    unit?: string | undefined;
    limit: number;
    cursor?: string;
  }): Promise<Page<AssignmentView>> {
    let after: [number, AssignmentRole, string] | null;
    try {
      after = planOrderPosition(params.cursor);
    } catch (error) {
      await this.cycleExistsOrThrow(params.cycleId);
      throw error;
    }
    const keyset =
      after === null
        ? Prisma.sql`TRUE`
        : Prisma.sql`(a."targetPosition", a."role", a."id") > (${after[0]}, ${after[1]}::"UnitRole", ${after[2]})`;
    // The cycle's row joined to the page: no row at all means no cycle, one row with a null id an empty page.
    const rows = await this.db.$queryRaw<(Partial<AssignmentSqlRow> & { foundCycle: string; targetPosition: number | null })[]>`
      SELECT c."id" AS "foundCycle", x.*
      FROM "Cycle" c
      LEFT JOIN LATERAL (
        SELECT ${assignmentColumns}, a."targetPosition"
        ${assignmentJoins}
        WHERE a."cycleId" = c."id" AND ${scopeSql(params.scope)} AND ${params.unit ? Prisma.sql`u."name" = ${params.unit}` : Prisma.sql`TRUE`} AND ${keyset}
        ORDER BY a."targetPosition", a."role", a."id"
        LIMIT ${params.limit + 1}
      ) x ON TRUE
      WHERE c."id" = ${params.cycleId}`;
    if (rows.length === 0) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${params.cycleId}` });
    const items = rows
      .filter((row): row is AssignmentSqlRow & { foundCycle: string; targetPosition: number } => row.id != null)
      .map((row) => ({ view: fromAssignmentSqlRow(row, { statusCheck: 'shape' }), position: row.targetPosition }));
    const result = page(items, params.limit, (item) => [item.position, item.view.role, item.view.id]);
    return { items: result.items.map((item) => item.view), nextCursor: result.nextCursor };
  }

  private async cycleExistsOrThrow(cycleId: string): Promise<void> {
    if (!(await this.db.cycle.findUnique({ where: { id: cycleId }, select: { id: true } }))) {
      throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${cycleId}` });
    }
  }

  /**
   * The cycle board's counts, grouped in the database: per unit and period, how many
   * assignments stand in each period status (with the overdue and escalated flags of the
   * workflow's status projection); and per unit, its assignments, started or not. The
   * scope is `scopeWhere`'s, written in SQL.
   */
  async boardCounts(params: {
    cycleId: string;
    scope?: AssignmentScope | null;
  }): Promise<{ unitAssignments: { unit: string; count: number }[]; rows: BoardCountRow[] }> {
    const scope = scopeSql(params.scope);
    const unitAssignments = await this.db.$queryRaw<{ unit: string; count: number }[]>`
      SELECT u."name" AS "unit", count(*)::int AS "count"
      FROM "Assignment" a
      JOIN "Unit" u ON u."id" = a."unitId"
      JOIN "Target" t ON t."id" = a."targetId"
      LEFT JOIN "Task" k ON k."id" = t."taskId"
      WHERE a."cycleId" = ${params.cycleId} AND ${scope}
      GROUP BY u."name"`;
    const rows = await this.db.$queryRaw<
      { unit: string; periodKey: string; status: string; overdue: boolean; escalated: boolean; count: number }[]
    >`
      SELECT u."name" AS "unit", p->>'key' AS "periodKey", p->>'status' AS "status",
             coalesce((p->>'overdue')::boolean, false) AS "overdue",
             (p->>'escalationLevel') IS NOT NULL AS "escalated",
             count(*)::int AS "count"
      FROM "Assignment" a
      JOIN "Unit" u ON u."id" = a."unitId"
      JOIN "Target" t ON t."id" = a."targetId"
      LEFT JOIN "Task" k ON k."id" = t."taskId"
      CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(a."status"->'periods') = 'array' THEN a."status"->'periods' ELSE '[]'::jsonb END
      ) AS p
      WHERE a."cycleId" = ${params.cycleId} AND ${scope}
      GROUP BY 1, 2, 3, 4, 5`;
    return {
      unitAssignments,
      rows: rows.map((row) => ({
        ...row,
        status: parseStored({ schema: periodStateSchema.shape.status, value: row.status, column: 'assignment.status.periods.status' }),
      })),
    };
  }

  /** Every assignment of a cycle (or one unit's), in plan order: for workers and tests, not for API lists. */
  async allAssignments(params: { cycleId: string; unit?: string }): Promise<AssignmentView[]> {
    const rows = await this.db.assignment.findMany({
      where: { cycleId: params.cycleId, ...(params.unit ? { unit: { name: params.unit } } : {}) },
      include: assignmentInclude,
      orderBy: [{ target: { position: 'asc' } }, { role: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toAssignmentView);
  }

  /**
   * The inbox (待办): assignments across every cycle, nearest deadline first (none last),
   * filtered, a page at a time.
   */
  async listInbox(params: {
    scope: AssignmentScope | null;
    cycleId?: string | undefined;
    phase?: string | undefined;
    dueBefore?: Date | undefined;
    overdue?: boolean | undefined;
    escalated?: boolean | undefined;
    returned?: boolean | undefined;
    awaitingReview?: boolean | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<Page<InboxItemView>> {
    const after = cursorAfter(params.cursor);
    let keyset = Prisma.sql`TRUE`;
    if (after !== null) {
      const [deadline, id] = after;
      if (typeof id !== 'string' || (deadline !== null && (typeof deadline !== 'string' || Number.isNaN(Date.parse(deadline))))) {
        throw notACursorOfThisList();
      }
      // Nearest deadline first, none last (the order of the (nextDeadlineAt, id) indexes).
      keyset =
        deadline === null
          ? Prisma.sql`(a."nextDeadlineAt" IS NULL AND a."id" > ${id})`
          : Prisma.sql`((a."nextDeadlineAt", a."id") > (${utcTimestamp(deadline)}::timestamp, ${id}) OR a."nextDeadlineAt" IS NULL)`;
    }
    const where = [
      scopeSql(params.scope),
      params.cycleId ? Prisma.sql`a."cycleId" = ${params.cycleId}` : null,
      params.phase ? Prisma.sql`a."phase" = ${params.phase}` : null,
      params.dueBefore ? Prisma.sql`a."nextDeadlineAt" <= ${utcTimestamp(params.dueBefore.toISOString())}::timestamp` : null,
      params.overdue === undefined ? null : Prisma.sql`a."overdue" = ${params.overdue}`,
      params.returned === undefined ? null : Prisma.sql`a."returned" = ${params.returned}`,
      params.awaitingReview === undefined ? null : Prisma.sql`a."awaitingReview" = ${params.awaitingReview}`,
      params.escalated === undefined
        ? null
        : params.escalated
          ? Prisma.sql`a."escalationLevel" IS NOT NULL`
          : Prisma.sql`a."escalationLevel" IS NULL`,
      keyset,
    ].filter((clause): clause is Prisma.Sql => clause !== null);
    const rows = await this.db.$queryRaw<
      (AssignmentSqlRow & {
        planTitle: string;
        nextDeadlineAt: Date | null;
        overdue: boolean;
        returned: boolean;
        awaitingReview: boolean;
      })[]
    >`
      SELECT ${assignmentColumns}, a."nextDeadlineAt", a."overdue", a."returned", a."awaitingReview",
             -- A subquery per row of the page rather than two more joins: planning the joins cost more than running the query.
             (SELECT p."title" FROM "Cycle" c JOIN "Plan" p ON p."id" = c."planId" WHERE c."id" = a."cycleId") AS "planTitle"
      ${assignmentJoins}
      WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY a."nextDeadlineAt" ASC NULLS LAST, a."id" ASC
      LIMIT ${params.limit + 1}`;
    // The inbox's fields are added to the fresh view, not spread from it: V8 copies a spread
    // object followed by new keys on a slow path. Profiled under `scripts/benchmark-reads.ts`,
    // this mapping took 0.5 ms of CPU a page of 51, and 0.1 ms built this way
    // ("The inbox's items built without a spread" in docs/benchmarks.md).
    const items = rows.map(
      (row): InboxItemView =>
        Object.assign(fromAssignmentSqlRow(row, { statusCheck: 'shape' }), {
          planTitle: row.planTitle,
          nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
          overdue: row.overdue,
          returned: row.returned,
          awaitingReview: row.awaitingReview,
        }),
    );
    return page(items, params.limit, (i) => [i.nextDeadlineAt, i.id]);
  }

  async loadContextOrThrow(assignmentId: string): Promise<AssignmentContext> {
    const view = await this.findAssignmentOrThrow(assignmentId);
    return {
      assignmentId: view.id,
      cycleId: view.cycleId,
      unit: view.unit,
      role: view.role,
      leader: view.task?.leader ?? null,
      indicators: view.indicators.map((i) => ({
        indicatorId: i.id,
        kind: i.kind,
        comparator: i.comparator,
        metric: i.metric,
        value: i.value,
        max: i.max,
        unit: i.unit,
      })),
    };
  }

  async recordStatus(status: AssignmentStatus): Promise<void> {
    const updated = await this.db.$executeRaw`
      UPDATE "Assignment" SET ${statusColumnsSql(status)} WHERE "id" = ${status.assignmentId}`;
    if (updated === 0) throw noAssignment(status.assignmentId);
  }

  /**
   * With `status` (every workflow since the one-write-per-step patch), one statement: the
   * acknowledgement where there was none, the status projection either way, and the audit
   * event the first time (its dedupe key keeps a retry from recording it twice).
   */
  async recordAcknowledgement(params: { assignmentId: string; actor: ActorRef; at: number; status?: AssignmentStatus }): Promise<void> {
    const { status } = params;
    if (status) {
      const append = auditChainAppendCall({
        cycleId: status.cycleId,
        events: [acknowledgedEvent(params.assignmentId, params.actor, params.at)],
      });
      const [row] = await this.db.$queryRaw<{ written: number }[]>`
        WITH "before" AS (
          SELECT "acknowledgedAt" FROM "Assignment" WHERE "id" = ${params.assignmentId} FOR UPDATE
        ), "written" AS (
          UPDATE "Assignment" a SET ${statusColumnsSql(status)},
            "acknowledgedAt" = COALESCE(b."acknowledgedAt", ${timestampSql(params.at)}),
            "acknowledgedBy" = CASE WHEN b."acknowledgedAt" IS NULL THEN ${params.actor.id} ELSE a."acknowledgedBy" END
          FROM "before" b WHERE a."id" = ${params.assignmentId}
          RETURNING a."id"
        )
        SELECT (SELECT count(*) FROM "written")::int AS "written",
               (SELECT ${append?.sql ?? Prisma.sql`NULL`} FROM "before" WHERE "acknowledgedAt" IS NULL)::text AS "chainLength"`;
      if (!row || row.written === 0) throw noAssignment(params.assignmentId);
      return;
    }
    await this.db.$transaction(async (tx) => {
      // Histories from before the status came with the write: the acknowledgement alone.
      const row = await tx.assignment.findUniqueOrThrow({ where: { id: params.assignmentId } });
      if (row.acknowledgedAt) return;
      await tx.assignment.update({
        where: { id: params.assignmentId },
        data: { acknowledgedAt: new Date(params.at), acknowledgedBy: params.actor.id, phase: 'active' },
      });
      await appendToAuditChain(tx, { cycleId: row.cycleId, events: [acknowledgedEvent(row.id, params.actor, params.at)] });
    });
  }

  /**
   * The period clock reminded the unit of a coming due date (the notice itself is the
   * record), late after an outage, or skipped it because the deadline had passed (with why).
   */
  async recordReminder(params: {
    assignmentId: string;
    periodKey: string;
    deadlineAt: number;
    outcome: ReminderOutcome;
    reason?: string;
  }): Promise<void> {
    const { outcome, reason, ...where } = params;
    await this.recordCalendarEvent({
      ...where,
      action: outcome === 'skipped' ? 'reminder.skipped' : 'reminder.sent',
      dedupePrefix: 'reminder',
      details: { ...(outcome === 'sent_late' ? { late: true } : {}), ...(reason ? { reason } : {}) },
    });
  }

  /** The period clock found the due date passed without a report. */
  async recordOverdue(params: { assignmentId: string; periodKey: string; deadlineAt: number }): Promise<void> {
    await this.recordCalendarEvent({ ...params, action: 'period.overdue', dedupePrefix: 'overdue' });
  }

  private async recordCalendarEvent(params: {
    assignmentId: string;
    periodKey: string;
    deadlineAt: number;
    action: 'reminder.sent' | 'reminder.skipped' | 'period.overdue';
    dedupePrefix: string;
    details?: Record<string, unknown>;
  }): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const assignment = await tx.assignment.findUniqueOrThrow({ where: { id: params.assignmentId } });
      await appendToAuditChain(tx, {
        cycleId: assignment.cycleId,
        events: [
          {
            actor: systemActors.calendar,
            action: params.action,
            assignmentId: params.assignmentId,
            details: { periodKey: params.periodKey, deadlineAt: new Date(params.deadlineAt).toISOString(), ...params.details },
            dedupeKey: `${params.dedupePrefix}/${params.assignmentId}/${params.periodKey}/${params.deadlineAt}`,
          },
        ],
      });
    });
  }

  /**
   * Stores a report version once per idempotency key; a retry returns the first row. With
   * `status`, the status projection (the saved report as its period's current one) is
   * written in the same transaction.
   */
  async saveReport(params: {
    assignmentId: string;
    actor: ActorRef;
    submission: ReportSubmission;
    version: number;
    submittedAt: number;
    status?: AssignmentStatus;
  }): Promise<{ reportId: string }> {
    const { status } = params;
    try {
      if (status) return await this.saveReportInOneStatement({ ...params, status });
      return await this.saveReportAlone(params);
    } catch (error) {
      // A retry racing the first write of the same key: the first one's row answers.
      if (!isUniqueViolation(error)) throw error;
      const row = await this.db.report.findUniqueOrThrow({
        where: { assignmentId_idempotencyKey: { assignmentId: params.assignmentId, idempotencyKey: params.submission.idempotencyKey } },
      });
      if (status) await this.recordStatus(withCurrentReport(status, params.submission.periodKey, row.id));
      return { reportId: row.id };
    }
  }

  /** `saveReport` for histories from before the status came with the write: the report and its event. */
  private async saveReportAlone(params: {
    assignmentId: string;
    actor: ActorRef;
    submission: ReportSubmission;
    version: number;
    submittedAt: number;
  }): Promise<{ reportId: string }> {
    const existing = await this.db.report.findUnique({
      where: { assignmentId_idempotencyKey: { assignmentId: params.assignmentId, idempotencyKey: params.submission.idempotencyKey } },
    });
    if (existing) return { reportId: existing.id };
    return this.db.$transaction(async (tx) => {
      const assignment = await tx.assignment.findUniqueOrThrow({ where: { id: params.assignmentId } });
      const report = await tx.report.create({
        data: {
          assignmentId: params.assignmentId,
          periodKey: params.submission.periodKey,
          version: params.version,
          idempotencyKey: params.submission.idempotencyKey,
          narrative: params.submission.narrative,
          evidence: params.submission.evidence as unknown as Prisma.InputJsonValue,
          submittedBy: params.actor.id,
          submittedAt: new Date(params.submittedAt),
        },
      });
      await tx.reportValue.createMany({
        data: params.submission.values.map((v) => ({
          reportId: report.id,
          indicatorId: v.indicatorId,
          value: v.value ?? null,
          done: v.done ?? null,
        })),
      });
      // Last: the cycle's chain is locked from here to the commit.
      await appendToAuditChain(tx, { cycleId: assignment.cycleId, events: [reportSubmittedEvent({ ...params, reportId: report.id })] });
      return { reportId: report.id };
    });
  }

  /**
   * `saveReport` with the status projection, as one statement (one round trip, no
   * transaction to hold open): the report and its values unless the idempotency key is
   * stored already, the status with whichever report that is as its period's current one,
   * and the audit event of a new report.
   */
  private async saveReportInOneStatement(params: {
    assignmentId: string;
    actor: ActorRef;
    submission: ReportSubmission;
    version: number;
    submittedAt: number;
    status: AssignmentStatus;
  }): Promise<{ reportId: string }> {
    const { assignmentId, submission, status } = params;
    const newReportId = randomUUID();
    const periodIndex = status.periods.findIndex((period) => period.key === submission.periodKey);
    if (periodIndex < 0) throw new DomainError({ code: 'VALIDATION_FAILED', message: `no period ${submission.periodKey} in the status` });
    const append = auditChainAppendCall({
      cycleId: status.cycleId,
      events: [reportSubmittedEvent({ ...params, reportId: newReportId })],
    });
    const values = submission.values.map((v) => ({ indicatorId: v.indicatorId, value: v.value ?? null, done: v.done ?? null }));
    // The status names the report that answers: the stored one on a retry, else the new one.
    const statusJson = Prisma.sql`jsonb_set(${JSON.stringify(withCurrentReport(status, submission.periodKey, newReportId))}::jsonb,
      ${`{periods,${periodIndex},currentReportId}`}::text[], to_jsonb(COALESCE((SELECT "id" FROM "existing"), ${newReportId})))`;
    const [row] = await this.db.$queryRaw<{ reportId: string | null; written: number }[]>`
      WITH "existing" AS (
        SELECT "id" FROM "Report" WHERE "assignmentId" = ${assignmentId} AND "idempotencyKey" = ${submission.idempotencyKey}
      ), "inserted" AS (
        INSERT INTO "Report" ("id", "assignmentId", "periodKey", "version", "idempotencyKey", "narrative", "evidence", "submittedBy", "submittedAt")
        SELECT ${newReportId}, ${assignmentId}, ${submission.periodKey}, ${params.version}, ${submission.idempotencyKey},
               ${submission.narrative}, ${JSON.stringify(submission.evidence)}::jsonb, ${params.actor.id}, ${timestampSql(params.submittedAt)}
        WHERE NOT EXISTS (SELECT 1 FROM "existing")
        RETURNING "id"
      ), "insertedValues" AS (
        INSERT INTO "ReportValue" ("reportId", "indicatorId", "value", "done")
        SELECT i."id", v."indicatorId", v."value", v."done"
        FROM "inserted" i, jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v("indicatorId" text, "value" double precision, "done" boolean)
      ), "written" AS (
        UPDATE "Assignment" SET ${statusColumnsSql(status, statusJson)} WHERE "id" = ${assignmentId} RETURNING "id"
      )
      SELECT COALESCE((SELECT "id" FROM "existing"), (SELECT "id" FROM "inserted")) AS "reportId",
             (SELECT count(*) FROM "written")::int AS "written",
             (SELECT ${append?.sql ?? Prisma.sql`NULL`} FROM "inserted")::text AS "chainLength"`;
    if (!row || row.written === 0 || row.reportId === null) throw noAssignment(assignmentId);
    return { reportId: row.reportId };
  }

  /** With `status`, the status projection is written in the same transaction. */
  async saveReview(params: {
    reportId: string;
    actor: ActorRef;
    review: ReviewDecision;
    reviewedAt: number;
    status?: AssignmentStatus;
  }): Promise<void> {
    await this.db.$transaction(async (tx) => {
      if (params.status) await tx.assignment.update({ where: { id: params.status.assignmentId }, data: statusData(params.status) });
      const already = await tx.review.findUnique({ where: { reportId: params.reportId } });
      if (already) return;
      const report = await tx.report.update({
        where: { id: params.reportId },
        data: { status: params.review.decision === 'approve' ? 'approved' : 'returned' },
        include: { assignment: true },
      });
      await tx.review.create({
        data: {
          reportId: params.reportId,
          decision: params.review.decision,
          comment: params.review.comment ?? null,
          reviewedBy: params.actor.id,
          reviewedAt: new Date(params.reviewedAt),
        },
      });
      await appendToAuditChain(tx, {
        cycleId: report.assignment.cycleId,
        events: [
          {
            at: new Date(params.reviewedAt),
            actor: params.actor,
            action: params.review.decision === 'approve' ? 'report.approved' : 'report.returned',
            assignmentId: report.assignmentId,
            reportId: report.id,
            details: { periodKey: report.periodKey, version: report.version, comment: params.review.comment ?? null },
            dedupeKey: `review/${report.id}`,
          },
        ],
      });
    });
  }

  async findReportOrThrow(reportId: string): Promise<ReportView> {
    const row = await this.db.report.findUnique({ where: { id: reportId }, include: reportInclude });
    if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `no report ${reportId}` });
    return toReportView(row);
  }

  /** Every report version of an assignment, oldest first, with values and review: one query. */
  async listReports(assignmentId: string): Promise<ReportView[]> {
    const rows = await this.db.$queryRaw<ReportSqlRow[]>`
      SELECT r."id", r."assignmentId", r."periodKey", r."version", r."status"::text AS "status", r."narrative", r."evidence",
             r."submittedBy", r."submittedAt",
             coalesce((SELECT json_agg(json_build_object('indicatorId', v."indicatorId", 'value', v."value", 'done', v."done"))
                       FROM "ReportValue" v WHERE v."reportId" = r."id"), '[]'::json) AS "values",
             (SELECT json_build_object('decision', w."decision", 'comment', w."comment", 'reviewedBy', w."reviewedBy",
                                       'reviewedAt', to_char(w."reviewedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
              FROM "Review" w WHERE w."reportId" = r."id" LIMIT 1) AS "review"
      FROM "Report" r
      WHERE r."assignmentId" = ${assignmentId}
      ORDER BY r."submittedAt" ASC, r."version" ASC`;
    return rows.map(fromReportSqlRow);
  }

  /**
   * Every report of a cycle, all versions, oldest first (the 台账), with the names of who
   * submitted and reviewed it where the directory knows them (a person or a service token).
   */
  async cycleReports(cycleId: string): Promise<(ReportView & { submitterName: string | null; reviewerName: string | null })[]> {
    const rows = await this.db.report.findMany({
      where: { assignment: { cycleId } },
      include: reportInclude,
      orderBy: [{ submittedAt: 'asc' }, { version: 'asc' }, { id: 'asc' }],
    });
    // A service token acts as `token:<id>`.
    const ids = [...new Set(rows.flatMap((r) => [r.submittedBy, ...r.reviews.map((v) => v.reviewedBy)]))];
    const tokenIds = ids.filter((id) => id.startsWith('token:')).map((id) => id.slice('token:'.length));
    const [people, tokens] = await Promise.all([
      this.db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
      this.db.serviceToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } }),
    ]);
    const names = new Map([...tokens.map((t) => ({ id: `token:${t.id}`, name: t.name })), ...people].map((p) => [p.id, p.name]));
    return rows.map((row) => {
      const view = toReportView(row);
      return {
        ...view,
        submitterName: names.get(view.submittedBy) ?? null,
        reviewerName: view.review ? (names.get(view.review.reviewedBy) ?? null) : null,
      };
    });
  }

  async countReports(assignmentId: string): Promise<number> {
    return this.db.report.count({ where: { assignmentId } });
  }

  /**
   * For the year-end evaluation: per indicator, the value of the latest approved
   * report of each assignment (values are cumulative, "reached so far this year").
   */
  async latestApprovedValues(
    cycleId: string,
  ): Promise<Map<string, { assignmentId: string; indicatorId: string; value: number | null; done: boolean | null; periodKey: string }[]>> {
    const reports = await this.db.report.findMany({
      where: { status: 'approved', assignment: { cycleId } },
      include: { values: true },
      orderBy: [{ submittedAt: 'asc' }],
    });
    const latestByAssignment = new Map<string, (typeof reports)[number]>();
    for (const report of reports) latestByAssignment.set(report.assignmentId, report);
    const byIndicator = new Map<
      string,
      { assignmentId: string; indicatorId: string; value: number | null; done: boolean | null; periodKey: string }[]
    >();
    for (const report of latestByAssignment.values()) {
      for (const value of report.values) {
        const list = byIndicator.get(value.indicatorId) ?? [];
        list.push({
          assignmentId: report.assignmentId,
          indicatorId: value.indicatorId,
          value: value.value,
          done: value.done,
          periodKey: report.periodKey,
        });
        byIndicator.set(value.indicatorId, list);
      }
    }
    return byIndicator;
  }
}

/** The audit event of an acknowledgement (签收); its key makes it once per assignment. */
function acknowledgedEvent(assignmentId: string, actor: ActorRef, at: number): NewAuditEvent {
  return {
    at: new Date(at),
    actor,
    action: 'assignment.acknowledged',
    assignmentId,
    details: { unit: actor.unit },
    dedupeKey: `ack/${assignmentId}`,
  };
}

/** The audit event of a report version (报送 or, after a return, 重新报送). */
function reportSubmittedEvent(params: {
  assignmentId: string;
  reportId: string;
  actor: ActorRef;
  submission: ReportSubmission;
  version: number;
  submittedAt: number;
}): NewAuditEvent {
  return {
    at: new Date(params.submittedAt),
    actor: params.actor,
    action: params.version > 1 ? 'report.resubmitted' : 'report.submitted',
    assignmentId: params.assignmentId,
    reportId: params.reportId,
    details: { periodKey: params.submission.periodKey, version: params.version },
    dedupeKey: `report/${params.reportId}`,
  };
}

function noAssignment(assignmentId: string): DomainError {
  return new DomainError({ code: 'NOT_FOUND', message: `no assignment ${assignmentId}` });
}

/** An instant as a `timestamp(3)` value of SQL (UTC, as Prisma writes them). */
function timestampSql(at: number | Date): Prisma.Sql {
  return Prisma.sql`${utcTimestamp(new Date(at).toISOString())}::timestamp(3)`;
}

/** `statusData` as an SQL SET list, for writes of the status projection in raw statements. */
function statusColumnsSql(status: AssignmentStatus, statusJson: Prisma.Sql = Prisma.sql`${JSON.stringify(status)}::jsonb`): Prisma.Sql {
  const data = statusData(status);
  return Prisma.sql`"nextDeadlineAt" = ${data.nextDeadlineAt === null ? null : timestampSql(data.nextDeadlineAt)},
    "overdue" = ${data.overdue}, "returned" = ${data.returned}, "awaitingReview" = ${data.awaitingReview},
    "phase" = ${data.phase}, "escalationLevel" = ${data.escalationLevel}, "status" = ${statusJson},
    "statusUpdatedAt" = ${timestampSql(data.statusUpdatedAt)}`;
}

/** The columns the status projection writes: the status JSON and the inbox facts beside it. */
function statusData(status: AssignmentStatus) {
  const inbox = inboxFacts(status);
  return {
    nextDeadlineAt: inbox.nextDeadlineAt === null ? null : new Date(inbox.nextDeadlineAt),
    overdue: inbox.overdue,
    returned: inbox.returned,
    awaitingReview: inbox.awaitingReview,
    phase: status.phase,
    escalationLevel: status.escalationLevel,
    status: status as unknown as Prisma.InputJsonValue,
    statusUpdatedAt: new Date(),
  };
}

/** The status with `reportId` as the current report of its period (as the workflow sets it once the save answers). */
function withCurrentReport(status: AssignmentStatus, periodKey: string, reportId: string): AssignmentStatus {
  return { ...status, periods: status.periods.map((p) => (p.key === periodKey ? { ...p, currentReportId: reportId } : p)) };
}

function toAssignmentView(row: AssignmentRow): AssignmentView {
  return {
    id: row.id,
    cycleId: row.cycleId,
    workflowId: row.workflowId,
    unit: row.unit.name,
    role: row.role,
    phase: row.phase,
    escalationLevel: parseStored({
      schema: nullableEscalationLevelSchema,
      value: row.escalationLevel,
      column: 'assignment.escalationLevel',
    }),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    task: row.target.task
      ? {
          number: row.target.task.number,
          title: row.target.task.title,
          leader: row.target.task.leader,
          leaderPersonId: row.target.task.leaderPersonId,
        }
      : null,
    target: { id: row.target.id, text: row.target.text },
    indicators: row.target.indicators.map(toIndicatorView),
    status: parseStored({ schema: nullableAssignmentStatusSchema, value: row.status, column: 'assignment.status' }),
  };
}

/**
 * The columns of an assignment view, over `Assignment a`, `Unit u`, `Target t` and `Task k`
 * (left-joined; see `assignmentJoins`): its target's indicators come as one JSON array, so
 * a page is one query instead of one per relation.
 */
const assignmentColumns = Prisma.sql`
  a."id", a."cycleId", a."workflowId", u."name" AS "unit", a."role"::text AS "role", a."phase", a."escalationLevel",
  a."acknowledgedAt", a."status", t."id" AS "targetId", t."text" AS "targetText", k."id" AS "taskId", k."number" AS "taskNumber",
  k."title" AS "taskTitle", k."leader" AS "taskLeader", k."leaderPersonId" AS "taskLeaderPersonId",
  coalesce((
    SELECT json_agg(json_build_object(
      'id', i."id", 'metric', i."metric", 'kind', i."kind", 'comparator', i."comparator", 'value', i."value", 'max', i."max",
      'unit', i."unit", 'stretch', i."stretch", 'baseline', i."baseline", 'tolerance', i."tolerance") ORDER BY i."position")
    FROM "Indicator" i WHERE i."targetId" = t."id"), '[]'::json) AS "indicators"`;

const assignmentJoins = Prisma.sql`
  FROM "Assignment" a
  JOIN "Unit" u ON u."id" = a."unitId"
  JOIN "Target" t ON t."id" = a."targetId"
  LEFT JOIN "Task" k ON k."id" = t."taskId"`;

interface AssignmentSqlRow {
  id: string;
  cycleId: string;
  workflowId: string;
  unit: string;
  role: string;
  phase: string;
  escalationLevel: string | null;
  acknowledgedAt: Date | null;
  status: unknown;
  targetId: string;
  targetText: string;
  taskId: string | null;
  taskNumber: string | null;
  taskTitle: string | null;
  taskLeader: string | null;
  taskLeaderPersonId: string | null;
  indicators: Parameters<typeof toIndicatorView>[0][];
}

/** Built once: `.nullable()` builds a new zod schema on every call, and list pages map 50 rows each. */
const nullableEscalationLevelSchema = escalationLevelSchema.nullable();
const nullableAssignmentStatusSchema = assignmentStatusSchema.nullable();

/**
 * An assignment row as a view. `statusCheck: 'schema'` reads the status JSON back through
 * the contracts' schema (one assignment, and what workers load); `'shape'` (list pages of
 * up to 200 rows) only checks it is a status object with periods: the column is written by
 * the status projection alone, from the workflow's typed status, and a full parse per row
 * cost more than the page's query.
 */
function fromAssignmentSqlRow(row: AssignmentSqlRow, options: { statusCheck: 'schema' | 'shape' }): AssignmentView {
  return {
    id: row.id,
    cycleId: row.cycleId,
    workflowId: row.workflowId,
    unit: row.unit,
    role: parseStored({ schema: assignmentRoleSchema, value: row.role, column: 'assignment.role' }),
    phase: row.phase,
    escalationLevel: parseStored({
      schema: nullableEscalationLevelSchema,
      value: row.escalationLevel,
      column: 'assignment.escalationLevel',
    }),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    task:
      row.taskId === null
        ? null
        : {
            number: row.taskNumber as string,
            title: row.taskTitle as string,
            leader: row.taskLeader,
            leaderPersonId: row.taskLeaderPersonId,
          },
    target: { id: row.targetId, text: row.targetText },
    indicators: row.indicators.map(toIndicatorView),
    status:
      options.statusCheck === 'schema'
        ? parseStored({ schema: nullableAssignmentStatusSchema, value: row.status, column: 'assignment.status' })
        : statusShapeOrThrow(row.status),
  };
}

function statusShapeOrThrow(value: unknown): AssignmentStatus | null {
  if (value === null) return null;
  const status = value as Partial<AssignmentStatus> | undefined;
  if (typeof status === 'object' && typeof status.assignmentId === 'string' && Array.isArray(status.periods)) {
    return status as AssignmentStatus;
  }
  throw new Error('stored assignment.status does not match its schema: not a status with periods');
}

/** The keyset position of a cursor of a cycle's list: [targetPosition, role, id]. */
function planOrderPosition(cursor: string | undefined): [number, AssignmentRole, string] | null {
  const position = cursorAfter(cursor);
  if (position === null) return null;
  const [targetPosition, role, id] = position;
  if (
    position.length !== 3 ||
    typeof targetPosition !== 'number' ||
    !Number.isInteger(targetPosition) ||
    (role !== 'lead' && role !== 'cooperating') ||
    typeof id !== 'string'
  ) {
    throw notACursorOfThisList();
  }
  return [targetPosition, role, id];
}

function notACursorOfThisList(): DomainError {
  return new DomainError({
    code: 'VALIDATION_FAILED',
    message: 'not a cursor of this list',
    issues: [{ path: 'cursor', message: 'use the nextCursor of the page before' }],
  });
}

/** An instant as the UTC wall time Prisma stores in `timestamp(3)` columns (cast with `::timestamp`). */
function utcTimestamp(instant: string): string {
  return new Date(instant).toISOString().replace('Z', '');
}

interface ReportSqlRow {
  id: string;
  assignmentId: string;
  periodKey: string;
  version: number;
  status: string;
  narrative: string;
  evidence: unknown;
  submittedBy: string;
  submittedAt: Date;
  values: { indicatorId: string; value: number | null; done: boolean | null }[];
  review: { decision: string; comment: string | null; reviewedBy: string; reviewedAt: string } | null;
}

function fromReportSqlRow(row: ReportSqlRow): ReportView {
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    periodKey: row.periodKey,
    version: row.version,
    status: parseStored({ schema: reportStatusSchema, value: row.status, column: 'report.status' }),
    narrative: row.narrative,
    evidence: parseStored({ schema: evidenceListSchema, value: row.evidence, column: 'report.evidence' }),
    values: row.values,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt.toISOString(),
    review: row.review,
  };
}

function toReportView(row: ReportRow): ReportView {
  const review = row.reviews[0];
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    periodKey: row.periodKey,
    version: row.version,
    status: row.status,
    narrative: row.narrative,
    evidence: parseStored({ schema: evidenceListSchema, value: row.evidence, column: 'report.evidence' }),
    values: row.values.map((v) => ({ indicatorId: v.indicatorId, value: v.value, done: v.done })),
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt.toISOString(),
    review: review
      ? {
          decision: review.decision,
          comment: review.comment,
          reviewedBy: review.reviewedBy,
          reviewedAt: review.reviewedAt.toISOString(),
        }
      : null,
  };
}

/** `scopeWhere` in SQL, over `Assignment a`, `Unit u` and `Task k` (the target's task, left-joined). */
function scopeSql(scope: AssignmentScope | null | undefined): Prisma.Sql {
  if (!scope) return Prisma.sql`TRUE`;
  const or: Prisma.Sql[] = [];
  // The unit's id looked up once (an InitPlan), so that the (unitId, nextDeadlineAt, id) index
  // gives a department's inbox in order and the page stops at its limit, rather than reading
  // and sorting every assignment the unit has.
  const [onlyUnit] = scope.units;
  if (scope.units.length === 1) or.push(Prisma.sql`a."unitId" = (SELECT su."id" FROM "Unit" su WHERE su."name" = ${onlyUnit})`);
  else if (scope.units.length > 1) {
    or.push(Prisma.sql`a."unitId" IN (SELECT su."id" FROM "Unit" su WHERE su."name" IN (${Prisma.join(scope.units)}))`);
  }
  if (scope.leaderPersonId) or.push(Prisma.sql`k."leaderPersonId" = ${scope.leaderPersonId}`);
  return or.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`(${Prisma.join(or, ' OR ')})`;
}

/** The where-clause of a scope: the units' assignments, and the tasks a leader answers for. */
export function scopeWhere(scope: AssignmentScope | null | undefined): Prisma.AssignmentWhereInput {
  if (!scope) return {};
  const or: Prisma.AssignmentWhereInput[] = [];
  if (scope.units.length > 0) or.push({ unit: { name: { in: scope.units } } });
  if (scope.leaderPersonId) or.push({ target: { task: { leaderPersonId: scope.leaderPersonId } } });
  return or.length === 0 ? { id: { in: [] } } : { OR: or };
}
