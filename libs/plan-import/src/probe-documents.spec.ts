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

type Row =
  | [Indicator['kind'], Indicator['comparator'], number | null, string | null]
  | [Indicator['kind'], Indicator['comparator'], number | null, string | null, { max?: number; stretch?: boolean }];

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

describe('probe: a 任务分解表 with merged cells, opened by 附件1', () => {
  const { plan, issues } = importFixture('city-2025-task-table.txt');

  it('reads the title under 附件1 and the year', () => {
    expect(plan).toMatchObject({ year: 2025, title: '某市2025年科技创新重点工作任务分解表' });
    expect(issues).toEqual([]);
  });

  it('reads one task per 序号, continuation rows as targets', () => {
    expect(plan.tasks.map((t) => [t.number, t.category, t.title, t.targets.length])).toEqual([
      ['1', '主体培育', '高新技术企业培育', 2],
      ['2', '主体培育', '研发投入', 1],
      ['3', '平台建设', '创新平台建设', 2],
      ['4', '成果转化', '技术市场', 2],
      ['5', '人才引育', '人才引进', 1],
    ]);
  });

  it('reads the unit cells: lead before the comma, (牵头), 牵头/配合, joint, merged cells inherited', () => {
    expect(unitsOf(plan, '1')).toEqual([
      { lead: ['市科技局'], cooperating: ['市财政局', '市税务局'] },
      { lead: ['市科技局'], cooperating: [] },
    ]);
    expect(unitsOf(plan, '2')).toEqual([{ lead: ['市统计局', '市科技局'], cooperating: [] }]);
    expect(unitsOf(plan, '3')).toEqual([
      { lead: ['市科技局'], cooperating: ['市发改局'] },
      { lead: ['市科技局'], cooperating: ['市发改局'] },
    ]);
    expect(unitsOf(plan, '4')).toEqual([
      { lead: ['市科技局'], cooperating: [] },
      { lead: ['市科技局', '各区县'], cooperating: [] },
    ]);
    expect(unitsOf(plan, '5')).toEqual([{ lead: ['市委人才办'], cooperating: ['市人社局'] }]);
  });

  it('reads the indicators of each target', () => {
    expect(indicatorsOf(plan, '1')).toEqual([[['count', 'gte', 20, '家']], [['count', 'approx', 150, '家']]]);
    expect(indicatorsOf(plan, '2')).toEqual([[['growth', 'gte', 10, '%']]]);
    expect(indicatorsOf(plan, '3')).toEqual([[['count', 'range', 3, '个', { max: 5 }]], [['count', 'gte', 1, null, { stretch: true }]]]);
    expect(indicatorsOf(plan, '4')).toEqual([[['amount', 'gte', 1_500_000_000, '元']], [['rank_change', 'gte', 3, '位次']]]);
    expect(indicatorsOf(plan, '5')).toEqual([[['count', 'gte', 30, '名']]]);
  });
});

describe('probe: a traditional-character 實施方案 with converter glosses and 1. / (1) / ① items', () => {
  const { plan, issues } = importFixture('taojiang-2025-traditional-action-plan.txt');

  it('keeps the title line a paragraph of its own, in the document’s characters, glosses stripped', () => {
    expect(plan).toMatchObject({ jurisdiction: '桃江縣', year: 2025, title: '桃江縣2025年科技創新提升行動實施方案' });
    expect(plan.goals?.flatMap((goal) => goal.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit]))).toEqual([
      ['count', 'gte', 30, '家'],
      ['share', 'gte', 2.1, '%'],
    ]);
  });

  // Rule "sub-items are targets": this test expected (1)(2) and ①② to be tasks of their own, numbered
  // 2.2.3.1 …, with the units stated after ①② shared back to ① by guess (and reported). They are
  // the targets of the item above them (3.打造研發平臺, 4.促進成果轉化), each with the units stated
  // with it; the units after ①② answer for both without guessing.
  it('reads 1. items as tasks and their (1)(2) / ①② sub-items as targets of the item', () => {
    expect(plan.tasks.map((t) => [t.number, t.category, t.title])).toEqual([
      ['1', '壯大創新主體', '培育科技型企業'],
      ['2', '壯大創新主體', '加大研發投入'],
      ['3', '建設創新平臺', '打造研發平臺'],
      ['4', '建設創新平臺', '促進成果轉化'],
    ]);
    expect(plan.tasks.map((t) => t.targets.map((target) => target.text))).toEqual([
      ['新認定高新技術企業5家以上,科技型中小企業評價入庫40家'],
      ['規模以上工業企業研發費用加計扣除額增長20%'],
      ['新建縣級以上工程技術研究中心2個', '推動企業建立研發機構,覆蓋率達到35%以上'],
      ['技術合同登記額突破8000萬元', '組織科技成果對接活動不少于3場'],
    ]);
  });

  it('reads 由A牽頭,B、C配合 / A負責 / A、B按職責分工負責 / 牽頭單位:A 配合單位:B', () => {
    expect(unitsOf(plan, '1')).toEqual([{ lead: ['縣科技局'], cooperating: ['縣財政局', '縣稅務局'] }]);
    expect(unitsOf(plan, '2')).toEqual([{ lead: ['縣稅務局'], cooperating: [] }]);
    expect(unitsOf(plan, '3')).toEqual([
      { lead: ['縣科技局', '縣工信局'], cooperating: [] },
      { lead: ['縣工信局'], cooperating: ['縣科技局'] },
    ]);
  });

  it('gives units stated on their own line after ①② to both sub-items, with nothing to report', () => {
    expect(unitsOf(plan, '4')).toEqual([
      { lead: ['縣科技局'], cooperating: [] },
      { lead: ['縣科技局'], cooperating: [] },
    ]);
    expect(issues).toEqual([]);
  });

  it('reads the indicators', () => {
    expect(indicatorsOf(plan, '1')).toEqual([
      [
        ['count', 'gte', 5, '家'],
        ['count', 'gte', 40, '家'],
      ],
    ]);
    expect(indicatorsOf(plan, '2')).toEqual([[['growth', 'gte', 20, '%']]]);
    expect(indicatorsOf(plan, '3')).toEqual([[['count', 'gte', 2, '個']], [['share', 'gte', 35, '%']]]);
    expect(indicatorsOf(plan, '4')).toEqual([[['amount', 'gt', 80_000_000, '元']], [['count', 'gte', 3, '場']]]);
  });
});

