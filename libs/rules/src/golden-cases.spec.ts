import { existsSync } from 'node:fs';
import { decideAttainment } from './attainment.evaluator';
import { decideEscalation } from './escalation.evaluator';
import { goldenFileFor, loadGoldenCasesOrThrow } from './golden-cases.loader';
import { runGoldenCases } from './golden-cases.runner';
import type { CompiledRuleSet } from './rule-set.engine';
import { RuleSetRegistry } from './rule-set.registry';
import { decideScore } from './scoring.evaluator';
import { assessTrajectory } from './trajectory.evaluator';

/**
 * Every golden case of every rule-set version under rules/, one test per case. Cases are
 * discovered when this file loads, so a new version's cases run without touching it.
 */
const registry = RuleSetRegistry.loadOrThrow();
const compiledRuleSets: CompiledRuleSet[] = registry.list().map((pin) => registry.getByPinOrThrow(pin));

describe.each(compiledRuleSets.map((compiled) => [`${compiled.pin.id}@${compiled.pin.version}`, compiled] as const))(
  'golden cases of %s',
  (_label, compiled) => {
    const goldenFile = goldenFileFor(compiled.ruleSet.file);

    it('has a golden file beside it', () => {
      expect(existsSync(goldenFile)).toBe(true);
    });

    const golden = loadGoldenCasesOrThrow(goldenFile, compiled.kind);
    const decidingRules = new Set<string>();

    switch (golden.kind) {
      case 'attainment':
        it.each(golden.cases.map((goldenCase) => [goldenCase.name, goldenCase] as const))('%s', async (_name, goldenCase) => {
          const decision = await decideAttainment(compiled, goldenCase.facts);
          expect(decision.outcome).toBe(goldenCase.expected.outcome);
          // Attainment rules are mutually exclusive: the explanation names one rule.
          expect(decision.firedRules).toHaveLength(1);
          decidingRules.add(decision.firedRules[0] ?? '');
        });
        break;
      case 'trajectory':
        it.each(golden.cases.map((goldenCase) => [goldenCase.name, goldenCase] as const))('%s', async (_name, goldenCase) => {
          const decision = await assessTrajectory(compiled, goldenCase.facts);
          expect(decision.outcome).toBe(goldenCase.expected.outcome);
          expect(decision.firedRules).toHaveLength(1);
          decidingRules.add(decision.firedRules[0] ?? '');
        });
        break;
      case 'escalation':
        it.each(golden.cases.map((goldenCase) => [goldenCase.name, goldenCase] as const))('%s', async (_name, goldenCase) => {
          const decision = await decideEscalation(compiled, goldenCase.facts);
          expect(decision.level).toBe(goldenCase.expected.level);
          decision.firedRules.forEach((name) => decidingRules.add(name));
        });
        break;
      case 'scoring':
        it.each(golden.cases.map((goldenCase) => [goldenCase.name, goldenCase] as const))('%s', async (_name, goldenCase) => {
          if ('units' in goldenCase.facts) {
            // A ranking: the units scored by the rules and ranked by the rule set's ranking.
            const outcome = await runGoldenCases(compiled, { kind: 'scoring', cases: [goldenCase] });
            expect(outcome.cases[0]?.reason ?? null).toBeNull();
            outcome.cases[0]?.firedRules.forEach((name) => decidingRules.add(name));
            return;
          }
          const decision = await decideScore(compiled, goldenCase.facts);
          expect({ points: decision.points, weight: decision.weight }).toEqual(goldenCase.expected);
          // Scoring rules are mutually exclusive: one rule gives a share its points.
          expect(decision.firedRules).toHaveLength(1);
          decidingRules.add(decision.firedRules[0] ?? '');
        });
        break;
    }

    it('fires every rule in at least one golden case', () => {
      const rules: string[] = compiled.ruleSet.rules.map((rule: { name: string }) => rule.name);
      expect(rules.filter((name) => !decidingRules.has(name))).toEqual([]);
    });
  },
);
