import type { AttainmentOutcome, EvaluationResult, IndicatorEvaluation } from '@plancycle/contracts';
import { draftNextYearGoals, legacyUnitRanking, renderChineseSummary, scoreUnits, totalsOf } from './year-end-evaluation';

type UnitShare = IndicatorEvaluation['units'][number];
const lead = (unit: string, points: number): UnitShare => ({ unit, role: 'lead', points, weight: 1 });
const cooperating = (unit: string, points: number): UnitShare => ({ unit, role: 'cooperating', points, weight: 0.5 });

let sequence = 0;
function indicator(overrides: Partial<IndicatorEvaluation> & { outcome: AttainmentOutcome }): IndicatorEvaluation {
  sequence += 1;
  return {
    indicatorId: `ind-${sequence}`,
    targetId: `target-${sequence}`,
    taskNumber: '1',
    targetText: '新增高新技术企业10家以上',
    metric: '高新技术企业',
    kind: 'count',
    comparator: 'gte',
    target: 10,
    max: null,
    unit: '家',
    stretch: false,
    achieved: 10,
    done: null,
    baseline: null,
    growth: null,
    shareOfTarget: 1,
    decisionId: `decision-${sequence}`,
    units: [],
    ...overrides,
  };
}

describe('scoreUnits', () => {
  const indicators = [
    indicator({ outcome: 'met', units: [lead('市科工局', 100), cooperating('市财政局', 100)] }),
    indicator({ outcome: 'not_met', units: [lead('市科工局', 50)] }),
    indicator({ outcome: 'not_met', units: [lead('市财政局', 60)] }),
    indicator({ outcome: 'not_met', units: [lead('市发改局', 75)] }),
    indicator({ outcome: 'exceeded', units: [lead('市人社局', 110)] }),
    indicator({ outcome: 'no_data', units: [lead('市委组织部人才办', 0)] }),
  ];
  const scores = scoreUnits(indicators, legacyUnitRanking);

  it('scores each unit by the weighted mean of its points (a cooperating share weighs half)', () => {
    const byUnit = Object.fromEntries(scores.map((s) => [s.unit, s.score]));
    expect(byUnit).toEqual({
      市人社局: 110,
      市科工局: 75, // (100 + 50) / 2
      市发改局: 75,
      市财政局: 73.33, // (100 × 0.5 + 60 × 1) / 1.5, rounded to cents
      市委组织部人才办: 0,
    });
  });

  it('gives equal scores the same competition rank and skips the next (1, 2, 2, 4, 5)', () => {
    expect(scores.map((s) => [s.rank, s.unit])).toEqual([
      [1, '市人社局'],
      // A tie is listed in pinyin order: 发 (fa) before 科 (ke).
      [2, '市发改局'],
      [2, '市科工局'],
      [4, '市财政局'],
      [5, '市委组织部人才办'],
    ]);
  });

  it('counts the indicators and outcomes each unit answers for', () => {
    const science = scores.find((s) => s.unit === '市科工局');
    expect(science?.indicators).toBe(2);
    expect(science?.outcomes).toEqual({ exceeded: 0, met: 1, not_met: 1, no_data: 0 });
    const finance = scores.find((s) => s.unit === '市财政局');
    expect(finance?.outcomes).toEqual({ exceeded: 0, met: 1, not_met: 1, no_data: 0 });
  });

  it('ties units whose scores are equal after rounding', () => {
    const tied = scoreUnits(
      [
        indicator({ outcome: 'not_met', units: [lead('甲', 80.001)] }),
        indicator({ outcome: 'not_met', units: [lead('乙', 80.004)] }),
        indicator({ outcome: 'not_met', units: [lead('丙', 80.006)] }),
      ],
      legacyUnitRanking,
    );
    expect(tied.map((s) => [s.unit, s.score, s.rank])).toEqual([
      ['丙', 80.01, 1],
      ['甲', 80, 2],
      ['乙', 80, 2],
    ]);
  });

  it('scores a unit with no weight 0 and returns nothing for no indicators', () => {
    expect(
      scoreUnits([indicator({ outcome: 'met', units: [{ unit: '甲', role: 'lead', points: 100, weight: 0 }] })], legacyUnitRanking),
    ).toEqual([{ unit: '甲', score: 0, rank: 1, indicators: 1, outcomes: { exceeded: 0, met: 1, not_met: 0, no_data: 0 } }]);
    expect(scoreUnits([], legacyUnitRanking)).toEqual([]);
  });
});

