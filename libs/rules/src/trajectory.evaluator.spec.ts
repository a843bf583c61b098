import { comparators, indicatorKinds } from '@plancycle/contracts';
import fc from 'fast-check';
import { RuleSetRegistry } from './rule-set.registry';
import { compileStoredRuleSetOrThrow } from './rule-set.check';
import { assessTrajectory, expectedShareOf, trajectoryFactsAgain, trajectoryFactsFrom } from './trajectory.evaluator';

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

describe('expected shares per period, as rule data', () => {
  const quarterly = { expectedShares: { '4': [0.2, 0.45, 0.7, 1] } };

  it('expects the rule set’s share of the period, and a straight line for a count it does not list', () => {
    const facts = trajectoryFactsFrom(
      { kind: 'count', comparator: 'gte', periodIndex: 1, periodCount: 4, annualTarget: 100, reached: 18 },
      quarterly,
    );
    expect(facts).toMatchObject({ expectedShare: 0.2, achievedShare: 0.18, trajectoryRatio: 0.9 });
    expect(expectedShareOf(quarterly, 2, 12)).toBeCloseTo(2 / 12, 12);
    expect(expectedShareOf(undefined, 3, 4)).toBe(0.75);
  });

  it('derives a recorded decision again under other shares, keeping what was achieved', () => {
    const recorded = trajectoryFactsFrom({
      kind: 'count',
      comparator: 'gte',
      periodIndex: 1,
      periodCount: 4,
      annualTarget: 100,
      reached: 18,
    });
    expect(recorded.trajectoryRatio).toBe(0.72); // lagging on a straight line (25 % expected)
    expect(trajectoryFactsAgain(recorded, quarterly)).toEqual({ ...recorded, expectedShare: 0.2, trajectoryRatio: 0.9 });
  });

  it('is refused with the path of the offending share', () => {
    const file = structuredClone(trajectory.ruleSet) as unknown as Record<string, unknown>;
    delete file['file'];
    file['parameters'] = { expectedShares: { '4': [0.3, 0.2, 0.7, 1], '2': [0.5, 0.9], '3': [0.5, 1] } };
    const refused = (() => {
      try {
        compileStoredRuleSetOrThrow({ ruleSetId: 'trajectory', version: '1.0.0', ruleFile: file });
      } catch (error) {
        return error as { issues: { path: string }[] };
      }
      throw new Error('expected a refusal');
    })();
    expect(refused.issues.map((i) => i.path).sort()).toEqual(
      ['ruleFile.parameters.expectedShares.2.1', 'ruleFile.parameters.expectedShares.3', 'ruleFile.parameters.expectedShares.4.1'].sort(),
    );
  });
});
