import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { planDocumentSchema, type PlanDocument, type Task } from '@plancycle/contracts';
import { importPlanText } from './plan.importer';
import { sharedPlanFixturesDir } from '../../../test/support/shared-fixtures';

const SHARED = sharedPlanFixturesDir();
const OWN = resolve(__dirname, '../test/fixtures');

function load(dir: string, name: string): string {
  return readFileSync(resolve(dir, name), 'utf8');
}
function expectedPlan(name: string): PlanDocument {
  return JSON.parse(load(OWN, `${name}.expected.json`)) as PlanDocument;
}

/** Compares two plans task by task and target by target, so that a failure names the field. */
function expectSamePlan(actual: PlanDocument, expected: PlanDocument): void {
  expect({ jurisdiction: actual.jurisdiction, year: actual.year, title: actual.title }).toEqual({
    jurisdiction: expected.jurisdiction,
    year: expected.year,
    title: expected.title,
  });
  expect(actual.goals).toEqual(expected.goals);
  expect(actual.tasks.map((task) => task.number)).toEqual(expected.tasks.map((task) => task.number));
  expected.tasks.forEach((want: Task, i) => {
    const got = actual.tasks[i] as Task;
    const where = `task ${want.number}`;
    expect([where, got.title, got.category, got.leader, got.content]).toEqual([
      where,
      want.title,
      want.category,
      want.leader,
      want.content,
    ]);
    expect([where, got.targets.length]).toEqual([where, want.targets.length]);
    want.targets.forEach((target, k) => {
      const gotTarget = got.targets[k];
      expect([where, k, gotTarget?.text]).toEqual([where, k, target.text]);
      expect([where, k, gotTarget?.units]).toEqual([where, k, target.units]);
      expect([where, k, gotTarget?.indicators]).toEqual([where, k, target.indicators]);
    });
  });
}

describe('importPlanText on the published fixtures', () => {
  it.each([
    ['xiangtan-2018-key-points', 36],
    ['yuanjiang-2024-innovation-action-plan', 12],
  ])('imports %s completely (%i tasks)', (name, taskCount) => {
    const result = importPlanText(load(SHARED, `${name}.txt`));
    expect(planDocumentSchema.safeParse(result.plan).success).toBe(true);
    expect(result.plan.tasks).toHaveLength(taskCount);
    expectSamePlan(result.plan, expectedPlan(name));
  });

  it('reads the Yuanjiang plan as the document states it', () => {
    const { plan, issues } = importPlanText(load(SHARED, 'yuanjiang-2024-innovation-action-plan.txt'));
    expect(plan).toMatchObject({ jurisdiction: '沅江市', year: 2024, title: '创新提升行动实施方案' });
    expect(plan.goals?.flatMap((goal) => goal.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit]))).toEqual([
      ['milestone', 'done', null, null],
      ['growth', 'gte', 12, '%'],
      ['ratio', 'gte', 1.3, '件/万人'],
      ['amount', 'gte', 3_000_000_000, '元'],
      ['share', 'gte', 24, '%'],
    ]);
    const task2 = plan.tasks[1];
    expect(task2).toMatchObject({ number: '2', category: '主体培育提级', title: '强化企业自主创新' });
    expect(task2?.targets[0]?.units).toEqual({ lead: ['市科工局'], cooperating: ['市财政局'] });
    expect(task2?.targets[0]?.indicators.map((i) => i.value)).toEqual([10, 1, 320, 30]);
    expect(plan.tasks[0]?.targets[0]?.units).toEqual({ lead: ['市科工局', '市金融事务中心'], cooperating: [] });
    expect(plan.tasks[5]?.targets[0]?.units).toEqual({ lead: ['市农业农村局'], cooperating: ['有关镇', '有关街道', '有关中心'] });
    // 三、推进机制 names no task: nothing to be unsure of.
    expect(issues).toEqual([]);
  });

  it('reads the Xiangtan plan: leaders, mid-paragraph responsibilities and page chrome', () => {
    const { plan } = importPlanText(load(SHARED, 'xiangtan-2018-key-points.txt'));
    expect(plan).toMatchObject({ jurisdiction: '湘潭市', year: 2018, title: '2018年科技创新工作要点' });
    const task7 = plan.tasks[6];
    expect(task7?.leader).toBe('戴志强、成晓红');
    expect(task7?.targets.map((target) => target.units.lead)).toEqual([['高新科', '筹备办'], ['社发科'], ['高新科']]);
    expect(plan.tasks[24]?.targets[0]?.indicators.map((i) => [i.kind, i.comparator, i.value])).toEqual([
      ['share', 'eq', 100],
      ['rank', 'lte', 3],
    ]);
    const allText = JSON.stringify(plan);
    expect(allText).not.toMatch(/葡京|打印|责任编辑|附件|\.docx/);
    expect(plan.tasks.map((task) => task.category)).toContain('科技体制改革见实效行动');
  });
});

