import { planDocumentSchema, type Target } from '@plancycle/contracts';
import { importPlanText } from '../plan.importer';

/** The named reading rules added for published documents, each with the kind of document it serves. */

const figures = (targets: Target[] | undefined): Array<[string, string, number | null, string | null]> =>
  (targets ?? []).flatMap((target) =>
    target.indicators.map((i): [string, string, number | null, string | null] => [i.kind, i.comparator, i.value, i.unit]),
  );

function read(lines: string[]): ReturnType<typeof importPlanText> {
  const result = importPlanText(lines.join('\n'));
  expect(planDocumentSchema.safeParse(result.plan).success).toBe(true);
  return result;
}

describe('rule "year-end summary" (工作总结, 进步报告, 考核汇报): figures are results, the 下一步 part is the plan', () => {
  it('reads a report without headings as results, achieved values compared eq, and no task', () => {
    const { plan, results } = read(['2023年科技进步报告', '全年新增高新技术企业28家,总数达132家;技术交易额99.8亿元,同比增长75.2%。']);
    expect(plan.tasks).toEqual([]);
    expect(plan.goals).toEqual([]);
    expect(figures(results)).toEqual([
      ['count', 'eq', 28, '家'],
      ['count', 'eq', 132, '家'],
      ['amount', 'eq', 9_980_000_000, '元'],
      ['growth', 'eq', 75.2, '%'],
    ]);
  });

  it('keeps 下一步工作 as the plan and 完成情况 sections as results', () => {
    const { plan, results } = read([
      '某县科技局2024年工作总结和2025年工作计划',
      '一、2024年工作完成情况',
      '(一)培育企业。新增高新技术企业12家。',
      '二、下一步工作打算',
      '1.抓好企业培育。新增高新技术企业15家。(县科技局负责)',
    ]);
    expect(figures(results)).toEqual([['count', 'eq', 12, '家']]);
    expect(plan.tasks.map((task) => [task.title, figures(task.targets)])).toEqual([['抓好企业培育', [['count', 'gte', 15, '家']]]]);
    expect(plan.year).toBe(2025);
  });
});

describe('rule "year-end summary": a one-sentence item of the results part', () => {
  it('is a result only, never also a task (工作总结及工作计划)', () => {
    const { plan, results } = read([
      '某区科学技术局2023年度工作总结及2024年工作计划',
      '一、2023年工作情况',
      '1.新增省级研发平台3家,技术合同成交额5.6亿元。',
      '二、2024年工作计划',
      '1.培育创新主体。新增高新技术企业20家。',
    ]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['培育创新主体']);
    expect(results.flatMap((result) => result.indicators.map((i) => [i.kind, i.value, i.unit]))).toEqual([
      ['count', 3, '家'],
      ['amount', 560000000, '元'],
    ]);
  });
});

describe('rule "reported result" (news of a year’s results): a paragraph reporting completion gives results', () => {
  it('reads 完成省定目标 / 同比增长 paragraphs as results, not goals', () => {
    const { plan, results } = read(['全市技术合同登记22.9亿元,完成省定目标135%;研发投入23.47亿元,比去年同期增长49.0%。']);
    expect(plan.goals).toEqual([]);
    expect(figures(results).map(([kind, , value]) => [kind, value])).toEqual([
      ['amount', 2_290_000_000],
      ['share', 135],
      ['amount', 2_347_000_000],
      ['growth', 49],
    ]);
  });
});

describe('goals outside a 目标 section (实施方案, 政策问答, news of a 规划)', () => {
  it('rule "target-year sentence": 到2025年,… before any heading states goals', () => {
    const { plan } = read(['答:', '到2025年,全区高新技术企业突破75家、科技型企业超过690家。为此要加强服务。']);
    expect(figures(plan.goals)).toEqual([
      ['count', 'gt', 75, '家'],
      ['count', 'gt', 690, '家'],
    ]);
  });

  it('rule "requirements hold goals": the measurable sentences and —— bullets of 总体要求 are goals, principles are not', () => {
    const { plan } = read([
      '一、总体要求',
      '以习近平新时代中国特色社会主义思想为指导,坚持“四个面向”。',
      '到2027年,研发经费支出占地区生产总值比重3.4%以上。',
      '——高能级平台加快完善。争取建成省级重点企业研究院1家。',
      '二、重点任务',
      '(一)培育主体。新增高新技术企业5家。(区科技局负责)',
    ]);
    expect(figures(plan.goals)).toEqual([
      ['share', 'gte', 3.4, '%'],
      ['count', 'gte', 1, '家'],
    ]);
    expect(plan.tasks).toHaveLength(1);
  });
});

describe('labelled documents (任务分解和责任分工方案, 分解落实通知)', () => {
  it('reads people set apart by spaces after 责任人: as a list, a name padded to width as one name', () => {
    const { plan } = read([
      '某市科技局2024年重点工作任务',
      '1.加强科技人才引进。引进高层次人才20名。',
      '责任人:李四 王五',
      '牵头单位：人才科',
      '2.推动高新区扩容升级。高新区营业收入增长10%。',
      '责任人:陈  忠',
      '牵头单位:高新科',
    ]);
    expect(plan.tasks.map((task) => task.leader)).toEqual(['李四、王五', '陈忠']);
  });

  it('rule "goal item with units": an item under 主要预期目标 followed by 牵头单位/责任单位 lines is a task', () => {
    const { plan } = read([
      '一、经济社会发展的主要预期目标',
      '1.固定资产投资增长15%左右。',
      '牵头单位:区发改局',
      '责任单位:立山经济开发区,各街道、区直各部门',
      '2.居民收入增长与经济增长基本同步。',
    ]);
    expect(plan.tasks.map((task) => [task.title, task.targets[0]?.units, figures(task.targets)])).toEqual([
      [
        '固定资产投资增长15%左右',
        { lead: ['区发改局'], cooperating: ['立山经济开发区', '各街道', '区直各部门'] },
        [['growth', 'approx', 15, '%']],
      ],
    ]);
    expect(plan.goals?.map((goal) => goal.text)).toEqual(['居民收入增长与经济增长基本同步']);
  });

  it('reads 牵头科室(单位): as the lead and 责任领导 as a person; a line broken inside a quote is joined', () => {
    const { plan } = read([
      '1.加快孵化基地建设,打造“延安?红色筑',
      '梦”创业创新品牌,努力建设创新型城市。',
      '责任领导:李建雄',
      '牵头科室(单位):计划科、科技资源统筹中心基建办',
      '完成时限:2018年12月',
    ]);
    expect(plan.tasks.map((task) => [task.title.includes('红色筑梦”'), task.leader, task.targets[0]?.units])).toEqual([
      [true, '李建雄', { lead: ['计划科', '科技资源统筹中心基建办'], cooperating: [] }],
    ]);
  });

  it('keeps a unit name with a bracketed list whole: 各县(市、区)人民政府', () => {
    const { plan } = read(['1.完善应急预案体系。加强应急预案管理。(责任单位:市直各有关单位、各县(市、区)人民政府)']);
    expect(plan.tasks[0]?.targets[0]?.units).toEqual({ lead: ['市直各有关单位', '各县(市、区)人民政府'], cooperating: [] });
  });
});

