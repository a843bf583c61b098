import type {
  AttainmentOutcome,
  EvaluationResult,
  IndicatorEvaluation,
  IndicatorKind,
  TieBreakKey,
  UnitRanking,
  UnitScore,
} from '@plancycle/contracts';
import { formatFigure, formatPercent } from './number-format';

export const attainmentLabels: Record<AttainmentOutcome, string> = {
  exceeded: '超额完成',
  met: '完成',
  not_met: '未完成',
  no_data: '无数据',
};

const emptyOutcomes = (): Record<AttainmentOutcome, number> => ({ exceeded: 0, met: 0, not_met: 0, no_data: 0 });

/**
 * The ranking of cycles evaluated before the scoring rule set existed (they pinned no
 * `scoring` rule set): competition ranks over the score alone. Those cycles keep it.
 */
export const legacyUnitRanking: UnitRanking = { style: 'competition', tieBreak: [] };

interface UnitTally {
  points: number;
  weight: number;
  indicators: number;
  leads: number;
  outcomes: Record<AttainmentOutcome, number>;
}

/** A tie-break key's value for a unit, oriented so that more is better. */
function tieBreakValue(key: TieBreakKey, tally: UnitTally): number {
  switch (key) {
    case 'exceededCount':
      return tally.outcomes.exceeded;
    case 'completionRate':
      return tally.indicators === 0 ? 0 : (tally.outcomes.exceeded + tally.outcomes.met) / tally.indicators;
    case 'notMetCount':
      return -tally.outcomes.not_met;
    case 'leadCount':
      return tally.leads;
  }
}

/**
 * Unit score = weighted mean of the points of every indicator the unit answers for, each
 * share weighted as the scoring rule set said (role, binding or stretch target), rounded
 * to cents. Units are ordered by score, then by the ranking's tie-break keys in order;
 * units equal on the score and every key share a rank (competition: 1, 1, 3; dense:
 * 1, 1, 2), listed in pinyin order of their names.
 */
export function scoreUnits(indicators: IndicatorEvaluation[], ranking: UnitRanking): UnitScore[] {
  const byUnit = new Map<string, UnitTally>();
  for (const indicator of indicators) {
    for (const share of indicator.units) {
      const entry = byUnit.get(share.unit) ?? { points: 0, weight: 0, indicators: 0, leads: 0, outcomes: emptyOutcomes() };
      entry.points += share.points * share.weight;
      entry.weight += share.weight;
      entry.indicators += 1;
      if (share.role === 'lead') entry.leads += 1;
      entry.outcomes[indicator.outcome] += 1;
      byUnit.set(share.unit, entry);
    }
  }
  const scored = [...byUnit.entries()].map(([unit, tally]) => ({
    score: {
      unit,
      score: tally.weight > 0 ? Math.round((tally.points / tally.weight) * 100) / 100 : 0,
      rank: 0,
      indicators: tally.indicators,
      outcomes: tally.outcomes,
    } satisfies UnitScore,
    keys: ranking.tieBreak.map((key) => tieBreakValue(key, tally)),
  }));
  const compareStanding = (a: (typeof scored)[number], b: (typeof scored)[number]): number => {
    if (a.score.score !== b.score.score) return b.score.score - a.score.score;
    for (let i = 0; i < a.keys.length; i += 1) {
      const diff = (b.keys[i] ?? 0) - (a.keys[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  };
  scored.sort((a, b) => compareStanding(a, b) || a.score.unit.localeCompare(b.score.unit, 'zh-Hans-CN'));
  let groups = 0;
  scored.forEach((entry, index) => {
    const previous = scored[index - 1];
    if (previous !== undefined && compareStanding(previous, entry) === 0) {
      entry.score.rank = previous.score.rank;
      return;
    }
    groups += 1;
    entry.score.rank = ranking.style === 'dense' ? groups : index + 1;
  });
  return scored.map((entry) => entry.score);
}

export function totalsOf(indicators: IndicatorEvaluation[]): EvaluationResult['totals'] {
  const outcomes = emptyOutcomes();
  for (const indicator of indicators) outcomes[indicator.outcome] += 1;
  const judged = indicators.length;
  return {
    ...outcomes,
    indicators: judged,
    completionRate: judged === 0 ? 0 : (outcomes.exceeded + outcomes.met) / judged,
  };
}

/** Kinds whose figure can simply be raised for next year (not rates, shares, ranks or milestones). */
const goalKinds: readonly IndicatorKind[] = ['count', 'amount', 'quantity'];

export function draftNextYearGoals(indicators: IndicatorEvaluation[]): EvaluationResult['nextYearDraftGoals'] {
  return indicators
    .filter((i) => i.achieved !== null && i.target !== null && goalKinds.includes(i.kind))
    .map((i) => {
      const reached = Math.max(i.achieved as number, i.target as number);
      const raised = i.unit === '元' ? ceilClean((reached * 1.1) / 1e4) * 1e4 : ceilClean(reached * 1.1);
      return { metric: i.metric, value: raised, unit: i.unit, basis: `在${formatFigure(reached, i.unit)}基础上增长约10%` };
    });
}

/** Rounds up, ignoring floating-point residue: 100 × 1.1 is 110.00000000000001, which must give 110, not 111. */
function ceilClean(value: number): number {
  return Math.ceil(Number(value.toPrecision(12)));
}

/** A short 工作总结 paragraph: achieved value, target, share of target, growth, rank. */
export function renderChineseSummary(result: EvaluationResult): string {
  const { plan, totals } = result;
  const heading = `${plan.year ?? ''}${plan.year ? '年' : ''}${plan.jurisdiction ?? ''}《${plan.title}》年终考核情况`;
  const lines: string[] = [heading];
  lines.push(
    `共考核指标${totals.indicators}项，其中超额完成${totals.exceeded}项、完成${totals.met}项、未完成${totals.not_met}项、无数据${totals.no_data}项，总体完成率${formatPercent(totals.completionRate)}。`,
  );
  const quantitative = result.indicators.filter((i) => i.achieved !== null && i.target !== null);
  if (quantitative.length > 0) {
    const clauses = quantitative.slice(0, 8).map((i) => {
      const name = i.metric ?? i.targetText.slice(0, 16);
      let clause = `${name}${formatFigure(i.achieved as number, i.unit)}`;
      clause += `，目标${formatFigure(i.target as number, i.unit)}`;
      if (i.shareOfTarget !== null) clause += `，完成目标的${formatPercent(i.shareOfTarget)}`;
      if (i.growth !== null) clause += `，同比${i.growth >= 0 ? '增长' : '下降'}${formatPercent(Math.abs(i.growth) / 100)}`;
      return `${clause}（${attainmentLabels[i.outcome]}）`;
    });
    lines.push(`主要指标：${clauses.join('；')}。`);
  }
  const milestones = result.indicators.filter((i) => i.kind === 'milestone');
  if (milestones.length > 0) {
    const done = milestones.filter((i) => i.outcome === 'met' || i.outcome === 'exceeded').length;
    lines.push(`节点性任务${milestones.length}项，经审核完成${done}项。`);
  }
  if (result.units.length > 0) {
    lines.push(`责任单位考核排名：${result.units.map((u) => `第${u.rank}名${u.unit}（${u.score}分）`).join('，')}。`);
  }
  if (result.nextYearDraftGoals.length > 0) {
    lines.push(
      `下一年度目标建议：${result.nextYearDraftGoals
        .slice(0, 5)
        .map((g) => `${g.metric ?? '指标'}${formatFigure(g.value, g.unit)}`)
        .join('，')}。`,
    );
  }
  return lines.join('\n');
}
