import { toFieldIssues } from '../errors/domain-error';
import { indicatorSchema, planDocumentSchema, type PlanDocument } from './plan-document.schema';

/** A slice of the 沅江市 2024 创新提升行动实施方案, as the importer emits it. */
const validPlan = {
  jurisdiction: '沅江市',
  year: 2024,
  title: '创新提升行动实施方案',
  goals: [
    {
      text: '技术合同交易额达30亿元',
      units: { lead: ['市科工局'], cooperating: [] },
      indicators: [{ metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 3e9, unit: '元', stretch: false }],
    },
  ],
  tasks: [
    {
      number: '1',
      category: '一、主体培育提级',
      title: '培育科技型企业',
      content: null,
      leader: '钟兴旺',
      targets: [
        {
          text: '申报国家级项目1-2项',
          units: { lead: ['市科工局'], cooperating: ['市财政局', '市发改局'] },
          indicators: [{ metric: '国家级项目', kind: 'count', comparator: 'range', value: 1, max: 2, unit: '项' }],
        },
        {
          text: '组织开展科技型中小企业评价60家左右',
          units: { lead: [], cooperating: ['市科工局', '市金融事务中心'] },
          indicators: [{ metric: null, kind: 'count', comparator: 'approx', value: 60, unit: '家', tolerance: 0.1 }],
        },
        {
          text: '建成一个院士专家工作站',
          units: { lead: ['市科工局'], cooperating: [] },
          indicators: [{ kind: 'milestone', comparator: 'done', value: null, unit: null }],
        },
      ],
    },
  ],
};

/** The issues of a document that must fail, as dotted paths and messages. */
function issuesOf(document: unknown) {
  const parsed = planDocumentSchema.safeParse(document);
  if (parsed.success) throw new Error('expected the document to be rejected');
  return toFieldIssues(parsed.error.issues);
}

const withIndicator = (indicator: Record<string, unknown>) => ({
  ...validPlan,
  tasks: [{ number: '1', title: 't', targets: [{ text: 'x', units: { lead: ['市科工局'], cooperating: [] }, indicators: [indicator] }] }],
});

