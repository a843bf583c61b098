import type { RuleSetPin } from '@plancycle/contracts';
import type { ConditionTrace, LeafTrace, RuleTrace } from './decision.explanation';
import type { RuleSetKind } from './rule-set.vocabulary';

/**
 * The sentence a clerk reads beside a decision's per-condition results, e.g.
 * 「第2期报送逾期：逾期已满2个宽限期，按规则集 escalation v1.0.0 第2条「overdue: supervision」升级为督办。」
 * Written from what was stored with the decision (its facts, the rule traces in file order
 * and the rule that decided), so decisions taken years ago read the same way today.
 */

export interface StoredDecision {
  kind: RuleSetKind | string;
  outcome: string;
  periodKey: string | null;
  ruleSet: RuleSetPin;
  facts: unknown;
  /** As stored: `{ decidedBy, firedRules, rules: RuleTrace[] }`. */
  conditions: unknown;
}

const outcomeWords: Record<string, Record<string, string>> = {
  escalation: { reminder: '升级为提醒', supervision: '升级为督办', interview: '升级为约谈', none: '不升级' },
  trajectory: { on_track: '判定进度正常', lagging: '判定进度滞后', not_applicable: '判定不适用进度预警' },
  attainment: { exceeded: '判定超额完成', met: '判定完成', not_met: '判定未完成', no_data: '判定无数据' },
};

/** How a fact reads in a sentence, and how its value is written. */
interface FactWording {
  label: string;
  format?: (value: unknown) => string;
}

const percent = (value: unknown) => (typeof value === 'number' ? `${Number((value * 100).toPrecision(4))}%` : String(value));
const times = (unit: string) => (value: unknown) => `${String(value)}${unit}`;

const kindWords: Record<string, string> = {
  count: '个数',
  amount: '金额',
  quantity: '数量',
  growth: '增长率',
  share: '占比',
  ratio: '比率',
  rank: '位次',
  rank_change: '位次变化',
  milestone: '节点任务',
};
const comparatorWords: Record<string, string> = {
  gte: '不低于',
  gt: '高于',
  lte: '不高于',
  lt: '低于',
  eq: '等于',
  range: '区间',
  approx: '约为',
  done: '完成与否',
};
const triggerWords: Record<string, string> = { overdue: '报送逾期', trajectory: '进度落后' };
const roleWords: Record<string, string> = { lead: '牵头', cooperating: '配合' };

const factWordings: Record<string, FactWording> = {
  overdueGraceUnits: { label: '逾期宽限期数', format: times('个') },
  overduePeriods: { label: '累计逾期期数', format: times('期') },
  returnedCount: { label: '报告被退回次数', format: times('次') },
  trajectoryRatio: { label: '完成进度与预期之比', format: percent },
  role: { label: '承担角色', format: (v) => roleWords[String(v)] ?? String(v) },
  trigger: { label: '触发原因', format: (v) => triggerWords[String(v)] ?? String(v) },
  kind: { label: '指标类型', format: (v) => kindWords[String(v)] ?? String(v) },
  comparator: { label: '目标方式', format: (v) => comparatorWords[String(v)] ?? String(v) },
  periodIndex: { label: '期次', format: (v) => `第${String(v)}期` },
  periodCount: { label: '全年期数', format: times('期') },
  expectedShare: { label: '应完成进度', format: percent },
  achievedShare: { label: '已完成进度', format: percent },
  target: { label: '目标值' },
  max: { label: '目标上限' },
  tolerance: { label: '容差', format: percent },
  actual: { label: '实际值' },
  done: { label: '审核结论', format: (v) => (v === true ? '已完成' : v === false ? '未完成' : '未判定') },
  baseline: { label: '上年基数' },
  achieved: { label: '完成值' },
  shareOfTarget: { label: '完成目标的比例', format: percent },
  deviation: { label: '偏差', format: percent },
  lowerBound: { label: '达标下限' },
  upperBound: { label: '达标上限' },
  outcome: {
    label: '达标结果',
    format: (v) => ({ exceeded: '超额完成', met: '完成', not_met: '未完成', no_data: '无数据' })[String(v)] ?? String(v),
  },
  stretch: { label: '目标性质', format: (v) => (v === true ? '力争目标' : v === false ? '约束性目标' : String(v)) },
};

const operatorWords: Record<string, string> = {
  equal: '为',
  notEqual: '不为',
  lessThan: '低于',
  lessThanInclusive: '不高于',
  greaterThan: '高于',
  greaterThanInclusive: '达到',
  in: '属于',
  notIn: '不属于',
  contains: '包含',
  doesNotContain: '不包含',
};

