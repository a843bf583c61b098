import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { planDocumentSchema, type Indicator, type PlanDocument } from '@plancycle/contracts';
import { importPlanText } from './plan.importer';

const OWN = resolve(__dirname, '../test/fixtures');

function importFixture(name: string): ReturnType<typeof importPlanText> {
  const result = importPlanText(readFileSync(resolve(OWN, name), 'utf8'));
  expect(planDocumentSchema.safeParse(result.plan).success).toBe(true);
  return result;
}

type Row = [Indicator['kind'], Indicator['comparator'], number | null, string | null] | [Indicator['kind'], Indicator['comparator'], number | null, string | null, { max?: number; stretch?: boolean }];

/** Indicators of one task, target by target, as [kind, comparator, value, unit, {max, stretch}]. */
function indicatorsOf(plan: PlanDocument, number: string): Row[][] {
  const task = plan.tasks.find((t) => t.number === number);
  if (task === undefined) throw new Error(`no task ${number}`);
  return task.targets.map((target) =>
    target.indicators.map((i): Row => {
      const extra: { max?: number; stretch?: boolean } = {};
      if (i.max !== undefined && i.max !== null) extra.max = i.max;
      if (i.stretch) extra.stretch = true;
      return Object.keys(extra).length > 0 ? [i.kind, i.comparator, i.value, i.unit, extra] : [i.kind, i.comparator, i.value, i.unit];
    }),
  );
}

function unitsOf(plan: PlanDocument, number: string): Array<{ lead: string[]; cooperating: string[] }> {
  return (plan.tasks.find((t) => t.number === number)?.targets ?? []).map((target) => target.units);
}

describe('probe: a county 工作要点 with trailing 责任单位 and single-sentence tasks', () => {
  const { plan, issues } = importFixture('county-2025-key-points.txt');

  it('reads title, year and goals', () => {
    expect(plan).toMatchObject({ year: 2025, title: '某县2025年科技创新工作要点' });
    expect(plan.goals?.flatMap((goal) => goal.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit]))).toEqual([
      ['count', 'gte', 45, '家'],
      ['amount', 'gt', 300_000_000, '元'],
      ['ratio', 'gte', 2, '件/万人'],
    ]);
    expect(issues).toEqual([]);
  });

  it('reads the tasks and their categories', () => {
    expect(plan.tasks.map((t) => [t.number, t.category, t.title])).toEqual([
      ['1', '强化企业创新主体地位', '实施高企倍增计划'],
      ['2', '强化企业创新主体地位', '推进研发投入攻坚'],
      ['3', '提升平台能级', '争创省级创新平台1-2个,县域创新能力评价在全省排名前进5个位次,力争进入全省前三十'],
      ['4', '提升平台能级', '加强科普宣传'],
    ]);
  });

  it('reads a trailing 责任单位: label with a (牵头) marker, and never makes it a target', () => {
    expect(plan.tasks[0]?.content).toBe('新增高新技术企业8家,科技型中小企业入库评价60家左右。');
    expect(plan.tasks[0]?.targets.map((t) => t.text)).toEqual(['新增高新技术企业8家,科技型中小企业入库评价60家左右']);
    expect(unitsOf(plan, '1')).toEqual([{ lead: ['县科技局'], cooperating: ['县财政局', '县税务局'] }]);
    expect(indicatorsOf(plan, '1')).toEqual([
      [
        ['count', 'gte', 8, '家'],
        ['count', 'approx', 60, '家'],
      ],
    ]);
  });

  it('reads joint responsibility and bracketed lead/cooperating statements', () => {
    expect(unitsOf(plan, '2')).toEqual([{ lead: ['县科技局', '县统计局'], cooperating: [] }]);
    expect(indicatorsOf(plan, '2')).toEqual([
      [
        ['share', 'gte', 40, '%'],
        ['growth', 'gte', 15, '%'],
      ],
    ]);
    expect(unitsOf(plan, '3')).toEqual([{ lead: ['县科技局'], cooperating: ['各乡镇'] }]);
    expect(unitsOf(plan, '4')).toEqual([{ lead: ['县科协'], cooperating: [] }]);
    expect(indicatorsOf(plan, '4')).toEqual([[['milestone', 'done', null, null]]]);
  });

  it('reads the targets of a task that is a single sentence from its title', () => {
    expect(indicatorsOf(plan, '3')).toEqual([
      [
        ['count', 'range', 1, '个', { max: 2 }],
        ['rank_change', 'gte', 5, '位次'],
        ['rank', 'lte', 30, '名', { stretch: true }],
      ],
    ]);
  });
});
