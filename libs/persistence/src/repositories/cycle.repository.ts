import { randomUUID } from 'node:crypto';
import {
  DomainError,
  assignmentWorkflowId,
  reportingCalendarSchema,
  ruleSetPinSchema,
  type ActorRef,
  type AssignmentRef,
  type AssignmentRole,
  type CyclePhase,
  type Page,
  type ReportingCalendar,
  type RuleSetPin,
} from '@plancycle/contracts';
import { z } from 'zod';
import type { HolidayCalendar } from '@plancycle/domain';
import { appendToAuditChain } from '../audit/audit-trail';
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { cursorAfter, page } from '../paging';
import { parseStored } from '../stored-json';
import type { AssignmentScope, CycleRuleSetAmendmentView, CycleSummaryView, CycleView } from '../views';
import { scopeWhere } from './assignment.repository';

const ruleSetPinsSchema = z.array(ruleSetPinSchema);

/** major.minor.patch as one comparable number (each part below a million, as the version schema allows). */
function versionOrder(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return (major * 1e6 + minor) * 1e6 + patch;
}

function amendmentView(row: {
  id: string;
  cycleId: string;
  ruleSetId: string;
  fromVersion: string;
  toVersion: string;
  reason: string;
  actorId: string;
  actorRole: string;
  actorName: string | null;
  amendedAt: Date;
}): CycleRuleSetAmendmentView {
  return {
    id: row.id,
    cycleId: row.cycleId,
    ruleSetId: row.ruleSetId,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    reason: row.reason,
    amendedBy: { id: row.actorId, role: row.actorRole, name: row.actorName },
    amendedAt: row.amendedAt.toISOString(),
  };
}

/** An assignment as publishing stores it and returns it; the order is the caller's to decide. */
export interface PublishedAssignment extends AssignmentRef {
  targetId: string;
}

export class CycleRepository {
  constructor(private readonly db: Database) {}

