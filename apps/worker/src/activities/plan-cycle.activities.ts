import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  DomainError,
  cycleClosedSignal,
  type AssignmentRef,
  type EvaluationResult,
  type IndicatorEvaluation,
  systemActors,
  type PlanCycleActivities,
  type RuleSetPin,
} from '@plancycle/contracts';
import {
  calendarProblems,
  chooseReportedFigure,
  closesPlan,
  decomposePlan,
  draftNextYearGoals,
  evaluatedFigures,
  holidayCalendarFor,
  inDecompositionOrder,
  legacyUnitRanking,
  publishProblems,
  quarterlyYear,
  renderChineseSummary,
  resolveReportingCalendar,
  scoreUnits,
  targetsToEvaluate,
  totalsOf,
  type AssignmentDraft,
} from '@plancycle/domain';
import { planDocumentOf, type NewDecision, type PublishedAssignment, type Repositories } from '@plancycle/persistence';
import type { RulesPort } from '../rules/rules.port';
import { withDomainFailures } from './activity-errors';

export function createPlanCycleActivities(deps: { repositories: Repositories; rules: RulesPort; temporal: Client }): PlanCycleActivities {
  const { repositories: repos, rules, temporal } = deps;

  return {
    publishPlan: (input) =>
      withDomainFailures(async () => {
        const cycle = await repos.cycles.findCycleOrThrow(input.cycleId);
        const plan = await repos.plans.findPlanOrThrow(input.planId);
        // The plan is frozen once published, so a retry decomposes it the same way.
        const decomposition = decomposePlan(plan);
        if (plan.status !== 'draft' && cycle.calendar) {
          // A retry after the transaction committed: answer with what was decided then.
          const stored = await repos.cycles.publishOnce({
            cycleId: input.cycleId,
            actor: input.actor,
            calendar: cycle.calendar,
            ruleSets: cycle.ruleSets,
            publishedAt: input.publishedAt,
            assignments: decomposition,
          });
          return { ...refsAnswer(input.withAssignments, stored, decomposition), calendar: cycle.calendar, ruleSets: cycle.ruleSets };
        }
        const problems = publishProblems(planDocumentOf(plan));
        if (problems.length > 0) {
          throw new DomainError({ code: 'PLAN_INVALID', message: 'the draft cannot be published yet', issues: problems });
        }
        // Quarterly due dates count working days: the holidays and 调休 of the plan's year and
        // the next (Q4 is due in January), an admin's override first, pinned with the cycle.
        const holidayCalendar =
          input.calendarSpec.kind === 'quarterly'
            ? await (async () => {
                const year = quarterlyYear({ publishedAt: input.publishedAt, planYear: plan.year });
                const overrides = await repos.calendar.overridesFor([year, year + 1]);
                return holidayCalendarFor({ years: [year, year + 1], overrides });
              })()
            : null;
        const calendar = resolveReportingCalendar({
          spec: input.calendarSpec,
          publishedAt: input.publishedAt,
          planYear: plan.year,
          holidays: holidayCalendar,
        });
        const calendarIssues = calendarProblems(calendar);
        if (calendarIssues.length > 0) {
          throw new DomainError({ code: 'VALIDATION_FAILED', message: 'the calendar is inconsistent', issues: calendarIssues });
        }
        const ruleSets = await rules.latestPins();
        const stored = await repos.cycles.publishOnce({
          cycleId: input.cycleId,
          actor: input.actor,
          calendar,
          ruleSets,
          holidayCalendar,
          publishedAt: input.publishedAt,
          assignments: decomposition,
        });
        return { ...refsAnswer(input.withAssignments, stored, decomposition), calendar, ruleSets };
      }),

    assignmentRefs: ({ cycleId, offset, limit }) =>
      withDomainFailures(async () => {
        const cycle = await repos.cycles.findCycleOrThrow(cycleId);
        const plan = await repos.plans.findPlanOrThrow(cycle.planId);
        const stored = await repos.cycles.publishedAssignments(cycleId);
        return assignmentRefs(stored, decomposePlan(plan)).slice(offset, offset + limit);
      }),

    recordCycleProgress: (input) => withDomainFailures(() => repos.cycles.recordProgress({ ...input, closePlan: closesPlan(input.phase) })),

    evaluateCycle: ({ cycleId, actor }) =>
      withDomainFailures(async () => {
        const cycle = await repos.cycles.findCycleOrThrow(cycleId);
        const plan = await repos.plans.findPlanOrThrow(cycle.planId);
        const attainmentPin = pinOrThrow(cycle.ruleSets, 'attainment');
        // Cycles published before the scoring rule set existed pinned none: they keep the
        // attainment rule set's points and weights and the ranking they had.
        const scoringPin = cycle.ruleSets.find((pin) => pin.id === 'scoring') ?? null;
        const ranking = scoringPin === null ? legacyUnitRanking : await rules.unitRanking(scoringPin);
        const assignments = await repos.assignments.allAssignments({ cycleId });
        const approved = await repos.assignments.latestApprovedValues(cycleId);
        const targets = targetsToEvaluate(plan, assignments);
        const total = targets.reduce((n, t) => n + t.target.indicators.length, 0);
        const evaluationId = await repos.evaluations.start({ cycleId, total });

        const evaluations: IndicatorEvaluation[] = [];
        const decisions: NewDecision[] = [];
        let done = 0;
        for (const { target, taskNumber, owners } of targets) {
          for (const indicator of target.indicators) {
            const chosen = chooseReportedFigure(
              (approved.get(indicator.id) ?? []).map((figure) => ({
                ...figure,
                // A figure from an assignment that is not one of the target's owners never outranks a lead.
                role: owners.find((owner) => owner.id === figure.assignmentId)?.role ?? 'cooperating',
              })),
            );
            const decision = await rules.decideAttainment(attainmentPin, {
              kind: indicator.kind,
              comparator: indicator.comparator,
              target: indicator.value,
              max: indicator.max,
              tolerance: indicator.tolerance,
              actual: chosen?.value ?? null,
              done: chosen?.done ?? null,
              baseline: indicator.baseline,
            });
            const dedupeKey = `attainment/${cycleId}/${indicator.id}`;
            decisions.push({
              cycleId,
              indicatorId: indicator.id,
              kind: 'attainment',
              outcome: decision.result.outcome,
              ruleSet: attainmentPin,
              facts: decision.facts,
              conditions: decision.conditions,
              dedupeKey,
            });
            const figures = evaluatedFigures({
              kind: indicator.kind,
              baseline: indicator.baseline,
              chosen,
              ruleAchieved: decision.result.achieved,
            });
            const units: IndicatorEvaluation['units'] = [];
            for (const owner of owners) {
              const share = { outcome: decision.result.outcome, shareOfTarget: decision.result.shareOfTarget, role: owner.role };
              if (scoringPin === null) {
                units.push({ unit: owner.unit, role: owner.role, ...(await rules.scoreIndicator(attainmentPin, share)) });
                continue;
              }
              const score = await rules.decideScore(scoringPin, { ...share, stretch: indicator.stretch, kind: indicator.kind });
              decisions.push({
                cycleId,
                assignmentId: owner.id,
                indicatorId: indicator.id,
                kind: 'scoring',
                outcome: String(score.result.points),
                ruleSet: scoringPin,
                facts: score.facts,
                conditions: score.conditions,
                dedupeKey: `scoring/${cycleId}/${indicator.id}/${owner.id}`,
              });
              units.push({ unit: owner.unit, role: owner.role, ...score.result });
            }
            evaluations.push({
              indicatorId: indicator.id,
              targetId: target.id,
              taskNumber,
              targetText: target.text,
              metric: indicator.metric,
              kind: indicator.kind,
              comparator: indicator.comparator,
              target: indicator.value,
              max: indicator.max,
              unit: indicator.unit,
              stretch: indicator.stretch,
              achieved: figures.achieved,
              done: figures.done,
              baseline: indicator.baseline,
              growth: figures.growth,
              outcome: decision.result.outcome,
              shareOfTarget: decision.result.shareOfTarget,
              decisionId: dedupeKey,
              units,
            });
            done += 1;
            if (done % 100 === 0) {
              Context.current().heartbeat({ done, total });
              await repos.evaluations.progress({ cycleId, done });
            }
          }
        }
        const decisionIds = await repos.decisions.saveDecisions(decisions, ({ saved, total: decisionsTotal }) =>
          Context.current().heartbeat({ done, total, decisionsSaved: saved, decisionsTotal }),
        );
        for (const evaluation of evaluations) {
          evaluation.decisionId = decisionIds.get(evaluation.decisionId) ?? evaluation.decisionId;
        }
        await repos.evaluations.progress({ cycleId, done });
        const result: EvaluationResult = {
          cycleId,
          plan: { title: plan.title, jurisdiction: plan.jurisdiction, year: plan.year },
          evaluatedAt: new Date().toISOString(),
          ruleSets: scoringPin === null ? [attainmentPin] : [attainmentPin, scoringPin],
          totals: totalsOf(evaluations),
          indicators: evaluations,
          units: scoreUnits(evaluations, ranking),
          nextYearDraftGoals: draftNextYearGoals(evaluations),
        };
        const summaryText = renderChineseSummary(result);
        await repos.evaluations.complete({
          cycleId,
          result,
          summaryText,
          actor: actor ?? systemActors.calendar,
          ruleSet: attainmentPin,
          totals: result.totals,
        });
        return { evaluationId };
      }),

    amendCycleRuleSet: ({ cycleId, actor, ruleSet, reason, amendedAt, amendmentKey }) =>
      withDomainFailures(async () => {
        const amendment = await repos.cycles.amendRuleSet({
          cycleId,
          actor,
          ruleSet,
          reason,
          amendedAt: new Date(amendedAt),
          amendmentKey,
        });
        return {
          cycleId,
          amendmentId: amendment.id,
          ruleSetId: amendment.ruleSetId,
          fromVersion: amendment.fromVersion,
          toVersion: amendment.toVersion,
          amendedAt: Date.parse(amendment.amendedAt),
          ruleSets: amendment.ruleSets,
          ...(amendment.duplicate ? { duplicate: true } : {}),
        };
      }),

    closeCycleAssignments: ({ cycleId }) =>
      withDomainFailures(async () => {
        const workflowIds = await repos.cycles.openAssignmentWorkflowIds(cycleId);
        let signalled = 0;
        for (const workflowId of workflowIds) {
          try {
            await temporal.workflow.getHandle(workflowId).signal(cycleClosedSignal, { reason: 'evaluated' });
            signalled += 1;
          } catch (error) {
            // Already finished on its own (its last period closed): nothing to tell it.
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          }
          Context.current().heartbeat({ signalled });
        }
        return { signalled };
      }),
  };
}

/** The published assignments as the cycle starts them: in decomposition order, exactly the contract's fields. */
function assignmentRefs(stored: PublishedAssignment[], decomposition: AssignmentDraft[]): AssignmentRef[] {
  return inDecompositionOrder(stored, decomposition).map(({ assignmentId, unit, role }) => ({ assignmentId, unit, role }));
}

/** The list (histories before the assignment-pages patch) or only the count. */
function refsAnswer(withAssignments: boolean | undefined, stored: PublishedAssignment[], decomposition: AssignmentDraft[]) {
  return withAssignments === false
    ? { assignments: [], assignmentCount: stored.length }
    : { assignments: assignmentRefs(stored, decomposition), assignmentCount: stored.length };
}

export function pinOrThrow(pins: RuleSetPin[], id: string): RuleSetPin {
  const pin = pins.find((p) => p.id === id);
  if (!pin) throw new DomainError({ code: 'RULE_SET_INVALID', message: `the cycle pinned no ${id} rule set` });
  return pin;
}
