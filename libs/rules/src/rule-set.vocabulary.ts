import { attainmentOutcomes, escalationLevels, type AttainmentOutcome } from '@plancycle/contracts';

/**
 * The words rule-set files may use: kinds, outcomes, recipients, and the facts each
 * evaluator provides. The loader checks rule files against these lists, so a rule that
 * names a fact no evaluator computes is refused when it is loaded, not when it runs.
 */

export const ruleSetKinds = ['attainment', 'trajectory', 'escalation', 'scoring'] as const;
export type RuleSetKind = (typeof ruleSetKinds)[number];

export { attainmentOutcomes, type AttainmentOutcome };

export const trajectoryOutcomes = ['on_track', 'lagging', 'not_applicable'] as const;
export type TrajectoryOutcome = (typeof trajectoryOutcomes)[number];

export { escalationLevels };

/** Who receives an escalation, one per level of the ladder. */
export const escalationRecipients = ['unit', 'unit_and_leader', 'leader_and_task_force'] as const;
export type EscalationRecipient = (typeof escalationRecipients)[number];

export const attainmentFactNames = [
  'kind',
  'comparator',
  'target',
  'max',
  'tolerance',
  'actual',
  'done',
  'baseline',
  'achieved',
  'shareOfTarget',
  'deviation',
  'lowerBound',
  'upperBound',
] as const;
export type AttainmentFactName = (typeof attainmentFactNames)[number];

export const trajectoryFactNames = [
  'kind',
  'comparator',
  'periodIndex',
  'periodCount',
  'expectedShare',
  'achievedShare',
  'trajectoryRatio',
] as const;
export type TrajectoryFactName = (typeof trajectoryFactNames)[number];

/** Exactly the fields of `EscalationFacts` in the contracts. */
export const escalationFactNames = ['overdueGraceUnits', 'overduePeriods', 'returnedCount', 'trajectoryRatio', 'role', 'trigger'] as const;
export type EscalationFactName = (typeof escalationFactNames)[number];

/** One indicator's share of one responsible unit at year end: what its points depend on. */
export const scoringFactNames = ['outcome', 'role', 'stretch', 'shareOfTarget', 'kind'] as const;
export type ScoringFactName = (typeof scoringFactNames)[number];

/** How a scoring rule gives points: a fixed number, or partial credit per share of target. */
export const scoringEventTypes = ['points', 'share_of_target'] as const;
export type ScoringEventType = (typeof scoringEventTypes)[number];

export const factNamesByKind: Record<RuleSetKind, readonly string[]> = {
  attainment: attainmentFactNames,
  trajectory: trajectoryFactNames,
  escalation: escalationFactNames,
  scoring: scoringFactNames,
};

/** json-rules-engine 7's built-in operators. */
export const builtInOperators = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

/** Built-in decorators, written as prefixes: `not:equal`, `everyFact:greaterThan`. */
export const builtInOperatorDecorators = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'] as const;

export const numericOperators: readonly string[] = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
export const listOperators: readonly string[] = ['in', 'notIn'];
