import type { AssignmentRole, FieldIssue, PlanDocument } from '@plancycle/contracts';

/** What stops a draft from being published, with the path of each offending field. */
export function publishProblems(plan: PlanDocument): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!plan.title || plan.title.trim() === '')
    problems.push({ path: 'title', message: 'a published plan needs a title', code: 'title_required' });
  if (plan.tasks.length === 0) problems.push({ path: 'tasks', message: 'a published plan needs at least one task', code: 'task_required' });
  plan.tasks.forEach((task, taskIndex) =>
    task.targets.forEach((target, targetIndex) => {
      if (target.units.lead.length + target.units.cooperating.length === 0) {
        problems.push({
          path: `tasks.${taskIndex}.targets.${targetIndex}.units`,
          message: 'no responsible unit: name a lead unit (牵头单位) before publishing',
          code: 'lead_unit_required',
        });
      }
    }),
  );
  return problems;
}

/** A stored target as far as decomposition cares: its id and its responsible units. */
export interface DecomposableTarget {
  id: string;
  units: { lead: string[]; cooperating: string[] };
}

/** One target given to one unit in one role (任务分解). */
export interface AssignmentDraft {
  targetId: string;
  unit: string;
  role: AssignmentRole;
}

/**
 * Decomposes a plan into one assignment per target and responsible unit, in the order
 * the cycle starts them: headline goals, then each task's targets, in plan order; on
 * each target the lead units before the cooperating ones. A unit named in both roles
 * answers as lead, once.
 */
export function decomposePlan(plan: { goals: DecomposableTarget[]; tasks: { targets: DecomposableTarget[] }[] }): AssignmentDraft[] {
  const targets = [...plan.goals, ...plan.tasks.flatMap((task) => task.targets)];
  return targets.flatMap((target) => responsibleUnits(target.units).map(({ unit, role }) => ({ targetId: target.id, unit, role })));
}

/**
 * The units answering for a target, each once, in one role: names trimmed, lead units
 * first, and a unit named both lead and cooperating answers as lead. Used when a plan's
 * structure is stored and when it is decomposed, so both agree.
 */
export function responsibleUnits(units: { lead: string[]; cooperating: string[] }): { unit: string; role: AssignmentRole }[] {
  const lead = unique(units.lead);
  const cooperating = unique(units.cooperating).filter((unit) => !lead.includes(unit));
  return [...lead.map((unit) => ({ unit, role: 'lead' as const })), ...cooperating.map((unit) => ({ unit, role: 'cooperating' as const }))];
}

/**
 * Puts stored assignments in decomposition order (a retried publish reads them back
 * from the database, in no particular order). Assignments the decomposition does not
 * name, which a frozen plan never has, go last in their given order.
 */
export function inDecompositionOrder<A extends { targetId: string; unit: string }>(
  assignments: readonly A[],
  decomposition: readonly AssignmentDraft[],
): A[] {
  const position = new Map(decomposition.map((draft, index) => [`${draft.targetId}\u0000${draft.unit}`, index]));
  const rank = (assignment: A) => position.get(`${assignment.targetId}\u0000${assignment.unit}`) ?? Number.MAX_SAFE_INTEGER;
  return [...assignments].sort((a, b) => rank(a) - rank(b));
}

function unique(units: string[]): string[] {
  return [...new Set(units.map((unit) => unit.trim()))];
}