describe('probe: a year-end summary with masked numbers and a 下一步工作打算 section', () => {
  const { plan, issues, results } = importFixture('anhua-2024-summary-and-2025-plan.txt');

  it('takes the plan year from the title, the goals from the plan section', () => {
    expect(plan).toMatchObject({ jurisdiction: '安化县', year: 2025, title: '安化县科技局2024年工作总结和2025年工作计划' });
    expect(plan.goals?.flatMap((goal) => goal.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit]))).toEqual([
      ['count', 'gte', 60, '家'],
      ['amount', 'gte', 200_000_000, '元'],
    ]);
  });

  it('reads the summary part as results: achieved values, masked ones empty and reported at their line', () => {
    expect(results.map((result) => result.indicators.map((i) => [i.kind, i.comparator, i.value, i.unit]))).toEqual([
      [
        ['count', 'eq', null, '家'],
        ['count', 'eq', null, '家'],
      ],
      [
        ['count', 'eq', null, '家'],
        ['growth', 'eq', null, '%'],
      ],
      [
        ['amount', 'eq', null, '元'],
        ['share', 'eq', null, '%'],
      ],
    ]);
    expect(issues.filter((issue) => issue.reason.startsWith('masked number')).map((issue) => issue.line)).toEqual([4, 4, 4, 4, 5, 5]);
  });

  it('skips 存在的问题 and reads the plan tasks of 下一步工作打算 with their units', () => {
    expect(plan.tasks.map((t) => [t.number, t.title])).toEqual([
      ['1', '抓好企业培育'],
      ['2', '抓好平台建设'],
      ['3', '抓好科技合作交流,与高校院所开展产学研合作项目不少于5项'],
    ]);
    expect(unitsOf(plan, '1')).toEqual([{ lead: ['县科技局'], cooperating: ['县财政局', '县税务局'] }]);
    expect(unitsOf(plan, '2')).toEqual([{ lead: ['县科技局', '县工信局'], cooperating: [] }]);
    expect(unitsOf(plan, '3')).toEqual([{ lead: ['县科技局'], cooperating: ['各乡镇'] }]);
    // Results carry no units: only the masked figures are unsure.
    expect(issues.filter((issue) => !issue.reason.startsWith('masked number'))).toEqual([]);
  });

  it('reads 力争 / 确保 and an unbracketed closing 由A牵头,B配合 clause, which is never a target', () => {
    expect(indicatorsOf(plan, '1')).toEqual([
      [
        ['count', 'gte', 10, '家', { stretch: true }],
        ['count', 'gte', 80, '家'],
      ],
    ]);
    expect(indicatorsOf(plan, '2')).toEqual([[['count', 'gte', 2, '个']]]);
    expect(plan.tasks[2]?.targets.map((t) => t.text)).toEqual(['抓好科技合作交流,与高校院所开展产学研合作项目不少于5项']);
    expect(indicatorsOf(plan, '3')).toEqual([[['count', 'gte', 5, '项']]]);
  });
});

describe('probe: labelled responsibility in every form a prose plan writes it', () => {
  const { plan, issues } = importFixture('district-2025-key-points-labels.txt');

  it('reads 责任领导/责任部门, (X牵头) notes, labels on their own lines with 完成时限, 牵头单位 and 配合单位 on one line', () => {
    expect(issues).toEqual([]);
    expect(plan.tasks.map((t) => [t.number, t.title, t.leader])).toEqual([
      ['1', '推进创新平台建设', '张伟'],
      ['2', '深化产学研合作', null],
      ['3', '提升科技服务水平', null],
      ['4', '加强知识产权保护', null],
      ['5', '做好科技统计工作,确保研发数据应统尽统,综合排名第3', null],
    ]);
    expect(plan.tasks.map((t) => t.targets.map((target) => target.units))).toEqual([
      [{ lead: ['区科技局', '区发改局'], cooperating: [] }],
      [{ lead: ['区科技局'], cooperating: ['区发改局'] }],
      [{ lead: ['区科技局'], cooperating: [] }],
      [{ lead: ['区市场监管局'], cooperating: ['区科技局', '区司法局'] }],
      [{ lead: ['区科技局', '区统计局'], cooperating: [] }],
    ]);
  });

  it('makes no target of a label, and reads each task’s indicators', () => {
    expect(plan.tasks.map((t) => t.targets.map((target) => target.text))).toEqual([
      ['新建市级以上重点实验室2家'],
      ['签订合作协议10项以上'],
      ['举办科技成果路演活动4场'],
      ['有效发明专利拥有量增长15%'],
      ['做好科技统计工作,确保研发数据应统尽统,综合排名第3'],
    ]);
    expect(['1', '2', '3', '4', '5'].map((n) => indicatorsOf(plan, n))).toEqual([
      [[['count', 'gte', 2, '家']]],
      [[['count', 'gte', 10, '项']]],
      [[['count', 'gte', 4, '场']]],
      [[['growth', 'gte', 15, '%']]],
      [[['rank', 'lte', 3, '名']]],
    ]);
  });
});