describe('rule "item of a task section" (工作要点 whose items name no unit)', () => {
  it('makes a heading with a paragraph under 重点任务 a task, its missing units reported', () => {
    const { plan, issues } = read([
      '三、重点任务',
      '(一)加强科技项目建设',
      '一是建立科技项目库;二是加大企业扶持力度。',
      '四、保障措施',
      '加强组织领导。',
    ]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['加强科技项目建设']);
    expect(issues.map((issue) => issue.reason)).toEqual([expect.stringContaining('no responsible unit found') as unknown as string]);
  });
});

describe('metadata from the title, not from task text', () => {
  it('rule "plan period": a title for 2023-2027 keeps both years, the plan starts with the first', () => {
    const { plan, period } = read(['洞头区科技创新体系建设工程实施方案(2023-2027年)', '一、主要目标', '到2027年,新增省级研发机构5家。']);
    expect([plan.year, period]).toEqual([2023, { from: 2023, to: 2027 }]);
  });

  it('rule "jurisdiction from the head": the title names the place, not a republisher in the source line (政策摘编)', () => {
    const { plan } = read([
      '大厂县 民营经济发展政策措施摘编(2)',
      '发布时间:2018-09-08 来源:廊坊市民营经济领导小组办公室',
      '到2020年,全县高新技术企业突破25家。',
    ]);
    expect(plan.jurisdiction).toBe('大厂县');
  });

  it('rule "jurisdiction from the head": an office named before the first heading, not a place in a task (进步报告)', () => {
    const { plan } = read([
      '2023年科技进步报告',
      '2023年,鄞州区科技局深入推进创新深化。',
      '一、主要成效',
      '与宁波市、余姚市、慈溪市合作,宁波市技术市场交易额增长。',
    ]);
    expect(plan.jurisdiction).toBe('鄞州区');
  });

  it('rule "seat of government": 立山区人民政府 names the place even where 立山区 alone would not be read as one', () => {
    const { plan } = read(['鞍山市立山区人民政府文件', '立山区政府2023年重点工作任务分解方案', '1.固定资产投资增长15%。(区发改局负责)']);
    expect(plan.jurisdiction).toBe('立山区');
  });

  it('rule "jurisdiction from the head": 州 before 市/县/区 is inside the name, and an 附件: line is no title (summary with a covering notice)', () => {
    const { plan } = read([
      '各县(市)区科技局:',
      '附件:2015年工作总结及2016年工作思路',
      '福州市科学技术局',
      '2016年3月10日',
      '2015年福州市科技工作及2016年工作思路',
      '一、2015年科技工作情况',
      '全社会研发经费支出89.36亿元,居全省第二位。',
    ]);
    expect(plan.jurisdiction).toBe('福州市');
    expect(plan.title).not.toMatch(/^附件/);
  });
});

describe('rule "document on one line" (a page that lost its line breaks)', () => {
  const oneLine =
    '某区2024年科技工作要点 为深入实施创新驱动发展战略,加快建设创新型城市,推动全区经济社会高质量发展,结合我区实际,制定本要点。' +
    '一、主要目标 到2027年,高新技术企业达到100家,全社会研发投入强度达到2.5%。二、重点任务 (一)培育创新主体 1.培育科技企业。' +
    '新增科技型中小企业30家,一、二、三、四季度分别完成5家、10家、20家、30家。(牵头单位:区科技局;配合单位:区财政局) ' +
    '2.建设创新平台。新建省级研发平台2家。(责任单位:区科技局) (二)优化创新生态 1.加强人才引进。引进高层次人才10名。(责任单位:区人社局)';

  it('cuts the line before its headings 一、二、 (not before 一、二、三、四季度), its (一)(二) and its 1. 2. items', () => {
    const { plan } = read([oneLine]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['培育科技企业', '建设创新平台', '加强人才引进']);
    expect(plan.tasks.map((task) => task.targets[0]?.units)).toEqual([
      { lead: ['区科技局'], cooperating: ['区财政局'] },
      { lead: ['区科技局'], cooperating: [] },
      { lead: ['区人社局'], cooperating: [] },
    ]);
    expect(figures(plan.goals)).toEqual([
      ['count', 'gte', 100, '家'],
      ['share', 'gte', 2.5, '%'],
    ]);
  });
});

describe('rule "heading glued to its first sentence" (工作要点 pasted without its line break)', () => {
  it('reads 一、主要目标全年新增… as the heading and its goals; 一、主要目标和任务 stays a heading', () => {
    const { plan } = read([
      '某市2024年科技工作要点',
      '一、主要目标全年新增高新技术企业100家,研发投入强度达到2.8%。',
      '二、重点任务',
      '1.实施科技企业培育行动。新增科技型中小企业300家。(市科技局牵头)',
    ]);
    expect(figures(plan.goals)).toEqual([
      ['count', 'gte', 100, '家'],
      ['share', 'gte', 2.8, '%'],
    ]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['实施科技企业培育行动']);
  });
});

describe('rule "item of a task list" (工作要点 with numbered items)', () => {
  it('reads a one-sentence item right after a task, at its level, as a task', () => {
    const { plan } = read([
      '二、重点工作',
      '7、加强党的建设。以党建工作为统领,切实加强党风廉政建设。',
      '8、完成县委县政府下达的基础工作及中心工作任务。',
    ]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['加强党的建设', '完成县委县政府下达的基础工作及中心工作任务']);
  });

  it('leaves a bodyless item that does not follow a task alone', () => {
    const { plan } = read(['一、指导思想', '1、坚持创新驱动。', '二、重点工作', '1、建设创新平台。新增省级平台3家。']);
    expect(plan.tasks.map((task) => task.title)).toEqual(['建设创新平台']);
  });
});

describe("a page's numbered menu before the document (republished plans)", () => {
  it('is no task, and the title and opening lines under it still give the year', () => {
    const { plan } = read([
      '1. 某某网首页',
      '  2. 栏目',
      '',
      '2023年科技局工作计划',
      '2023年我县科技工作的总体要求是,深入实施创新驱动发展战略。',
      '一、发挥创新主体作用',
      '1、发展壮大高新技术产业。全年力争培育高新技术企业5家以上。',
    ]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['发展壮大高新技术产业']);
    expect(plan.year).toBe(2023);
  });
});

