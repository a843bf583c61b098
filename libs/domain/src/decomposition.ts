import type { FieldIssue, PlanDocument } from '@plancycle/contracts';

/** What stops a draft from being published, with the path of each offending field. */
export function publishProblems(plan: PlanDocument): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!plan.title || plan.title.trim() === '') problems.push({ path: 'title', message: 'a published plan needs a title' });
  if (plan.tasks.length === 0) problems.push({ path: 'tasks', message: 'a published plan needs at least one task' });
  plan.tasks.forEach((task, taskIndex) =>
    task.targets.forEach((target, targetIndex) => {
      if (target.units.lead.length + target.units.cooperating.length === 0) {
        problems.push({
          path: `tasks.${taskIndex}.targets.${targetIndex}.units`,
          message: 'no responsible unit: name a lead unit (牵头单位) before publishing',
        });
      }
    }),
  );
  return problems;
}
