import type { EvaluationResult, IndicatorEvaluation, UnitScore } from '@plancycle/contracts';

/** What a department may see of the year-end evaluation: its own figures only. */
export interface DepartmentEvaluationView {
  cycleId: string;
  plan: EvaluationResult['plan'];
  evaluatedAt: string;
  ruleSets: EvaluationResult['ruleSets'];
  /** The indicators the unit answers for, each with the unit's own share only. */
  indicators: IndicatorEvaluation[];
  /** The unit's own score and rank (empty when it answered for nothing). */
  units: UnitScore[];
  /** How many units were ranked, so that "rank 3" reads as "3 of N". */
  unitsRanked: number;
}

/**
 * The evaluation as one department sees it: no other unit's points, scores or ranks, no
 * cycle totals (they are the sum of everyone's outcomes) and no next-year goals (the
 * coordinator's draft).
 */
export function departmentEvaluationView(result: EvaluationResult, unit: string): DepartmentEvaluationView {
  const indicators = result.indicators.flatMap((indicator) => {
    const own = indicator.units.filter((share) => share.unit === unit);
    return own.length > 0 ? [{ ...indicator, units: own }] : [];
  });
  return {
    cycleId: result.cycleId,
    plan: result.plan,
    evaluatedAt: result.evaluatedAt,
    ruleSets: result.ruleSets,
    indicators,
    units: result.units.filter((score) => score.unit === unit),
    unitsRanked: result.units.length,
  };
}