describe('tables pasted from Word in their real shapes (任务分解表, 清单)', () => {
  const rows = (plan: ReturnType<typeof importPlanText>['plan']): Array<[string, Target['units'] | undefined, string | null]> =>
    plan.tasks.map((task) => [task.title, task.targets[0]?.units, task.leader ?? null]);

  it('reads a unit cell broken over lines in a cell-lines table as one unit a line (县发改局 / 县财政局 |)', () => {
    const { plan } = read([
      '序号 |',
      '重点工作任务 |',
      '主要责任单位 |',
      '协同配合单位 |',
      '完成期限 |',
      '|||',
      '1 |',
      '新增高新技术企业10家以上。 |',
      '县科技局 |',
      '县发改局',
      '县财政局 |',
      '2024年12月底 |',
    ]);
    expect(rows(plan)).toEqual([['新增高新技术企业10家以上。', { lead: ['县科技局'], cooperating: ['县发改局', '县财政局'] }, null]]);
  });

  it('rule "spaced columns": a header of words separated by spaces, rows opened by 序号, a unit cell over several lines', () => {
    const { plan } = read([
      '某区2024年重点工作任务分解表',
      '序号 重点工作任务 主要责任单位 协同配合单位 完成期限',
      '1 新培育高新技术企业30家以上。 区科技局 区经信局、区税务局等区政府有关部门,区管委会。 2024年12月底',
      '2 建设科技成果转化基地。 区科技局',
      '区商务局',
      '区发改委、区农业农村局。 2024年12月底',
    ]);
    expect(rows(plan)).toEqual([
      ['新培育高新技术企业30家以上。', { lead: ['区科技局'], cooperating: ['区经信局', '区税务局', '区管委会'] }, null],
      ['建设科技成果转化基地。', { lead: ['区科技局', '区商务局'], cooperating: ['区发改委', '区农业农村局'] }, null],
    ]);
    expect(figures(plan.tasks[0]?.targets)).toEqual([['count', 'gte', 30, '家']]);
  });

  it('rule "cell lines": one cell per line ending with " |", |||  between rows, merged cells missing from a continuation row', () => {
    const { plan } = read([
      '附件1',
      '2024年科技创新重点任务清单',
      '序号 |',
      '工作任务 |',
      '具体内容 |',
      '牵头单位 |',
      '配合单位 |',
      '|||',
      '1 |',
      '实施高企培育行动 |',
      '新增高新技术企业20家以上 |',
      '县科技局 |',
      '县财政局、县税务局 |',
      '|||',
      '入库科技型中小企业50家 |',
      '县科技局 |',
      '|||',
      '2 |',
      '推进成果转化 |',
      '技术合同交易额达到3亿元 |',
      '县科技局 |',
      '县工信局 |',
      '|||',
    ]);
    expect(rows(plan)).toEqual([
      ['实施高企培育行动', { lead: ['县科技局'], cooperating: ['县财政局', '县税务局'] }, null],
      ['推进成果转化', { lead: ['县科技局'], cooperating: ['县工信局'] }, null],
    ]);
    expect(plan.tasks.map((task) => figures(task.targets))).toEqual([
      [
        ['count', 'gte', 20, '家'],
        ['count', 'gte', 50, '家'],
      ],
      [['amount', 'gte', 300_000_000, '元']],
    ]);
  });

  it('rule "flattened table": header words one per paragraph, cells in the same order, two 责任人 in one cell, the header repeated at a page break', () => {
    const { plan } = read([
      '某县科技局2024年重点工作清单',
      '任务名称',
      '',
      '任务单',
      '',
      '限期时间',
      '',
      '责任人',
      '',
      '主要工作措施或要求',
      '',
      '强化企业培育',
      '',
      '年内新增高新技术企业10家',
      '',
      '每季度末',
      '',
      '张三丰',
      '',
      '李  四',
      '',
      '①建立培育库;',
      '②开展政策宣讲。',
      '',
      '任务名称',
      '任务单',
      '限期时间',
      '责任人',
      '主要工作措施或要求',
      '',
      '推进成果转化',
      '',
      '技术合同交易额达到2亿元',
      '',
      '12月底',
      '',
      '王五',
      '',
      '搭建技术市场。',
    ]);
    expect(plan.tasks.map((task) => [task.title, task.leader, task.content])).toEqual([
      ['强化企业培育', '张三丰、李四', '①建立培育库;②开展政策宣讲。'],
      ['推进成果转化', '王五', '搭建技术市场。'],
    ]);
    expect(plan.tasks.map((task) => figures(task.targets))).toEqual([[['count', 'gte', 10, '家']], [['amount', 'gte', 200_000_000, '元']]]);
  });

  it('reads 责任人 as people, never as units, and a unit cell of several lines as one list', () => {
    const { plan } = read([
      '序号\t工作任务\t责任单位\t责任人\t完成时限',
      '1\t建设孵化器2个\t县科技局\n\t\t\t\t',
      '2\t培育企业\t县工信局、县科技局\t赵六\t12月',
    ]);
    expect(plan.tasks.map((task) => [task.leader, task.targets[0]?.units.lead])).toEqual([
      [null, ['县科技局']],
      ['赵六', ['县工信局', '县科技局']],
    ]);
  });
});

describe('rule "sub-items are targets" (实施方案 and 工作要点 whose items list (1)(2) / ①②)', () => {
  it('reads (1)(2) under an item numbered 1. as targets of that task, each with its own units', () => {
    const { plan } = read([
      '二、重点任务',
      '1.打造研发平台。',
      '(1)新建工程技术研究中心2个。(县科技局负责)',
      '(2)企业研发机构覆盖率达到35%以上。(县工信局负责)',
      '2.促进成果转化。',
      '①技术合同登记额突破8000万元;',
      '②组织对接活动不少于3场。',
      '(县科技局负责)',
    ]);
    expect(plan.tasks.map((task) => [task.title, task.targets.map((target) => [target.text, target.units.lead])])).toEqual([
      [
        '打造研发平台',
        [
          ['新建工程技术研究中心2个', ['县科技局']],
          ['企业研发机构覆盖率达到35%以上', ['县工信局']],
        ],
      ],
      [
        '促进成果转化',
        [
          ['技术合同登记额突破8000万元', ['县科技局']],
          ['组织对接活动不少于3场', ['县科技局']],
        ],
      ],
    ]);
  });

  it('keeps (1)(2) under a heading (一)… as tasks: headings hold tasks, items hold targets', () => {
    const { plan } = read([
      '(一)壮大创新主体',
      '(1)培育企业。新增高新技术企业5家。(县科技局负责)',
      '(2)加大投入。研发投入增长10%。(县财政局负责)',
    ]);
    expect(plan.tasks.map((task) => task.title)).toEqual(['培育企业', '加大投入']);
  });
});

