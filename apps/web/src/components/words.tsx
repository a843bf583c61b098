import { Badge, Tag } from 'antd';
import type { Indicator } from '../api/client';
import { useI18n, type Language, type MessageKey } from '../i18n';

/** The API's vocabulary in the reader's words. */
const comparatorWords: Record<Indicator['comparator'], { zh: string; en: string }> = {
  gte: { zh: '不低于', en: 'at least' },
  gt: { zh: '高于', en: 'more than' },
  lte: { zh: '不高于', en: 'at most' },
  lt: { zh: '低于', en: 'less than' },
  eq: { zh: '等于', en: 'equal to' },
  range: { zh: '介于', en: 'between' },
  approx: { zh: '约', en: 'about' },
  done: { zh: '完成', en: 'done' },
};

const kindWords: Record<Indicator['kind'], { zh: string; en: string }> = {
  count: { zh: '数量', en: 'count' },
  amount: { zh: '金额', en: 'amount' },
  quantity: { zh: '数值', en: 'quantity' },
  growth: { zh: '增长', en: 'growth' },
  share: { zh: '占比', en: 'share' },
  ratio: { zh: '比率', en: 'ratio' },
  rank: { zh: '排名', en: 'rank' },
  rank_change: { zh: '排名变化', en: 'rank change' },
  milestone: { zh: '节点任务', en: 'milestone' },
};

export const comparatorText = (comparator: Indicator['comparator'], language: Language) => comparatorWords[comparator][language];
export const kindText = (kind: Indicator['kind'], language: Language) => kindWords[kind][language];

export function isMilestone(indicator: Indicator): boolean {
  return indicator.kind === 'milestone' || indicator.comparator === 'done';
}

function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 4 }).format(value);
}

/** The target figure alone: `500`, `2–3`, `—` for a milestone. */
export function targetFigure(indicator: Indicator, language: Language): string {
  if (isMilestone(indicator) || indicator.value === null) return '—';
  const value = formatNumber(indicator.value, language);
  return indicator.comparator === 'range' && indicator.max !== null ? `${value}–${formatNumber(indicator.max, language)}` : value;
}

/** `不低于 500 家`, `介于 2–3 %`, `完成`. */
export function requirementText(indicator: Indicator, language: Language): string {
  if (isMilestone(indicator)) return comparatorText('done', language);
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  const value = indicator.value === null ? '—' : formatNumber(indicator.value, language);
  if (indicator.comparator === 'range' && indicator.max !== null)
    return `${comparatorText('range', language)} ${value}–${formatNumber(indicator.max, language)}${unit}`;
  return `${comparatorText(indicator.comparator, language)} ${value}${unit}`;
}

/** Dark enough to read as text on white (WCAG AA), as the light's word sits beside its dot. */
const lightColors = { red: '#cf1322', yellow: '#ad6800', green: '#237804' } as const;

/** 红/黄/绿 with its colour: the colour is never the only sign. */
export function TrafficLight({ light }: { light: 'red' | 'yellow' | 'green' }) {
  const { t } = useI18n();
  return <Badge color={lightColors[light]} text={<span data-light={light}>{t(light)}</span>} />;
}

const periodStatusKey: Record<string, MessageKey> = {
  not_open: 'not_open',
  open: 'open_period',
  submitted: 'submitted_period',
  returned: 'returned_period',
  approved: 'approved_period',
  missed: 'missed',
  unreviewed: 'unreviewed',
};
const periodStatusColor: Record<string, string> = {
  open: 'processing',
  submitted: 'blue',
  returned: 'warning',
  approved: 'success',
  missed: 'error',
  unreviewed: 'default',
  not_open: 'default',
};

export function PeriodStatusTag({ status, overdue }: { status: string; overdue: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Tag color={periodStatusColor[status] ?? 'default'}>{t(periodStatusKey[status] ?? 'not_open')}</Tag>
      {overdue ? <Tag color="error">{t('overdue')}</Tag> : null}
    </>
  );
}

export function phaseKey(phase: string): MessageKey {
  return phase === 'awaiting_acknowledgement' || phase === 'active' || phase === 'closed' ? phase : 'active';
}
