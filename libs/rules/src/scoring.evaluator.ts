import {
  type AssignmentRole,
  assignmentRoleSchema,
  type AttainmentOutcome,
  attainmentOutcomeSchema,
  type IndicatorKind,
  indicatorKindSchema,
} from '@plancycle/contracts';
import { z } from 'zod';
import {
  type DecisionBase,
  type Equivalent,
  parseInputOrThrow,
  resolveRuleSetOrThrow,
  roundDerived,
  type RuleSetSource,
} from './evaluator.support';
import type { FiredRule } from './rule-set.engine';
import type { ScoringEvent, ScoringParameters } from './rule-set.schema';
import type { ScoringFactName } from './rule-set.vocabulary';

/** One indicator's share of one responsible unit at year end, once its attainment is decided. */
export const scoringInputSchema = z.strictObject({
  outcome: attainmentOutcomeSchema,
  role: assignmentRoleSchema,
  /** A 力争 / 争取 target rather than a binding (确保) one. */
  stretch: z.boolean(),
  /** From the attainment decision; null for milestones and targets without a number. */
  shareOfTarget: z.number().finite().nullable(),
  kind: indicatorKindSchema,
});
export type ScoringInput = z.input<typeof scoringInputSchema>;

export interface ScoringFacts {
  outcome: AttainmentOutcome;
  role: AssignmentRole;
  stretch: boolean;
  shareOfTarget: number | null;
  kind: IndicatorKind;
}

const schemaMatchesFacts: Equivalent<z.infer<typeof scoringInputSchema>, ScoringFacts> = true;
const factsMatchVocabulary: Equivalent<keyof ScoringFacts, ScoringFactName> = true;
void schemaMatchesFacts;
void factsMatchVocabulary;

export interface ScoreDecision extends DecisionBase<ScoringFacts> {
  /** Rounded to cents. */
  points: number;
  /** The share's weight in the unit's weighted mean: weights.role × weights.target. */
  weight: number;
  /** The deciding rule's event (how its points were computed); null when no rule fired. */
  event: ScoringEvent | null;
  weights: { role: number; target: number };
}

const cents = (value: number) => Math.round(value * 100) / 100;

/** The points an event gives for a share of target. */
export function pointsOf(event: ScoringEvent, shareOfTarget: number | null): number {
  switch (event.type) {
    case 'points':
      return event.params.points;
    case 'share_of_target': {
      const { pointsPerShareOfTarget, minPoints, maxPoints, pointsWithoutShare } = event.params;
      if (shareOfTarget === null) return pointsWithoutShare;
      return Math.min(maxPoints, Math.max(minPoints, shareOfTarget * pointsPerShareOfTarget));
    }
  }
}

/** The weight of a share in its unit's mean: the role's weight times the target's (binding or stretch). */
export function weightsOf(parameters: ScoringParameters, facts: Pick<ScoringFacts, 'role' | 'stretch'>) {
  const role = parameters.weights.role[facts.role];
  const target = parameters.weights.target[facts.stretch ? 'stretch' : 'binding'];
  return { role, target, weight: roundDerived(role * target) };
}

function eventOf(rule: FiredRule): ScoringEvent | null {
  const params = rule.event.params ?? {};
  if (rule.event.type === 'points' && typeof params['points'] === 'number') {
    return { type: 'points', params: { points: params['points'] } };
  }
  if (rule.event.type === 'share_of_target') {
    const { pointsPerShareOfTarget, minPoints, maxPoints, pointsWithoutShare } = params;
    if ([pointsPerShareOfTarget, minPoints, maxPoints, pointsWithoutShare].every((n) => typeof n === 'number')) {
      return {
        type: 'share_of_target',
        params: {
          pointsPerShareOfTarget: pointsPerShareOfTarget as number,
          minPoints: minPoints as number,
          maxPoints: maxPoints as number,
          pointsWithoutShare: pointsWithoutShare as number,
        },
      };
    }
  }
  return null;
}

/**
 * Points and weight of one indicator for one responsible unit. The shipped rules are
 * mutually exclusive; should several fire, the highest priority decides, and when none
 * fires the share scores 0 with `decidedBy: null`, visible in the explanation.
 */
export async function decideScore(source: RuleSetSource, input: ScoringInput): Promise<ScoreDecision> {
  const compiled = resolveRuleSetOrThrow(source, 'scoring');
  const facts: ScoringFacts = parseInputOrThrow(scoringInputSchema, input, 'scoring input');
  const run = await compiled.run({ ...facts });
  let decider: { name: string; event: ScoringEvent } | null = null;
  for (const rule of run.fired) {
    const event = eventOf(rule);
    if (event !== null) {
      decider = { name: rule.name, event };
      break;
    }
  }
  const { role, target, weight } = weightsOf(compiled.ruleSet.parameters, facts);
  return {
    ruleSet: compiled.pin,
    facts,
    points: decider === null ? 0 : cents(pointsOf(decider.event, facts.shareOfTarget)),
    weight,
    event: decider?.event ?? null,
    weights: { role, target },
    decidedBy: decider?.name ?? null,
    firedRules: run.fired.map((rule) => rule.name),
    explanation: run.explanation,
  };
}
