import type { AssignmentRole, IndicatorKind } from '@plancycle/contracts';

/** A unit's figure for one indicator, from its latest approved report. */
export interface ReportedFigure {
  role: AssignmentRole;
  value: number | null;
  done: boolean | null;
}

/**
 * The figure that stands for an indicator at year end: the lead unit's counts; a
 * cooperating unit's only when no lead unit reported one. Among units of the same
 * role the first given wins.
 */
export function chooseReportedFigure<F extends ReportedFigure>(figures: readonly F[]): F | null {
  const leadFirst = [...figures].sort((a, b) => roleOrder(a.role) - roleOrder(b.role));
  return leadFirst.find((figure) => figure.value !== null || figure.done !== null) ?? null;
}

function roleOrder(role: AssignmentRole): number {
  return role === 'lead' ? 0 : 1;
}

/**
 * What the year-end result shows for an indicator, from the chosen figure and the
 * rule set's `achieved` fact:
 * - achieved: the reported figure (none for a milestone, which is judged done or not);
 * - growth in percent: for a growth indicator, the rule set's achieved figure (it turns
 *   an absolute figure with a baseline into growth); for any other indicator with a
 *   non-zero baseline, (reported − baseline) / baseline × 100; otherwise none.
 */
export function evaluatedFigures(params: {
  kind: IndicatorKind;
  baseline: number | null;
  chosen: { value: number | null; done: boolean | null } | null;
  ruleAchieved: number | null;
}): { achieved: number | null; done: boolean | null; growth: number | null } {
  const { kind, baseline, chosen, ruleAchieved } = params;
  const reported = chosen?.value ?? null;
  return {
    achieved: kind === 'milestone' ? null : reported,
    done: chosen?.done ?? null,
    growth: kind === 'growth' ? ruleAchieved : growthOverBaseline(reported, baseline),
  };
}

/** Growth in percent over last year's figure; none without a figure or a non-zero baseline. */
export function growthOverBaseline(reported: number | null, baseline: number | null): number | null {
  if (reported === null || !baseline) return null;
  return ((reported - baseline) / baseline) * 100;
}

/**
 * The targets judged at year end, in plan order (headline goals, then each task's
 * targets), each with the assignments that answer for it; targets nobody was assigned
 * are left out.
 */
export function targetsToEvaluate<T extends { id: string }, A extends { target: { id: string } }>(
  plan: { goals: T[]; tasks: { number: string; targets: T[] }[] },
  assignments: readonly A[],
): { target: T; taskNumber: string | null; owners: A[] }[] {
  const ownersByTarget = new Map<string, A[]>();
  for (const assignment of assignments) {
    const owners = ownersByTarget.get(assignment.target.id) ?? [];
    owners.push(assignment);
    ownersByTarget.set(assignment.target.id, owners);
  }
  return [
    ...plan.goals.map((target) => ({ target, taskNumber: null })),
    ...plan.tasks.flatMap((task) => task.targets.map((target) => ({ target, taskNumber: task.number }))),
  ].flatMap(({ target, taskNumber }) => {
    const owners = ownersByTarget.get(target.id);
    return owners ? [{ target, taskNumber, owners }] : [];
  });
}
