/**
 * The words of target phrases, written once in simplified characters: the parser matches them
 * on the simplified shadow of a phrase and slices the document's own characters for output.
 */

export type UnitClass = 'count' | 'quantity' | 'amount' | 'percent' | 'permille' | 'points' | 'times';

/** Measure words and units after a number, by class. Matched longest first. */
const UNITS: Record<UnitClass, string[]> = {
  count: [
    '人次',
    '家次',
    '项次',
    '场次',
    '个次',
    '户次',
    '批次',
    '人年',
    '个位次',
    '位次',
    '个名次',
    '名次',
    '个',
    '家',
    '项',
    '名',
    '人',
    '次',
    '件',
    '场',
    '条',
    '台',
    '套',
    '所',
    '座',
    '只',
    '支',
    '篇',
    '部',
    '本',
    '期',
    '届',
    '户',
    '位',
    '款',
    '种',
    '类',
    '份',
    '处',
    '间',
    '栋',
    '辆',
    '架',
    '艘',
    '株',
    '头',
    '张',
    '门',
    '例',
    '起',
    '宗',
    '笔',
    '颗',
    '块',
    '根',
    '轮',
    '班',
    '批',
    '对',
    '组',
    '队',
    '村',
    '镇',
  ],
  quantity: [
    '平方公里',
    '平方千米',
    '平方米',
    '立方米',
    '千瓦时',
    '千瓦',
    '兆瓦',
    '公顷',
    '公里',
    '千米',
    '公斤',
    '千克',
    '吨',
    '亩',
    '平米',
    '米',
    '个工作日',
    '工作日',
    '个月',
    '小时',
    '天',
  ],
  amount: ['人民币', '美元', '欧元', '港元', '元'],
  percent: ['%'],
  permille: ['‰'],
  points: ['个百分点', '百分点'],
  times: ['倍'],
};

const UNIT_CLASS = new Map<string, UnitClass>();
for (const [unitClass, words] of Object.entries(UNITS) as Array<[UnitClass, string[]]>) {
  for (const word of words) UNIT_CLASS.set(word, unitClass);
}

function alternation(words: Iterable<string>): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&'))
    .join('|');
}

