import { escalationLevelLabels, escalationLevels, type EscalationLevel, type PeriodStatus, type UnitScore } from '@plancycle/contracts';
import { formatFigure } from '@plancycle/domain';
import type { AssignmentView, EscalationView, ReportView } from '@plancycle/persistence';
import type { Workbook as WorkbookType } from 'exceljs';

export const LEDGER_SHEET = '报送台账';
export const RESULTS_SHEET = '年终考核结果';

export const LEDGER_HEADER = [
  '任务序号',
  '工作任务',
  '目标任务',
  '责任单位',
  '角色',
  '报送期',
  '截止时间',
  '报送状态',
  '是否逾期',
  '报送次数',
  '指标完成值',
  '进展情况',
  '报送人',
  '报送时间',
  '审核结果',
  '审核意见',
  '审核人',
  '审核时间',
  '督办等级',
] as const;

const statusLabels: Record<PeriodStatus, string> = {
  not_open: '未开始',
  open: '待报送',
  submitted: '待审核',
  returned: '已退回',
  approved: '审核通过',
  missed: '未报送（已截止）',
  unreviewed: '未审核（已截止）',
};

/** What the 台账 is made of: a cycle's assignments, every report, the escalations, the result when evaluated. */
export interface LedgerInput {
  periods: { key: string; label: string; dueAt: number }[];
  assignments: AssignmentView[];
  reports: (ReportView & { submitterName: string | null; reviewerName: string | null })[];
  escalations: EscalationView[];
  results: UnitScore[] | null;
}

/** 2026-04-20 10:00, Beijing time. */
function beijingTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** exceljs takes a while to load: only the export routes pay for it. */
async function newWorkbook(): Promise<WorkbookType> {
  const loaded = (await import('exceljs')) as unknown as { Workbook?: typeof WorkbookType; default?: { Workbook: typeof WorkbookType } };
  const Workbook = loaded.Workbook ?? loaded.default?.Workbook;
  if (Workbook === undefined) throw new Error('exceljs did not load');
  return new Workbook();
}

function valuesText(assignment: AssignmentView, report: ReportView): string {
  return assignment.indicators
    .map((indicator) => {
      const value = report.values.find((v) => v.indicatorId === indicator.id);
      const name = indicator.metric ?? '完成情况';
      if (!value) return `${name}：—`;
      if (value.done !== null) return `${name}：${value.done ? '已完成' : '未完成'}`;
      return `${name}：${value.value === null ? '—' : formatFigure(value.value, indicator.unit)}`;
    })
    .join('；');
}

/**
 * The 台账 of a cycle: one row per assignment and period (the latest report of the period, how
 * many times it was sent, its review, the highest escalation), in plan order; and the units'
 * year-end scores and ranks once the cycle is evaluated.
 */
export async function exportLedgerXlsx(input: LedgerInput): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'plancycle';
  const sheet = workbook.addWorksheet(LEDGER_SHEET);
  sheet.columns = [8, 28, 40, 16, 8, 14, 18, 16, 8, 8, 36, 40, 12, 18, 10, 28, 12, 18, 10].map((width) => ({ width }));
  sheet.addRow([...LEDGER_HEADER]).font = { bold: true };

  const reportsOf = new Map<string, LedgerInput['reports']>();
  for (const report of input.reports) {
    const key = `${report.assignmentId}/${report.periodKey}`;
    reportsOf.set(key, [...(reportsOf.get(key) ?? []), report]);
  }
  const levelOf = new Map<string, EscalationLevel>();
  for (const escalation of input.escalations) {
    const key = `${escalation.assignmentId}/${escalation.periodKey}`;
    const before = levelOf.get(key);
    if (!before || escalationLevels.indexOf(escalation.level) > escalationLevels.indexOf(before)) levelOf.set(key, escalation.level);
  }

  for (const assignment of input.assignments) {
    for (const period of input.periods) {
      const key = `${assignment.id}/${period.key}`;
      const reports = reportsOf.get(key) ?? [];
      const latest = reports.at(-1);
      const state = assignment.status?.periods.find((p) => p.key === period.key);
      const level = levelOf.get(key);
      const row = sheet.addRow([
        assignment.task?.number ?? '目标',
        assignment.task?.title ?? '',
        assignment.target.text,
        assignment.unit,
        assignment.role === 'lead' ? '牵头' : '配合',
        `${period.label}（${period.key}）`,
        beijingTime(state?.deadlineAt ?? period.dueAt),
        state ? statusLabels[state.status] : '未开始',
        state?.overdue || state?.status === 'missed' ? '是' : '否',
        reports.length,
        latest ? valuesText(assignment, latest) : '',
        latest?.narrative ?? '',
        latest ? (latest.submitterName ?? latest.submittedBy) : '',
        latest ? beijingTime(Date.parse(latest.submittedAt)) : '',
        latest?.review ? (latest.review.decision === 'approve' ? '通过' : '退回') : '',
        latest?.review?.comment ?? '',
        latest?.review ? (latest.reviewerName ?? latest.review.reviewedBy) : '',
        latest?.review ? beijingTime(Date.parse(latest.review.reviewedAt)) : '',
        level ? escalationLevelLabels[level] : '',
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
    }
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_HEADER.length } };

  if (input.results !== null) {
    const results = workbook.addWorksheet(RESULTS_SHEET);
    results.columns = [8, 24, 10, 10, 10, 10, 10, 10].map((width) => ({ width }));
    results.addRow(['排名', '责任单位', '得分', '考核指标数', '超额完成', '完成', '未完成', '无数据']).font = { bold: true };
    for (const unit of [...input.results].sort((a, b) => a.rank - b.rank)) {
      results
        .addRow([
          unit.rank,
          unit.unit,
          unit.score,
          unit.indicators,
          unit.outcomes.exceeded,
          unit.outcomes.met,
          unit.outcomes.not_met,
          unit.outcomes.no_data,
        ])
        .getCell(3).numFmt = '0.00';
    }
  }

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
