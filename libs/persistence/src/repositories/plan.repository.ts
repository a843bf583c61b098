import { randomUUID } from 'node:crypto';
import {
  DomainError,
  calendarSpecSchema,
  importNotesSchema,
  type ImportNotes,
  comparatorSchema,
  indicatorKindSchema,
  planCycleWorkflowId,
  type AssignmentRole,
  type AuditActor,
  type CalendarSpec,
  type Page,
  type PlanDocument,
  type Target,
} from '@plancycle/contracts';
import { responsibleUnits } from '@plancycle/domain';
import { appendToAuditChain } from '../audit/audit-trail';
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { parseStored } from '../stored-json';
import { cursorAfter, page } from '../paging';
import type { IndicatorView, PlanSummaryView, PlanView, TargetView } from '../views';

type Tx = Prisma.TransactionClient;

const planInclude = {
  cycle: true,
  tasks: { orderBy: { position: 'asc' } },
  targets: {
    orderBy: { position: 'asc' },
    include: { units: { include: { unit: true } }, indicators: { orderBy: { position: 'asc' } } },
  },
} as const;

export class PlanRepository {
  constructor(private readonly db: Database) {}

  /** Stores a new draft, the cycle that will run it and the audit row, in one transaction. */
  async createDraft(params: {
    document: PlanDocument;
    calendarSpec: CalendarSpec | null;
    actor: AuditActor;
    /** What the importer was unsure of, when the draft came from a document. */
    importNotes?: ImportNotes | null;
  }): Promise<PlanView> {
    const planId = randomUUID();
    const cycleId = randomUUID();
    const title = params.document.title ?? '未命名计划';
    await this.db.$transaction(async (tx) => {
      await tx.plan.create({
        data: {
          id: planId,
          jurisdiction: params.document.jurisdiction ?? null,
          year: params.document.year ?? null,
          title,
          calendarSpec: (params.calendarSpec ?? undefined) as Prisma.InputJsonValue | undefined,
          importNotes: (params.importNotes ?? undefined) as Prisma.InputJsonValue | undefined,
          createdBy: params.actor.id,
        },
      });
      await writeStructure(tx, planId, params.document);
      await tx.cycle.create({ data: { id: cycleId, planId, workflowId: planCycleWorkflowId(cycleId) } });
      await appendToAuditChain(tx, {
        cycleId,
        events: [
          {
            actor: params.actor,
            action: 'plan.created',
            planId,
            details: { title, tasks: params.document.tasks.length, goals: (params.document.goals ?? []).length },
          },
        ],
      });
    });
    return this.findPlanOrThrow(planId);
  }

  /**
   * Replaces the draft's content and records the edit. `expectedRevision` guards against
   * two coordinators overwriting each other; a published plan is frozen.
   */
  async replaceDraft(params: {
    planId: string;
    actor: AuditActor;
    expectedRevision: number;
    document: PlanDocument;
    calendarSpec: CalendarSpec | null;
  }): Promise<PlanView> {
    await this.db.$transaction(async (tx) => {
      const plan = await tx.plan.findUnique({ where: { id: params.planId } });
      if (!plan) throw new DomainError({ code: 'NOT_FOUND', message: `no plan ${params.planId}` });
      if (plan.status !== 'draft') {
        throw new DomainError({ code: 'INVALID_STATE', message: 'the plan is published; its content is frozen' });
      }
      const updated = await tx.plan.updateMany({
        where: { id: params.planId, revision: params.expectedRevision, status: 'draft' },
        data: {
          revision: { increment: 1 },
          jurisdiction: params.document.jurisdiction ?? null,
          year: params.document.year ?? null,
          title: params.document.title ?? plan.title,
          ...(params.calendarSpec ? { calendarSpec: params.calendarSpec as Prisma.InputJsonValue } : {}),
        },
      });
      if (updated.count !== 1) {
        throw new DomainError({
          code: 'CONFLICT',
          message: `the draft is at revision ${plan.revision}, not ${params.expectedRevision}: reload and edit again`,
        });
      }
      await tx.task.deleteMany({ where: { planId: params.planId } });
      await tx.target.deleteMany({ where: { planId: params.planId } });
      await writeStructure(tx, params.planId, params.document);
      const cycle = await tx.cycle.findUniqueOrThrow({ where: { planId: params.planId }, select: { id: true } });
      await appendToAuditChain(tx, {
        cycleId: cycle.id,
        events: [
          {
            actor: params.actor,
            action: 'plan.edited',
            planId: params.planId,
            details: { fromRevision: params.expectedRevision, toRevision: params.expectedRevision + 1 },
          },
        ],
      });
    });
    return this.findPlanOrThrow(params.planId);
  }

