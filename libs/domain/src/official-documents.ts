import type { EscalationLevel, UnitScore } from '@plancycle/contracts';
import type { CycleBoard } from './cycle-board';
import { chineseDate } from './notices';
import { addWorkingDays, type HolidayCalendar } from './working-days';

/**
 * What goes into the office's documents (公文): the 督办通知单 of an escalation, a period's
 * 季通报 and the year-end 工作总结 with its ranking, as plain data. Rendering (Word) is
 * `libs/documents`' job; these functions decide the words, numbers and dates.
 */

/** A block of a document's body, in reading order. */
export type DocumentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Label and value rows (a 督办单's form), two columns. */
  | { kind: 'fields'; rows: { label: string; value: string }[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

export interface OfficialDocument {
  kind: 'supervision_notice' | 'quarterly_bulletin' | 'year_end_summary';
  /** The title centred under the 文号 (督办通知单, …季通报). */
  title: string;
  /** 文号, e.g. 督办〔2026〕3号; null when the document has none. */
  documentNumber: string | null;
  /** 主送机关 (the unit addressed, with its colon), when there is one. */
  addressee: string | null;
  blocks: DocumentBlock[];
  /** 抄送 line, when someone is copied. */
  copyTo: string | null;
  /** 落款: the issuing office and the date in words (2026年11月30日). */
  issuer: string;
  issuedOn: string;
  /** A file name without extension. */
  filename: string;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/** The ISO date (2026-11-30) of an instant in China Standard Time. */
export function cstIsoDate(epochMs: number): string {
  return new Date(epochMs + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year of an instant in China Standard Time. */
export function cstYear(epochMs: number): number {
  return new Date(epochMs + CST_OFFSET_MS).getUTCFullYear();
}

/** 2026-12-07 → 2026年12月7日. */
export function chineseIsoDate(date: string): string {
  return chineseDate(Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS);
}

/** The issuing office: the configured one, else the jurisdiction's task-force office. */
export function issuingOffice(params: { configured?: string | null | undefined; jurisdiction: string | null }): string {
  const configured = params.configured?.trim();
  if (configured) return configured;
  return `${params.jurisdiction?.trim() ?? ''}科技创新工作专班办公室`;
}

/** The series of 督办 numbers: 督办〔2026〕3号. */
export const SUPERVISION_SERIES = '督办';

export function documentNumberText(series: string, year: number, number: number): string {
  return `${series}〔${year}〕${number}号`;
}

/** Which escalation levels carry a 督办通知单 (a reminder is a notice, not a document). */
export function hasSupervisionNotice(level: EscalationLevel): boolean {
  return level === 'supervision' || level === 'interview';
}

/** The year a 督办 number is counted in: the plan's year, else the year it is raised (CST). */
export function supervisionNumberYear(params: { planYear: number | null; raisedAt: number }): number {
  return params.planYear ?? cstYear(params.raisedAt);
}

/**
 * The day a unit answers a 督办 by: `workingDays` working days after the day it was raised
 * (China Standard Time), counted on the cycle's pinned holiday calendar (weekends only when none).
 */
export function respondByDate(params: { raisedAt: number; workingDays: number; calendar: HolidayCalendar | null }): string {
  return addWorkingDays(cstIsoDate(params.raisedAt), params.workingDays, params.calendar ?? { years: [] });
}

/** What a 督办通知单 is made of: the escalation and the assignment it is about. */
export interface SupervisionNoticeFacts {
  level: EscalationLevel;
  /** The 文号's parts; null for a row that has none (the document then shows none). */
  number: { year: number; number: number } | null;
  raisedAt: number;
  reason: string;
  periodKey: string;
  /** The period as the calendar names it, with its due date, when the calendar knows it. */
  period: { label: string; dueAt: number } | null;
  unit: string;
  role: 'lead' | 'cooperating';
  task: { number: string; title: string; leader: string | null } | null;
  target: string;
  plan: { title: string; jurisdiction: string | null; year: number | null };
  /** The cycle's pinned holiday calendar (null: weekends only). */
  holidayCalendar: HolidayCalendar | null;
}

const levelWords: Record<EscalationLevel, string> = { reminder: '提醒', supervision: '督办', interview: '约谈' };

/** The 督办通知单 (约谈 uses the same form): unit, task, target, what is late, and by when to answer. */
export function supervisionNoticeDocument(params: {
  facts: SupervisionNoticeFacts;
  issuer: string;
  responseWorkingDays: number;
}): OfficialDocument {
  const { facts, issuer, responseWorkingDays } = params;
  const respondBy = chineseIsoDate(
    respondByDate({ raisedAt: facts.raisedAt, workingDays: responseWorkingDays, calendar: facts.holidayCalendar }),
  );
  const documentNumber = facts.number ? documentNumberText(SUPERVISION_SERIES, facts.number.year, facts.number.number) : null;
  const period = facts.period ? `${facts.period.label}（${facts.periodKey}）` : facts.periodKey;
  const interview = facts.level === 'interview';
  const role = facts.role === 'lead' ? '牵头' : '配合';
  const rows = [
    { label: '责任单位', value: `${facts.unit}（${role}）` },
    ...(facts.task ? [{ label: '工作任务', value: `${facts.task.number} ${facts.task.title}`.trim() }] : []),
    { label: '目标任务', value: facts.target },
    { label: '报送期', value: period },
    ...(facts.period ? [{ label: '报送截止', value: chineseDate(facts.period.dueAt) }] : []),
    { label: '督办事由', value: facts.reason },
    { label: '督办等级', value: levelWords[facts.level] },
    { label: '办理时限', value: `${respondBy}前（${responseWorkingDays}个工作日内）` },
  ];
  const basis = `根据《${facts.plan.title}》工作安排和督查督办规则，你单位${role}承担的以下工作未按要求完成，`;
  const blocks: DocumentBlock[] = [
    { kind: 'paragraph', text: interview ? `${basis}经督办仍未落实，拟约谈你单位主要负责人。` : `${basis}现予以督办。` },
    { kind: 'fields', rows },
    {
      kind: 'paragraph',
      text: interview
        ? `请你单位主要负责人做好约谈准备，于${respondBy}前将未落实原因及整改措施书面报送${issuer}。`
        : `请你单位高度重视，于${respondBy}前（${responseWorkingDays}个工作日内）完成报送，并将整改落实情况书面报送${issuer}。逾期仍未落实的，将按规定约谈单位主要负责人。`,
    },
  ];
  const title = interview ? '约谈通知单' : '督办通知单';
  return {
    kind: 'supervision_notice',
    title,
    documentNumber,
    addressee: `${facts.unit}：`,
    blocks,
    copyTo: facts.task?.leader ? `${facts.task.leader}同志（责任领导）` : null,
    issuer,
    issuedOn: chineseDate(facts.raisedAt),
    filename: `${title}-${documentNumber ?? facts.unit}-${facts.unit}`,
  };
}

/** One unit's row of a period's 季通报. */
export interface BulletinUnitRow {
  unit: string;
  /** Assignments of the unit in the period. */
  assigned: number;
  /** Reported and standing: awaiting review, approved or closed unreviewed. */
  reported: number;
  approved: number;
  /** Past the deadline without an accepted report (overdue or missed). */
  late: number;
  /** Assignments whose latest report was judged behind the expected trajectory. */
  lagging: number;
  /** Escalations raised on the unit in the period, any level. */
  escalated: number;
}

/** A period's rows of the 季通报 from the cycle board's cells, with each unit's lagging assignments. */
export function bulletinUnitRows(params: {
  board: Pick<CycleBoard, 'units'>;
  periodKey: string;
  laggingByUnit: ReadonlyMap<string, number>;
}): BulletinUnitRow[] {
  return params.board.units.flatMap((unit) => {
    const cell = unit.cells.find((c) => c.periodKey === params.periodKey);
    if (!cell || cell.total === 0) return [];
    return [
      {
        unit: unit.unit,
        assigned: cell.total,
        reported: cell.counts.submitted + cell.counts.approved + cell.counts.unreviewed,
        approved: cell.counts.approved,
        late: cell.counts.overdue + cell.counts.missed,
        lagging: params.laggingByUnit.get(unit.unit) ?? 0,
        escalated: cell.escalated,
      },
    ];
  });
}

/**
 * The assignments behind their trajectory in a period: those whose latest trajectory
 * decision of some indicator (a resubmitted report is judged again) says lagging.
 */
export function laggingAssignments(
  decisions: { assignmentId: string | null; indicatorId: string | null; periodKey: string | null; outcome: string; decidedAt: string }[],
  periodKey: string,
): Set<string> {
  const latest = new Map<string, { assignmentId: string; outcome: string; decidedAt: string }>();
  for (const d of decisions) {
    if (d.periodKey !== periodKey || d.assignmentId === null) continue;
    const key = `${d.assignmentId}/${d.indicatorId ?? ''}`;
    const before = latest.get(key);
    if (!before || before.decidedAt <= d.decidedAt)
      latest.set(key, { assignmentId: d.assignmentId, outcome: d.outcome, decidedAt: d.decidedAt });
  }
  return new Set([...latest.values()].filter((d) => d.outcome === 'lagging').map((d) => d.assignmentId));
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10}%`;
}

function nameList(units: string[]): string {
  if (units.length <= 5) return units.join('、');
  return `${units.slice(0, 5).join('、')}等${units.length}个单位`;
}

/** A period's 季通报: counts per unit, the late and lagging units, and a paragraph saying so. */
export function quarterlyBulletinDocument(params: {
  plan: { title: string; jurisdiction: string | null; year: number | null };
  period: { key: string; label: string; dueAt: number };
  units: BulletinUnitRow[];
  issuer: string;
  issuedAt: number;
}): OfficialDocument {
  const { plan, period, issuer } = params;
  const units = [...params.units].sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN'));
  const sum = (pick: (u: BulletinUnitRow) => number) => units.reduce((total, u) => total + pick(u), 0);
  const totals = { assigned: sum((u) => u.assigned), reported: sum((u) => u.reported), approved: sum((u) => u.approved) };
  const late = units.filter((u) => u.late > 0);
  const lagging = units.filter((u) => u.lagging > 0);
  const summary = [
    `截至${chineseDate(params.issuedAt)}，《${plan.title}》${period.label}（${period.key}，${chineseDate(period.dueAt)}截止）应报送${totals.assigned}项，`,
    `已报送${totals.reported}项（${percent(totals.reported, totals.assigned)}），审核通过${totals.approved}项（${percent(totals.approved, totals.assigned)}）。`,
    late.length === 0 ? '各单位均按期报送。' : `逾期未报送${sum((u) => u.late)}项，涉及${nameList(late.map((u) => u.unit))}。`,
    lagging.length === 0 ? '' : `进度滞后${sum((u) => u.lagging)}项，涉及${nameList(lagging.map((u) => u.unit))}。`,
    late.length + lagging.length === 0 ? '' : '请相关单位对照目标任务加快推进，及时报送进展情况。',
  ].join('');
  const blocks: DocumentBlock[] = [
    { kind: 'paragraph', text: summary },
    { kind: 'heading', text: '一、各单位报送情况' },
    {
      kind: 'table',
      header: ['责任单位', '任务数', '已报送', '审核通过', '逾期', '进度滞后', '督办'],
      rows: [
        ...units.map((u) => [u.unit, u.assigned, u.reported, u.approved, u.late, u.lagging, u.escalated].map(String)),
        ['合计', totals.assigned, totals.reported, totals.approved, sum((u) => u.late), sum((u) => u.lagging), sum((u) => u.escalated)].map(
          String,
        ),
      ],
    },
    { kind: 'heading', text: '二、逾期未报送单位' },
    { kind: 'paragraph', text: late.length === 0 ? '无。' : late.map((u) => `${u.unit}（${u.late}项）`).join('、') + '。' },
    { kind: 'heading', text: '三、进度滞后单位' },
    { kind: 'paragraph', text: lagging.length === 0 ? '无。' : lagging.map((u) => `${u.unit}（${u.lagging}项）`).join('、') + '。' },
  ];
  const title = `${plan.year ? `${plan.year}年` : ''}${period.label}工作情况通报`;
  return {
    kind: 'quarterly_bulletin',
    title,
    documentNumber: null,
    addressee: '各责任单位：',
    blocks,
    copyTo: null,
    issuer,
    issuedOn: chineseDate(params.issuedAt),
    filename: `${plan.title}-${period.key}-季通报`,
  };
}

/** The year-end 工作总结 (renderChineseSummary's text) and the ranking of units. */
export function yearEndSummaryDocument(params: {
  plan: { title: string; jurisdiction: string | null; year: number | null };
  summaryText: string;
  units: UnitScore[];
  issuer: string;
  issuedAt: number;
}): OfficialDocument {
  const { plan } = params;
  const [heading, ...paragraphs] = params.summaryText.split('\n').filter((line) => line.trim() !== '');
  const ranked = [...params.units].sort((a, b) => a.rank - b.rank || a.unit.localeCompare(b.unit, 'zh-CN'));
  const blocks: DocumentBlock[] = [
    ...paragraphs.map((text): DocumentBlock => ({ kind: 'paragraph', text })),
    { kind: 'heading', text: '附：责任单位考核得分与排名' },
    {
      kind: 'table',
      header: ['排名', '责任单位', '得分', '考核指标数', '超额完成', '完成', '未完成', '无数据'],
      rows: ranked.map((u) => [
        String(u.rank),
        u.unit,
        u.score.toFixed(2),
        String(u.indicators),
        String(u.outcomes.exceeded),
        String(u.outcomes.met),
        String(u.outcomes.not_met),
        String(u.outcomes.no_data),
      ]),
    },
  ];
  return {
    kind: 'year_end_summary',
    title: heading ?? `《${plan.title}》年终考核情况`,
    documentNumber: null,
    addressee: null,
    blocks,
    copyTo: null,
    issuer: params.issuer,
    issuedOn: chineseDate(params.issuedAt),
    filename: `${plan.title}-年终工作总结`,
  };
}
