import { escalationLevelLabels, type EscalationFacts, type EscalationLevel } from '@plancycle/contracts';

/** One indicator's trajectory assessment for an approved report. */
export interface TrajectoryAssessment {
  decisionId: string;
  lagging: boolean;
  /** Reached share of the expected trajectory (1 = on track); null when unknown. */
  ratio: number | null;
}

/**
 * The assessment that speaks for a report: the most lagging indicator (lowest ratio,
 * an unknown ratio counting as on track); when none lags, the first. Null without
 * indicators.
 */
export function worstTrajectory(assessments: readonly TrajectoryAssessment[]): TrajectoryAssessment | null {
  let worst: TrajectoryAssessment | null = null;
  for (const assessment of assessments) {
    if (worst === null || (assessment.lagging && (!worst.lagging || (assessment.ratio ?? 1) < (worst.ratio ?? 1)))) {
      worst = assessment;
    }
  }
  return worst;
}

/** Position of a period in the calendar, counted from 1; 0 when the calendar has no such period. */
export function periodNumber(periods: readonly { key: string }[], periodKey: string): number {
  return periods.findIndex((period) => period.key === periodKey) + 1;
}

/** The reason an escalation gives, in the words of a 督办通知. */
export function escalationReason(facts: EscalationFacts, level: EscalationLevel, decided: EscalationLevel = level): string {
  const label = escalationLevelLabels[level];
  // Due process held the rules' level down: say so, so nobody wonders why 约谈 became 督办.
  const held = decided === level ? '' : `（规则判定${escalationLevelLabels[decided]}，依程序先行${label}）`;
  if (facts.trigger === 'trajectory') {
    return `${label}：进度落后于预期（完成进度为预期的${Math.round((facts.trajectoryRatio ?? 0) * 100)}%）${held}`;
  }
  return `${label}：报送逾期（逾期${facts.overdueGraceUnits}个宽限期，累计逾期${facts.overduePeriods}期）${held}`;
}