describe('phrases of published plans and summaries', () => {
  it('rule "index value": an index without a unit (区域科技创新指数达到160以上) is a value (实施方案 goals)', () => {
    const { plan } = read(['一、主要目标', '到2027年,区域科技创新指数达到160以上。']);
    expect(figures(plan.goals)).toEqual([['quantity', 'gte', 160, null]]);
  });

  it('rule "listed values": 分别超过90家和870家 gives two indicators in order, both exceeding (政策问答, 规划 news)', () => {
    const { plan } = read(['一、发展目标', '高新技术企业和科技型中小企业分别超过90家和870家。']);
    expect(figures(plan.goals)).toEqual([
      ['count', 'gt', 90, '家'],
      ['count', 'gt', 870, '家'],
    ]);
  });

  it('rule "blank number": a blank where a number was removed (有 家) is a missing value, reported (工作总结 drafts)', () => {
    const { results, issues } = read(['某县科技局2024年工作总结', '全年新增高新技术企业 家,研发投入增长 %。']);
    expect(figures(results)).toEqual([
      ['count', 'eq', null, '家'],
      ['growth', 'eq', null, '%'],
    ]);
    expect(issues.filter((issue) => issue.reason.startsWith('masked number'))).toHaveLength(2);
  });

  it('rule "scoring rule": 计5分, 每增1个百分点加0.2分 say how a target is scored, not targets (考核清单)', () => {
    const { plan } = read([
      '1.园区大会战。园区高新技术产业增加值增长18%计5分,每增(减)1个百分点加(减)0.2分,加(减)分不超过5分。(县科技局负责)',
    ]);
    expect(figures(plan.tasks[0]?.targets)).toEqual([['growth', 'gte', 18, '%']]);
  });
});

describe('rule "quarterly figures" (工作要点 and 任务清单 that give each quarter its share of the year)', () => {
  it('keeps the annual figure as the indicator and reports the quarterly shares, on the task line or a line of their own', () => {
    const { plan, issues } = read([
      '某县2025年科技创新工作要点',
      '一、重点任务',
      '1.培育科技型企业。新增入库科技型中小企业50家以上,一、二、三、四季度分别完成全年任务的20%、45%、70%、100%。(县科技局牵头,县财政局配合)',
      '2.推进研发投入。全社会研发经费投入增长12%以上。',
      '一、二、三、四季度分别达到全年目标的25%、50%、75%、100%。(县统计局负责)',
    ]);
    expect(plan.tasks.map((task) => [task.title, figures(task.targets), task.targets[0]?.units])).toEqual([
      ['培育科技型企业', [['count', 'gte', 50, '家']], { lead: ['县科技局'], cooperating: ['县财政局'] }],
      ['推进研发投入', [['growth', 'gte', 12, '%']], { lead: ['县统计局'], cooperating: [] }],
    ]);
    expect(plan.goals).toEqual([]);
    expect(issues.filter((issue) => issue.code === 'period_targets').map((issue) => [issue.line, issue.params.text])).toEqual([
      [3, '一、二、三、四季度分别完成全年任务的20%、45%、70%、100%'],
      [5, '一、二、三、四季度分别达到全年目标的25%、50%、75%、100%'],
    ]);
  });

  it('reads 每季度 as a frequency and a figure after 全年 again as annual (县 任务清单 cells)', () => {
    const { plan } = read([
      '某县2025年科技工作要点',
      '一、重点任务',
      '1.抓专利创造。每季度完成发明专利30件,一季度完成10件,全年完成120件。(县市场监管局负责)',
    ]);
    expect(figures(plan.tasks[0]?.targets)).toEqual([
      ['count', 'gte', 30, '件'],
      ['count', 'gte', 120, '件'],
    ]);
  });
});

describe('rule "a summary\'s plan is next year\'s" (工作总结 ending with 下一步工作 / 明年工作打算)', () => {
  const summaryOf = (title: string, planHeading: string): ReturnType<typeof importPlanText> =>
    read([
      title,
      '一、2024年工作开展情况',
      '(一)创新主体不断壮大。全年新增高新技术企业15家,总数达到86家。',
      planHeading,
      '1.培育创新主体。新增高新技术企业20家以上。(市科工局牵头)',
    ]);

  it('plans the year after the one the title summarises', () => {
    const { plan, results } = summaryOf('沅江市科学技术局2024年工作总结', '二、下一步工作');
    expect(plan.year).toBe(2025);
    expect(plan.tasks.map((task) => [task.title, figures(task.targets)])).toEqual([['培育创新主体', [['count', 'gte', 20, '家']]]]);
    expect(figures(results)).toEqual([
      ['count', 'eq', 15, '家'],
      ['count', 'eq', 86, '家'],
    ]);
    expect(summaryOf('某区科技局2024年工作总结和明年工作打算', '二、明年工作打算').plan.year).toBe(2025);
  });

  it('keeps the year the plan part or the title names for the plan (二、2026年工作思路; 2024年总结和2025年计划)', () => {
    expect(summaryOf('某县科技局2024年工作总结', '二、2026年工作思路').plan.year).toBe(2026);
    expect(summaryOf('某县科技局2024年工作总结及2025年工作计划', '二、下一步工作打算').plan.year).toBe(2025);
  });

  it('leaves a summary without a plan part at its own year', () => {
    const { plan } = read(['某县科技局2024年工作总结', '一、工作成效', '全年新增高新技术企业15家。']);
    expect(plan.year).toBe(2024);
  });
});

describe('rule "a summary\'s plan part" on an unnumbered line (下一步工作打算 as a line of its own)', () => {
  it("reads the items after it as next year's tasks, not as results", () => {
    const { plan, results } = read([
      '桃江县科技局2024年工作总结',
      '一、主要成效',
      '1.新增高新技术企业12家。',
      '下一步工作打算',
      '1.实施高企倍增行动。新增高新技术企业15家。(县科技局牵头,县税务局配合)',
    ]);
    expect(figures(results)).toEqual([['count', 'eq', 12, '家']]);
    expect(plan.tasks.map((task) => [task.title, figures(task.targets), task.targets[0]?.units])).toEqual([
      ['实施高企倍增行动', [['count', 'gte', 15, '家']], { lead: ['县科技局'], cooperating: ['县税务局'] }],
    ]);
    expect(plan.year).toBe(2025);
  });
});

describe('rule "title broken over lines" (a title Word or a web page wrapped)', () => {
  it('joins 沅江市2026年科技创新 / 工作要点 into the title, for the year and place (county 工作要点)', () => {
    const { plan } = read([
      '沅江市2026年科技创新',
      '工作要点',
      '为深入实施创新驱动发展战略,结合我市实际,制定本要点。',
      '一、重点任务',
      '1.培育科技型企业。新增高新技术企业20家。(市科工局牵头)',
    ]);
    expect([plan.title, plan.year, plan.jurisdiction]).toEqual(['沅江市2026年科技创新工作要点', 2026, '沅江市']);
    expect(plan.tasks.map((task) => task.title)).toEqual(['培育科技型企业']);
  });

  it('joins across a blank line, above a table pasted from Word (任务清单), and keeps a complete title line apart', () => {
    const table = read(['桃江县2026年', '', '科技创新重点任务清单', '序号\t工作任务\t责任单位', '1\t新增高新技术企业20家\t县科技局']);
    expect([table.plan.title, table.plan.year, table.plan.jurisdiction]).toEqual(['桃江县2026年科技创新重点任务清单', 2026, '桃江县']);
    const twoTitles = read([
      '桃江县人民政府办公室',
      '桃江县2026年科技创新工作要点',
      '一、重点任务',
      '1.培育科技型企业。新增高新技术企业20家。(县科技局牵头)',
    ]);
    expect(twoTitles.plan.title).toBe('桃江县2026年科技创新工作要点');
  });

  it('makes a summary whose title word is on the second line a summary (某县科技局2024年工作 / 总结)', () => {
    const { plan, results } = read(['某县科技局2024年工作', '总结', '一、工作成效', '全年新增高新技术企业15家。']);
    expect(plan.title).toBe('某县科技局2024年工作总结');
    expect(figures(results)).toEqual([['count', 'eq', 15, '家']]);
  });
});

