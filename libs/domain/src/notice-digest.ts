import type { NoticeEvent } from '@plancycle/contracts';
import { chineseDate, eventTitles } from './notices';

/** China Standard Time has no daylight saving: a fixed eight hours ahead of UTC. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * When digests go out: daily at a time of day in Asia/Shanghai (minutes after midnight), or
 * every `seconds` (tests and demos).
 */
export type DigestSchedule = { kind: 'daily'; minuteOfDay: number } | { kind: 'interval'; seconds: number };

/** `08:30` → the daily schedule at 08:30 Beijing time; throws on anything else. */
export function dailyDigestScheduleOrThrow(at: string): DigestSchedule {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!match) throw new Error(`expected HH:MM (00:00–23:59), got ${at}`);
  return { kind: 'daily', minuteOfDay: Number(match[1]) * 60 + Number(match[2]) };
}

/**
 * The start of the digest window `now` falls in: the latest scheduled instant at or before it.
 * A digest for a window carries the notices made up to its start that no digest carries yet,
 * so a worker that was down at 08:30 sends the morning's digest when it comes back, and a
 * notice made at 09:00 waits for the next morning.
 */
export function digestWindowStart(now: number, schedule: DigestSchedule): number {
  if (schedule.kind === 'interval') {
    const step = schedule.seconds * 1000;
    return Math.floor(now / step) * step;
  }
  const local = now + CHINA_OFFSET_MS;
  const todayAt = Math.floor(local / DAY_MS) * DAY_MS + schedule.minuteOfDay * 60_000;
  return (todayAt <= local ? todayAt : todayAt - DAY_MS) - CHINA_OFFSET_MS;
}

/** One notice a digest lists: what happened to which unit's task, in which period. */
export interface DigestItem {
  event: NoticeEvent;
  unit: string;
  taskNumber: string | null;
  taskTitle: string | null;
  target: string;
  periodKey: string | null;
  createdAt: number;
}

/** The idempotency key of a recipient's digest of a window: one mail per (coordinator, window). */
export function digestKey(recipientPersonId: string, windowStart: number): string {
  return `digest/${recipientPersonId}/${new Date(windowStart).toISOString()}`;
}

/** `18:38` in Beijing time. */
function chineseTime(epochMs: number): string {
  const d = new Date(epochMs + CHINA_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * A coordinator's digest (Chinese): how many of each kind, then each notice with its unit,
 * task, target, period and level (提醒 … 约谈), oldest first.
 */
export function digestText(params: { recipientName: string; windowStart: number; items: DigestItem[] }): { subject: string; body: string } {
  const items = [...params.items].sort((a, b) => a.createdAt - b.createdAt);
  const counts = new Map<NoticeEvent, number>();
  for (const item of items) counts.set(item.event, (counts.get(item.event) ?? 0) + 1);
  const byKind = [...counts.entries()].map(([event, n]) => `${eventTitles[event]} ${n} 条`).join('，');
  const lines = items.map((item, index) => {
    const task = item.taskTitle ? `${item.taskNumber ? `${item.taskNumber} ` : ''}${item.taskTitle}` : null;
    return [
      `${index + 1}. 【${eventTitles[item.event]}】${item.unit}`,
      task ? `任务：${task}` : null,
      `目标：${item.target}`,
      item.periodKey ? `报送期：${item.periodKey}` : null,
      `${chineseDate(item.createdAt)} ${chineseTime(item.createdAt)}`,
    ]
      .filter((part): part is string => part !== null)
      .join('｜');
  });
  return {
    subject: `【通知汇总】${chineseDate(params.windowStart)}：共 ${items.length} 条（${byKind}）`,
    body: [
      `${params.recipientName}：`,
      `自上次汇总以来共有 ${items.length} 条通知：${byKind}。`,
      '',
      ...lines,
      '',
      '详情请登录年度科技工作计划系统查看。',
    ].join('\n'),
  };
}
