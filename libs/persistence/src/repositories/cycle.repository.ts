import { randomUUID } from 'node:crypto';
import {
  DomainError,
  assignmentWorkflowId,
  type ActorRef,
  type AssignmentRef,
  type CalendarSpec,
  type CyclePhase,
  type ReportingCalendar,
  type RuleSetPin,
} from '@plancycle/contracts';
import { appendToAuditChain } from '../audit/audit-trail';
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import type { CycleView } from '../views';

export class CycleRepository {
  constructor(private readonly db: Database) {}

  async findCycleOrThrow(cycleId: string): Promise<CycleView> {
    const cycle = await this.db.cycle.findUnique({ where: { id: cycleId }, include: { plan: true } });
    if (!cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${cycleId}` });
    return {
      id: cycle.id,
      planId: cycle.planId,
      planTitle: cycle.plan.title,
      workflowId: cycle.workflowId,
      phase: cycle.phase,
      ruleSets: (cycle.ruleSets ?? []) as unknown as RuleSetPin[],
      calendar: (cycle.calendar ?? null) as unknown as ReportingCalendar | null,
      progress: { childrenStarted: cycle.childrenStarted, childrenTotal: cycle.childrenTotal },
      publishedAt: cycle.publishedAt?.toISOString() ?? null,
      publishedBy: cycle.publishedBy,
      closedAt: cycle.closedAt?.toISOString() ?? null,
    };
  }

  async planCalendarSpec(planId: string): Promise<CalendarSpec | null> {
    const plan = await this.db.plan.findUnique({ where: { id: planId }, select: { calendarSpec: true } });
    return (plan?.calendarSpec ?? null) as CalendarSpec | null;
  }

  /**
   * Publishing in one transaction: freeze the plan, pin rule sets and calendar, and
   * decompose every target into assignments (one per unit, in its role). Running it
   * again returns the assignments made the first time.
   */
  async publishOnce(params: {
    cycleId: string;
    actor: ActorRef;
    calendar: ReportingCalendar;
    ruleSets: RuleSetPin[];
    publishedAt: number;
  }): Promise<AssignmentRef[]> {
    return this.db.$transaction(
      async (tx) => {
        const cycle = await tx.cycle.findUnique({ where: { id: params.cycleId }, include: { plan: true } });
        if (!cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no cycle ${params.cycleId}` });
        if (cycle.plan.status === 'draft') {
          const targetUnits = await tx.targetUnit.findMany({
            where: { target: { planId: cycle.planId } },
            include: { target: { select: { position: true } } },
          });
          targetUnits.sort(
            (a, b) => a.target.position - b.target.position || (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1),
          );
          const rows = targetUnits.map((tu) => {
            const id = randomUUID();
            return {
              id,
              cycleId: params.cycleId,
              targetId: tu.targetId,
              unitId: tu.unitId,
              role: tu.role,
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
                },
                dedupeKey: `publish/${params.cycleId}`,
              },
            ],
          });
        }
        const assignments = await tx.assignment.findMany({
          where: { cycleId: params.cycleId },
          include: { unit: true, target: { select: { position: true } } },
        });
        assignments.sort(
          (a, b) => a.target.position - b.target.position || (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1),
        );
        return assignments.map((a) => ({ assignmentId: a.id, unit: a.unit.name, role: a.role }));
      },
      { timeout: 120_000 },
    );
  }

  async recordProgress(params: {
    cycleId: string;
    phase: CyclePhase;
    childrenStarted: number;
    childrenTotal: number;
  }): Promise<void> {
    await this.db.cycle.update({
      where: { id: params.cycleId },
      data: {
        phase: params.phase,
        childrenStarted: params.childrenStarted,
        childrenTotal: params.childrenTotal,
        ...(params.phase === 'closed' ? { closedAt: new Date() } : {}),
      },
    });
    if (params.phase === 'closed') {
      const cycle = await this.db.cycle.findUniqueOrThrow({ where: { id: params.cycleId } });
      await this.db.plan.update({ where: { id: cycle.planId }, data: { status: 'closed' } });
    }
  }

  async planYear(cycleId: string): Promise<number | null> {
    const cycle = await this.db.cycle.findUnique({ where: { id: cycleId }, include: { plan: true } });
    return cycle?.plan.year ?? null;
  }

  async openAssignmentWorkflowIds(cycleId: string): Promise<string[]> {
    const rows = await this.db.assignment.findMany({
      where: { cycleId, NOT: { phase: 'closed' } },
      select: { workflowId: true },
    });
    return rows.map((r) => r.workflowId);
  }
}