/** A unit at the start of the rest of a phrase, with an optional second measure: 台(套). */
export const UNIT_RE = new RegExp(`^(?:${alternation(UNIT_CLASS.keys())})(?:\\((?:台|套|个|家|项|件|人|名|次)\\))?`);
export function unitClassOf(unit: string): UnitClass | undefined {
  return UNIT_CLASS.get(unit.replace(/\(.*$/, ''));
}

/** Scale words written between an Arabic number and its unit. */
export const SCALE_RE = /^(?:千万|百万|万亿|亿|万|千)/;
export const SCALE_EXPONENT: Record<string, number> = { 千万: 7, 百万: 6, 万亿: 12, 亿: 8, 万: 4, 千: 3 };

/** "More than": 20余台, 20多家. */
export const MORE_THAN_RE = /^(?:余|多)/;
/** Qualifiers after a number and its unit. */
export const SUFFIX_RE = /^(?:以上|以下|以内|之内|左右|上下|余|多)/;
/** The second half of a range: 3-5家, 三至五家, 1到2项. */
export const RANGE_JOIN_RE = /^(?:-|~|至|到|—|–)/;

/** Comparator words right before a number, longest first; the value is the comparator. */
const PREFIX_COMPARATORS: Array<[string, 'gte' | 'gt' | 'lte' | 'lt' | 'approx']> = [
  ['达到或超过', 'gte'],
  ['不少于', 'gte'],
  ['不低于', 'gte'],
  ['不小于', 'gte'],
  ['至少', 'gte'],
  ['最少', 'gte'],
  ['不超过', 'lte'],
  ['不高于', 'lte'],
  ['不大于', 'lte'],
  ['不多于', 'lte'],
  ['控制在', 'lte'],
  ['低于', 'lt'],
  ['少于', 'lt'],
  ['小于', 'lt'],
  ['超过', 'gt'],
  ['超出', 'gt'],
  ['突破', 'gt'],
  ['高于', 'gt'],
  ['大于', 'gt'],
  ['多于', 'gt'],
  ['超', 'gt'],
  ['逾', 'gt'],
  ['大约', 'approx'],
  ['接近', 'approx'],
  ['约', 'approx'],
  ['近', 'approx'],
];
export const PREFIX_COMPARATOR_RE = new RegExp(`(?:${alternation(PREFIX_COMPARATORS.map(([w]) => w))})$`);
export const PREFIX_COMPARATOR = new Map(PREFIX_COMPARATORS);

/** Words that end a metric and stand for the comparison, trimmed from the metric. */
export const METRIC_TRAILER_RE =
  /(?:达到或超过|(?<=考核|评价|考评|评估|评比|排名|监测|大赛|比赛|竞赛)中|年均|较上年|比上年|较去年|比去年|大关|达到|达|前进|上升|进位|同比|位列|位居|名列|排名|进入|跻身|稳居|居于|全省|全市|全国|超过|超|突破|不少于|不低于|不超过|不高于|控制在|保持在|稳定在|提高到|提高至|提升到|提升至|增加到|增至|增长|提高|提升|下降|降低|减少|低于|高于|约为|约|近|为|在|至)+$/;
export const METRIC_LEADER_RE = /^(?:\d{4}年(?:底|末)?(?:前)?|力争|争取|确保|努力|全年|年内|并|且|同时|其中|共|力求|实现|要|在)+/;

/** Stretch (力争 / 争取) and binding (确保) markers: the state holds until the end of the clause group. */
export const STRETCH_MARK_RE = /力争|争取|力求|努力实现|确保|保证|务必/g;
export const BINDING_WORDS = new Set(['确保', '保证', '务必']);

/** Growth: a change over last year. */
export const GROWTH_WORD_RE = /增长率|增长|增速|增幅|同比|提高|提升|上升|增加|下降|降低|减少|压减|压缩|年均增/g;
export const DECREASE_WORDS = new Set(['下降', '降低', '减少', '压减', '压缩']);
/** Share: a part of a whole. */
export const SHARE_WORD_RE = /占比|比重|比例|占|覆盖率|普及率|率|强度|达标/g;

/**
 * Per-capita and per-unit figures: 每万人 …件 → 件/万人; 每万名就业人员中 …人年 → 人年/万人;
 * (每)千家企业中 …家 → 家/千家 (a round numeral before a measure and …中 names the denominator).
 */
export const PER_RE =
  /每(?:[十百千万]+)(?:人口|人|户|名)|每平方公里|每户|(?:十|百|千|万|十万)人(?=[^\d]*$)|人均|每?[十百千万]+(?:家|户|个)(?=[^\d。;,:]{0,16}中)/;

/** The round numerals that name a ratio's denominator: (每)千家…中. */
export const DENOMINATOR_VALUES = new Set([10, 100, 1000, 10_000, 100_000]);
/** What follows a denominator numeral: its measure, then the population it counts in (…企业中). */
export const DENOMINATOR_AFTER_RE = /^(?:家|户|个|人|名)[^\d。;,:]{0,16}中/;

/** Rank: 位列全省前三, 排名第一, 进入全国前十强. */
export const RANK_CONTEXT_RE =
  /全省|全市|全国|全区|全州|全县|全球|全行业|排名|排位|排序|位列|位居|名列|跻身|进入|挺进|稳居|居于|保持|同类|考核|评价|考评/;
export const RANK_CHANGE_RE = /(?:前进|提升|上升|进位|前移|晋升|跃升|提高|进步)(?:了)?$/;
export const RANK_TAIL_RE = /^(?:名|位|强|甲)/;

/** Money context for a scaled number written without 元: 投资50亿. */
export const MONEY_CONTEXT_RE = /金额|资金|投资|投入|额|收入|产值|经费|贷款|融资|营收|规模|基金|补助|奖补|奖励/;

/**
 * Characters a Chinese numeral may follow when it states a target (建成一个, 实施十大 …), so
 * that words such as 院感防控一次医疗器械 or 全市六大主导产业 do not count.
 */
export const NUMERAL_AFTER = new Set(
  '建成设造进办展批增定立选育完引获创举开施争保达到超破于约近有出评聘派组培扶打推落签招实新共累计认申报' +
    '搭筹形突编制修拔收集储吸植种授取用购投入聚孵转化持支讲做抓搞召承参加服验赢夺列居审通遴树命发布改扩提' +
    '升养送接帮结联走访慰调研督查检测配置装更换复整治清理善健全台印线运行各占为',
);