describe('rule "flattened table with merged cells" (任务分解表 pasted one cell per paragraph, merged cells leaving none)', () => {
  const paragraphs = (cells: string[]): string[] => cells.flatMap((cell) => [cell, '']);

  it('places cells by the header words and by what they hold: a 序号 opens a row, a row without one continues the task above', () => {
    const { plan, issues } = read(
      paragraphs([
        '某县2026年科技创新重点任务分解表',
        '序号',
        '重点任务',
        '具体内容',
        '牵头单位',
        '配合单位',
        '完成时限',
        '1',
        '培育创新主体',
        '新增高新技术企业20家',
        '县科技局',
        '县税务局、县财政局',
        '2026年12月底前',
        '新增科技型中小企业50家',
        '县科技局',
        '县工信局',
        '2026年12月底前',
        '2',
        '建设创新平台',
        '新建省级研发平台2家',
        '县科技局',
        '2026年12月底前',
        '3',
        '引育科技人才',
        '引进高层次人才10名',
        '县人社局',
        '县科技局',
        '2026年12月底前',
      ]),
    );
    expect(
      plan.tasks.map((task) => [task.number, task.title, task.targets.map((t) => [t.text, t.units.lead, t.units.cooperating])]),
    ).toEqual([
      [
        '1',
        '培育创新主体',
        [
          ['新增高新技术企业20家', ['县科技局'], ['县税务局', '县财政局']],
          ['新增科技型中小企业50家', ['县科技局'], ['县工信局']],
        ],
      ],
      ['2', '建设创新平台', [['新建省级研发平台2家', ['县科技局'], []]]],
      ['3', '引育科技人才', [['引进高层次人才10名', ['县人社局'], ['县科技局']]]],
    ]);
    expect(issues.filter((issue) => issue.code === 'row_cells_aligned').map((issue) => issue.params)).toEqual([{ cells: 5, header: 6 }]);
  });
});

describe('rule "results column" (a progress table: 序号 / 目标内容 / 责任科室 / 全年落实情况)', () => {
  it('reads the 落实情况 cells as results, never as targets, and each row as a task with its units', () => {
    const { plan, results } = read(
      [
        '2023年某县科技局主要目标任务落实情况',
        '序号',
        '主要工作目标内容',
        '责任科室',
        '全年落实情况',
        '1',
        '高新技术企业',
        '工业股',
        '新增高新技术企业14家,全县达47家。',
        '2',
        '引进高层次人才团队',
        '工业股、农业股',
        '组建人才团队3个。',
      ].flatMap((cell) => [cell, '']),
    );
    expect(
      plan.tasks.map((task) => [task.title, task.targets[0]?.units.lead, figures(task.targets).filter((f) => f[0] !== 'milestone')]),
    ).toEqual([
      ['高新技术企业', ['工业股'], []],
      ['引进高层次人才团队', ['工业股', '农业股'], []],
    ]);
    expect(figures(results)).toEqual([
      ['count', 'eq', 14, '家'],
      ['count', 'eq', 47, '家'],
      ['count', 'eq', 3, '个'],
    ]);
  });
});

describe('rule "five-year plan" and rule "period of a named plan" (规划 and news of a plan whose title names no year)', () => {
  it("gives “十四五” the years 2021-2025, and takes the title after a signature's date", () => {
    const { plan, period } = read([
      '某市科学技术局 2022年6月7日 临海市科学技术“十四五”发展规划',
      '一、发展目标',
      '到2025年,高新技术企业达到300家。',
    ]);
    expect([plan.title, plan.year, period, plan.jurisdiction]).toEqual([
      '临海市科学技术“十四五”发展规划',
      2021,
      { from: 2021, to: 2025 },
      '临海市',
    ]);
  });

  it('takes the span of the plan a news report names in 《》', () => {
    const { plan, period, goals } = {
      ...read([
        '18项措施 高新技术企业培育“小升高”',
        '记者从连云港市科技局了解到,《连云港市高新技术企业培育“小升高”行动工作方案(2019-2020年)》近日出台。',
      ]),
      goals: undefined,
    };
    expect([plan.year, period, plan.jurisdiction, goals]).toEqual([2019, { from: 2019, to: 2020 }, '连云港市', undefined]);
  });
});

describe('rule "goals announced" and rule "reported result" (news of a plan, a speech)', () => {
  it('reads what follows 要努力实现六个目标: as goals', () => {
    const { plan } = read(['今年我市科技工作要努力实现两个目标:一是新增高新技术企业50家;二是专利申报量要突破2000件。']);
    expect(figures(plan.goals)).toEqual([
      ['count', 'gte', 50, '家'],
      ['count', 'gt', 2000, '件'],
    ]);
    expect(plan.jurisdiction).toBeNull();
  });

  it('reads what a paragraph reports before its 到2020年 sentence (截止2018年底,…) as results', () => {
    const { plan, results } = read(['截止2018年底,全市高新技术企业达285家。到2020年末,全市高新技术企业数量力争突破450家。']);
    expect(figures(results)).toEqual([['count', 'eq', 285, '家']]);
    expect(figures(plan.goals)).toEqual([['count', 'gt', 450, '家']]);
  });

  it('reads a 现实基础 section of a 规划 as results, even on a page cut short after its first heading', () => {
    const { results, plan } = read([
      '某市科学技术“十四五”发展规划 ' +
        '为加强我市“十四五”时期科技发展工作,主动应对百年大变局,构建创新驱动新格局,开启科技赋能新征程,着力打造“创新临海”“智慧临海”,结合本市实际,特编制本规划,规划期为2021—2025年。一、现实基础“十三五”期间,全市科技创新能力明显提升,科技创新对经济高质量发展的支撑引领作用进一步凸显。' +
        '(一)创新活力持续增强。一是科技人才数量稳步增加。全市R&D活动人员数增至6006名,人才总量达到12.69万人。',
    ]);
    expect(figures(results)).toEqual(expect.arrayContaining([['count', 'eq', 6006, '名']]));
    expect(plan.tasks).toEqual([]);
  });
});

describe('rule "jurisdiction from the head": the party\'s prefix and a determiner are no part of a place', () => {
  it('reads 中共环县委办公室 as 环县', () => {
    const { plan } = read([
      '中共环县委办公室 环县人民政府办公室 关于印发《环县强科技行动实施方案(2023—2025)》的通知',
      '一、主要目标',
      '新增高新技术企业5家。',
    ]);
    expect([plan.jurisdiction, plan.year]).toEqual(['环县', 2023]);
  });
});

