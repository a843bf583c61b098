import type { Comparator, IndicatorEvaluation, UnitScore } from '@plancycle/contracts';
import { attainmentLabels, formatFigure } from '@plancycle/domain';
import type { Workbook as WorkbookType } from 'exceljs';

export const UNIT_SHEET = '单位得分与排名';
export const INDICATOR_SHEET = '指标完成情况';
export const SUMMARY_SHEET = '工作总结';

const comparatorWords: Record<Comparator, string> = {
  gte: '不低于',
  gt: '高于',
  lte: '不高于',
  lt: '低于',
  eq: '等于',
  range: '介于',
  approx: '约',
  done: '完成',
};

/** What the export needs of an evaluation: the coordinator's whole result or a department's own view. */
export interface EvaluationForExport {
  plan: { title: string; year: number | null };
  indicators: IndicatorEvaluation[];
  units: UnitScore[];
  summaryText: string | null;
}

/** exceljs takes a while to load: only this route pays for it (as the plan export does). */
async function newWorkbook(): Promise<WorkbookType> {
  const loaded = (await import('exceljs')) as unknown as { Workbook?: typeof WorkbookType; default?: { Workbook: typeof WorkbookType } };
  const Workbook = loaded.Workbook ?? loaded.default?.Workbook;
  if (Workbook === undefined) throw new Error('exceljs did not load');
  return new Workbook();
}

function requirement(indicator: IndicatorEvaluation): string {
  if (indicator.kind === 'milestone' || indicator.comparator === 'done' || indicator.target === null) return comparatorWords.done;
  const figure = formatFigure(indicator.target, indicator.unit);
  if (indicator.comparator === 'range' && indicator.max !== null) {
    return `${comparatorWords.range}${figure}–${formatFigure(indicator.max, indicator.unit)}`;
  }
  return `${comparatorWords[indicator.comparator]}${figure}`;
}

function achieved(indicator: IndicatorEvaluation): string {
  if (indicator.done !== null) return indicator.done ? '已完成' : '未完成';
  return indicator.achieved === null ? '' : formatFigure(indicator.achieved, indicator.unit);
}

/**
 * The year-end evaluation as a workbook: units with score and rank, then every indicator
 * with requirement, figure reached, share of target, growth and outcome; the 工作总结 when
 * the caller may read it. Shares and growth are numbers (formatted as percentages), so a
 * spreadsheet can sort and sum them.
 */
export async function exportEvaluationXlsx(evaluation: EvaluationForExport): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'plancycle';

  const units = workbook.addWorksheet(UNIT_SHEET);
  units.columns = [8, 24, 10, 10, 10, 10, 10, 10].map((width) => ({ width }));
  units.addRow(['排名', '责任单位', '得分', '考核指标数', '超额完成', '完成', '未完成', '无数据']).font = { bold: true };
  for (const unit of [...evaluation.units].sort((a, b) => a.rank - b.rank)) {
    const row = units.addRow([
      unit.rank,
      unit.unit,
      unit.score,
      unit.indicators,
      unit.outcomes.exceeded,
      unit.outcomes.met,
      unit.outcomes.not_met,
      unit.outcomes.no_data,
    ]);
    row.getCell(3).numFmt = '0.00';
  }
  units.views = [{ state: 'frozen', ySplit: 1 }];

  const indicators = workbook.addWorksheet(INDICATOR_SHEET);
  indicators.columns = [8, 48, 24, 20, 18, 12, 12, 12, 32].map((width) => ({ width }));
  indicators.addRow(['任务序号', '目标任务', '指标', '要求', '完成值', '完成比例', '同比增长', '考核结果', '责任单位（得分）']).font = {
    bold: true,
  };
  for (const indicator of evaluation.indicators) {
    const row = indicators.addRow([
      indicator.taskNumber ?? '',
      indicator.targetText,
      indicator.metric ?? '',
      requirement(indicator),
      achieved(indicator),
      indicator.shareOfTarget,
      indicator.growth === null ? null : indicator.growth / 100,
      attainmentLabels[indicator.outcome],
      indicator.units.map((u) => `${u.unit}${u.role === 'lead' ? '（牵头）' : '（配合）'} ${u.points}`).join('；'),
    ]);
    row.getCell(6).numFmt = '0.00%';
    row.getCell(7).numFmt = '0.00%';
    row.alignment = { vertical: 'top', wrapText: true };
  }
  indicators.views = [{ state: 'frozen', ySplit: 1 }];

  if (evaluation.summaryText !== null) {
    const summary = workbook.addWorksheet(SUMMARY_SHEET);
    summary.columns = [{ width: 120 }];
    for (const line of evaluation.summaryText.split('\n')) summary.addRow([line]).alignment = { wrapText: true, vertical: 'top' };
  }

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

/** `沅江市…工作要点-年终考核.xlsx`. */
export function evaluationFilename(plan: { title: string }): string {
  return `${plan.title}-年终考核.xlsx`;
}