describe('importPlanText on other kinds of documents', () => {
  it('reads a traditional-character decomposition table with glosses and ||| merged cells', () => {
    const { plan, issues } = importPlanText(load(OWN, 'taoyuan-2024-task-table.txt'));
    expect(plan).toMatchObject({ jurisdiction: '桃源縣', year: 2024, title: '桃源縣2024年科技創新重點工作任務分解表' });
    expect(plan.tasks.map((task) => [task.number, task.category, task.title])).toEqual([
      ['1', '主體培育提級', '實施科技型企業培育計劃'],
      ['2', '主體培育提級', '強化企業研發投入'],
      ['3', '平台能級提檔', '建設創新平台'],
      ['4', '平台能級提檔', '推進成果轉化'],
    ]);
    const [t1, t2, t3, t4] = plan.tasks;
    expect(t1?.targets.map((target) => [target.text, target.units])).toEqual([
      ['新增高新技術企業20家以上', { lead: ['縣科技局'], cooperating: ['縣財政局', '縣稅務局'] }],
      ['入庫科技型中小企業xx家', { lead: ['縣科技局'], cooperating: [] }],
    ]);
    expect(t1?.targets[1]?.indicators).toEqual([
      { metric: '入庫科技型中小企業', kind: 'count', comparator: 'gte', value: null, unit: '家', stretch: false },
    ]);
    // The table's note makes the first unit of a list the lead.
    expect(t2?.targets[0]?.units).toEqual({ lead: ['縣科技局'], cooperating: ['縣統計局'] });
    expect(t2?.targets[0]?.indicators[0]).toMatchObject({ kind: 'growth', comparator: 'gte', value: 15, unit: '%' });
    expect(t3?.targets[0]?.indicators[0]).toMatchObject({ kind: 'count', comparator: 'range', value: 1, max: 2, stretch: true });
    // An empty cell continues the one above it (merged).
    expect(t3?.targets[1]?.units).toEqual({ lead: ['縣委組織部'], cooperating: ['縣科技局', '縣農業農村局'] });
    expect(t3?.targets[1]?.indicators[0]).toMatchObject({ kind: 'count', value: 1, unit: '個' });
    // 縣 科技局 is written with a space once: one name across the plan.
    expect(t4?.targets[0]?.units.lead).toEqual(['縣科技局']);
    expect(t4?.targets[0]?.indicators[0]).toMatchObject({ kind: 'amount', value: 300_000_000, unit: '元' });
    expect(issues).toEqual([
      {
        line: 5,
        severity: 'warning',
        code: 'masked_number',
        params: { text: expect.stringContaining('xx家') as unknown as string },
        reason: expect.stringContaining('masked number') as unknown as string,
      },
    ]);
  });

  it('reads a year-end summary with a plan: its figures are results (masked ones empty), problems are not tasks', () => {
    const { plan, issues, results } = importPlanText(load(OWN, 'taoyuan-2023-summary-and-plan.txt'));
    expect(plan).toMatchObject({ jurisdiction: '桃源縣', year: 2024, title: '桃源縣科技局2023年工作總結和2024年工作計劃' });
    expect(plan.goals?.map((goal) => goal.indicators.map((i) => [i.kind, i.comparator, i.value]))).toEqual([
      [['growth', 'gte', 12]],
      [['amount', 'gt', 500_000_000]],
    ]);
    // Rule "year-end summary": 2023年工作完成情況 reports results, the 2024 plan gives the tasks.
    expect(plan.tasks.map((task) => [task.number, task.title])).toEqual([
      ['1', '加快科技型企業培育'],
      ['2', '提升創新平台能級'],
      ['3', '深化科技體制改革'],
    ]);
    expect(results.flatMap((result) => result.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit]))).toEqual([
      ['count', 'eq', null, '家'],
      ['growth', 'eq', null, '%'],
      ['share', 'eq', null, '%'],
    ]);
    expect(issues.filter((issue) => issue.reason.startsWith('masked number')).map((issue) => issue.line)).toEqual([4, 4, 4]);
    const [first, second, third] = plan.tasks;
    expect(first?.targets[0]?.units).toEqual({ lead: ['縣科技局'], cooperating: ['縣財政局', '縣稅務局'] });
    expect(first?.targets[0]?.indicators.map((i) => [i.comparator, i.value, i.stretch])).toEqual([
      ['gte', 15, true],
      ['approx', 80, true],
    ]);
    expect(second?.targets[0]?.units).toEqual({ lead: ['縣科技局', '縣工信局'], cooperating: [] });
    expect(second?.targets[0]?.indicators.map((i) => [i.kind, i.value, i.stretch])).toEqual([
      ['count', 1, false],
      ['count', 1, true],
    ]);
    expect(third?.leader).toBe('李明');
    expect(third?.targets[0]?.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit])).toEqual([
      ['rank_change', 'gte', 3, '位次'],
      ['rank', 'lte', 3, '名'],
    ]);
  });

  it('reports a task without responsible unit at its line of the original input', () => {
    const text = [
      '扫一扫在手机打开当前页',
      '',
      '二、工作任务',
      '',
      '1.建设创新平台。新增省级平台3家以上。',
      '2.加强人才引进。引进人才10名。(县人社局负责)',
    ].join('\n');
    const { plan, issues } = importPlanText(text);
    expect(plan.tasks.map((task) => task.number)).toEqual(['1', '2']);
    expect(issues).toEqual([
      {
        line: 5,
        severity: 'warning',
        code: 'no_responsible_unit',
        params: { number: '1', title: '建设创新平台' },
        reason: 'task 1 "建设创新平台": no responsible unit found',
      },
    ]);
    expect(plan.tasks[1]?.targets[0]?.units).toEqual({ lead: ['县人社局'], cooperating: [] });
  });

  it('tells when it finds no task', () => {
    const { plan, issues } = importPlanText('只是一段说明文字。');
    expect(plan.tasks).toEqual([]);
    expect(issues[0]?.reason).toMatch(/no tasks found/);
  });
});

describe('importPlanText progress', () => {
  it('reports progress up to the number of paragraphs', () => {
    const calls: Array<[number, number]> = [];
    importPlanText(load(SHARED, 'xiangtan-2018-key-points.txt'), { onProgress: (done, total) => calls.push([done, total]) });
    const last = calls[calls.length - 1];
    expect(calls.length).toBeGreaterThan(1);
    expect(last?.[0]).toBe(last?.[1]);
  });
});
