import {
  type AssignmentRole,
  type AttainmentOutcome,
  type Comparator,
  comparators,
  DomainError,
  indicatorKinds,
} from '@plancycle/contracts';
import fc from 'fast-check';
import { attainmentFactsFrom, type AttainmentInput, decideAttainment, scoreIndicator } from './attainment.evaluator';
import type { ConditionTrace, LeafTrace } from './decision.explanation';
import { resolveRuleSetOrThrow } from './evaluator.support';
import { RuleSetRegistry } from './rule-set.registry';
import type { AttainmentParameters } from './rule-set.schema';

const registry = RuleSetRegistry.loadOrThrow();
const attainment = registry.getOrThrow('attainment', '1.0.0');
const parameters = resolveRuleSetOrThrow(attainment, 'attainment').ruleSet.parameters;

function leaves(trace: ConditionTrace): LeafTrace[] {
  if ('all' in trace) return trace.all.flatMap(leaves);
  if ('any' in trace) return trace.any.flatMap(leaves);
  if ('not' in trace) return leaves(trace.not);
  return [trace];
}

describe('decideAttainment', () => {
  it('carries the rule set, the facts and the condition results that decided', async () => {
    const decision = await decideAttainment(attainment, { kind: 'count', comparator: 'gte', target: 10, actual: 10 });

    expect(decision).toMatchObject({
      ruleSet: { id: 'attainment', version: '1.0.0' },
      outcome: 'met',
      decidedBy: 'floor: met',
      firedRules: ['floor: met'],
      achieved: 10,
      shareOfTarget: 1,
      facts: { kind: 'count', comparator: 'gte', target: 10, actual: 10, achieved: 10, shareOfTarget: 1 },
    });
    expect(decision.explanation.map((rule) => rule.rule)).toEqual(attainment.ruleSet.rules.map((rule) => rule.name));

    const met = decision.explanation.find((rule) => rule.rule === 'floor: met');
    expect(met).toMatchObject({ fired: true, priority: 20, event: 'met' });
    expect(leaves(met?.conditions ?? { all: [], result: null })).toContainEqual({
      fact: 'achieved',
      operator: 'greaterThanInclusive',
      value: { fact: 'target' },
      factResult: 10,
      valueResult: 10,
      result: true,
    });
    const exceeded = decision.explanation.find((rule) => rule.rule === 'floor: exceeded');
    expect(exceeded?.fired).toBe(false);
    expect(leaves(exceeded?.conditions ?? { all: [], result: null })).toContainEqual({
      fact: 'shareOfTarget',
      operator: 'greaterThan',
      value: 1,
      factResult: 1,
      result: false,
    });
  });

  it('returns plain, compact JSON fit for storage', async () => {
    const decision = await decideAttainment(attainment, { kind: 'rank', comparator: 'lte', target: 3, actual: 2 });
    expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
    expect(JSON.stringify(decision.explanation).length).toBeLessThan(12_000);
  });

  it('takes the newest attainment rule set from a registry', async () => {
    const decision = await decideAttainment(registry, { kind: 'milestone', comparator: 'done', target: null, actual: null, done: true });
    expect([decision.ruleSet, decision.outcome]).toEqual([{ id: 'attainment', version: '1.0.0' }, 'met']);
  });

  it('refuses a rule set of another kind', async () => {
    await expect(
      decideAttainment(registry.getOrThrow('escalation', '1.0.0'), { kind: 'count', comparator: 'gte', target: 1, actual: 1 }),
    ).rejects.toMatchObject({ code: 'RULE_SET_INVALID', message: 'rule set escalation@1.0.0 is of kind escalation, not attainment' });
  });

  it('refuses invalid input with the path of the field', async () => {
    const bad = { kind: 'count', comparator: 'about', target: 1, actual: Number.NaN } as unknown as AttainmentInput;
    const error = await decideAttainment(attainment, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    expect((error as DomainError).issues.map((issue) => issue.path)).toEqual(['comparator', 'actual']);
  });

  it('decides correctly when many decisions run at once on the shared engine', async () => {
    const inputs: AttainmentInput[] = Array.from({ length: 60 }, (_, i) => ({
      kind: 'count',
      comparator: i % 2 === 0 ? 'gte' : 'lte',
      target: 10,
      actual: i % 20,
    }));
    const sequential: string[] = [];
    for (const input of inputs) sequential.push((await decideAttainment(attainment, input)).outcome);
    // Staggered starts: a run finishing while another is between priority groups.
    const pending: Promise<{ outcome: string }>[] = [];
    for (const input of inputs) {
      pending.push(decideAttainment(attainment, input));
      await Promise.resolve();
    }
    expect((await Promise.all(pending)).map((decision) => decision.outcome)).toEqual(sequential);
  });

  it('has exactly one rule firing for any indicator and report (exclusive and exhaustive)', async () => {
    const numeric = comparators.filter((comparator): comparator is Exclude<Comparator, 'done'> => comparator !== 'done');
    const value = fc.oneof(
      fc.constant(null),
      fc.constant(0),
      fc.integer({ min: -50, max: 200 }),
      fc.double({ min: -1e3, max: 1e10, noNaN: true }),
    );
    const numericIndicator = fc.record({
      kind: fc.constantFrom(...indicatorKinds.filter((kind) => kind !== 'milestone')),
      comparator: fc.constantFrom(...numeric),
      target: value,
      max: value,
      tolerance: fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true })),
      actual: value,
      done: fc.constantFrom(null, true, false),
      baseline: value,
    });
    const milestone = fc.record({
      kind: fc.constant('milestone' as const),
      comparator: fc.constant('done' as const),
      target: fc.constant(null),
      actual: fc.constant(null),
      done: fc.constantFrom(null, true, false),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(numericIndicator, milestone), async (input) => {
        const decision = await decideAttainment(attainment, input);
        expect(decision.firedRules).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });
});

describe('attainmentFactsFrom', () => {
  it.each<[string, AttainmentInput, Record<string, number | null>]>([
    [
      'growth from a baseline',
      { kind: 'growth', comparator: 'gte', target: 12, actual: 2850000000, baseline: 2500000000 },
      { achieved: 14, shareOfTarget: 1.16666666667 },
    ],
    ['growth reported as a rate', { kind: 'growth', comparator: 'gte', target: 12, actual: 9 }, { achieved: 9, shareOfTarget: 0.75 }],
    ['lower is better: target / achieved', { kind: 'rank', comparator: 'lte', target: 3, actual: 4 }, { achieved: 4, shareOfTarget: 0.75 }],
    ['lower is better, zero reached: no share', { kind: 'count', comparator: 'lt', target: 3, actual: 0 }, { shareOfTarget: null }],
    ['zero target: no share', { kind: 'count', comparator: 'gte', target: 0, actual: 3 }, { shareOfTarget: null }],
    [
      'approx with the default tolerance',
      { kind: 'count', comparator: 'approx', target: 70, actual: 63 },
      { tolerance: 0.1, lowerBound: 63, upperBound: 77, deviation: 0.1 },
    ],
    [
      'approx with its own tolerance',
      { kind: 'count', comparator: 'approx', target: 100, actual: 104, tolerance: 0.05 },
      { tolerance: 0.05, lowerBound: 95, upperBound: 105, deviation: 0.04 },
    ],
    [
      'range bounds',
      { kind: 'count', comparator: 'range', target: 1, max: 2, actual: 3 },
      { lowerBound: 1, upperBound: 2, tolerance: null, deviation: null },
    ],
    ['no report', { kind: 'count', comparator: 'gte', target: 2, actual: null }, { achieved: null, shareOfTarget: null }],
  ])('%s', (_name, input, expected) => {
    expect(attainmentFactsFrom(input, parameters)).toMatchObject(expected);
  });
});

describe('scoreIndicator', () => {
  const score = (outcome: AttainmentOutcome, shareOfTarget: number | null, role: AssignmentRole = 'lead') =>
    scoreIndicator(parameters, { outcome, shareOfTarget, role });

  it('gives the points of the rule set per outcome and the weight of the role', () => {
    expect(score('exceeded', 1.2)).toEqual({ points: 110, weight: 1 });
    expect(score('met', 1)).toEqual({ points: 100, weight: 1 });
    expect(score('no_data', null, 'cooperating')).toEqual({ points: 0, weight: 0.5 });
  });

  it('gives not_met partial credit by share of target, capped below met', () => {
    expect(score('not_met', 0.75).points).toBe(75);
    expect(score('not_met', 0.123456).points).toBe(12.35);
    expect(score('not_met', 0.95).points).toBe(90);
    expect(score('not_met', 1).points).toBe(90);
    expect(score('not_met', -0.2).points).toBe(0);
    expect(score('not_met', null).points).toBe(0);
  });

  it('follows other parameters', () => {
    const strict: AttainmentParameters = {
      ...parameters,
      scoring: { ...parameters.scoring, notMet: { pointsPerShareOfTarget: 50, maxPoints: 40 }, roleWeights: { lead: 2, cooperating: 1 } },
    };
    expect(scoreIndicator(strict, { outcome: 'not_met', shareOfTarget: 0.6, role: 'cooperating' })).toEqual({ points: 30, weight: 1 });
  });
});
