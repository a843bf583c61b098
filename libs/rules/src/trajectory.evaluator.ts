import { type Comparator, comparatorSchema, type IndicatorKind, indicatorKindSchema } from '@plancycle/contracts';
import { z } from 'zod';
import {
  type DecisionBase,
  parseInputOrThrow,
  resolveRuleSetOrThrow,
  roundDerived,
  type RuleSetSource,
  type Equivalent,
} from './evaluator.support';
import type { TrajectoryParameters } from './rule-set.schema';
import { type TrajectoryFactName, type TrajectoryOutcome, trajectoryOutcomes } from './rule-set.vocabulary';

const finite = z.number().finite();

/** One indicator of one approved periodic report, against the annual target. */
export const trajectoryInputSchema = z
  .strictObject({
    kind: indicatorKindSchema,
    comparator: comparatorSchema,
    /** 1-based index of the reporting period within the year. */
    periodIndex: z.number().int().min(1),
    periodCount: z.number().int().min(1),
    annualTarget: finite.nullable(),
    /** The cumulative value reached so far, as reported. */
    reached: finite.nullable(),
  })
  .superRefine((input, ctx) => {
    if (input.periodIndex > input.periodCount) {
      ctx.addIssue({ code: 'custom', path: ['periodIndex'], message: 'periodIndex must not exceed periodCount' });
    }
  });
export type TrajectoryInput = z.input<typeof trajectoryInputSchema>;

export interface TrajectoryFacts {
  kind: IndicatorKind;
  comparator: Comparator;
  periodIndex: number;
  periodCount: number;
  /** periodIndex / periodCount: the share of the year gone by. */
  expectedShare: number;
  /** reached / annualTarget; null when either is unknown or the target is not positive. */
  achievedShare: number | null;
  /** achievedShare / expectedShare (1 = on the straight line to the annual target). */
  trajectoryRatio: number | null;
}

const factsMatchVocabulary: Equivalent<keyof TrajectoryFacts, TrajectoryFactName> = true;
void factsMatchVocabulary;

export interface TrajectoryDecision extends DecisionBase<TrajectoryFacts> {
  outcome: TrajectoryOutcome;
  ratio: number | null;
}

/** The share of the annual target expected by the end of period `periodIndex` of `periodCount`: the rule set's, else a straight line. */
export function expectedShareOf(parameters: TrajectoryParameters | undefined, periodIndex: number, periodCount: number): number {
  return parameters?.expectedShares?.[String(periodCount)]?.[periodIndex - 1] ?? periodIndex / periodCount;
}

export function trajectoryFactsFrom(input: TrajectoryInput, parameters?: TrajectoryParameters): TrajectoryFacts {
  const { kind, comparator, periodIndex, periodCount, annualTarget, reached } = input;
  const known = reached !== null && annualTarget !== null && annualTarget > 0;
  const expected = expectedShareOf(parameters, periodIndex, periodCount);
  return {
    kind,
    comparator,
    periodIndex,
    periodCount,
    expectedShare: roundDerived(expected),
    achievedShare: known ? roundDerived(reached / annualTarget) : null,
    // From the unrounded shares, so that rounding happens once; nothing expected yet: on the line.
    trajectoryRatio: known ? roundDerived(expected > 0 ? reached / annualTarget / expected : 1) : null,
  };
}

/**
 * The facts a recorded trajectory decision would have had under other parameters: its
 * achieved share kept, the expected share and the ratio derived again (what-if).
 */
export function trajectoryFactsAgain(recorded: TrajectoryFacts, parameters?: TrajectoryParameters): TrajectoryFacts {
  const expected = expectedShareOf(parameters, recorded.periodIndex, recorded.periodCount);
  return {
    ...recorded,
    expectedShare: roundDerived(expected),
    trajectoryRatio: recorded.achievedShare === null ? null : roundDerived(expected > 0 ? recorded.achievedShare / expected : 1),
  };
}

function isTrajectoryOutcome(type: string): type is TrajectoryOutcome {
  return (trajectoryOutcomes as readonly string[]).includes(type);
}

/** on_track / lagging / not_applicable for one indicator at one period. */
export async function assessTrajectory(source: RuleSetSource, input: TrajectoryInput): Promise<TrajectoryDecision> {
  const compiled = resolveRuleSetOrThrow(source, 'trajectory');
  const facts = trajectoryFactsFrom(parseInputOrThrow(trajectoryInputSchema, input, 'trajectory input'), compiled.ruleSet.parameters);
  const run = await compiled.run({ ...facts });
  const decider = run.fired.find((rule) => isTrajectoryOutcome(rule.event.type)) ?? null;
  return {
    ruleSet: compiled.pin,
    facts,
    outcome: decider !== null && isTrajectoryOutcome(decider.event.type) ? decider.event.type : 'not_applicable',
    ratio: facts.trajectoryRatio,
    decidedBy: decider?.name ?? null,
    firedRules: run.fired.map((rule) => rule.name),
    explanation: run.explanation,
  };
}