function wordingOf(fact: string): FactWording {
  return factWordings[fact] ?? { label: fact };
}

function formatValue(fact: string, value: unknown): string {
  if (value === null || value === undefined) return '无';
  if (Array.isArray(value)) return value.map((v) => formatValue(fact, v)).join('、');
  const format = wordingOf(fact).format;
  return format ? format(value) : String(value);
}

/** One condition that held, in words: 「逾期宽限期数2个，达到1个」, 「完成进度与预期之比45%，低于50%」. */
export function conditionInWords(leaf: Pick<LeafTrace, 'fact' | 'operator' | 'value' | 'factResult' | 'valueResult'>): string {
  const { label } = wordingOf(leaf.fact);
  const negated = leaf.operator.startsWith('not:');
  const base = leaf.operator.split(':').pop() ?? leaf.operator;
  const compared = leaf.valueResult !== undefined ? leaf.valueResult : leaf.value;
  const seen = leaf.factResult === undefined ? '' : formatValue(leaf.fact, leaf.factResult);
  const verb = `${negated ? '并非' : ''}${operatorWords[base] ?? base}`;
  // A category in a list: which one it was says enough (「指标类型为个数」, not the whole list).
  if ((base === 'in' || base === 'notIn') && seen !== '') return `${label}为${seen}`;
  if (base === 'equal' || base === 'notEqual') {
    return `${label}${negated ? '并非' : ''}${base === 'equal' ? '为' : '不为'}${formatValue(leaf.fact, compared)}`;
  }
  return seen === '' ? `${label}${verb}${formatValue(leaf.fact, compared)}` : `${label}${seen}，${verb}${formatValue(leaf.fact, compared)}`;
}

function isLeaf(trace: ConditionTrace): trace is LeafTrace {
  return 'fact' in trace;
}

/** The leaves that made a rule hold: every held leaf of an `all`, the first held branch of an `any`. */
function heldLeaves(trace: ConditionTrace): LeafTrace[] {
  if (isLeaf(trace)) return trace.result === true ? [trace] : [];
  if ('all' in trace) return trace.all.flatMap(heldLeaves);
  if ('any' in trace) {
    const held = trace.any.find((branch) => branch.result === true);
    return held ? heldLeaves(held) : [];
  }
  return []; // a `not` holds because something did not: the rule's description says what
}

function tracesOf(conditions: unknown): { decidedBy: string | null; rules: RuleTrace[] } {
  const stored = (conditions ?? {}) as { decidedBy?: unknown; rules?: unknown };
  return {
    decidedBy: typeof stored.decidedBy === 'string' ? stored.decidedBy : null,
    rules: Array.isArray(stored.rules) ? (stored.rules as RuleTrace[]) : [],
  };
}

/** Q2 → 第2期, P5 → 第5期; anything else as written. */
export function periodLabel(periodKey: string | null): string {
  if (periodKey === null) return '';
  const match = /^(?:Q|P)(\d+)$/.exec(periodKey);
  return match ? `第${match[1]}期` : periodKey;
}

function factOf(facts: unknown, name: string): unknown {
  return facts !== null && typeof facts === 'object' ? (facts as Record<string, unknown>)[name] : undefined;
}

/** The sentence for one stored decision. */
export function explainDecisionInChinese(decision: StoredDecision): string {
  const { decidedBy, rules } = tracesOf(decision.conditions);
  const ruleSetWords = `规则集 ${decision.ruleSet.id} v${decision.ruleSet.version}`;
  const outcome =
    decision.kind === 'scoring'
      ? `计${decision.outcome}分`
      : (outcomeWords[decision.kind]?.[decision.outcome] ?? `判定为${decision.outcome}`);
  const trigger = decision.kind === 'escalation' ? triggerWords[String(factOf(decision.facts, 'trigger'))] : undefined;
  const subject = `${periodLabel(decision.periodKey)}${trigger ?? ''}`;
  const index = decidedBy === null ? -1 : rules.findIndex((rule) => rule.rule === decidedBy);
  if (index < 0) {
    return `${subject}${subject ? '：' : ''}未触发任何规则，按${ruleSetWords} ${outcome}。`;
  }
  const rule = rules[index] as RuleTrace;
  // The trigger is already said in the subject; repeating 「触发原因为报送逾期」 adds nothing.
  const held = heldLeaves(rule.conditions).filter((leaf) => !(decision.kind === 'escalation' && leaf.fact === 'trigger'));
  const because = held.map(conditionInWords).join('，且');
  return `${subject}${subject && because ? '：' : ''}${because}，按${ruleSetWords} 第${index + 1}条「${rule.rule}」${outcome}。`;
}
