import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignmentRoles, attainmentOutcomes, DomainError, indicatorKinds } from '@plancycle/contracts';
import fc from 'fast-check';
import { runGoldenCases } from './golden-cases.runner';
import { checkDraftContentOrThrow } from './rule-set.check';
import { compileRuleSet } from './rule-set.engine';
import { type LoadedRuleSet } from './rule-set.loader';
import { defaultRulesDirectory, RuleSetRegistry } from './rule-set.registry';
import { decideScore, pointsOf, type ScoringInput } from './scoring.evaluator';

type Json = Record<string, unknown>;
const read = (file: string): Json => JSON.parse(readFileSync(join(defaultRulesDirectory(), file), 'utf8')) as Json;
const shippedFile = () => read('scoring/scoring.v1.rules.json');
const shippedGolden = () => read('scoring/scoring.v1.golden.json') as unknown as Json[];
const expectScoring = { id: 'scoring', kind: 'scoring', version: '1.0.0' } as const;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const share = (overrides: Partial<ScoringInput> = {}): ScoringInput => ({
  outcome: 'not_met',
  role: 'lead',
  stretch: false,
  shareOfTarget: 0.5,
  kind: 'count',
  ...overrides,
});

describe('decideScore (scoring v1)', () => {
  const registry = RuleSetRegistry.loadOrThrow();
  const scoring = registry.getOrThrow('scoring', '1.0.0');

  it('gives the points of attainment v1 for binding targets, so a new cycle scores binding targets as before', async () => {
    const attainment = registry.getOrThrow('attainment', '1.0.0').ruleSet.parameters as { scoring: unknown };
    expect(attainment.scoring).toEqual({
      points: { exceeded: 110, met: 100, noData: 0 },
      notMet: { pointsPerShareOfTarget: 100, maxPoints: 90 },
      roleWeights: { lead: 1, cooperating: 0.5 },
    });
    const cases: [Partial<ScoringInput>, number][] = [
      [{ outcome: 'exceeded', shareOfTarget: 1.3 }, 110],
      [{ outcome: 'met', shareOfTarget: 1 }, 100],
      [{ outcome: 'no_data', shareOfTarget: null }, 0],
      [{ shareOfTarget: 0.456 }, 45.6],
      [{ shareOfTarget: 0.999 }, 90],
      [{ shareOfTarget: null, kind: 'milestone' }, 0],
    ];
    for (const [overrides, points] of cases) {
      expect((await decideScore(scoring, share(overrides))).points).toBe(points);
    }
  });

  it('explains a share: the deciding rule and its event, the weights, and each condition the engine saw', async () => {
    const decision = await decideScore(scoring, share({ stretch: true, shareOfTarget: 0.25, role: 'cooperating' }));
    expect(decision).toMatchObject({
      ruleSet: { id: 'scoring', version: '1.0.0' },
      points: 60,
      weight: 0.5,
      weights: { role: 0.5, target: 1 },
      decidedBy: 'not met, stretch target (力争): partial credit with a floor',
      event: { type: 'share_of_target', params: { minPoints: 60 } },
      facts: { outcome: 'not_met', role: 'cooperating', stretch: true, shareOfTarget: 0.25, kind: 'count' },
    });
    const stretchRule = decision.explanation.find((trace) => trace.rule === decision.decidedBy);
    expect(stretchRule?.conditions).toEqual({
      all: [
        { fact: 'outcome', operator: 'equal', value: 'not_met', factResult: 'not_met', result: true },
        { fact: 'stretch', operator: 'equal', value: true, factResult: true, result: true },
      ],
      result: true,
    });
    expect(decision.explanation.filter((trace) => trace.fired)).toHaveLength(1);
  });

  it('weighs a share by role × target weight, and a rule set without a matching rule scores 0, decided by none', async () => {
    const file = shippedFile() as Json & { parameters: { weights: { target: { stretch: number } } }; rules: Json[] };
    file.parameters.weights.target.stretch = 0.8;
    file.rules = file.rules.filter((rule) => rule['name'] !== 'met');
    const { ruleSet } = checkDraftContentOrThrow({ ruleFile: file, goldenCases: shippedGolden(), expect: expectScoring });
    const compiled = compileRuleSet(ruleSet);
    const stretch = await decideScore(compiled, share({ outcome: 'exceeded', stretch: true, role: 'cooperating' }));
    expect([stretch.points, stretch.weight, stretch.weights]).toEqual([110, 0.4, { role: 0.5, target: 0.8 }]);
    const unmatched = await decideScore(compiled, share({ outcome: 'met' }));
    expect([unmatched.points, unmatched.decidedBy, unmatched.event]).toEqual([0, null, null]);
  });

  it('has exactly one rule firing for any share, with points within 0..110 (exclusive and exhaustive)', async () => {
    const anyShare = fc.record({
      outcome: fc.constantFrom(...attainmentOutcomes),
      role: fc.constantFrom(...assignmentRoles),
      stretch: fc.boolean(),
      shareOfTarget: fc.oneof(fc.constant(null), fc.double({ min: -1, max: 5, noNaN: true })),
      kind: fc.constantFrom(...indicatorKinds),
    });
    await fc.assert(
      fc.asyncProperty(anyShare, async (input) => {
        const decision = await decideScore(scoring, input);
        expect(decision.firedRules).toHaveLength(1);
        expect(decision.points).toBeGreaterThanOrEqual(0);
        expect(decision.points).toBeLessThanOrEqual(110);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses input that is not a share', async () => {
    const error = await decideScore(scoring, { ...share(), stretch: 'yes' } as unknown as ScoringInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues.map((issue) => issue.path)).toEqual(['stretch']);
  });

  it('holds partial credit between its bounds', () => {
    const event = {
      type: 'share_of_target',
      params: { pointsPerShareOfTarget: 100, minPoints: 60, maxPoints: 90, pointsWithoutShare: 50 },
    } as const;
    expect([0, 0.7, 2, null].map((s) => pointsOf(event, s))).toEqual([60, 70, 90, 50]);
    expect(pointsOf({ type: 'points', params: { points: 7 } }, 0.2)).toBe(7);
  });
});

describe('a scoring rule set as a draft', () => {
  it('is accepted as shipped', () => {
    const { ruleSet, golden } = checkDraftContentOrThrow({ ruleFile: shippedFile(), goldenCases: shippedGolden(), expect: expectScoring });
    expect(ruleSet.kind).toBe('scoring');
    expect(golden.cases.length).toBeGreaterThan(10);
  });

  it('is refused with the path of every offending field: parameters, events, facts, golden cases of both forms', () => {
    const file = shippedFile() as Json & {
      parameters: { weights: { role: Json }; ranking: Json };
      rules: { event: { type: string; params: Json }; conditions: { all: Json[] } }[];
    };
    file.parameters.weights.role['cooperating'] = -1;
    file.parameters.ranking['style'] = 'olympic';
    file.parameters.ranking['tieBreak'] = ['exceededCount', 'byName'];
    const [exceeded, met, , binding, stretch] = file.rules;
    if (!exceeded || !met || !binding || !stretch) throw new Error('fixture changed');
    exceeded.event.params['points'] = '110';
    met.event.type = 'bonus';
    binding.event.params['maxPoints'] = -5;
    stretch.event.params['minPoints'] = 95;
    const firstCondition = binding.conditions.all[1];
    if (!firstCondition) throw new Error('fixture changed');
    firstCondition['fact'] = 'isStretch';
    const golden = shippedGolden() as { facts: Json; expected: Json }[];
    const [first, second] = golden;
    const ranking = golden.at(-1);
    if (!first || !second || !ranking) throw new Error('fixture changed');
    first.expected['points'] = 'many';
    second.facts['role'] = 'sponsor';
    (ranking.facts['units'] as { indicators: Json[] }[])[1]!.indicators[0]!['outcome'] = 'done';
    (ranking.expected['ranking'] as Json[])[0]!['rank'] = 0;

    const error = refusal(() => checkDraftContentOrThrow({ ruleFile: file, goldenCases: golden, expect: expectScoring }));
    expect(error.code).toBe('VALIDATION_FAILED');
    const last = golden.length - 1;
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      [
        'ruleFile.parameters.weights.role.cooperating',
        'ruleFile.parameters.ranking.style',
        'ruleFile.parameters.ranking.tieBreak.1',
        'ruleFile.rules.0.event.params.points',
        'ruleFile.rules.1.event.type',
        // Below 0, and below minPoints.
        'ruleFile.rules.3.event.params.maxPoints',
        'ruleFile.rules.3.event.params.maxPoints',
        'ruleFile.rules.3.conditions.all.1.fact',
        'ruleFile.rules.4.event.params.maxPoints',
        'goldenCases.0.expected.points',
        'goldenCases.1.facts.role',
        `goldenCases.${last}.facts.units.1.indicators.0.outcome`,
        `goldenCases.${last}.expected.ranking.0.rank`,
      ].sort(),
    );
  });

  it('refuses a tie-break key listed twice', () => {
    const file = shippedFile() as Json & { parameters: { ranking: Json } };
    file.parameters.ranking['tieBreak'] = ['completionRate', 'exceededCount', 'completionRate'];
    const error = refusal(() => checkDraftContentOrThrow({ ruleFile: file, goldenCases: shippedGolden(), expect: expectScoring }));
    expect(error.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['ruleFile.parameters.ranking.tieBreak.2', '"completionRate" is listed twice'],
    ]);
  });

  it('fails a golden run naming the case when the ranking disagrees, e.g. dense ranks', async () => {
    const file = shippedFile() as Json & { parameters: { ranking: Json } };
    file.parameters.ranking['style'] = 'dense';
    const { ruleSet, golden } = checkDraftContentOrThrow({ ruleFile: file, goldenCases: shippedGolden(), expect: expectScoring });
    const outcome = await runGoldenCases(compileRuleSet(ruleSet as LoadedRuleSet), golden);
    const failing = outcome.cases.filter((c) => !c.passed);
    expect(failing.map((c) => c.name)).toEqual([expect.stringMatching(/^tie on score/)]);
    expect(failing[0]?.reason).toMatch(/"rank":2/);
    expect(failing[0]?.decidedBy).toBe('ranking: dense, ties broken by exceededCount, completionRate');
    expect(outcome.rulesNeverFired).toEqual([]);
  });
});
