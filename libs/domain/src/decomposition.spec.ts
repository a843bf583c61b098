import type { PlanDocument, Target } from '@plancycle/contracts';
import { publishProblems } from './decomposition';

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
      expect(publishProblems(document)).toEqual([{ path: 'title', message: 'a published plan needs a title' }]);
    }
  });

  it('wants at least one task', () => {
    expect(publishProblems(plan({ tasks: [] }))).toEqual([
      { path: 'tasks', message: 'a published plan needs at least one task' },
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