  /** Cycles, newest first; with a scope, those where it has assignments. */
  async listCycles(params: { scope: AssignmentScope | null; limit: number; cursor?: string }): Promise<Page<CycleSummaryView>> {
    const after = cursorAfter(params.cursor);
    const rows = await this.db.cycle.findMany({
      where: {
        ...(params.scope ? { assignments: { some: scopeWhere(params.scope) } } : {}),
        ...(after
          ? {
              OR: [
                { createdAt: { lt: new Date(String(after[0])) } },
                { createdAt: new Date(String(after[0])), id: { gt: String(after[1]) } },
              ],
            }
          : {}),
      },
      include: { plan: { select: { title: true, year: true, jurisdiction: true, status: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: params.limit + 1,
    });
    const views = rows.map((c) => ({
      createdAt: c.createdAt.toISOString(),
      view: {
        id: c.id,
        planId: c.planId,
        planTitle: c.plan.title,
        year: c.plan.year,
        jurisdiction: c.plan.jurisdiction,
        phase: c.phase,
        publishedAt: c.publishedAt?.toISOString() ?? null,
        closedAt: c.closedAt?.toISOString() ?? null,
        progress: { childrenStarted: c.childrenStarted, childrenTotal: c.childrenTotal },
      } satisfies CycleSummaryView,
    }));
    const result = page(views, params.limit, (v) => [v.createdAt, v.view.id]);
    return { items: result.items.map((v) => v.view), nextCursor: result.nextCursor };
  }

  /** True when the scope has at least one assignment in the cycle. */
  async takesPart(cycleId: string, scope: AssignmentScope): Promise<boolean> {
    return (await this.db.assignment.count({ where: { cycleId, ...scopeWhere(scope) }, take: 1 })) > 0;
  }

  /** The rule-set versions a cycle decides with now (pinned at publish, or amended since). */
  async pinsOf(cycleId: string): Promise<RuleSetPin[]> {
    const cycle = await this.db.cycle.findUnique({ where: { id: cycleId }, select: { ruleSets: true } });
    if (!cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${cycleId}` });
    return parseStored({ schema: ruleSetPinsSchema, value: cycle.ruleSets ?? [], column: 'cycle.ruleSets' });
  }

  /**
   * Re-pins one rule set of a cycle to a newer published version, in one transaction with its
   * amendment row and audit event. The same key again answers the amendment it made.
   */
  async amendRuleSet(params: {
    cycleId: string;
    actor: ActorRef;
    ruleSet: RuleSetPin;
    reason: string;
    amendedAt: Date;
    amendmentKey: string;
  }): Promise<CycleRuleSetAmendmentView & { ruleSets: RuleSetPin[]; duplicate: boolean }> {
    return this.db.$transaction(async (tx) => {
      const earlier = await tx.cycleRuleSetAmendment.findUnique({ where: { amendmentKey: params.amendmentKey } });
      if (earlier) return { ...amendmentView(earlier), ruleSets: await this.pinsIn(tx, params.cycleId), duplicate: true };
      // Locks the cycle's row: two amendments of one cycle take turns.
      await tx.$queryRaw`SELECT id FROM "Cycle" WHERE id = ${params.cycleId} FOR UPDATE`;
      const pins = await this.pinsIn(tx, params.cycleId);
      const current = pins.find((pin) => pin.id === params.ruleSet.id);
      const issue = (message: string, code: string, params?: Record<string, string>) =>
        new DomainError({
          code: 'VALIDATION_FAILED',
          message,
          issues: [{ path: 'ruleSet.version', message, code, ...(params ? { params } : {}) }],
        });
      if (!current) throw issue(`the cycle does not decide with rule set ${params.ruleSet.id}`, 'not_pinned');
      const target = await tx.ruleSetVersion.findUnique({
        where: { ruleSetId_version: { ruleSetId: params.ruleSet.id, version: params.ruleSet.version } },
        select: { status: true, major: true, minor: true, patch: true },
      });
      if (!target) throw new DomainError({ code: 'NOT_FOUND', message: `no rule set ${params.ruleSet.id}@${params.ruleSet.version}` });
      if (target.status !== 'published') {
        throw issue(`${params.ruleSet.id}@${params.ruleSet.version} is a draft: publish it first`, 'not_published');
      }
      if (versionOrder(params.ruleSet.version) <= versionOrder(current.version)) {
        throw issue(`the cycle decides with ${current.id}@${current.version}: amend to a newer version`, 'version_not_newer', {
          minimum: current.version,
        });
      }
      const ruleSets = pins.map((pin) => (pin.id === params.ruleSet.id ? { ...params.ruleSet } : pin));
      const cycle = await tx.cycle.update({
        where: { id: params.cycleId },
        data: { ruleSets: ruleSets as unknown as Prisma.InputJsonValue },
        select: { planId: true },
      });
      const row = await tx.cycleRuleSetAmendment.create({
        data: {
          cycleId: params.cycleId,
          ruleSetId: params.ruleSet.id,
          fromVersion: current.version,
          toVersion: params.ruleSet.version,
          reason: params.reason,
          actorId: params.actor.id,
          actorRole: params.actor.role,
          actorName: params.actor.name ?? null,
          amendedAt: params.amendedAt,
          amendmentKey: params.amendmentKey,
        },
      });
      await appendToAuditChain(tx, {
        cycleId: params.cycleId,
        events: [
          {
            actor: params.actor,
            action: 'rules.amended',
            planId: cycle.planId,
            ruleSet: params.ruleSet,
            details: {
              ruleSetId: params.ruleSet.id,
              fromVersion: current.version,
              toVersion: params.ruleSet.version,
              reason: params.reason,
            },
            at: params.amendedAt,
            dedupeKey: `rules.amended/${params.amendmentKey}`,
          },
        ],
      });
      return { ...amendmentView(row), ruleSets, duplicate: false };
    });
  }

  async listAmendments(cycleId: string): Promise<CycleRuleSetAmendmentView[]> {
    const rows = await this.db.cycleRuleSetAmendment.findMany({ where: { cycleId }, orderBy: [{ amendedAt: 'asc' }, { id: 'asc' }] });
    return rows.map(amendmentView);
  }

  private async pinsIn(tx: Prisma.TransactionClient, cycleId: string): Promise<RuleSetPin[]> {
    const cycle = await tx.cycle.findUnique({ where: { id: cycleId }, select: { ruleSets: true } });
    if (!cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${cycleId}` });
    return parseStored({ schema: ruleSetPinsSchema, value: cycle.ruleSets ?? [], column: 'cycle.ruleSets' });
  }

  async findCycleOrThrow(cycleId: string): Promise<CycleView> {
    const cycle = await this.db.cycle.findUnique({ where: { id: cycleId }, include: { plan: true } });
    if (!cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${cycleId}` });
    return {
      id: cycle.id,
      planId: cycle.planId,
      planTitle: cycle.plan.title,
      workflowId: cycle.workflowId,
      phase: cycle.phase,
      ruleSets: parseStored({ schema: ruleSetPinsSchema, value: cycle.ruleSets ?? [], column: 'cycle.ruleSets' }),
      calendar: parseStored({
        schema: reportingCalendarSchema.nullable(),
        value: cycle.calendar,
        column: 'cycle.calendar',
      }),
      progress: { childrenStarted: cycle.childrenStarted, childrenTotal: cycle.childrenTotal },
      publishedAt: cycle.publishedAt?.toISOString() ?? null,
      publishedBy: cycle.publishedBy,
      closedAt: cycle.closedAt?.toISOString() ?? null,
    };
  }

  /**
   * Publishing in one transaction: freeze the plan, pin rule sets and calendar, and
   * store the decomposition the caller made (one assignment per target and unit, in its
   * role). Running it again stores nothing and returns the assignments made the first
   * time, in no particular order.
   */
  async publishOnce(params: {
    cycleId: string;
    actor: ActorRef;
    calendar: ReportingCalendar;
    ruleSets: RuleSetPin[];
    /** The holidays and 调休 days the due dates were counted with (null: calendar days). */
    holidayCalendar?: HolidayCalendar | null;
    publishedAt: number;
    assignments: { targetId: string; unit: string; role: AssignmentRole }[];
  }): Promise<PublishedAssignment[]> {
    return this.db.$transaction(
      async (tx) => {
        const cycle = await tx.cycle.findUnique({ where: { id: params.cycleId }, include: { plan: true } });
        if (!cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${params.cycleId}` });
        if (cycle.plan.status === 'draft') {
          const units = await tx.unit.findMany({ where: { name: { in: params.assignments.map((a) => a.unit) } } });
          const unitIds = new Map(units.map((unit) => [unit.name, unit.id]));
          const targets = await tx.target.findMany({ where: { planId: cycle.planId }, select: { id: true, position: true } });
          const positions = new Map(targets.map((target) => [target.id, target.position]));
          const rows = params.assignments.map((assignment) => {
            const unitId = unitIds.get(assignment.unit);
            if (!unitId) throw new DomainError({ code: 'NOT_FOUND', message: `no unit ${assignment.unit}` });
            const targetPosition = positions.get(assignment.targetId);
            if (targetPosition === undefined)
              throw new DomainError({ code: 'NOT_FOUND', message: `no target ${assignment.targetId} in the plan` });
            const id = randomUUID();
            return {
              id,
              cycleId: params.cycleId,
              targetId: assignment.targetId,
              targetPosition,
              unitId,
              role: assignment.role,
              workflowId: assignmentWorkflowId(id),
            };
          });
          if (rows.length > 0) await tx.assignment.createMany({ data: rows });
          await tx.plan.update({ where: { id: cycle.planId }, data: { status: 'published' } });
          await tx.cycle.update({
            where: { id: params.cycleId },
            data: {
              phase: 'published',
              calendar: params.calendar as unknown as Prisma.InputJsonValue,
              ruleSets: params.ruleSets as unknown as Prisma.InputJsonValue,
              ...(params.holidayCalendar ? { holidayCalendar: params.holidayCalendar as unknown as Prisma.InputJsonValue } : {}),
              publishedAt: new Date(params.publishedAt),
              publishedBy: params.actor.id,
              childrenTotal: rows.length,
            },
          });
          await appendToAuditChain(tx, {
            cycleId: params.cycleId,
            events: [
              {
                actor: params.actor,
                action: 'plan.published',
                planId: cycle.planId,
                details: {
                  assignments: rows.length,
                  ruleSets: params.ruleSets,
                  periods: params.calendar.periods.map((p) => p.key),
                  ...(params.holidayCalendar
                    ? { holidayCalendar: params.holidayCalendar.years.map((y) => ({ year: y.year, source: y.source })) }
                    : {}),
                },
                dedupeKey: `publish/${params.cycleId}`,
              },
            ],
          });
        }
        const assignments = await tx.assignment.findMany({ where: { cycleId: params.cycleId }, include: { unit: true } });
        return assignments.map((a) => ({ assignmentId: a.id, targetId: a.targetId, unit: a.unit.name, role: a.role }));
      },
      { timeout: 120_000 },
    );
  }

  /** Projects the cycle's phase and progress; with `closePlan`, also closes the cycle and its plan. */
  async recordProgress(params: {
    cycleId: string;
    phase: CyclePhase;
    childrenStarted: number;
    childrenTotal: number;
    closePlan: boolean;
  }): Promise<void> {
    const cycle = await this.db.cycle.update({
      where: { id: params.cycleId },
      data: {
        phase: params.phase,
        childrenStarted: params.childrenStarted,
        childrenTotal: params.childrenTotal,
        ...(params.closePlan ? { closedAt: new Date() } : {}),
      },
    });
    if (params.closePlan) {
      await this.db.plan.update({ where: { id: cycle.planId }, data: { status: 'closed' } });
    }
  }

  /** A cycle's published assignments, in no particular order (the caller orders them). */
  async publishedAssignments(cycleId: string): Promise<PublishedAssignment[]> {
    const rows = await this.db.assignment.findMany({
      where: { cycleId },
      select: { id: true, targetId: true, role: true, unit: { select: { name: true } } },
    });
    return rows.map((a) => ({ assignmentId: a.id, targetId: a.targetId, unit: a.unit.name, role: a.role }));
  }

  async openAssignmentWorkflowIds(cycleId: string): Promise<string[]> {
    const rows = await this.db.assignment.findMany({
      where: { cycleId, NOT: { phase: 'closed' } },
      select: { workflowId: true },
    });
    return rows.map((r) => r.workflowId);
  }
}
