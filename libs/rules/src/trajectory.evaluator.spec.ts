import { comparators, indicatorKinds } from '@plancycle/contracts';
import fc from 'fast-check';
import { RuleSetRegistry } from './rule-set.registry';
import { assessTrajectory, trajectoryFactsFrom } from './trajectory.evaluator';

const registry = RuleSetRegistry.loadOrThrow();
const trajectory = registry.getOrThrow('trajectory', '1.0.0');

describe('assessTrajectory', () => {
  it('derives the expected and achieved shares and their ratio', () => {
    expect(
      trajectoryFactsFrom({ kind: 'amount', comparator: 'gte', periodIndex: 3, periodCount: 4, annualTarget: 3e9, reached: 1.8e9 }),
    ).toEqual({
      kind: 'amount',
      comparator: 'gte',
      periodIndex: 3,
      periodCount: 4,
      expectedShare: 0.75,
      achievedShare: 0.6,
      trajectoryRatio: 0.8,
    });
  });

  it('carries the rule set, the ratio and the condition results', async () => {
    const decision = await assessTrajectory(registry, {
      kind: 'count',
      comparator: 'gte',
      periodIndex: 2,
      periodCount: 4,
      annualTarget: 10,
      reached: 3,
    });
    expect(decision).toMatchObject({
      ruleSet: { id: 'trajectory', version: '1.0.0' },
      outcome: 'lagging',
      ratio: 0.6,
      decidedBy: 'lagging',
    });
    expect(decision.explanation.find((rule) => rule.rule === 'lagging')?.conditions).toEqual({
      all: [
        { fact: 'kind', operator: 'in', value: ['count', 'amount', 'quantity'], factResult: 'count', result: true },
        { fact: 'comparator', operator: 'in', value: ['gte', 'gt', 'range', 'approx'], factResult: 'gte', result: true },
        { fact: 'trajectoryRatio', operator: 'lessThan', value: 0.8, factResult: 0.6, result: true },
      ],
      result: true,
    });
  });

  it('refuses a period beyond the year', async () => {
    await expect(
      assessTrajectory(trajectory, { kind: 'count', comparator: 'gte', periodIndex: 5, periodCount: 4, annualTarget: 1, reached: 0 }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'periodIndex', message: 'periodIndex must not exceed periodCount' }],
    });
  });

  it('has exactly one rule firing for any input', async () => {
    const period = fc
      .integer({ min: 1, max: 12 })
      .chain((periodCount) => fc.record({ periodCount: fc.constant(periodCount), periodIndex: fc.integer({ min: 1, max: periodCount }) }));
    const value = fc.oneof(fc.constant(null), fc.constant(0), fc.double({ min: -100, max: 1e9, noNaN: true }));
    await fc.assert(
      fc.asyncProperty(
        period,
        fc.constantFrom(...indicatorKinds),
        fc.constantFrom(...comparators),
        value,
        value,
        async (p, kind, comparator, annualTarget, reached) => {
          const decision = await assessTrajectory(trajectory, { ...p, kind, comparator, annualTarget, reached });
          expect(decision.firedRules).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
