import {
  escalationLevelLabels,
  escalationRank,
  type AssignmentActivities,
  type EscalationFacts,
  type RuleSetPin,
} from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import type { RulesPort } from '../rules/rules.port';
import { withDomainFailures } from './activity-errors';
import { pinOrThrow } from './plan-cycle.activities';

export function createAssignmentActivities(deps: { repositories: Repositories; rules: RulesPort }): AssignmentActivities {
  const { repositories: repos, rules } = deps;
  // Pins never change after publishing, so a worker may keep them.
  const pinsByAssignment = new Map<string, { cycleId: string; pins: RuleSetPin[] }>();

  async function cycleOf(assignmentId: string) {
    const known = pinsByAssignment.get(assignmentId);
    if (known) return known;
    const assignment = await repos.assignments.findAssignmentOrThrow(assignmentId);
    const cycle = await repos.cycles.findCycleOrThrow(assignment.cycleId);
    const entry = { cycleId: cycle.id, pins: cycle.ruleSets };
    pinsByAssignment.set(assignmentId, entry);
    return entry;
  }

  return {
    loadAssignmentContext: ({ assignmentId }) =>
      withDomainFailures(() => repos.assignments.loadContextOrThrow(assignmentId)),

    recordAssignmentStatus: ({ status }) => withDomainFailures(() => repos.assignments.recordStatus(status)),

    recordAcknowledgement: (input) => withDomainFailures(() => repos.assignments.recordAcknowledgement(input)),

    saveReport: ({ assignmentId, request, version, submittedAt }) =>
      withDomainFailures(() =>
        repos.assignments.saveReport({
          assignmentId,
          actor: request.actor,
          submission: request.submission,
          version,
          submittedAt,
        }),
      ),

    saveReview: ({ reportId, request, reviewedAt }) =>
      withDomainFailures(() =>
        repos.assignments.saveReview({ reportId, actor: request.actor, review: request.review, reviewedAt }),
      ),

    sendDeadlineReminder: ({ assignmentId, periodKey, deadlineAt }) =>
      // Delivery channels (SMS, OA messages) plug in here; the trail records the notice.
      withDomainFailures(() => repos.assignments.recordReminderSent({ assignmentId, periodKey, deadlineAt })),

    markOverdue: ({ assignmentId, periodKey, deadlineAt }) =>
      withDomainFailures(() => repos.assignments.recordOverdue({ assignmentId, periodKey, deadlineAt })),

    decideEscalation: ({ assignmentId, periodKey, facts, currentLevel }) =>
      withDomainFailures(async () => {
        const { cycleId, pins } = await cycleOf(assignmentId);
        const pin = pinOrThrow(pins, 'escalation');
        const decision = await rules.decideEscalation(pin, facts);
        const decisionId = await repos.decisions.saveDecision({
          cycleId,
          assignmentId,
          periodKey,
          kind: 'escalation',
          outcome: decision.result.level ?? 'none',
          ruleSet: pin,
          facts: decision.facts,
          conditions: decision.conditions,
          dedupeKey: escalationDedupeKey(assignmentId, periodKey, facts),
        });
        const { level, recipient } = decision.result;
        if (level !== null && escalationRank(level) > escalationRank(currentLevel)) {
          await repos.decisions.raiseEscalation({
            assignmentId,
            periodKey,
            level,
            recipient,
            reason: describeTrigger(facts, escalationLevelLabels[level]),
            decisionId,
            ruleSet: pin,
          });
        }
        return { decisionId, level, recipient, ruleSet: pin };
      }),

    assessTrajectory: ({ assignmentId, periodKey, reportId }) =>
      withDomainFailures(async () => {
        const { cycleId, pins } = await cycleOf(assignmentId);
        const pin = pinOrThrow(pins, 'trajectory');
        const cycle = await repos.cycles.findCycleOrThrow(cycleId);
        const periods = cycle.calendar?.periods ?? [];
        const periodIndex = periods.findIndex((p) => p.key === periodKey) + 1;
        const assignment = await repos.assignments.findAssignmentOrThrow(assignmentId);
        const report = await repos.assignments.findReportOrThrow(reportId);
        let worst: { ratio: number | null; lagging: boolean; decisionId: string } | null = null;
        for (const indicator of assignment.indicators) {
          const reached = report.values.find((v) => v.indicatorId === indicator.id)?.value ?? null;
          const decision = await rules.assessTrajectory(pin, {
            kind: indicator.kind,
            comparator: indicator.comparator,
            periodIndex,
            periodCount: periods.length,
            annualTarget: indicator.value,
            reached,
          });
          const decisionId = await repos.decisions.saveDecision({
            cycleId,
            assignmentId,
            indicatorId: indicator.id,
            periodKey,
            kind: 'trajectory',
            outcome: decision.result.outcome,
            ruleSet: pin,
            facts: decision.facts,
            conditions: decision.conditions,
            dedupeKey: `trajectory/${reportId}/${indicator.id}`,
          });
          const lagging = decision.result.outcome === 'lagging';
          if (worst === null || (lagging && (!worst.lagging || (decision.result.ratio ?? 1) < (worst.ratio ?? 1)))) {
            worst = { ratio: decision.result.ratio, lagging, decisionId };
          }
        }
        return worst ?? { decisionId: '', lagging: false, ratio: null };
      }),
  };
}

function escalationDedupeKey(assignmentId: string, periodKey: string, facts: EscalationFacts): string {
  return `escalation/${assignmentId}/${periodKey}/${facts.trigger}/${facts.overdueGraceUnits}/${facts.returnedCount}/${facts.trajectoryRatio ?? ''}`;
}

function describeTrigger(facts: EscalationFacts, label: string): string {
  if (facts.trigger === 'trajectory') {
    return `${label}：进度落后于预期（完成进度为预期的${Math.round((facts.trajectoryRatio ?? 0) * 100)}%）`;
  }
  return `${label}：报送逾期（逾期${facts.overdueGraceUnits}个宽限期，累计逾期${facts.overduePeriods}期）`;
}