  async findPlanOrThrow(planId: string): Promise<PlanView> {
    const plan = await this.db.plan.findUnique({ where: { id: planId }, include: planInclude });
    if (!plan || !plan.cycle) throw new DomainError({ code: 'NOT_FOUND', message: `no plan ${planId}` });
    const targetsByTask = new Map<string | null, TargetView[]>();
    for (const target of plan.targets) {
      const list = targetsByTask.get(target.taskId) ?? [];
      list.push({
        id: target.id,
        text: target.text,
        units: {
          lead: target.units.filter((u) => u.role === 'lead').map((u) => u.unit.name),
          cooperating: target.units.filter((u) => u.role === 'cooperating').map((u) => u.unit.name),
        },
        indicators: target.indicators.map(toIndicatorView),
      });
      targetsByTask.set(target.taskId, list);
    }
    return {
      id: plan.id,
      status: plan.status,
      revision: plan.revision,
      jurisdiction: plan.jurisdiction,
      year: plan.year,
      title: plan.title,
      calendarSpec: parseStored({
        schema: calendarSpecSchema.nullable(),
        value: plan.calendarSpec,
        column: 'plan.calendarSpec',
      }),
      importNotes: parseStored({ schema: importNotesSchema.nullable(), value: plan.importNotes, column: 'plan.importNotes' }),
      createdBy: plan.createdBy,
      createdAt: plan.createdAt.toISOString(),
      updatedAt: plan.updatedAt.toISOString(),
      cycleId: plan.cycle.id,
      goals: targetsByTask.get(null) ?? [],
      tasks: plan.tasks.map((task) => ({
        id: task.id,
        number: task.number,
        category: task.category,
        title: task.title,
        content: task.content,
        leader: task.leader,
        targets: targetsByTask.get(task.id) ?? [],
      })),
    };
  }