describe('rule "quarterly figures" in a report of results (部门动态, 进展情况)', () => {
  it("keeps a quarter's achieved figure as a result, and 已推荐上报 marks a paragraph as reporting", () => {
    const { results, plan } = read(['区科技局积极推动高新技术产业发展', '一是大力扶持科技型中小企业。一季度已推荐上报科技型企业92家。']);
    expect(figures(results)).toEqual([['count', 'eq', 92, '家']]);
    expect(plan.goals).toEqual([]);
  });
});

describe('rule "jurisdiction from the head": a verb before 市委 names no place (围绕市委市政府工作中心)', () => {
  it('leaves the place unknown when the document names none', () => {
    const { plan } = read([
      '市科技局2022年工作总结和2023年工作计划',
      '一、2022年工作成效',
      '围绕市委市政府工作中心,组织企业申报省级项目3项。',
    ]);
    expect([plan.jurisdiction, plan.year]).toEqual([null, 2023]);
  });
});

describe('rule "document on one line": items numbered through the document (a 工作要点 that lost its line breaks)', () => {
  it('cuts before 4、5、 in part 二、 when they go on from 1、2、3、 in part 一、, and before a heading glued to its first item', () => {
    const filler = '组织发动广大科技人员,围绕全市工作大局,以科技服务民生为重点,以项目实施为抓手,为加快全市经济社会发展做贡献。';
    const { plan } = read([
      `市科技局2012年工作要点 ${filler}${filler}重点抓好以下工作:一、大力搞好产业发展1、新增中药材种植面积3万亩。2、支持食品公司建设加工生产线,力争上半年投入试生产。` +
        '二、深入开展科技攻关3、扩繁种苗20万株,示范基地面积达到100亩。4、完成黑鸡选育3000只。三、继续推进市校合作5、启动合作项目10项以上。',
    ]);
    expect(plan.tasks.map((task) => [task.category, figures(task.targets)[0]])).toEqual([
      ['大力搞好产业发展', ['quantity', 'gte', 30000, '亩']],
      ['大力搞好产业发展', ['milestone', 'done', null, null]],
      ['深入开展科技攻关', ['count', 'gte', 200000, '株']],
      ['深入开展科技攻关', ['count', 'gte', 3000, '只']],
      ['继续推进市校合作', ['count', 'gte', 10, '项']],
    ]);
  });
});

describe('rule "items in words" (a 工作计划 whose headings hold their tasks as 一是/二是 paragraphs)', () => {
  it('reads each 一是 / 二是 paragraph under a heading as a task, its first sentence the title', () => {
    const { plan } = read([
      '县科技局2024年工作计划',
      '一、不断完善科技政策,推动科技项目全面开花',
      '一是着力搭建科技平台,打造产业创新服务综合体。支持企业与高校共建研发中心。',
      '二是着力培育创新主体。新增高新技术企业10家。(县科技局负责)',
      '二、不断加大招商力度',
      '一是在招大引强上下功夫。大力推动龙头企业引进。',
    ]);
    expect(plan.tasks.map((task) => [task.category, task.title, figures(task.targets).filter((f) => f[0] !== 'milestone')])).toEqual([
      ['不断完善科技政策,推动科技项目全面开花', '着力搭建科技平台,打造产业创新服务综合体', []],
      ['不断完善科技政策,推动科技项目全面开花', '着力培育创新主体', [['count', 'gte', 10, '家']]],
      ['不断加大招商力度', '在招大引强上下功夫', []],
    ]);
    expect(plan.tasks[1]?.targets[0]?.units).toEqual({ lead: ['县科技局'], cooperating: [] });
  });

  it("leaves 一是…;二是… inside one paragraph of a heading as that heading's body, and a lone 一是 as a paragraph", () => {
    const { plan } = read(['三、重点任务', '(一)加强科技项目建设', '一是建立科技项目库;二是加大企业扶持力度。']);
    expect(plan.tasks.map((task) => task.title)).toEqual(['加强科技项目建设']);
  });

  it("keeps 一是 / 二是 paragraphs of a summary's results part as results", () => {
    const { plan, results } = read([
      '县科技局2023年工作总结',
      '一、2023年工作情况',
      '一是培育企业。新增高新技术企业12家。',
      '二是建设平台。新建研发平台3个。',
    ]);
    expect(plan.tasks).toEqual([]);
    expect(figures(results)).toEqual([
      ['count', 'eq', 12, '家'],
      ['count', 'eq', 3, '个'],
    ]);
  });
});

describe('rule "inline items of the plan part" (a year-end summary whose plan is one 下一步 paragraph)', () => {
  it('reads 下一步,我局将…:一是…;二是…;三是… as the plan part and each item as a task', () => {
    const { plan, results } = read([
      '县科技局2023年工作总结',
      '一、工作成效',
      '全年新增高新技术企业12家,技术合同成交额2.5亿元。',
      '下一步,我局将重点抓好以下工作:一是加强企业培育,力争新增高新技术企业15家;二是强化平台建设,新建省级研发平台2个(县发改局配合);三是深化科技合作。',
    ]);
    expect(figures(results)).toEqual([
      ['count', 'eq', 12, '家'],
      ['amount', 'eq', 250_000_000, '元'],
    ]);
    expect(plan.tasks.map((task) => [task.title.slice(0, 6), figures(task.targets).filter((f) => f[0] !== 'milestone')])).toEqual([
      ['加强企业培育', [['count', 'gte', 15, '家']]],
      ['强化平台建设', [['count', 'gte', 2, '个']]],
      ['深化科技合作', []],
    ]);
    expect(plan.year).toBe(2024);
  });

  it('reads the 下一步 paragraph of a section 存在的问题及下一步工作打算, whose problems are not read', () => {
    const { plan, results } = read([
      '县科技局2023年工作总结',
      '一、主要工作成效',
      '全年新增高新技术企业12家。',
      '二、存在的问题及下一步工作打算',
      '当前存在的问题是企业创新能力不强,研发投入仅占1.2%。',
      '下一步,我局将重点做好以下工作:一是加强企业培育,力争新增高新技术企业15家;二是强化平台建设,新建省级研发平台2个。',
    ]);
    expect(figures(results)).toEqual([['count', 'eq', 12, '家']]);
    expect(plan.tasks.map((task) => figures(task.targets))).toEqual([[['count', 'gte', 15, '家']], [['count', 'gte', 2, '个']]]);
  });

  it('splits a one-paragraph summary at the sentence that opens the plan (…2.5亿元。下一步工作打算:一是…;二是…)', () => {
    const { plan, results } = read([
      '区科技局2023年工作总结',
      '2023年,区科技局新增高新技术企业12家,技术合同成交额2.5亿元。下一步工作打算:一是加强企业培育,力争新增高新技术企业15家;二是强化平台建设,新建省级研发平台2个。',
    ]);
    expect(figures(results)).toEqual([
      ['count', 'eq', 12, '家'],
      ['amount', 'eq', 250_000_000, '元'],
    ]);
    expect(plan.tasks.map((task) => figures(task.targets))).toEqual([[['count', 'gte', 15, '家']], [['count', 'gte', 2, '个']]]);
    expect(plan.year).toBe(2024);
  });

  it("splits the first paragraph under a summary's plan heading too (二、2024年工作打算)", () => {
    const { plan } = read([
      '区科技局2023年工作总结及2024年工作打算',
      '一、2023年工作情况',
      '新增科技型中小企业80家。',
      '二、2024年工作打算',
      '围绕创新驱动,一是抓好高企培育,新增高新技术企业20家;二是抓好研发投入,研发经费增长15%以上。',
    ]);
    expect(plan.tasks.map((task) => figures(task.targets).filter((f) => f[0] !== 'milestone'))).toEqual([
      [['count', 'gte', 20, '家']],
      [['growth', 'gte', 15, '%']],
    ]);
  });
});

