import type { Indicator } from '@plancycle/contracts';

/** What a phrase must give: every listed field of every indicator, in order. */
export type Expected = Pick<Indicator, 'kind' | 'comparator' | 'value' | 'unit'> & {
  max?: number;
  stretch?: boolean;
  metric?: string | null;
};

const c = (
  value: number | null,
  unit: string | null,
  comparator: Indicator['comparator'] = 'gte',
  extra: Partial<Expected> = {},
): Expected => ({
  kind: 'count',
  comparator,
  value,
  unit,
  ...extra,
});
const m = (stretch = false): Expected => ({ kind: 'milestone', comparator: 'done', value: null, unit: null, stretch });

/**
 * Target phrases and the indicators they state, written by reading them: from the two fixtures
 * (Xiangtan 2018 工作要点, Yuanjiang 2024 实施方案), from DOMAIN.md, and the same forms in
 * traditional characters, with converter glosses, masked and in Chinese numerals.
 */
export const TARGET_PHRASES: Array<[string, Expected[]]> = [
  // DOMAIN.md
  ['申报市级以上创新平台2家以上', [c(2, '家', 'gte', { metric: '申报市级以上创新平台' })]],
  ['不少于4次', [c(4, '次')]],
  ['技术合同交易额达30亿元', [{ kind: 'amount', comparator: 'gte', value: 3_000_000_000, unit: '元', metric: '技术合同交易额' }]],
  ['全社会研发经费投入增长12%以上', [{ kind: 'growth', comparator: 'gte', value: 12, unit: '%', metric: '全社会研发经费投入' }]],
  ['高新技术产业增加值占GDP比重达24%', [{ kind: 'share', comparator: 'gte', value: 24, unit: '%' }]],
  [
    '每万人高价值发明专利拥有量达1.3件以上',
    [{ kind: 'ratio', comparator: 'gte', value: 1.3, unit: '件/万人', metric: '高价值发明专利拥有量' }],
  ],
  ['申报国家级项目1-2项', [c(1, '项', 'range', { max: 2 })]],
  ['组织开展科技型中小企业评价60家左右', [c(60, '家', 'approx')]],
  ['新增仪器设备20余台(套)', [c(20, '台(套)', 'gt')]],
  ['知识价值信用贷款余额超1亿元', [{ kind: 'amount', comparator: 'gt', value: 100_000_000, unit: '元' }]],
  ['高新技术企业总数突破200家', [c(200, '家', 'gt')]],
  ['力争国家级科技奖励破零', [c(1, null, 'gte', { stretch: true })]],
  ['建成一个院士专家工作站', [c(1, '个')]],
  ['“双打”综治考核位列全省前三', [{ kind: 'rank', comparator: 'lte', value: 3, unit: '名' }]],
  ['在全省高新园区创新绩效评价中前进19个位次', [{ kind: 'rank_change', comparator: 'gte', value: 19, unit: '位次' }]],
  ['专利行政执法案件按期结案率达到100%', [{ kind: 'share', comparator: 'eq', value: 100, unit: '%' }]],
  ['发明专利增量提质达到或超过省定指标', [m()]],
  ['新增320家企业上云、30家企业上平台', [c(320, '家', 'gte', { metric: '新增企业上云' }), c(30, '家', 'gte', { metric: '企业上平台' })]],
  // Yuanjiang 2024
  ['入库科技型中小企业500家以上', [c(500, '家', 'gte', { metric: '入库科技型中小企业' })]],
  [
    '新增高新技术企业20家、省级及以上专精特新中小企业10家、省级及以上制造业单项冠军企业1家以上',
    [c(20, '家'), c(10, '家', 'gte', { metric: '省级及以上专精特新中小企业' }), c(1, '家')],
  ],
  ['力争新增1家科技型企业在省股交所上市', [c(1, '家', 'gte', { stretch: true })]],
  ['新增有创新研发活动的规模工业企业10家以上', [c(10, '家')]],
  ['实施1个数字新基建标志性项目', [c(1, '个')]],
  ['新增省级工程技术研究中心1家以上、省级企业技术中心和工程研究中心5个以上', [c(1, '家'), c(5, '个')]],
  ['备案省级新型研发机构1家', [c(1, '家')]],
  ['总投资1083万元', [{ kind: 'amount', comparator: 'gte', value: 10_830_000, unit: '元' }]],
  [
    '新建短期库1522.81平方米、试验大棚5760平方米',
    [
      { kind: 'quantity', comparator: 'gte', value: 1522.81, unit: '平方米' },
      { kind: 'quantity', comparator: 'gte', value: 5760, unit: '平方米' },
    ],
  ],
  ['推进实施十大技术攻关项目', [c(10, null)]],
  ['研发芦笋低盐腌制发酵、芦笋冷冻等5项加工技术', [c(5, '项')]],
  ['2024年全市计划引进各类人才100名以上', [c(100, '名')]],
  ['精准选派50名省、益阳、县派科技特派员赴基层一线开展科技服务', [c(50, '名')]],
  ['新入驻优质服务机构3家', [c(3, '家')]],
  ['全年力争转化科技成果2件以上', [c(2, '件', 'gte', { stretch: true })]],
  ['举办成果转化活动2场以上', [c(2, '场')]],
  ['完成原创科技成果评价2项以上、成果登记3项、专利转化许可10次以上', [c(2, '项'), c(3, '项'), c(10, '次')]],
  ['全年开展科技金融培训或银企对接会2次以上', [c(2, '次')]],
  ['力争科技型企业知识价值信用贷款余额超1亿元', [{ kind: 'amount', comparator: 'gt', value: 100_000_000, unit: '元', stretch: true }]],
  [
    '力争全社会研发经费投入增长12%以上,每万人高价值发明专利拥有量达1.3件以上',
    [
      { kind: 'growth', comparator: 'gte', value: 12, unit: '%', stretch: true },
      { kind: 'ratio', comparator: 'gte', value: 1.3, unit: '件/万人', stretch: true },
    ],
  ],
  ['深入落实科技体制改革三年行动', [m()]],
  ['争取在省、益阳创新创业大赛中取得新突破', [m(true)]],
  ['围绕全市六大主导产业,组织市内优势科研力量承担重大科技攻关任务', [m()]],
  ['院感防控一次医疗器械研发与应用等方面突破一批关键核心技术难题', [m()]],
  // Xiangtan 2018
  [
    '力争全社会研发经费(R&D)支出占GDP的比重达到2.2%;全市高新技术企业数突破200家',
    [{ kind: 'share', comparator: 'gte', value: 2.2, unit: '%', stretch: true }, c(200, '家', 'gt', { stretch: false })],
  ],
  [
    '完成科技成果登记100项、技术合同认定登记100项,技术合同额25亿元',
    [c(100, '项'), c(100, '项'), { kind: 'amount', comparator: 'gte', value: 2_500_000_000, unit: '元' }],
  ],
  ['打造市级以上产业技术创新联盟2个以上,市级以上众创空间与企业孵化器10个', [c(2, '个'), c(10, '个')]],
  ['认定省、市级科普基地5家以上', [c(5, '家', 'gte', { metric: '认定省、市级科普基地' })]],
  ['全年集体学习讨论达到6次以上', [c(6, '次')]],
  ['到联系点讲党课1次以上,听取联系点工作情况汇报1次以上', [c(1, '次'), c(1, '次')]],
  ['促进高新技术产业增加值达到700亿元以上', [{ kind: 'amount', comparator: 'gte', value: 70_000_000_000, unit: '元' }]],
  ['打造10大创新龙头企业、10大科技创新项目', [c(10, null), c(10, null)]],
  ['新认定高新技术企业40家以上,力争总数突破200家', [c(40, '家', 'gte', { stretch: false }), c(200, '家', 'gt', { stretch: true })]],
  ['新建5个以上众创空间与科技企业孵化器', [c(5, '个', 'gte', { metric: '新建众创空间与科技企业孵化器' })]],
  ['重点选取10个左右的成长性好的科技型中小微企业', [c(10, '个', 'approx')]],
  ['力争获批各级平台10个以上', [c(10, '个', 'gte', { stretch: true })]],
  ['力争新增省、市级院士专家工作站3-5家', [c(3, '家', 'range', { max: 5, stretch: true })]],
  [
    '组织评选3-5个市级示范团队,力争获批2个省级示范团队',
    [c(3, '个', 'range', { max: 5, stretch: false }), c(2, '个', 'gte', { stretch: true })],
  ],
  ['促进企业占全社会研发经费投入的比重达到85%左右', [{ kind: 'share', comparator: 'approx', value: 85, unit: '%' }]],
  ['建设产学研合作创新发展基地10个左右(其中农业农村2个左右)', [c(10, '个', 'approx'), c(2, '个', 'approx')]],
  ['选拔120名科研人员担任农业科技特派员', [c(120, '名')]],
  ['每个分管领导牵头抓好1-2项重点工作', [c(1, '项', 'range', { max: 2 })]],
  ['认真贯彻党的十九大精神和市纪委十二届三次全会精神', [m()]],
  ['实施“1+7”党建领航科技创新行动,坚持“1个统领”', [m()]],
  ['推进《湘潭智造谷建设三年行动计划(2017-2019年)》落地', [m()]],
  ['力争全市R&D研发经费支出占GDP的比重居全省前列', [m(true)]],
  ['高新技术产业增加值占GDP比重保持全省领先', [m()]],
  ['跟踪2017年20个集中签约项目进展情况', [c(20, '个')]],
  // Traditional characters
  ['技術合同交易額達30億元', [{ kind: 'amount', comparator: 'gte', value: 3_000_000_000, unit: '元', metric: '技術合同交易額' }]],
  ['全社會研發經費投入增長12%以上', [{ kind: 'growth', comparator: 'gte', value: 12, unit: '%', metric: '全社會研發經費投入' }]],
  ['力爭新增省、市級院士專家工作站3-5家', [c(3, '家', 'range', { max: 5, stretch: true, metric: '新增省、市級院士專家工作站' })]],
  ['新增320家企業上雲、30家企業上平台', [c(320, '家'), c(30, '家')]],
  ['每萬人高價值發明專利擁有量達1.3件以上', [{ kind: 'ratio', comparator: 'gte', value: 1.3, unit: '件/萬人' }]],
  ['建成兩個院士專家工作站', [c(2, '個')]],
  ['申報國家級項目1-2項', [c(1, '項', 'range', { max: 2 })]],
  ['在全省高新園區創新績效評價中前進19個位次', [{ kind: 'rank_change', comparator: 'gte', value: 19, unit: '位次' }]],
  ['知識價值信用貸款餘額超1億元', [{ kind: 'amount', comparator: 'gt', value: 100_000_000, unit: '元' }]],
  ['確保專利行政執法案件按期結案率達到100%', [{ kind: 'share', comparator: 'eq', value: 100, unit: '%', stretch: false }]],
  ['總投資1083萬元', [{ kind: 'amount', comparator: 'gte', value: 10_830_000, unit: '元' }]],
  ['位列全省前三', [{ kind: 'rank', comparator: 'lte', value: 3, unit: '名' }]],
  // Converter glosses (ruby readings left inline)
  ['技術(shù)合同交易額(é)達30億元', [{ kind: 'amount', comparator: 'gte', value: 3_000_000_000, unit: '元' }]],
  ['研發(fā)經費(fèi)投入增長(zhǎng)12%以上', [{ kind: 'growth', comparator: 'gte', value: 12, unit: '%', metric: '研發經費投入' }]],
  ['組織開展科技型中小企業評價(jià)60家左右', [c(60, '家', 'approx')]],
  ['新增儀器設備(bèi)20余臺(tái)(套)', [c(20, '臺(套)', 'gt')]],
  ['力爭(zhēng)國家級科技獎勵破零', [c(1, null, 'gte', { stretch: true })]],
  // Chinese numerals, 万/亿, other comparators
  ['新增三至五家省级平台', [c(3, '家', 'range', { max: 5 })]],
  ['引进高层次人才二十五名', [c(25, '名')]],
  ['举办培训班十余期', [c(10, '期', 'gt')]],
  ['完成科技成果转化三百项', [c(300, '项')]],
  ['科技贷款余额达1.3亿元', [{ kind: 'amount', comparator: 'gte', value: 130_000_000, unit: '元' }]],
  ['培训农民2.5万人次', [c(25_000, '人次')]],
  ['研发投入5-10亿元', [{ kind: 'amount', comparator: 'range', value: 500_000_000, max: 1_000_000_000, unit: '元' }]],
  ['综合能耗下降5%以上', [{ kind: 'growth', comparator: 'lte', value: -5, unit: '%' }]],
  ['审批办结时间不超过5个工作日', [{ kind: 'quantity', comparator: 'lte', value: 5, unit: '个工作日' }]],
  ['研发投入强度控制在3%以内', [{ kind: 'share', comparator: 'lte', value: 3, unit: '%' }]],
  ['研发经费占比提高2个百分点', [{ kind: 'growth', comparator: 'gte', value: 2, unit: '个百分点' }]],
  ['科技型企业数量约150家', [c(150, '家', 'approx')]],
  ['技术合同登记额增长百分之十五', [{ kind: 'growth', comparator: 'gte', value: 15, unit: '%' }]],
  ['排名全省第一', [{ kind: 'rank', comparator: 'lte', value: 1, unit: '名' }]],
  ['人均科普经费达到2元', [{ kind: 'ratio', comparator: 'gte', value: 2, unit: '元/人' }]],
  // Masked numbers (year-end summaries)
  ['全年新增高新技术企业xx家', [c(null, '家')]],
  ['同比增长xx.x%', [{ kind: 'growth', comparator: 'gte', value: null, unit: '%' }]],
  ['技术合同交易额XX亿元', [{ kind: 'amount', comparator: 'gte', value: null, unit: '元' }]],
  ['完成目标任务的×××%', [{ kind: 'share', comparator: 'gte', value: null, unit: '%' }]],
  ['新增省级平台**个', [c(null, '个')]],
  // A lone 零 belongs to a word (零部件), and gives no number.
  ['重点打造新能源汽车整车及关键零部件等标志性创新型产业集群', [m()]],
  ['重點打造新能源汽車整車及關鍵零部件等標誌性創新型產業集群', [m()]],
  ['促进关键零部件产业产值达到700亿元以上', [{ kind: 'amount', comparator: 'gte', value: 70_000_000_000, unit: '元' }]],
  // The numeral after 每 is a ratio's denominator (每千人, 每十万人口), never a value.
  ['每千人拥有科普人员2人', [{ kind: 'ratio', comparator: 'gte', value: 2, unit: '人/千人', metric: '拥有科普人员' }]],
  ['每千人擁有科普人員2人', [{ kind: 'ratio', comparator: 'gte', value: 2, unit: '人/千人', metric: '擁有科普人員' }]],
  ['每万人口发明专利拥有量达到3件', [{ kind: 'ratio', comparator: 'gte', value: 3, unit: '件/万人', metric: '发明专利拥有量' }]],
  ['每萬人口發明專利擁有量達到3件', [{ kind: 'ratio', comparator: 'gte', value: 3, unit: '件/萬人', metric: '發明專利擁有量' }]],
  ['每十万人拥有研发人员50人', [{ kind: 'ratio', comparator: 'gte', value: 50, unit: '人/十万人' }]],
  // 每万名就业人员中 counts per ten thousand people; (每)千家…企业中 names a denominator, not a count of 1000.
  ['每万名就业人员中研发人员达到209人年以上', [{ kind: 'ratio', comparator: 'gte', value: 209, unit: '人年/万人' }]],
  ['千家工商注册企业中高新技术企业数量不少于5.67家', [{ kind: 'ratio', comparator: 'gte', value: 5.67, unit: '家/千家' }]],
  ['每千家企业中高新技术企业数达到6家', [{ kind: 'ratio', comparator: 'gte', value: 6, unit: '家/千家' }]],
  ['新增企业一千家', [{ kind: 'count', comparator: 'gte', value: 1000, unit: '家' }]],
  // A 第N listed right after a rank, in the same sentence, is a rank too (位居全省第6,温州地区第2).
  [
    '科技进步综合评价位居全省第6,温州地区第2',
    [
      { kind: 'rank', comparator: 'lte', value: 6, unit: '名' },
      { kind: 'rank', comparator: 'lte', value: 2, unit: '名' },
    ],
  ],
  // Slogans of numeral, measure and numeral (一对一, 四个一), and 一次性, state no number.
  ['开展一对一帮扶', [m()]],
  ['開展一對一幫扶', [m()]],
  ['推进四个一工程', [m()]],
  ['推進四個一工程', [m()]],
  ['建成两个一流学科', [c(2, '个', 'gte', { metric: '建成一流学科' })]],
  ['一次性奖励10万元', [{ kind: 'amount', comparator: 'gte', value: 100_000, unit: '元', metric: '一次性奖励' }]],
  ['一次性獎勵10萬元', [{ kind: 'amount', comparator: 'gte', value: 100_000, unit: '元', metric: '一次性獎勵' }]],
  // A time limit (…内) is an upper bound.
  ['在3个工作日内办结', [{ kind: 'quantity', comparator: 'lte', value: 3, unit: '个工作日' }]],
  ['24小時內響應', [{ kind: 'quantity', comparator: 'lte', value: 24, unit: '小時' }]],
  // Metric words of comparison (年均, 较上年, 在…中, 大关) are not part of the metric.
  ['研发投入年均增长15%', [{ kind: 'growth', comparator: 'gte', value: 15, unit: '%', metric: '研发投入' }]],
  ['高新技术企业数量较上年增长20%以上', [{ kind: 'growth', comparator: 'gte', value: 20, unit: '%', metric: '高新技术企业数量' }]],
  ['高新技術企業數量較上年增長20%以上', [{ kind: 'growth', comparator: 'gte', value: 20, unit: '%', metric: '高新技術企業數量' }]],
  ['在全市科技创新考核中前进3个位次', [{ kind: 'rank_change', comparator: 'gte', value: 3, unit: '位次', metric: '全市科技创新考核' }]],
  ['科技型中小企业数突破1000家大关', [c(1000, '家', 'gt', { metric: '科技型中小企业数' })]],
  // A clause without its own metric speaks of the target before it; a bare percentage keeps its kind.
  [
    '确保高新技术产业增加值增长10%,力争达到12%',
    [
      { kind: 'growth', comparator: 'gte', value: 10, unit: '%', stretch: false, metric: '高新技术产业增加值' },
      { kind: 'growth', comparator: 'gte', value: 12, unit: '%', stretch: true, metric: '高新技术产业增加值' },
    ],
  ],
  [
    '確保高新技術產業增加值增長10%,力爭達到12%',
    [
      { kind: 'growth', comparator: 'gte', value: 10, unit: '%', stretch: false, metric: '高新技術產業增加值' },
      { kind: 'growth', comparator: 'gte', value: 12, unit: '%', stretch: true, metric: '高新技術產業增加值' },
    ],
  ],
  [
    '科技型企业数量突破500家,同比增长20%',
    [c(500, '家', 'gt'), { kind: 'growth', comparator: 'gte', value: 20, unit: '%', metric: '科技型企业数量' }],
  ],
  [
    '在全市科技创新考核中前进3个位次,位居全市前三',
    [
      { kind: 'rank_change', comparator: 'gte', value: 3, unit: '位次', metric: '全市科技创新考核' },
      { kind: 'rank', comparator: 'lte', value: 3, unit: '名', metric: '全市科技创新考核' },
    ],
  ],
  [
    '同比增长xx.x%,完成目标任务的xxx%',
    [
      { kind: 'growth', comparator: 'gte', value: null, unit: '%' },
      { kind: 'share', comparator: 'gte', value: null, unit: '%' },
    ],
  ],
  // Rank forms (county probe): 前进N个位次, 前三十 / 前10位, 第N; a tier without a number is a milestone.
  ['排名前进5个位次', [{ kind: 'rank_change', comparator: 'gte', value: 5, unit: '位次' }]],
  ['排名前進5個位次', [{ kind: 'rank_change', comparator: 'gte', value: 5, unit: '位次' }]],
  ['力争进入全省前三十', [{ kind: 'rank', comparator: 'lte', value: 30, unit: '名', stretch: true }]],
  ['力爭進入全省前三十', [{ kind: 'rank', comparator: 'lte', value: 30, unit: '名', stretch: true }]],
  ['全省排名前10位', [{ kind: 'rank', comparator: 'lte', value: 10, unit: '名' }]],
  ['綜合排名第3', [{ kind: 'rank', comparator: 'lte', value: 3, unit: '名' }]],
  ['综合排名第3', [{ kind: 'rank', comparator: 'lte', value: 3, unit: '名' }]],
  ['进入全省第一方阵', [m()]],
  ['進入全省第一方陣', [m()]],
  // Rule "masked verb": a single mask for a character of 达到 keeps the number after it.
  ['科技进步贡献率*到42%', [{ kind: 'share', comparator: 'gte', value: 42, unit: '%' }]],
  // Rule "from … to": the starting figure is no target, the one after 提高到 is, of the same kind.
  ['R&D经费支出占GDP比重由1.8%提高到2.2%', [{ kind: 'share', comparator: 'gte', value: 2.2, unit: '%' }]],
  ['高新技术企业从120家增加到200家', [c(200, '家')]],
  // Rule "level after 提高至": the share reached, not a change.
  ['全社会研发经费支出占地区生产总值比重提高至3.98%', [{ kind: 'share', comparator: 'gte', value: 3.98, unit: '%' }]],
  ['研发经费占比提高3个百分点', [{ kind: 'growth', comparator: 'gte', value: 3, unit: '个百分点' }]],
  [
    '争创省级创新平台1-2个,县域创新能力评价在全省排名前进5个位次,力争进入全省前三十',
    [
      c(1, '个', 'range', { max: 2, stretch: false }),
      { kind: 'rank_change', comparator: 'gte', value: 5, unit: '位次', stretch: false },
      { kind: 'rank', comparator: 'lte', value: 30, unit: '名', stretch: true },
    ],
  ],
];
