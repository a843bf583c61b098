import {
  DomainError,
  escalationAuditAction,
  escalationLevelSchema,
  reportingCalendarSchema,
  systemActors,
  type EscalationLevel,
  type Page,
  type RuleSetPin,
} from '@plancycle/contracts';
import {
  SUPERVISION_SERIES,
  hasSupervisionNotice,
  supervisionNumberYear,
  type HolidayCalendar,
  type SupervisionNoticeFacts,
} from '@plancycle/domain';
import { z } from 'zod';
import { appendToAuditChain, type NewDecision } from '../audit/audit-trail';
import { workflowSourceOf } from '../audit/workflow-source';
import { isUniqueViolation, type Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { offsetAfter, offsetPage } from '../paging';
import { parseStored } from '../stored-json';
import type { AssignmentScope, DecisionView, EscalationNoticeView, EscalationView } from '../views';
import { scopeWhere } from './assignment.repository';

/** Decisions one transaction of `saveDecisions` appends at most: a statement of bounded size. */
export const DECISIONS_PER_TRANSACTION = 500;

/** Rule-engine decisions and the escalations (督办) they raise. */
export class DecisionRepository {
  constructor(private readonly db: Database) {}

  /** Appends a decision to its cycle's audit chain; a retry with the same dedupe key gets the first row's id. */
  async saveDecision(decision: NewDecision): Promise<string> {
    const existing = await this.db.decision.findUnique({ where: { dedupeKey: decision.dedupeKey } });
    if (existing) return existing.id;
    const ids = await this.db.$transaction((tx) => appendToAuditChain(tx, { cycleId: decision.cycleId, decisions: [decision] }));
    return ids.get(decision.dedupeKey) as string;
  }

  /**
   * Bulk insert for the evaluation, in transactions of `DECISIONS_PER_TRANSACTION`; rows
   * already written by an earlier attempt are skipped. `onSaved` hears after each transaction
   * (the activity heartbeats there: 20,000 decisions as one statement could outlast its
   * heartbeat timeout, and then every retry started over).
   */
  async saveDecisions(
    decisions: NewDecision[],
    onSaved?: (progress: { saved: number; total: number }) => void | Promise<void>,
  ): Promise<Map<string, string>> {
    const byCycle = new Map<string, NewDecision[]>();
    for (const decision of decisions) {
      const ofCycle = byCycle.get(decision.cycleId) ?? [];
      ofCycle.push(decision);
      byCycle.set(decision.cycleId, ofCycle);
    }
    const ids = new Map<string, string>();
    let saved = 0;
    for (const [cycleId, ofCycle] of byCycle) {
      for (let start = 0; start < ofCycle.length; start += DECISIONS_PER_TRANSACTION) {
        const chunk = ofCycle.slice(start, start + DECISIONS_PER_TRANSACTION);
        const chunkIds = await this.db.$transaction((tx) => appendToAuditChain(tx, { cycleId, decisions: chunk }), {
          timeout: 60_000,
        });
        for (const [key, id] of chunkIds) ids.set(key, id);
        saved += chunk.length;
        await onSaved?.({ saved, total: decisions.length });
      }
    }
    return ids;
  }

  /**
   * Records an escalation once per assignment, period and level, with its audit event; a 督办
   * or 约谈 takes the next 督办 number of the plan's year in the same transaction. Returns the
   * escalation's number (also when it was raised before), null for a reminder.
   */
  async raiseEscalation(params: {
    assignmentId: string;
    periodKey: string;
    level: EscalationLevel;
    recipient: string | null;
    reason: string;
    decisionId: string;
    ruleSet: RuleSetPin;
  }): Promise<{ notice: { year: number; number: number } | null }> {
    try {
      return await this.db.$transaction(async (tx) => {
        const assignment = await tx.assignment.findUniqueOrThrow({
          where: { id: params.assignmentId },
          include: { cycle: { include: { plan: { select: { year: true } } } } },
        });
        const raisedAt = new Date();
        let notice: { year: number; number: number } | null = null;
        if (hasSupervisionNotice(params.level)) {
          const year = supervisionNumberYear({ planYear: assignment.cycle.plan.year, raisedAt: raisedAt.getTime() });
          notice = { year, number: await nextDocumentNumber(tx, SUPERVISION_SERIES, year) };
        }
        await tx.escalation.create({
          data: {
            assignmentId: params.assignmentId,
            periodKey: params.periodKey,
            level: params.level,
            recipient: params.recipient,
            reason: params.reason,
            decisionId: params.decisionId,
            raisedAt,
            ...(notice ? { noticeYear: notice.year, noticeNumber: notice.number } : {}),
          },
        });
        await appendToAuditChain(tx, {
          cycleId: assignment.cycleId,
          events: [
            {
              actor: systemActors.rules,
              action: escalationAuditAction(params.level),
              assignmentId: params.assignmentId,
              ruleSet: params.ruleSet,
              details: { periodKey: params.periodKey, recipient: params.recipient, reason: params.reason, decisionId: params.decisionId },
              dedupeKey: `escalation/${params.assignmentId}/${params.periodKey}/${params.level}`,
            },
          ],
        });
        return { notice };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.db.escalation.findUnique({
        where: { assignmentId_periodKey_level: { assignmentId: params.assignmentId, periodKey: params.periodKey, level: params.level } },
      });
      return {
        notice:
          existing?.noticeYear != null && existing.noticeNumber != null
            ? { year: existing.noticeYear, number: existing.noticeNumber }
            : null,
      };
    }
  }

  /** The escalation of an assignment's period at a level, when one was raised. */
  async findEscalationId(params: { assignmentId: string; periodKey: string; level: EscalationLevel }): Promise<string | null> {
    const row = await this.db.escalation.findUnique({
      where: { assignmentId_periodKey_level: params },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  /**
   * What a 督办通知单 is made of: the escalation, its assignment, task, target, plan and the
   * cycle's calendars, with who may read it. A 督办 or 约谈 raised before numbers were given
   * takes the next number now, once (a second caller finds it set).
   */
  async escalationNoticeOrThrow(escalationId: string): Promise<EscalationNoticeView> {
    const load = () =>
      this.db.escalation.findUnique({
        where: { id: escalationId },
        include: {
          assignment: {
            include: { unit: true, target: { include: { task: true } }, cycle: { include: { plan: true } } },
          },
        },
      });
    let row = await load();
    if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `no escalation ${escalationId}` });
    const level = parseStored({ schema: escalationLevelSchema, value: row.level, column: 'escalation.level' });
    if (hasSupervisionNotice(level) && row.noticeNumber === null) {
      const year = supervisionNumberYear({ planYear: row.assignment.cycle.plan.year, raisedAt: row.raisedAt.getTime() });
      await this.db.$transaction(async (tx) => {
        const number = await nextDocumentNumber(tx, SUPERVISION_SERIES, year);
        await tx.escalation.updateMany({
          where: { id: escalationId, noticeNumber: null },
          data: { noticeYear: year, noticeNumber: number },
        });
      });
      row = (await load()) ?? row;
    }
    const { assignment } = row;
    const { cycle } = assignment;
    const calendar = parseStored({ schema: reportingCalendarSchema.nullable(), value: cycle.calendar, column: 'cycle.calendar' });
    const period = calendar?.periods.find((p) => p.key === row.periodKey) ?? null;
    const task = assignment.target.task;
    const facts: SupervisionNoticeFacts = {
      level,
      number: row.noticeYear !== null && row.noticeNumber !== null ? { year: row.noticeYear, number: row.noticeNumber } : null,
      raisedAt: row.raisedAt.getTime(),
      reason: row.reason,
      periodKey: row.periodKey,
      period: period ? { label: period.label, dueAt: period.dueAt } : null,
      unit: assignment.unit.name,
      role: assignment.role,
      task: task ? { number: task.number, title: task.title, leader: task.leader } : null,
      target: assignment.target.text,
      plan: { title: cycle.plan.title, jurisdiction: cycle.plan.jurisdiction, year: cycle.plan.year },
      holidayCalendar: parseStored({
        schema: holidayCalendarSchema.nullable(),
        value: cycle.holidayCalendar,
        column: 'cycle.holidayCalendar',
      }) as HolidayCalendar | null,
    };
    return {
      id: row.id,
      assignmentId: row.assignmentId,
      cycleId: cycle.id,
      scope: { unit: assignment.unit.name, leaderPersonId: task?.leaderPersonId ?? null },
      facts,
    };
  }

  /** Every escalation of a cycle, oldest first: for workers and tests, not for API lists. */
  async allEscalations(params: { cycleId: string }): Promise<EscalationView[]> {
    const all: EscalationView[] = [];
    let cursor: string | undefined;
    do {
      const next = await this.listEscalations({ cycleId: params.cycleId, limit: 1000, ...(cursor ? { cursor } : {}) });
      all.push(...next.items);
      cursor = next.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /** How many escalations of a cycle (those in `scope` only, when given) stand at each level, counted in the database. */
  async escalationCountsByLevel(params: {
    cycleId: string;
    scope?: AssignmentScope | null;
  }): Promise<{ level: EscalationLevel; count: number }[]> {
    const groups = await this.db.escalation.groupBy({
      by: ['level'],
      where: { assignment: { cycleId: params.cycleId, ...scopeWhere(params.scope) } },
      _count: { _all: true },
    });
    return groups.map((g) => ({
      level: parseStored({ schema: escalationLevelSchema, value: g.level, column: 'escalation.level' }),
      count: g._count._all,
    }));
  }

  /** Escalations of a cycle (those in `scope` only, when given), oldest first, a page at a time. */
  async listEscalations(params: {
    cycleId?: string;
    scope?: AssignmentScope | null;
    limit: number;
    cursor?: string;
  }): Promise<Page<EscalationView>> {
    const offset = offsetAfter(params.cursor);
    const rows = await this.db.escalation.findMany({
      where: { assignment: { ...(params.cycleId ? { cycleId: params.cycleId } : {}), ...scopeWhere(params.scope) } },
      include: { assignment: { include: { unit: true, target: true } } },
      orderBy: [{ raisedAt: 'asc' }, { id: 'asc' }],
      skip: offset,
      take: params.limit + 1,
    });
    const views = rows.map((r) => ({
      id: r.id,
      assignmentId: r.assignmentId,
      cycleId: r.assignment.cycleId,
      unit: r.assignment.unit.name,
      targetText: r.assignment.target.text,
      periodKey: r.periodKey,
      level: parseStored({ schema: escalationLevelSchema, value: r.level, column: 'escalation.level' }),
      recipient: r.recipient,
      reason: r.reason,
      decisionId: r.decisionId,
      raisedAt: r.raisedAt.toISOString(),
    }));
    return offsetPage(views, params.limit, offset);
  }

  async listDecisions(params: { cycleId: string; assignmentId?: string; kind?: string; ids?: string[] }): Promise<DecisionView[]> {
    const rows = await this.db.decision.findMany({
      where: {
        cycleId: params.cycleId,
        ...(params.ids ? { id: { in: params.ids } } : {}),
        ...(params.assignmentId ? { assignmentId: params.assignmentId } : {}),
        ...(params.kind ? { kind: params.kind } : {}),
      },
      orderBy: { decidedAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id,
      cycleId: r.cycleId,
      assignmentId: r.assignmentId,
      indicatorId: r.indicatorId,
      periodKey: r.periodKey,
      kind: r.kind,
      outcome: r.outcome,
      ruleSetId: r.ruleSetId,
      ruleSetVersion: r.ruleSetVersion,
      facts: r.facts,
      conditions: r.conditions,
      decidedAt: r.decidedAt.toISOString(),
      workflowSource: workflowSourceOf(r),
    }));
  }

  /**
   * A cycle's decisions of one rule set as a simulation reads them: what the engine saw and
   * what it decided, without the traces (loaded for the changed ones only, `conditionsOf`).
   */
  async recordedDecisions(params: { cycleId: string; kind: string; ruleSetId: string }) {
    const rows = await this.db.decision.findMany({
      where: { cycleId: params.cycleId, kind: params.kind, ruleSetId: params.ruleSetId },
      select: {
        id: true,
        assignmentId: true,
        indicatorId: true,
        periodKey: true,
        kind: true,
        outcome: true,
        ruleSetId: true,
        ruleSetVersion: true,
        facts: true,
      },
      orderBy: [{ chainSeq: 'asc' }],
    });
    return rows.map(({ ruleSetId, ruleSetVersion, ...row }) => ({ ...row, ruleSet: { id: ruleSetId, version: ruleSetVersion } }));
  }

  /** The stored condition traces of some decisions, by id. */
  async conditionsOf(ids: string[]): Promise<Map<string, unknown>> {
    const rows = await this.db.decision.findMany({ where: { id: { in: ids } }, select: { id: true, conditions: true } });
    return new Map(rows.map((r) => [r.id, r.conditions]));
  }

  /** Unit and target text of some assignments, for tables of decisions. */
  async assignmentLabels(ids: string[]): Promise<Map<string, { unit: string; role: string; target: string; task: string | null }>> {
    const rows = await this.db.assignment.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        role: true,
        unit: { select: { name: true } },
        target: { select: { text: true, task: { select: { title: true } } } },
      },
    });
    return new Map(rows.map((r) => [r.id, { unit: r.unit.name, role: r.role, target: r.target.text, task: r.target.task?.title ?? null }]));
  }

  /** What a sentence about each decision needs, by id (across cycles). */
  async explainable(ids: string[]) {
    if (ids.length === 0) return new Map<string, never>();
    const rows = await this.db.decision.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        kind: true,
        outcome: true,
        periodKey: true,
        ruleSetId: true,
        ruleSetVersion: true,
        facts: true,
        conditions: true,
      },
    });
    return new Map(
      rows.map(({ ruleSetId, ruleSetVersion, ...row }) => [row.id, { ...row, ruleSet: { id: ruleSetId, version: ruleSetVersion } }]),
    );
  }
}

/** The cycle's pinned holiday calendar as stored at publish (`HolidayCalendar` of the domain). */
const holidayCalendarSchema = z.object({
  years: z.array(
    z.object({
      year: z.number().int(),
      holidays: z.array(z.string()),
      makeUpWorkdays: z.array(z.string()),
      source: z.enum(['chinese-days', 'override', 'weekends-only']),
    }),
  ),
});

/** The next number of a document series in a year, taken under the series row's lock. */
async function nextDocumentNumber(tx: Prisma.TransactionClient, series: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "DocumentNumberSeries" ("series", "year", "last") VALUES (${series}, ${year}, 1)
    ON CONFLICT ("series", "year") DO UPDATE SET "last" = "DocumentNumberSeries"."last" + 1
    RETURNING "last"`;
  const last = rows[0]?.last;
  if (last === undefined) throw new Error(`no number was given in the series ${series} of ${year}`);
  return Number(last);
}
