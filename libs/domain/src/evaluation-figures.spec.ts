import { chooseReportedFigure, evaluatedFigures, growthOverBaseline, targetsToEvaluate, type ReportedFigure } from './evaluation-figures';

describe('chooseReportedFigure', () => {
  const figure = (id: string, role: ReportedFigure['role'], value: number | null, done: boolean | null = null) => ({
    id,
    role,
    value,
    done,
  });

  it("takes the lead unit's figure over a cooperating unit's, whatever the order given", () => {
    expect(chooseReportedFigure([figure('coop', 'cooperating', 12), figure('lead', 'lead', 10)])?.id).toBe('lead');
  });

  it("falls back to a cooperating unit's figure when no lead reported one", () => {
    expect(chooseReportedFigure([figure('lead', 'lead', null), figure('coop', 'cooperating', 7)])?.id).toBe('coop');
  });

  it('counts a milestone judged done (or not done) as a figure', () => {
    expect(chooseReportedFigure([figure('coop', 'cooperating', 3), figure('lead', 'lead', null, false)])?.id).toBe('lead');
  });

  it('keeps the given order among units of the same role', () => {
    expect(chooseReportedFigure([figure('first', 'lead', 1), figure('second', 'lead', 2)])?.id).toBe('first');
  });

  it('chooses nothing when nobody reported a figure', () => {
    expect(chooseReportedFigure([figure('lead', 'lead', null), figure('coop', 'cooperating', null)])).toBeNull();
    expect(chooseReportedFigure([])).toBeNull();
  });
});

describe('evaluatedFigures', () => {
  it('shows the reported figure and its growth over a baseline for a quantity', () => {
    expect(evaluatedFigures({ kind: 'amount', baseline: 2e9, chosen: { value: 2.5e9, done: null }, ruleAchieved: 2.5e9 })).toEqual({
      achieved: 2.5e9,
      done: null,
      growth: 25,
    });
  });

  it("takes a growth indicator's growth from the rule set, which turns a figure with a baseline into percent", () => {
    expect(evaluatedFigures({ kind: 'growth', baseline: 80, chosen: { value: 92, done: null }, ruleAchieved: 15 })).toEqual({
      achieved: 92,
      done: null,
      growth: 15,
    });
  });

  it('shows no figure for a milestone, only whether it is done', () => {
    expect(evaluatedFigures({ kind: 'milestone', baseline: null, chosen: { value: null, done: true }, ruleAchieved: null })).toEqual({
      achieved: null,
      done: true,
      growth: null,
    });
  });

  it('shows nothing when nothing was reported', () => {
    expect(evaluatedFigures({ kind: 'count', baseline: 10, chosen: null, ruleAchieved: null })).toEqual({
      achieved: null,
      done: null,
      growth: null,
    });
  });
});

describe('growthOverBaseline', () => {
  it.each([
    [12, 10, 20],
    [5, 10, -50],
    [10, 10, 0],
  ])('gives %p over a baseline of %p as %p %%', (reported, baseline, growth) => {
    expect(growthOverBaseline(reported, baseline)).toBeCloseTo(growth, 10);
  });

  it('has no growth without a figure, without a baseline, or over a baseline of 0', () => {
    expect(growthOverBaseline(null, 10)).toBeNull();
    expect(growthOverBaseline(10, null)).toBeNull();
    expect(growthOverBaseline(10, 0)).toBeNull();
  });
});

describe('targetsToEvaluate', () => {
  const assignment = (id: string, targetId: string) => ({ id, target: { id: targetId } });

  it('lists assigned targets in plan order with their owners, leaving out targets nobody answers for', () => {
    const plan = {
      goals: [{ id: 'goal' }, { id: 'orphan goal' }],
      tasks: [
        { number: '1', targets: [{ id: 't1' }] },
        { number: '2', targets: [{ id: 'orphan' }, { id: 't2' }] },
      ],
    };
    const listed = targetsToEvaluate(plan, [
      assignment('a3', 't2'),
      assignment('a1', 't1'),
      assignment('a0', 'goal'),
      assignment('a2', 't1'),
    ]);
    expect(listed.map((t) => [t.target.id, t.taskNumber, t.owners.map((o) => o.id)])).toEqual([
      ['goal', null, ['a0']],
      ['t1', '1', ['a1', 'a2']],
      ['t2', '2', ['a3']],
    ]);
  });
});
