import type { PlanDocument, Target } from '@plancycle/contracts';
import { decomposePlan, inDecompositionOrder, publishProblems, responsibleUnits } from './decomposition';

const target = (text: string, lead: string[], cooperating: string[] = []): Target => ({
  text,
  units: { lead, cooperating },
  indicators: [{ metric: '高新技术企业', kind: 'count', comparator: 'gte', value: 10, unit: '家' }],
});

const plan = (overrides: Partial<PlanDocument> = {}): PlanDocument => ({
  jurisdiction: '沅江市',
  year: 2024,
  title: '创新提升行动实施方案',
  tasks: [
    {
      number: '1',
      title: '主体培育提级',
      targets: [target('新增高新技术企业10家', ['市科工局'], ['市财政局'])],
    },
  ],
  ...overrides,
});

describe('publishProblems', () => {
  it('finds nothing wrong with a titled plan whose targets all have a unit', () => {
    expect(publishProblems(plan())).toEqual([]);
  });

  it('accepts joint responsibility without a lead (按职能分工负责)', () => {
    const joint = plan({ tasks: [{ number: '1', title: 't', targets: [target('x', [], ['市科工局', '市金融事务中心'])] }] });
    expect(publishProblems(joint)).toEqual([]);
  });

  it('wants a title: missing, null or blank', () => {
    const { title: _title, ...untitled } = plan();
    for (const document of [untitled as PlanDocument, plan({ title: null }), plan({ title: '   ' })]) {
      expect(publishProblems(document)).toEqual([{ path: 'title', message: 'a published plan needs a title', code: 'title_required' }]);
    }
  });

  it('wants at least one task', () => {
    expect(publishProblems(plan({ tasks: [] }))).toEqual([
      { path: 'tasks', message: 'a published plan needs at least one task', code: 'task_required' },
    ]);
  });

  it('names every target without a responsible unit by its path', () => {
    const problems = publishProblems(
      plan({
        title: '',
        tasks: [
          { number: '1', title: 'a', targets: [target('ok', ['市科工局']), target('orphan', [])] },
          { number: '2', title: 'b', targets: [target('orphan too', [], [])] },
        ],
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['title', 'tasks.0.targets.1.units', 'tasks.1.targets.0.units']);
    expect(problems[1]?.message).toContain('牵头单位');
  });
});

describe('decomposePlan', () => {
  const units = (lead: string[], cooperating: string[] = []) => ({ lead, cooperating });

  it('gives each target to each responsible unit: goals first, then tasks in order, lead before cooperating', () => {
    const drafts = decomposePlan({
      goals: [{ id: 'goal', units: units(['市科工局']) }],
      tasks: [
        { targets: [{ id: 't1', units: units(['市发改局', '市科工局'], ['市财政局']) }] },
        {
          targets: [
            { id: 't2', units: units([], ['市人社局', '市金融事务中心']) },
            { id: 't3', units: units(['市财政局']) },
          ],
        },
      ],
    });
    expect(drafts.map((d) => `${d.targetId} ${d.role} ${d.unit}`)).toEqual([
      'goal lead 市科工局',
      't1 lead 市发改局',
      't1 lead 市科工局',
      't1 cooperating 市财政局',
      't2 cooperating 市人社局',
      't2 cooperating 市金融事务中心',
      't3 lead 市财政局',
    ]);
  });

  it('lets a unit named in both roles answer once, as lead, and ignores repeats and padding', () => {
    const drafts = decomposePlan({
      goals: [],
      tasks: [{ targets: [{ id: 't', units: units(['市科工局', ' 市科工局'], ['市财政局', '市科工局', '市财政局']) }] }],
    });
    expect(drafts).toEqual([
      { targetId: 't', unit: '市科工局', role: 'lead' },
      { targetId: 't', unit: '市财政局', role: 'cooperating' },
    ]);
  });

  it('makes nothing of a plan without responsible units', () => {
    expect(decomposePlan({ goals: [], tasks: [{ targets: [{ id: 't', units: units([]) }] }] })).toEqual([]);
  });
});

describe('inDecompositionOrder', () => {
  const decomposition = [
    { targetId: 't1', unit: '甲', role: 'lead' as const },
    { targetId: 't1', unit: '乙', role: 'cooperating' as const },
    { targetId: 't2', unit: '甲', role: 'lead' as const },
  ];

  it('orders stored assignments as the decomposition lists them', () => {
    const stored = [
      { id: 'c', targetId: 't2', unit: '甲' },
      { id: 'b', targetId: 't1', unit: '乙' },
      { id: 'a', targetId: 't1', unit: '甲' },
    ];
    expect(inDecompositionOrder(stored, decomposition).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts assignments the decomposition does not name last, in their given order', () => {
    const stored = [
      { id: 'x', targetId: 't9', unit: '丙' },
      { id: 'c', targetId: 't2', unit: '甲' },
      { id: 'y', targetId: 't1', unit: '丙' },
    ];
    expect(inDecompositionOrder(stored, decomposition).map((s) => s.id)).toEqual(['c', 'x', 'y']);
  });
});

describe('responsibleUnits', () => {
  it('lists each unit once, trimmed, leads first, a unit named in both roles as lead', () => {
    expect(responsibleUnits({ lead: ['市科工局', '市发改局 '], cooperating: ['市财政局', ' 市科工局', '市财政局'] })).toEqual([
      { unit: '市科工局', role: 'lead' },
      { unit: '市发改局', role: 'lead' },
      { unit: '市财政局', role: 'cooperating' },
    ]);
  });
});
