import { DomainError, type RuleSetPin } from '@plancycle/contracts';
import {
  RuleSetRegistry,
  assessTrajectory,
  decideAttainment,
  decideEscalation,
  scoreIndicator,
  type AttainmentParameters,
  type DecisionBase,
} from '@plancycle/rules';
import type { RulesPort } from './rules.port';

/**
 * The rule engine behind the activities: every rule set is loaded and validated once
 * at worker start (a bad file stops the worker with its path), and decisions are made
 * by the version a cycle pinned when it was published.
 */
export function createRulesPort(rulesDirectory: string): RulesPort {
  const registry = RuleSetRegistry.loadOrThrow(rulesDirectory);
  const explanation = (decision: DecisionBase<unknown>) => ({
    facts: decision.facts,
    conditions: { decidedBy: decision.decidedBy, firedRules: decision.firedRules, rules: decision.explanation },
  });

  return {
    latestPins: () => registry.latestPins(),

    async decideAttainment(pin, input) {
      const decision = await decideAttainment(registry.getByPinOrThrow(pin), input);
      return {
        result: { outcome: decision.outcome, shareOfTarget: decision.shareOfTarget, achieved: decision.achieved },
        ...explanation(decision),
      };
    },

    scoreIndicator(pin, params) {
      const compiled = registry.getByPinOrThrow(pin);
      if (compiled.kind !== 'attainment') {
        throw new DomainError({ code: 'RULE_SET_INVALID', message: `${pin.id}@${pin.version} is not an attainment rule set` });
      }
      return scoreIndicator(compiled.ruleSet.parameters as AttainmentParameters, params);
    },

    async assessTrajectory(pin: RuleSetPin, input) {
      const decision = await assessTrajectory(registry.getByPinOrThrow(pin), input);
      return { result: { outcome: decision.outcome, ratio: decision.ratio }, ...explanation(decision) };
    },

    async decideEscalation(pin, facts) {
      const decision = await decideEscalation(registry.getByPinOrThrow(pin), facts);
      return { result: { level: decision.level, recipient: decision.recipient }, ...explanation(decision) };
    },
  };
}
