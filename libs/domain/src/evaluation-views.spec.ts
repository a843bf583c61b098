import { departmentEvaluationView } from './evaluation-views';
import type { EvaluationResult, IndicatorEvaluation } from '@plancycle/contracts';

const indicator = (id: string, units: IndicatorEvaluation['units']): IndicatorEvaluation => ({
  indicatorId: id,
  targetId: `target-${id}`,
  taskNumber: '1',
  targetText: `目标${id}`,
  metric: `指标${id}`,
  kind: 'count',
  comparator: 'gte',
  target: 10,
  max: null,
  unit: '家',
  stretch: false,
  achieved: 12,
  done: null,
  baseline: null,
  growth: null,
  outcome: 'exceeded',
  shareOfTarget: 1.2,
  decisionId: `decision-${id}`,
  units,
});

const result: EvaluationResult = {
  cycleId: 'cycle-1',
  plan: { title: '实施方案', jurisdiction: '沅江市', year: 2026 },
  evaluatedAt: '2027-01-30T00:00:00.000Z',
  ruleSets: [{ id: 'attainment', version: '1.0.0' }],
  totals: { indicators: 2, exceeded: 2, met: 0, not_met: 0, no_data: 0, completionRate: 1 },
  indicators: [
    indicator('a', [
      { unit: '市科工局', role: 'lead', points: 100, weight: 1 },
      { unit: '市财政局', role: 'cooperating', points: 100, weight: 0.5 },
    ]),
    indicator('b', [{ unit: '市财政局', role: 'lead', points: 90, weight: 1 }]),
  ],
  units: [
    { unit: '市科工局', score: 100, rank: 1, indicators: 1, outcomes: { exceeded: 1, met: 0, not_met: 0, no_data: 0 } },
    { unit: '市财政局', score: 93.33, rank: 2, indicators: 2, outcomes: { exceeded: 2, met: 0, not_met: 0, no_data: 0 } },
  ],
  nextYearDraftGoals: [{ metric: '指标a', value: 14, unit: '家', basis: 'achieved' }],
};

describe('departmentEvaluationView', () => {
  it('keeps the indicators a unit answers for, each with that unit’s share only', () => {
    const view = departmentEvaluationView(result, '市科工局');
    expect(view.indicators.map((i) => [i.indicatorId, i.units.map((u) => u.unit)])).toEqual([['a', ['市科工局']]]);
    expect(view.units.map((u) => [u.unit, u.rank])).toEqual([['市科工局', 1]]);
    expect(view.unitsRanked).toBe(2);
  });

  it('holds no other unit’s name anywhere, no cycle totals and no next-year goals', () => {
    const view = departmentEvaluationView(result, '市科工局');
    expect(JSON.stringify(view)).not.toContain('市财政局');
    expect(view).not.toHaveProperty('totals');
    expect(view).not.toHaveProperty('nextYearDraftGoals');
  });

  it('gives a unit that answered for nothing an empty view with the number of units ranked', () => {
    const view = departmentEvaluationView(result, '市教育局');
    expect(view).toMatchObject({ indicators: [], units: [], unitsRanked: 2 });
  });
});
