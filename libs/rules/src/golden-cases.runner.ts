import type { GoldenCaseResult, IndicatorEvaluation } from '@plancycle/contracts';
import { decideAttainment } from './attainment.evaluator';
import { decideEscalation } from './escalation.evaluator';
import type { GoldenCases } from './golden-cases.loader';
import { resolveRuleSetOrThrow } from './evaluator.support';
import type { CompiledRuleSet } from './rule-set.engine';
import { scoreUnits } from '@plancycle/domain';
import { decideScore, type ScoringInput } from './scoring.evaluator';
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
    case 'scoring':
      for (const goldenCase of golden.cases) {
        try {
          if ('units' in goldenCase.facts) {
            const ranked = await rankGoldenUnits(compiled, goldenCase.facts.units);
            cases.push(settle({ ...named(goldenCase), ...ranked, exclusive: false }));
          } else {
            const decision = await decideScore(compiled, goldenCase.facts);
            const actual = { points: decision.points, weight: decision.weight };
            cases.push(settle({ ...named(goldenCase), actual, ...decided(decision), exclusive: true }));
          }
        } catch (error) {
          cases.push(failed(goldenCase.name, goldenCase.expected, error));
        }
      }
      break;
  }
  const rules: string[] = compiled.ruleSet.rules.map((rule: { name: string }) => rule.name);
  return { passed: cases.every((c) => c.passed), cases, rulesNeverFired: rules.filter((rule) => !fired.has(rule)) };
}

/**
 * A ranking case: each unit's shares scored by the rules, then the units scored and ranked
 * by the domain's `scoreUnits` with the rule set's ranking (one indicator per share).
 */
async function rankGoldenUnits(compiled: CompiledRuleSet, units: { unit: string; indicators: ScoringInput[] }[]) {
  const scoring = resolveRuleSetOrThrow(compiled, 'scoring');
  const firedRules = new Set<string>();
  const indicators: IndicatorEvaluation[] = [];
  for (const { unit, indicators: shares } of units) {
    for (const share of shares) {
      const decision = await decideScore(compiled, share);
      decision.firedRules.forEach((rule) => firedRules.add(rule));
      indicators.push(
        shareAsIndicator(`${unit}#${indicators.length + 1}`, share, { unit, points: decision.points, weight: decision.weight }),
      );
    }
  }
  const { style, tieBreak } = scoring.ruleSet.parameters.ranking;
  const ranking = scoreUnits(indicators, { style, tieBreak }).map(({ unit, score, rank }) => ({ unit, score, rank }));
  return {
    actual: { ranking },
    decidedBy: `ranking: ${style}${tieBreak.length > 0 ? `, ties broken by ${tieBreak.join(', ')}` : ''}`,
    firedRules: [...firedRules],
  };
}

function shareAsIndicator(id: string, share: ScoringInput, scored: { unit: string; points: number; weight: number }): IndicatorEvaluation {
  return {
    indicatorId: id,
    targetId: id,
    taskNumber: null,
    targetText: id,
    metric: null,
    kind: share.kind,
    comparator: share.kind === 'milestone' ? 'done' : 'gte',
    target: null,
    max: null,
    unit: null,
    stretch: share.stretch,
    achieved: null,
    done: null,
    baseline: null,
    growth: null,
    outcome: share.outcome,
    shareOfTarget: share.shareOfTarget,
    decisionId: id,
    units: [{ unit: scored.unit, role: share.role, points: scored.points, weight: scored.weight }],
  };
}
