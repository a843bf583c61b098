import type { GoldenCaseResult } from '@plancycle/contracts';
import { decideAttainment } from './attainment.evaluator';
import { decideEscalation } from './escalation.evaluator';
import type { GoldenCases } from './golden-cases.loader';
import type { CompiledRuleSet } from './rule-set.engine';
import { assessTrajectory } from './trajectory.evaluator';

export interface GoldenCasesOutcome {
  passed: boolean;
  cases: GoldenCaseResult[];
  /** Rules of the set that fired in no case. */
  rulesNeverFired: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs every golden case against a compiled rule set and says which pass and, for each
 * that fails, why: the result the rules gave against the one expected, and the rule that
 * decided. Attainment and trajectory rules are mutually exclusive: a case where several
 * rules fire fails even when the winner is right, since the set is then ambiguous.
 */
export async function runGoldenCases(compiled: CompiledRuleSet, golden: GoldenCases): Promise<GoldenCasesOutcome> {
  const fired = new Set<string>();
  const cases: GoldenCaseResult[] = [];
  const settle = (params: {
    name: string;
    expected: unknown;
    actual: unknown;
    decidedBy: string | null;
    firedRules: string[];
    exclusive: boolean;
  }): GoldenCaseResult => {
    params.firedRules.forEach((rule) => fired.add(rule));
    let reason: string | null = null;
    if (!same(params.actual, params.expected)) {
      reason = `expected ${JSON.stringify(params.expected)}, the rules gave ${JSON.stringify(params.actual)}${
        params.decidedBy ? ` (decided by "${params.decidedBy}")` : ' (no rule fired)'
      }`;
    } else if (params.exclusive && params.firedRules.length !== 1) {
      reason = `exactly one rule must fire, ${params.firedRules.length} fired${
        params.firedRules.length > 0 ? `: ${params.firedRules.map((rule) => `"${rule}"`).join(', ')}` : ''
      }`;
    }
    return {
      name: params.name,
      passed: reason === null,
      expected: params.expected,
      actual: params.actual,
      decidedBy: params.decidedBy,
      firedRules: params.firedRules,
      reason,
    };
  };
  const failed = (name: string, expected: unknown, error: unknown): GoldenCaseResult => ({
    name,
    passed: false,
    expected,
    actual: null,
    decidedBy: null,
    firedRules: [],
    reason: `the case could not run: ${error instanceof Error ? error.message : String(error)}`,
  });

  const named = (goldenCase: { name: string; expected: unknown }) => ({ name: goldenCase.name, expected: goldenCase.expected });
  const decided = (decision: { decidedBy: string | null; firedRules: string[] }) => ({
    decidedBy: decision.decidedBy,
    firedRules: decision.firedRules,
  });

  switch (golden.kind) {
    case 'attainment':
      for (const goldenCase of golden.cases) {
        try {
          const decision = await decideAttainment(compiled, goldenCase.facts);
          cases.push(settle({ ...named(goldenCase), actual: { outcome: decision.outcome }, ...decided(decision), exclusive: true }));
        } catch (error) {
          cases.push(failed(goldenCase.name, goldenCase.expected, error));
        }
      }
      break;
    case 'trajectory':
      for (const goldenCase of golden.cases) {
        try {
          const decision = await assessTrajectory(compiled, goldenCase.facts);
          cases.push(settle({ ...named(goldenCase), actual: { outcome: decision.outcome }, ...decided(decision), exclusive: true }));
        } catch (error) {
          cases.push(failed(goldenCase.name, goldenCase.expected, error));
        }
      }
      break;
    case 'escalation':
      for (const goldenCase of golden.cases) {
        try {
          const decision = await decideEscalation(compiled, goldenCase.facts);
          cases.push(settle({ ...named(goldenCase), actual: { level: decision.level }, ...decided(decision), exclusive: false }));
        } catch (error) {
          cases.push(failed(goldenCase.name, goldenCase.expected, error));
        }
      }
      break;
  }
  const rules: string[] = compiled.ruleSet.rules.map((rule: { name: string }) => rule.name);
  return { passed: cases.every((c) => c.passed), cases, rulesNeverFired: rules.filter((rule) => !fired.has(rule)) };
}
