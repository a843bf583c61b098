import { type AssignmentRole, type Comparator, comparatorSchema, type IndicatorKind, indicatorKindSchema } from '@plancycle/contracts';
import { z } from 'zod';
import {
  type DecisionBase,
  parseInputOrThrow,
  resolveRuleSetOrThrow,
  roundDerived,
  type RuleSetSource,
  type Equivalent,
} from './evaluator.support';
import type { AttainmentParameters } from './rule-set.schema';
import { type AttainmentFactName, type AttainmentOutcome, attainmentOutcomes } from './rule-set.vocabulary';

const finite = z.number().finite();

/** One indicator at year end: the plan's target and what the approved report says. */
export const attainmentInputSchema = z.strictObject({
  kind: indicatorKindSchema,
  comparator: comparatorSchema,
  /** The indicator's value (for `range`, the lower end). */
  target: finite.nullable(),
  max: finite.nullable().optional(),
  tolerance: z.number().min(0).max(1).nullable().optional(),
  /** The reported value; null when nothing was reported. */
  actual: finite.nullable(),
  /** The reviewer's judgement for milestones and targets without a number. */
  done: z.boolean().nullable().optional(),
  /** Last year's value: with it a growth indicator's actual is an absolute figure. */
  baseline: finite.nullable().optional(),
});
export type AttainmentInput = z.input<typeof attainmentInputSchema>;

export interface AttainmentFacts {
  kind: IndicatorKind;
  comparator: Comparator;
  target: number | null;
  max: number | null;
  /** Resolved for `approx` (the indicator's or the rule set's default); null otherwise. */
  tolerance: number | null;
  actual: number | null;
  done: boolean | null;
  baseline: number | null;
  /** Growth in percent when a growth indicator has a baseline; otherwise the actual value. */
  achieved: number | null;
  /** achieved/target, or target/achieved where lower is better; null when undefined. */
  shareOfTarget: number | null;
  /** |achieved − target| / |target| for `approx`. */
  deviation: number | null;
  /** The band of `approx` (target ± tolerance) and `range` (value..max). */
  lowerBound: number | null;
  upperBound: number | null;
}

const factsMatchVocabulary: Equivalent<keyof AttainmentFacts, AttainmentFactName> = true;
void factsMatchVocabulary;

export interface AttainmentDecision extends DecisionBase<AttainmentFacts> {
  outcome: AttainmentOutcome;
  achieved: number | null;
  shareOfTarget: number | null;
}

/** A ceiling (lte, lt) or a rank to hold (rank eq) is better the lower it is. */
export function isLowerBetter(kind: IndicatorKind, comparator: Comparator): boolean {
  return comparator === 'lte' || comparator === 'lt' || (comparator === 'eq' && kind === 'rank');
}

function achievedFrom(kind: IndicatorKind, actual: number | null, baseline: number | null): number | null {
  if (actual === null) return null;
  if (kind !== 'growth' || baseline === null) return actual;
  // Growth from a zero baseline has no percentage.
  if (baseline === 0) return null;
  return roundDerived(((actual - baseline) / Math.abs(baseline)) * 100);
}

function shareOfTargetFrom(lowerBetter: boolean, achieved: number | null, target: number | null): number | null {
  if (achieved === null || target === null || target <= 0) return null;
  if (!lowerBetter) return roundDerived(achieved / target);
  return achieved > 0 ? roundDerived(target / achieved) : null;
}

/** Computes the facts the attainment rules read, derived ones included. */
export function attainmentFactsFrom(input: AttainmentInput, parameters: AttainmentParameters): AttainmentFacts {
  const { kind, comparator } = input;
  const target = input.target;
  const max = input.max ?? null;
  const actual = input.actual;
  const baseline = input.baseline ?? null;
  const tolerance = comparator === 'approx' ? (input.tolerance ?? parameters.defaultTolerance) : null;
  const numeric = comparator !== 'done';
  const achieved = numeric ? achievedFrom(kind, actual, baseline) : null;

  let lowerBound: number | null = null;
  let upperBound: number | null = null;
  let deviation: number | null = null;
  if (comparator === 'approx' && target !== null && tolerance !== null) {
    const a = roundDerived(target * (1 - tolerance));
    const b = roundDerived(target * (1 + tolerance));
    [lowerBound, upperBound] = a <= b ? [a, b] : [b, a];
    if (achieved !== null && target !== 0) deviation = roundDerived(Math.abs(achieved - target) / Math.abs(target));
  }
  if (comparator === 'range' && target !== null) {
    // A missing max, or one below the value (both refused by the plan schema), collapses the band to the value.
    lowerBound = target;
    upperBound = Math.max(target, max ?? target);
  }

  return {
    kind,
    comparator,
    target,
    max,
    tolerance,
    actual,
    done: input.done ?? null,
    baseline,
    achieved,
    shareOfTarget: numeric ? shareOfTargetFrom(isLowerBetter(kind, comparator), achieved, target) : null,
    deviation,
    lowerBound,
    upperBound,
  };
}

function isAttainmentOutcome(type: string): type is AttainmentOutcome {
  return (attainmentOutcomes as readonly string[]).includes(type);
}

/**
 * Decides exceeded / met / not_met / no_data for one indicator. The v1 rules are
 * mutually exclusive; should several fire, the highest priority wins, and when none
 * fires the outcome is no_data with `decidedBy: null`, visible in the explanation.
 */
export async function decideAttainment(source: RuleSetSource, input: AttainmentInput): Promise<AttainmentDecision> {
  const compiled = resolveRuleSetOrThrow(source, 'attainment');
  const parsed = parseInputOrThrow(attainmentInputSchema, input, 'attainment input');
  const facts = attainmentFactsFrom(parsed, compiled.ruleSet.parameters);
  const run = await compiled.run({ ...facts });
  const decider = run.fired.find((rule) => isAttainmentOutcome(rule.event.type)) ?? null;
  return {
    ruleSet: compiled.pin,
    facts,
    outcome: decider !== null && isAttainmentOutcome(decider.event.type) ? decider.event.type : 'no_data',
    achieved: facts.achieved,
    shareOfTarget: facts.shareOfTarget,
    decidedBy: decider?.name ?? null,
    firedRules: run.fired.map((rule) => rule.name),
    explanation: run.explanation,
  };
}

export interface IndicatorScore {
  points: number;
  /** The role's weight in the unit's weighted mean. */
  weight: number;
}

/**
 * Points for one indicator and one responsible unit. not_met earns partial credit in
 * proportion to the share of target reached, capped below met so that missing a target
 * never scores like meeting it.
 */
export function scoreIndicator(
  parameters: AttainmentParameters,
  input: { outcome: AttainmentOutcome; shareOfTarget: number | null; role: AssignmentRole },
): IndicatorScore {
  const { points, notMet, roleWeights } = parameters.scoring;
  let earned: number;
  switch (input.outcome) {
    case 'exceeded':
      earned = points.exceeded;
      break;
    case 'met':
      earned = points.met;
      break;
    case 'no_data':
      earned = points.noData;
      break;
    case 'not_met':
      earned =
        input.shareOfTarget === null ? 0 : Math.min(notMet.maxPoints, Math.max(0, input.shareOfTarget * notMet.pointsPerShareOfTarget));
      break;
  }
  return { points: Math.round(earned * 100) / 100, weight: roleWeights[input.role] };
}