  /** Plans, newest first, a page at a time. */
  async listPlans(params: { limit: number; cursor?: string }): Promise<Page<PlanSummaryView>> {
    const after = cursorAfter(params.cursor);
    const plans = await this.db.plan.findMany({
      where: after
        ? {
            OR: [
              { createdAt: { lt: new Date(String(after[0])) } },
              { createdAt: new Date(String(after[0])), id: { gt: String(after[1]) } },
            ],
          }
        : {},
      include: { cycle: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: params.limit + 1,
    });
    const rows = plans.map((plan) => ({
      createdAt: plan.createdAt.toISOString(),
      view: {
        id: plan.id,
        title: plan.title,
        jurisdiction: plan.jurisdiction,
        year: plan.year,
        status: plan.status,
        cycleId: plan.cycle?.id ?? '',
        phase: plan.cycle?.phase ?? 'drafting',
      } satisfies PlanSummaryView,
    }));
    const result = page(rows, params.limit, (r) => [r.createdAt, r.view.id]);
    return { items: result.items.map((r) => r.view), nextCursor: result.nextCursor };
  }

  /** The unit names of a plan that the directory does not hold yet (proposed by the draft). */
  async proposedUnitNames(planId: string): Promise<string[]> {
    const rows = await this.db.unit.findMany({
      where: { status: 'proposed', targets: { some: { target: { planId } } } },
      select: { name: true },
      orderBy: { name: 'asc' },
    });
    return rows.map((r) => r.name);
  }
}

/** The plan document a view stands for (ids dropped): for export and re-validation. */
export function planDocumentOf(plan: PlanView): PlanDocument {
  const target = (t: TargetView): Target => ({
    text: t.text,
    units: t.units,
    indicators: t.indicators.map((i) => ({
      metric: i.metric,
      kind: i.kind,
      comparator: i.comparator,
      value: i.value,
      max: i.max,
      unit: i.unit,
      stretch: i.stretch,
      ...(i.baseline !== null ? { baseline: i.baseline } : {}),
      ...(i.tolerance !== null ? { tolerance: i.tolerance } : {}),
    })),
  });
  return {
    jurisdiction: plan.jurisdiction,
    year: plan.year,
    title: plan.title,
    goals: plan.goals.map(target),
    tasks: plan.tasks.map((task) => ({
      number: task.number,
      category: task.category,
      title: task.title,
      content: task.content,
      leader: task.leader,
      targets: task.targets.map(target),
    })),
  };
}

type IndicatorRow = Omit<IndicatorView, 'kind' | 'comparator'> & { kind: string; comparator: string };

/** An indicator row as a view: kind and comparator parsed, foreign keys dropped. */
export function toIndicatorView(indicator: IndicatorRow): IndicatorView {
  return {
    id: indicator.id,
    metric: indicator.metric,
    kind: parseStored({ schema: indicatorKindSchema, value: indicator.kind, column: 'indicator.kind' }),
    comparator: parseStored({ schema: comparatorSchema, value: indicator.comparator, column: 'indicator.comparator' }),
    value: indicator.value,
    max: indicator.max,
    unit: indicator.unit,
    stretch: indicator.stretch,
    baseline: indicator.baseline,
    tolerance: indicator.tolerance,
  };
}

/** Writes tasks, targets, units and indicators with a handful of bulk statements. */
async function writeStructure(tx: Tx, planId: string, document: PlanDocument): Promise<void> {
  const unitNames = new Set<string>();
  const tasks: Prisma.TaskCreateManyInput[] = [];
  const targets: Prisma.TargetCreateManyInput[] = [];
  const indicators: Prisma.IndicatorCreateManyInput[] = [];
  const targetUnits: { targetId: string; unit: string; role: AssignmentRole }[] = [];
  let targetPosition = 0;

  const addTarget = (target: Target, taskId: string | null) => {
    const targetId = randomUUID();
    targets.push({ id: targetId, planId, taskId, position: targetPosition++, text: target.text });
    for (const { unit, role } of responsibleUnits(target.units)) {
      unitNames.add(unit);
      targetUnits.push({ targetId, unit, role });
    }
    // A target with no measurable indicator is a milestone judged by review.
    const targetIndicators =
      target.indicators.length > 0
        ? target.indicators
        : [{ metric: null, kind: 'milestone' as const, comparator: 'done' as const, value: null, unit: null }];
    targetIndicators.forEach((indicator, position) =>
      indicators.push({
        id: randomUUID(),
        targetId,
        position,
        metric: indicator.metric ?? null,
        kind: indicator.kind,
        comparator: indicator.comparator,
        value: indicator.value,
        max: indicator.max ?? null,
        unit: indicator.unit,
        stretch: indicator.stretch ?? false,
        baseline: indicator.baseline ?? null,
        tolerance: indicator.tolerance ?? null,
      }),
    );
  };

  (document.goals ?? []).forEach((goal) => addTarget(goal, null));
  document.tasks.forEach((task, position) => {
    const taskId = randomUUID();
    tasks.push({
      id: taskId,
      planId,
      position,
      number: task.number,
      category: task.category ?? null,
      title: task.title,
      content: task.content ?? null,
      leader: task.leader ?? null,
    });
    task.targets.forEach((target) => addTarget(target, taskId));
  });

  const unitIds = await resolveUnitNames(tx, [...unitNames]);
  if (tasks.length > 0) await tx.task.createMany({ data: tasks });
  if (targets.length > 0) await tx.target.createMany({ data: targets });
  // Two names of one unit on one target (an alias and the name) are one link; lead wins.
  const links = new Map<string, { targetId: string; unitId: string; role: AssignmentRole }>();
  for (const t of targetUnits) {
    const unitId = unitIds.get(t.unit) as string;
    const key = `${t.targetId}/${unitId}`;
    const seen = links.get(key);
    if (!seen || (seen.role !== 'lead' && t.role === 'lead')) links.set(key, { targetId: t.targetId, unitId, role: t.role });
  }
  if (links.size > 0) await tx.targetUnit.createMany({ data: [...links.values()] });
  if (indicators.length > 0) await tx.indicator.createMany({ data: indicators });
}

/**
 * The unit id of each name a draft uses: a directory unit, the unit an alias stands for
 * (縣科技局 → 县科技局), or else a `proposed` unit, which publishing refuses until an admin
 * accepts it or a coordinator maps the name to a directory unit. Nothing joins the
 * directory silently.
 */
async function resolveUnitNames(tx: Tx, names: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (names.length === 0) return ids;
  const aliases = await tx.unitAlias.findMany({ where: { alias: { in: names } } });
  for (const alias of aliases) ids.set(alias.alias, alias.unitId);
  const rest = names.filter((n) => !ids.has(n));
  if (rest.length > 0) {
    await tx.unit.createMany({ data: rest.map((name) => ({ name, status: 'proposed' as const })), skipDuplicates: true });
    for (const unit of await tx.unit.findMany({ where: { name: { in: rest } }, select: { id: true, name: true } }))
      ids.set(unit.name, unit.id);
  }
  return ids;
}