describe('scoreUnits with a ranking from the scoring rule set', () => {
  // Three units at 100: 甲 exceeded once and missed once, 乙 met twice, 丙 exceeded once, met
  // once and led one of its two; 丁 scores less.
  const tied = [
    indicator({ outcome: 'exceeded', units: [lead('甲', 100)] }),
    indicator({ outcome: 'not_met', units: [lead('甲', 100)] }),
    indicator({ outcome: 'met', units: [lead('乙', 100), cooperating('丙', 100)] }),
    indicator({ outcome: 'met', units: [lead('乙', 100)] }),
    indicator({ outcome: 'exceeded', units: [lead('丙', 100)] }),
    indicator({ outcome: 'met', units: [lead('丁', 90)] }),
  ];
  const standings = (ranking: Parameters<typeof scoreUnits>[1]) => scoreUnits(tied, ranking).map((s) => [s.rank, s.unit]);

  it('with no tie-break, equal scores share a rank: competition skips the next, dense does not', () => {
    expect(standings({ style: 'competition', tieBreak: [] })).toEqual([
      [1, '丙'],
      [1, '甲'],
      [1, '乙'],
      [4, '丁'],
    ]);
    expect(standings({ style: 'dense', tieBreak: [] })).toEqual([
      [1, '丙'],
      [1, '甲'],
      [1, '乙'],
      [2, '丁'],
    ]);
  });

  it('breaks ties by the keys in order, and units equal on every key still share a rank', () => {
    // exceededCount: 丙 1, 甲 1, 乙 0; then completionRate: 丙 100 %, 甲 50 %.
    expect(standings({ style: 'competition', tieBreak: ['exceededCount', 'completionRate'] })).toEqual([
      [1, '丙'],
      [2, '甲'],
      [3, '乙'],
      [4, '丁'],
    ]);
    // completionRate alone: 乙 and 丙 both 100 %.
    expect(standings({ style: 'competition', tieBreak: ['completionRate'] })).toEqual([
      [1, '丙'],
      [1, '乙'],
      [3, '甲'],
      [4, '丁'],
    ]);
    expect(standings({ style: 'dense', tieBreak: ['notMetCount', 'leadCount'] })).toEqual([
      [1, '乙'],
      [2, '丙'],
      [3, '甲'],
      [4, '丁'],
    ]);
  });

  it('leaves scores and the rest of each entry as the legacy ranking computes them', () => {
    const legacy = scoreUnits(tied, legacyUnitRanking);
    const broken = scoreUnits(tied, { style: 'dense', tieBreak: ['exceededCount'] });
    const strip = (list: typeof legacy) => list.map(({ rank: _rank, ...rest }) => rest).sort((a, b) => a.unit.localeCompare(b.unit));
    expect(strip(broken)).toEqual(strip(legacy));
  });
});

describe('totalsOf', () => {
  it('counts outcomes and the share exceeded or met', () => {
    const totals = totalsOf(
      (['met', 'not_met', 'not_met', 'exceeded', 'no_data', 'not_met'] as const).map((outcome) => indicator({ outcome })),
    );
    expect(totals).toEqual({ exceeded: 1, met: 1, not_met: 3, no_data: 1, indicators: 6, completionRate: 2 / 6 });
  });

  it('has a completion rate of 0 with nothing to judge', () => {
    expect(totalsOf([]).completionRate).toBe(0);
  });
});

describe('draftNextYearGoals', () => {
  it('raises what was reached (or the target, if higher) by about 10 %, rounded up', () => {
    const goals = draftNextYearGoals([
      indicator({ outcome: 'exceeded', metric: '入库科技型中小企业', target: 100, achieved: 120, unit: '家' }),
      indicator({ outcome: 'not_met', metric: '创新平台', target: 3, achieved: 1, unit: '家' }),
      indicator({ outcome: 'met', metric: '新增仪器设备', kind: 'quantity', target: 7, achieved: 7, unit: '台(套)' }),
    ]);
    expect(goals).toEqual([
      { metric: '入库科技型中小企业', value: 132, unit: '家', basis: '在120家基础上增长约10%' },
      { metric: '创新平台', value: 4, unit: '家', basis: '在3家基础上增长约10%' },
      { metric: '新增仪器设备', value: 8, unit: '台(套)', basis: '在7台(套)基础上增长约10%' },
    ]);
  });

  it('gives exactly 10 % more where that is a whole number (no floating-point residue)', () => {
    const goals = draftNextYearGoals([
      indicator({ outcome: 'met', target: 100, achieved: 100 }),
      indicator({ outcome: 'met', target: 50, achieved: 40 }),
      indicator({ outcome: 'met', target: 200, achieved: 200 }),
    ]);
    expect(goals.map((g) => g.value)).toEqual([110, 55, 220]);
  });

  it('rounds amounts in 元 up to whole 万元', () => {
    const goals = draftNextYearGoals([
      indicator({ outcome: 'met', metric: '技术合同交易额', kind: 'amount', unit: '元', target: 3e9, achieved: 3e9 }),
      indicator({ outcome: 'met', metric: '知识价值信用贷款', kind: 'amount', unit: '元', target: 1e8, achieved: 123_456_789 }),
    ]);
    expect(goals).toEqual([
      { metric: '技术合同交易额', value: 3_300_000_000, unit: '元', basis: '在30亿元基础上增长约10%' },
      { metric: '知识价值信用贷款', value: 135_810_000, unit: '元', basis: '在1.23亿元基础上增长约10%' },
    ]);
  });

  it('drafts nothing for growth, share, rank or milestone indicators, or without a figure', () => {
    expect(
      draftNextYearGoals([
        indicator({ outcome: 'met', kind: 'growth', unit: '%', target: 12, achieved: 13 }),
        indicator({ outcome: 'met', kind: 'share', unit: '%', target: 24, achieved: 25 }),
        indicator({ outcome: 'met', kind: 'rank', comparator: 'lte', unit: null, target: 3, achieved: 2 }),
        indicator({ outcome: 'met', kind: 'milestone', comparator: 'done', target: null, achieved: null, done: true }),
        indicator({ outcome: 'no_data', achieved: null }),
        indicator({ outcome: 'met', target: null, achieved: 5 }),
      ]),
    ).toEqual([]);
  });
});

