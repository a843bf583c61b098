import { capEscalation, raisesEscalation, type AssignmentActivities, type EscalationFacts, type RuleSetPin } from '@plancycle/contracts';
import {
  SUPERVISION_SERIES,
  documentNumberText,
  escalationReason,
  periodNumber,
  worstTrajectory,
  type TrajectoryAssessment,
} from '@plancycle/domain';
import type { Repositories } from '@plancycle/persistence';
import type { NoticeDelivery } from '../notices/notice-delivery';
import type { RulesPort } from '../rules/rules.port';
import { withDomainFailures } from './activity-errors';
import { pinOrThrow } from './plan-cycle.activities';

const noticeEventOfLevel = { reminder: 'urge', supervision: 'supervision', interview: 'interview' } as const;

export function createAssignmentActivities(deps: {
  repositories: Repositories;
  rules: RulesPort;
  notices: NoticeDelivery;
}): AssignmentActivities {
  const { repositories: repos, rules, notices } = deps;
  // An assignment never changes cycle, so a worker may keep that; the pins it reads at each
  // decision, since a coordinator may amend a running cycle to a newer version.
  const cycleByAssignment = new Map<string, string>();

  async function cycleOf(assignmentId: string): Promise<{ cycleId: string; pins: RuleSetPin[] }> {
    let cycleId = cycleByAssignment.get(assignmentId);
    if (cycleId === undefined) {
      cycleId = (await repos.assignments.findAssignmentOrThrow(assignmentId)).cycleId;
      cycleByAssignment.set(assignmentId, cycleId);
    }
    return { cycleId, pins: await repos.cycles.pinsOf(cycleId) };
  }

  return {
    loadAssignmentContext: ({ assignmentId, status }) =>
      withDomainFailures(async () => {
        const context = await repos.assignments.loadContextOrThrow(assignmentId);
        if (status) await repos.assignments.recordStatus(status);
        return context;
      }),

    recordAssignmentStatus: ({ status }) => withDomainFailures(() => repos.assignments.recordStatus(status)),

    recordAcknowledgement: (input) => withDomainFailures(() => repos.assignments.recordAcknowledgement(input)),

    saveReport: ({ assignmentId, request, version, submittedAt, status }) =>
      withDomainFailures(() =>
        repos.assignments.saveReport({
          assignmentId,
          actor: request.actor,
          submission: request.submission,
          version,
          submittedAt,
          ...(status ? { status } : {}),
        }),
      ),

    saveReview: ({ assignmentId, reportId, request, reviewedAt, status }) =>
      withDomainFailures(async () => {
        await repos.assignments.saveReview({
          reportId,
          actor: request.actor,
          review: request.review,
          reviewedAt,
          ...(status ? { status } : {}),
        });
        const report = await repos.assignments.findReportOrThrow(reportId);
        await notices.notify({
          event: request.review.decision === 'approve' ? 'approved' : 'returned',
          eventKey: `review/${reportId}`,
          assignmentId,
          periodKey: report.periodKey,
          about: { comment: request.review.comment ?? null },
        });
      }),

    sendDeadlineReminder: ({ assignmentId, periodKey, deadlineAt, outcome = 'sent', reason }) =>
      // The trail records the reminder, or why it was not sent (the deadline passed while the
      // system was down); the unit's people and robot are told (in-app, e-mail, webhook).
      withDomainFailures(async () => {
        await repos.assignments.recordReminder({ assignmentId, periodKey, deadlineAt, outcome, ...(reason ? { reason } : {}) });
        if (outcome === 'skipped') return;
        await notices.notify({
          event: 'reminder',
          eventKey: `reminder/${assignmentId}/${periodKey}/${deadlineAt}`,
          assignmentId,
          periodKey,
          about: { deadlineAt },
        });
      }),

    markOverdue: ({ assignmentId, periodKey, deadlineAt }) =>
      withDomainFailures(async () => {
        await repos.assignments.recordOverdue({ assignmentId, periodKey, deadlineAt });
        await notices.notify({
          event: 'overdue',
          eventKey: `overdue/${assignmentId}/${periodKey}/${deadlineAt}`,
          assignmentId,
          periodKey,
          about: { deadlineAt },
        });
      }),

    decideEscalation: ({ assignmentId, periodKey, facts, currentLevel, ceiling = null }) =>
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
        const raisedLevel = capEscalation(level, ceiling);
        if (raisesEscalation(currentLevel, raisedLevel)) {
          const reason = escalationReason(facts, raisedLevel, level ?? raisedLevel);
          const raised = await repos.decisions.raiseEscalation({
            assignmentId,
            periodKey,
            level: raisedLevel,
            recipient,
            reason,
            decisionId,
            ruleSet: pin,
          });
          // Who is told is the rule set's `recipient` (督办: the unit and its leader; 约谈: the leader and the task force).
          await notices.notify({
            event: noticeEventOfLevel[raisedLevel],
            eventKey: `escalation/${assignmentId}/${periodKey}/${raisedLevel}`,
            assignmentId,
            periodKey,
            ruleRecipient: recipient,
            about: {
              reason,
              documentNumber: raised.notice ? documentNumberText(SUPERVISION_SERIES, raised.notice.year, raised.notice.number) : null,
            },
          });
        }
        return { decisionId, level, raisedLevel, recipient, ruleSet: pin };
      }),

    assessTrajectory: ({ assignmentId, periodKey, reportId }) =>
      withDomainFailures(async () => {
        const { cycleId, pins } = await cycleOf(assignmentId);
        const pin = pinOrThrow(pins, 'trajectory');
        const cycle = await repos.cycles.findCycleOrThrow(cycleId);
        const periods = cycle.calendar?.periods ?? [];
        const periodIndex = periodNumber(periods, periodKey);
        const assignment = await repos.assignments.findAssignmentOrThrow(assignmentId);
        const report = await repos.assignments.findReportOrThrow(reportId);
        const assessments: TrajectoryAssessment[] = [];
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
          assessments.push({ decisionId, lagging: decision.result.outcome === 'lagging', ratio: decision.result.ratio });
        }
        const worst = worstTrajectory(assessments);
        return worst
          ? { ratio: worst.ratio, lagging: worst.lagging, decisionId: worst.decisionId }
          : { decisionId: '', lagging: false, ratio: null };
      }),
  };
}

function escalationDedupeKey(assignmentId: string, periodKey: string, facts: EscalationFacts): string {
  return `escalation/${assignmentId}/${periodKey}/${facts.trigger}/${facts.overdueGraceUnits}/${facts.returnedCount}/${facts.trajectoryRatio ?? ''}`;
}