describe('rule "jurisdiction from the head": committees and three-character names', () => {
  it('reads no place from 在区委区政府的正确领导下 (a district summary without its name)', () => {
    const { plan } = read([
      '科技局目标任务完成情况工作总结',
      '全年来,我局在区委区政府的正确领导下,圆满完成区委区政府赋予的各项任务,申报项目36项。',
    ]);
    expect(plan.jurisdiction).toBeNull();
  });

  it('takes 大渡口区 from a title naming 重庆市大渡口区 (a 十四五 规划)', () => {
    const { plan, period } = read(['重庆市大渡口区“十四五”科技创新规划', '一、发展目标', '到2025年,高新技术企业达到150家。']);
    expect([plan.jurisdiction, plan.year, period]).toEqual(['大渡口区', 2021, { from: 2021, to: 2025 }]);
  });
});

describe('rule "reported result" and rule "level after 提高至" (the 十三五 paragraph of a 规划)', () => {
  it('reads a paragraph saying the targets were 超额完成 as results, and 比重提高至3.98% as a share', () => {
    const { results, plan } = read([
      '某区“十四五”科技创新规划',
      '“十三五”期间,全社会研发经费支出占地区生产总值比重提高至3.98%,各项指标均超额完成。',
    ]);
    expect(figures(results)).toEqual([['share', 'eq', 3.98, '%']]);
    expect(plan.goals).toEqual([]);
  });
});

describe('rule "one-character county" and rule "signature names the issuer" (county notices and news)', () => {
  it('reads 道县 from news that repeats it, not 全县 or 一县一品', () => {
    const { plan } = read([
      '近日,道县高新区内10家企业通过高新技术企业认定,全县一县一品特色产业加快发展。',
      '截至目前,道县园区高新技术企业总量达58家。',
    ]);
    expect(plan.jurisdiction).toBe('道县');
  });

  it('takes the place of a notice from its signature: the office alone on a line, the date after it', () => {
    const { plan } = read([
      '各乡镇人民政府,县政府各部门:',
      '结合我县实际,现将2023年8-12月拟新培育科技型企业进行分解。',
      '附件:科技型企业培育目标任务分解',
      '忠县科学技术局',
      '2023年8月16日',
    ]);
    expect([plan.jurisdiction, plan.year]).toEqual(['忠县', 2023]);
  });

  it('reads no place from 2023年县科技局 (a year before 县), 某县 (a placeholder) or 推选3篇县政府 (a measure word)', () => {
    for (const lines of [
      ['2023年县科技局工作总结', '2023年县科技局全年新增高新技术企业12家。'],
      ['某县科技局2024年工作总结', '某县全年新增高新技术企业12家。'],
      ['县政府部门工作总结范文推选3篇县政府部门工作总结', '全年新增高新技术企业12家。'],
    ])
      expect(read(lines).plan.jurisdiction).toBeNull();
  });
});

describe('rule "number cut out" (a summary republished with its figures removed and their units kept)', () => {
  it('reads 研发费用亿元 and 累计增速% as values missing, reported, and keeps the figures left', () => {
    const { results, issues, plan } = read([
      '一、2022年工作总结',
      '(一)扎实推进科技工作。全年全县规上工业企业研发费用亿元,年度任务完成率107%;累计增速%,全市排名第2。新增孵化空间面积为万平方米。',
    ]);
    expect(figures(results)).toEqual([
      ['amount', 'eq', null, '元'],
      ['share', 'eq', 107, '%'],
      ['growth', 'eq', null, '%'],
      ['rank', 'eq', 2, '名'],
      ['quantity', 'eq', null, '平方米'],
    ]);
    expect(issues.filter((issue) => issue.code === 'masked_number')).toHaveLength(3);
    expect(plan.jurisdiction).toBeNull();
  });

  it('leaves 产值亿元以上企业 alone: it speaks of one 亿元', () => {
    const { plan } = read(['1.培育骨干企业。新增产值亿元以上企业5家。']);
    expect(figures(plan.tasks[0]?.targets)).toEqual([['count', 'gte', 5, '家']]);
  });
});

describe('metadata lines of a law site (发文标题 / 发文部门 / 发文时间)', () => {
  it('reads the year from 发文时间 and the place from the title', () => {
    const { plan } = read([
      '发文标题: 金华市人民政府关于深入实施创新驱动发展战略补齐科技创新短板的若干意见',
      '发文部门: 金华市人民政府',
      '发文时间: 2016-10-18',
      '一、总体要求和主要目标',
    ]);
    expect([plan.year, plan.jurisdiction]).toEqual([2016, '金华市']);
  });

  it('reads the place from 发文单位 when the title names none (县人民政府办公室关于印发…的通知), labels padded by spaces', () => {
    const { plan } = read([
      '县人民政府办公室关于印发2024年县《政府工作报告》确定的重点工作责任分解方案的通知',
      '索引号 : 01105619X/2024-07672 文       号 : 嘉政办发〔2024〕1号',
      '主题分类: 政务督查 发文单位: 嘉鱼县人民政府办公室',
      '一、务必高度重视。各责任单位要逐项谋划所承办的责任事项。',
    ]);
    expect([plan.year, plan.jurisdiction]).toEqual([2024, '嘉鱼县']);
  });
});

describe('rule "heading glued to its first item" (a 工作计划 whose line breaks were lost after its headings)', () => {
  it('reads 三、重点任务(一)加强企业培育。… as the heading and its item (一)', () => {
    const { plan } = read([
      '区科技局2024年工作计划',
      '三、重点任务(一)加强企业培育。新增高新技术企业10家。(区科技局负责)',
      '(二)加强平台建设。新建市级研发平台3个。(区科技局牵头,区工信局配合)',
    ]);
    expect(plan.tasks.map((task) => [task.category, task.title, task.targets[0]?.units])).toEqual([
      ['重点任务', '加强企业培育', { lead: ['区科技局'], cooperating: [] }],
      ['重点任务', '加强平台建设', { lead: ['区科技局'], cooperating: ['区工信局'] }],
    ]);
  });
});

