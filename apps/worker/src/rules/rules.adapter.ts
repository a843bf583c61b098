import { DomainError, type RuleSetPin } from '@plancycle/contracts';
import {
  assessTrajectory,
  compileStoredRuleSetOrThrow,
  decideAttainment,
  decideEscalation,
  decideScore,
  readShippedRuleSetsOrThrow,
  resolveRuleSetOrThrow,
  scoreIndicator,
  type AttainmentParameters,
  type CompiledRuleSet,
  type DecisionBase,
} from '@plancycle/rules';
import { shippedDefaultsLoader, type RuleSetRepository, type ShippedDefaultsLoader } from '@plancycle/persistence';
import type { RulesPort } from './rules.port';

/** What the port reads from the rule-set store (`repositories.ruleSets`). */
export type PublishedRuleSets = Pick<RuleSetRepository, 'latestPublishedPins' | 'findPublished'>;

/**
 * The rule engine behind the activities, over the rule-set store: a cycle pins the newest
 * published version of each rule set when it is published, and every later decision uses
 * exactly the version it pinned. Published versions never change, so each pin is read and
 * compiled once per process and kept.
 */
export function createRulesPort(params: { store: PublishedRuleSets; defaults: Pick<ShippedDefaultsLoader, 'ensure'> }): RulesPort {
  const { store, defaults } = params;
  const compiled = new Map<string, Promise<CompiledRuleSet>>();
  const byPinOrThrow = (pin: RuleSetPin): Promise<CompiledRuleSet> => {
    const key = `${pin.id}@${pin.version}`;
    let entry = compiled.get(key);
    if (entry === undefined) {
      // Cycles pinned the shipped versions before the store existed: those must be in it.
      entry = defaults
        .ensure()
        .then(() => store.findPublished(pin))
        .then((version) => {
          if (version === null) {
            throw new DomainError({ code: 'NOT_FOUND', message: `rule set ${key} is not a published version of the store` });
          }
          return compileStoredRuleSetOrThrow({ ruleSetId: pin.id, version: pin.version, ruleFile: version.ruleFile });
        });
      // A failed read (database down) is tried again next time; only successes are kept.
      entry.catch(() => compiled.delete(key));
      compiled.set(key, entry);
    }
    return entry;
  };
  const explanation = (decision: DecisionBase<unknown>) => ({
    facts: decision.facts,
    conditions: { decidedBy: decision.decidedBy, firedRules: decision.firedRules, rules: decision.explanation },
  });

  return {
    async latestPins() {
      await defaults.ensure();
      return store.latestPublishedPins();
    },

    async decideAttainment(pin, input) {
      const decision = await decideAttainment(await byPinOrThrow(pin), input);
      return {
        result: { outcome: decision.outcome, shareOfTarget: decision.shareOfTarget, achieved: decision.achieved },
        ...explanation(decision),
      };
    },

    async scoreIndicator(pin, params) {
      const ruleSet = await byPinOrThrow(pin);
      if (ruleSet.kind !== 'attainment') {
        throw new DomainError({ code: 'RULE_SET_INVALID', message: `${pin.id}@${pin.version} is not an attainment rule set` });
      }
      return scoreIndicator(ruleSet.ruleSet.parameters as AttainmentParameters, params);
    },

    async decideScore(pin, input) {
      const decision = await decideScore(await byPinOrThrow(pin), input);
      return {
        result: { points: decision.points, weight: decision.weight },
        facts: decision.facts,
        conditions: {
          decidedBy: decision.decidedBy,
          firedRules: decision.firedRules,
          // How the deciding rule's event gave the points, and the weights multiplied.
          event: decision.event,
          weights: decision.weights,
          rules: decision.explanation,
        },
      };
    },

    async unitRanking(pin) {
      const { style, tieBreak } = resolveRuleSetOrThrow(await byPinOrThrow(pin), 'scoring').ruleSet.parameters.ranking;
      return { style, tieBreak };
    },

    async assessTrajectory(pin, input) {
      const decision = await assessTrajectory(await byPinOrThrow(pin), input);
      return { result: { outcome: decision.outcome, ratio: decision.ratio }, ...explanation(decision) };
    },

    async decideEscalation(pin, facts) {
      const decision = await decideEscalation(await byPinOrThrow(pin), facts);
      return { result: { level: decision.level, recipient: decision.recipient }, ...explanation(decision) };
    },
  };
}

/**
 * The rule sets shipped under `rulesDirectory`, validated and with every golden case
 * passing (a bad file stops the process with its path), ready to be stored as published
 * versions by the system the first time they are needed (idempotent; the API does the same).
 */
export async function shippedRuleSets(
  store: Pick<RuleSetRepository, 'ensureDefaults'>,
  rulesDirectory: string,
): Promise<ShippedDefaultsLoader> {
  return shippedDefaultsLoader(store, await readShippedRuleSetsOrThrow(rulesDirectory));
}