describe('renderChineseSummary', () => {
  const indicators = [
    indicator({
      outcome: 'exceeded',
      metric: '技术合同交易额',
      kind: 'amount',
      unit: '元',
      target: 3e9,
      achieved: 3.2e9,
      shareOfTarget: 3.2e9 / 3e9,
      baseline: 2.844_444_444e9,
      growth: 12.5,
      units: [lead('市科工局', 110)],
    }),
    indicator({
      outcome: 'not_met',
      metric: null,
      targetText: '申报省级以上创新平台2家以上，力争实现国家级平台破零',
      target: 2,
      achieved: 1,
      shareOfTarget: 0.5,
      baseline: 2,
      growth: -50,
      units: [lead('市财政局', 50)],
    }),
    indicator({
      outcome: 'met',
      metric: null,
      targetText: '建成一个院士专家工作站',
      kind: 'milestone',
      comparator: 'done',
      target: null,
      achieved: null,
      shareOfTarget: null,
      done: true,
      units: [lead('市科工局', 100)],
    }),
  ];
  const result: EvaluationResult = {
    cycleId: 'cycle-1',
    plan: { title: '创新提升行动实施方案', jurisdiction: '沅江市', year: 2024 },
    evaluatedAt: '2025-01-31T00:00:00.000Z',
    ruleSets: [{ id: 'attainment', version: '1.0.0' }],
    totals: totalsOf(indicators),
    indicators,
    units: scoreUnits(indicators, legacyUnitRanking),
    nextYearDraftGoals: draftNextYearGoals(indicators),
  };
  const summary = renderChineseSummary(result);
  const lines = summary.split('\n');

  it('opens with year, jurisdiction and title, then the totals and completion rate', () => {
    expect(lines[0]).toBe('2024年沅江市《创新提升行动实施方案》年终考核情况');
    expect(lines[1]).toBe('共考核指标3项，其中超额完成1项、完成1项、未完成1项、无数据0项，总体完成率66.67%。');
  });

  it('states achieved value, target, share of target, growth and outcome per quantitative indicator', () => {
    expect(lines[2]).toBe(
      '主要指标：技术合同交易额32亿元，目标30亿元，完成目标的106.67%，同比增长12.5%（超额完成）；' +
        '申报省级以上创新平台2家以上，力1家，目标2家，完成目标的50%，同比下降50%（未完成）。',
    );
  });

  it('counts milestones judged done by review', () => {
    expect(lines[3]).toBe('节点性任务1项，经审核完成1项。');
  });

  it('ranks the units with their scores', () => {
    expect(lines[4]).toBe('责任单位考核排名：第1名市科工局（105分），第2名市财政局（50分）。');
  });

  it('ends with the draft goals for next year', () => {
    expect(lines[5]).toBe('下一年度目标建议：技术合同交易额35.2亿元，指标3家。');
    expect(lines).toHaveLength(6);
  });

  it('leaves out the year and the sections it has nothing for', () => {
    const bare = renderChineseSummary({
      ...result,
      plan: { title: '科技创新工作要点', jurisdiction: null, year: null },
      totals: totalsOf([]),
      indicators: [],
      units: [],
      nextYearDraftGoals: [],
    });
    expect(bare).toBe('《科技创新工作要点》年终考核情况\n共考核指标0项，其中超额完成0项、完成0项、未完成0项、无数据0项，总体完成率0%。');
  });
});