describe('rule "jurisdiction from the head": an office is no place (a spaced table whose spaces were removed)', () => {
  it('reads no place from 县科技局县税务局 (科技局县 is none)', () => {
    const { plan } = read([
      '2024年县科技局重点工作任务',
      '序号  重点工作任务                 责任单位        配合单位          完成时限',
      '1     新增高新技术企业8家以上       县科技局        县税务局          2024年12月',
      '2     研发经费投入增长12%           县科技局        县统计局          2024年12月',
    ]);
    expect(plan.jurisdiction).toBeNull();
    expect(plan.tasks.map((task) => task.targets[0]?.units)).toEqual([
      { lead: ['县科技局'], cooperating: ['县税务局'] },
      { lead: ['县科技局'], cooperating: ['县统计局'] },
    ]);
  });
});

describe('rule "results section": 发展成就 (the first section of a 十四五 规划)', () => {
  it('reads 一、发展成就与形势 / (一)“十三五”科技创新发展成就 as results, not a task', () => {
    const { plan, results } = read([
      '淄博市“十四五”科技创新规划',
      '一、发展成就与形势',
      '(一)“十三五”科技创新发展成就',
      '“十三五”期间,全市综合科技创新水平指数位列全省第三位,科技对经济社会发展的引领作用进一步增强。',
    ]);
    expect(plan.tasks).toEqual([]);
    expect(figures(results)).toEqual([['rank', 'eq', 3, '名']]);
  });
});

describe('rule "year of the document\'s number" (意见 and 实施意见 whose title names no year)', () => {
  it('takes the year from a line that is only the 文号, not from the 文号 the preamble cites', () => {
    const { plan } = read([
      '庆阳市人民政府关于实施科技创新驱动战略推动创新型庆阳建设的意见',
      '庆政发〔2016〕43号',
      '为全面贯彻落实《若干意见》(中发〔2015〕8号)和(甘发〔2015〕11号)精神,提出如下意见。',
      '一、总体思路',
    ]);
    expect([plan.year, plan.jurisdiction]).toEqual([2016, '庆阳市']);
  });

  it('takes the year from a date in Chinese numerals in the head (二〇一六年七月八日…通过)', () => {
    const { plan } = read([
      '中共天津市委天津市人民政府关于贯彻落实《国家创新驱动发展战略纲要》的实施意见',
      '(二〇一六年七月八日中国共产党天津市第十届委员会第九次全体会议通过)',
      '一、准确把握总体要求',
    ]);
    expect([plan.year, plan.jurisdiction]).toEqual([2016, '天津市']);
  });

  it('reads 开州区 from 中共重庆市开州区委重庆市开州区人民政府, not 市开州区', () => {
    const { plan } = read(['中共重庆市开州区委重庆市开州区人民政府关于加快实施创新驱动发展战略的实施意见', '一、总体要求']);
    expect(plan.jurisdiction).toBe('开州区');
  });
});

describe('rule "item broken inside a sentence" (PDF text of a 工作要点, lines cut at the page width)', () => {
  it('joins an item line that holds a clause break but no sentence end, and a line ending inside a bracket', () => {
    const { plan } = read([
      '县科技局2024年工作要点',
      '一、培育创新主体',
      '1.加快推进研发平台建设,新建省级',
      '研发平台2个。(县科技局牵头,县工信',
      '局配合)',
      '2.强化企业主体地位',
      '新增高新技术企业10家。(县科技局负责)',
    ]);
    expect(plan.tasks.map((task) => [task.title, task.targets[0]?.units])).toEqual([
      ['加快推进研发平台建设,新建省级研发平台2个', { lead: ['县科技局'], cooperating: ['县工信局'] }],
      ['强化企业主体地位', { lead: ['县科技局'], cooperating: [] }],
    ]);
  });
});

describe('rule "title glued to its first sentence" and 计划 of a work area (half-year summaries)', () => {
  it('reads …工作总结20xx上半年,… as a summary, and (二)…深入开展综合计划工作 as results, not a plan part', () => {
    const { plan, results } = read([
      '市科技局上半年科技工作总结20xx上半年,我市科技工作取得了阶段性成效。',
      '(一)以培育高新技术企业为重点,深入推进高新技术产业发展',
      '推荐7家企业申报高新技术企业认定,其中4家通过了公示。',
      '(二)以申报科技项目为重点,深入开展综合计划工作',
      '一是培育创新型企业。5家科技型企业通过省级认定,使我市省级创新型试点企业达到12家。',
    ]);
    expect(plan.tasks).toEqual([]);
    expect(figures(results).map((f) => f[2])).toEqual([7, 4, 5, 12]);
  });

  it('reads 科技局2021年上半年工作总结和下半年工作方案 上半年,… on one line as a summary', () => {
    const { results } = read(['科技局2021年上半年工作总结和下半年工作方案 上半年,县级创新驱动资金总额593.94万元,涉及企业110家。']);
    expect(figures(results)).toEqual([
      ['amount', 'eq', 5_939_400, '元'],
      ['count', 'eq', 110, '家'],
    ]);
  });
});

describe('rule "number cut out": counts and funds (a summary with its figures removed)', () => {
  it('reads 共有家企业, 资金万元 and 资金余万元 as values missing', () => {
    const { results } = read([
      '区科技局2022年工作总结',
      '我区共有家企业通过评价;华睿电气等企业获得省科小提升工程资金万元;共**家企业获财政补助资金余万元。',
    ]);
    expect(figures(results)).toEqual([
      ['count', 'eq', null, '家'],
      ['amount', 'eq', null, '元'],
      ['count', 'eq', null, '家'],
      ['amount', 'eq', null, '元'],
    ]);
  });
});

describe('rule "reported result": 近年来 / 取得了…成绩 (news of a work meeting)', () => {
  it('reads a paragraph opening 近几年来 as results, ranks included', () => {
    const { results, plan } = read([
      '4月17日,全市科技工作会议召开,总结去年工作。',
      '近几年来,我市科技创新工作取得了较好的成绩。全市高新技术产业增加值增速44.7%,位列全省第三位;全市国家级高新技术特色产业基地达到6家,居全省第一位。',
    ]);
    expect(figures(results)).toEqual([
      ['growth', 'eq', 44.7, '%'],
      ['rank', 'eq', 3, '名'],
      ['count', 'eq', 6, '家'],
      ['rank', 'eq', 1, '名'],
    ]);
    expect(plan.goals).toEqual([]);
  });
});

describe('rule "reported result": a weak cue in a paragraph that also plans', () => {
  it('keeps 今年力争新增20家 a goal after 近年来…取得显著成效 (a 工作要点 preamble)', () => {
    const { results, plan } = read(['近年来,我县科技创新工作取得了显著成效。今年主要目标是:力争新增高新技术企业20家。']);
    expect(results).toEqual([]);
    expect(figures(plan.goals)).toEqual([['count', 'gte', 20, '家']]);
  });
});