describe('planDocumentSchema', () => {
  it('accepts a real plan', () => {
    const parsed: PlanDocument = planDocumentSchema.parse(validPlan);
    expect(parsed.tasks[0]?.targets).toHaveLength(3);
    expect(parsed.tasks[0]?.targets[0]?.indicators[0]).toMatchObject({ comparator: 'range', value: 1, max: 2 });
  });

  it('refuses properties it does not know, each by name at its own path (a typo would otherwise drop data)', () => {
    const task = validPlan.tasks[0] as (typeof validPlan.tasks)[number];
    const target = task.targets[0] as (typeof task.targets)[number];
    expect(
      issuesOf({
        ...validPlan,
        importedFrom: 'x.txt',
        tasks: [{ ...task, sourceLine: 42, targets: [{ ...target, indicator: [], units: { ...target.units, leader: [] } }] }],
      }),
    ).toEqual([
      { path: 'tasks.0.targets.0.units.leader', message: 'unknown field "leader"' },
      { path: 'tasks.0.targets.0.indicator', message: 'unknown field "indicator"' },
      { path: 'tasks.0.sourceLine', message: 'unknown field "sourceLine"' },
      { path: 'importedFrom', message: 'unknown field "importedFrom"' },
    ]);
  });

  it('needs only tasks at the top level', () => {
    expect(planDocumentSchema.safeParse({ tasks: [] }).success).toBe(true);
    expect(issuesOf({})).toEqual([{ path: 'tasks', message: expect.any(String) }]);
  });

  it('rejects a range without max, at the path of max', () => {
    expect(issuesOf(withIndicator({ kind: 'count', comparator: 'range', value: 1, unit: '项' }))).toEqual([
      { path: 'tasks.0.targets.0.indicators.0.max', message: 'a range indicator needs max' },
    ]);
    expect(issuesOf(withIndicator({ kind: 'count', comparator: 'range', value: 1, max: null, unit: '项' }))).toEqual([
      { path: 'tasks.0.targets.0.indicators.0.max', message: 'a range indicator needs max' },
    ]);
  });

  it('rejects a range whose max is below its value', () => {
    expect(issuesOf(withIndicator({ kind: 'count', comparator: 'range', value: 3, max: 2, unit: '项' }))).toEqual([
      { path: 'tasks.0.targets.0.indicators.0.max', message: 'max must not be below value' },
    ]);
  });

  it('rejects a milestone with any comparator but done, and done on anything but a milestone', () => {
    const expected = [
      {
        path: 'tasks.0.targets.0.indicators.0.comparator',
        message: 'a milestone uses comparator "done", and only a milestone does',
      },
    ];
    expect(issuesOf(withIndicator({ kind: 'milestone', comparator: 'gte', value: null, unit: null }))).toEqual(expected);
    expect(issuesOf(withIndicator({ kind: 'count', comparator: 'done', value: 2, unit: '家' }))).toEqual(expected);
  });

  it('names the path of an unknown kind or comparator and of a blank unit name', () => {
    const unknownKind = issuesOf(withIndicator({ kind: 'percentage', comparator: 'gte', value: 1, unit: '%' }));
    expect(unknownKind.map((i) => i.path)).toEqual(['tasks.0.targets.0.indicators.0.kind']);
    const unknownComparator = issuesOf(withIndicator({ kind: 'count', comparator: 'atLeast', value: 1, unit: '家' }));
    expect(unknownComparator.map((i) => i.path)).toEqual(['tasks.0.targets.0.indicators.0.comparator']);
    const blankUnit = issuesOf({
      tasks: [{ number: '1', title: 't', targets: [{ text: 'x', units: { lead: ['  '], cooperating: [] }, indicators: [] }] }],
    });
    expect(blankUnit.map((i) => i.path)).toEqual(['tasks.0.targets.0.units.lead.0']);
  });

  it('wants at least one target per task and a tolerance between 0 and 1', () => {
    expect(issuesOf({ tasks: [{ number: '1', title: 't', targets: [] }] }).map((i) => i.path)).toEqual(['tasks.0.targets']);
    const tolerance = issuesOf(withIndicator({ kind: 'count', comparator: 'approx', value: 60, unit: '家', tolerance: 10 }));
    expect(tolerance.map((i) => i.path)).toEqual(['tasks.0.targets.0.indicators.0.tolerance']);
  });

  it('reports every broken indicator of a document, each at its own path', () => {
    const issues = issuesOf({
      ...validPlan,
      goals: [
        { text: 'g', units: { lead: [], cooperating: [] }, indicators: [{ kind: 'count', comparator: 'range', value: 1, unit: '家' }] },
      ],
      tasks: [
        {
          number: '1',
          title: 't',
          targets: [
            { text: 'a', units: { lead: [], cooperating: [] }, indicators: [] },
            {
              text: 'b',
              units: { lead: [], cooperating: [] },
              indicators: [{ kind: 'milestone', comparator: 'eq', value: null, unit: null }],
            },
          ],
        },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['goals.0.indicators.0.max', 'tasks.0.targets.1.indicators.0.comparator']);
  });
});

describe('indicatorSchema', () => {
  it('accepts each kind with its usual comparator', () => {
    const accepted = [
      { kind: 'growth', comparator: 'gte', value: 12, unit: '%' },
      { kind: 'share', comparator: 'eq', value: 100, unit: '%' },
      { kind: 'ratio', comparator: 'gte', value: 1.3, unit: '件/万人' },
      { kind: 'rank', comparator: 'lte', value: 3, unit: null },
      { kind: 'rank_change', comparator: 'gte', value: 19, unit: '位' },
      { kind: 'amount', comparator: 'gt', value: 1e8, unit: '元', stretch: true },
      { kind: 'count', comparator: 'range', value: 1, max: 1, unit: '项' },
    ];
    for (const indicator of accepted) expect(indicatorSchema.safeParse(indicator).success).toBe(true);
  });
});
