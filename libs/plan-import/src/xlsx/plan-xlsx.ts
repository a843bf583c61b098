import { type Indicator, type PlanDocument, type Target } from '@plancycle/contracts';
import type { CellValue, Workbook as WorkbookType, Worksheet } from 'exceljs';
import { type ImportIssue } from '../import-issue';
import { finalTasks, type ImportResult } from '../plan.importer';
import { type ReaderContext } from '../structure/prose-plan.reader';
import { columnRoles, indicatorsCell, readTablePlan, type ColumnRole, type TableRow } from '../structure/table-plan.reader';
import { UnitNames } from '../structure/unit-names';
import { readIndicators } from '../targets/target-phrase.parser';
import { countTonedGlosses, stripPinyinGlosses } from '../text/pinyin-gloss.stripper';
import { normalizeLine } from '../text/punctuation.normalizer';
import { toSimplifiedShadow } from '../text/script.normalizer';

const TASK_SHEET = '任务分解表';
const GOAL_SHEET = '工作目标';
const INFO_SHEET = '计划信息';
const TASK_HEADER = ['序号', '类别', '工作任务', '任务内容', '具体目标', '牵头单位', '配合单位', '责任领导', '指标'];
const INFO_KEYS = { title: '标题', jurisdiction: '地区', year: '年度' } as const;

/**
 * Writes a plan as a decomposition table: one row per target, task cells merged down the
 * task's rows, indicators as JSON in the last column so that the file imports back to the same
 * plan; goals and the plan's title, place and year on two more sheets.
 */
/** exceljs takes a while to load: only the xlsx paths pay for it. */
async function newWorkbook(): Promise<WorkbookType> {
  // Loaded as CommonJS: the class sits on the module or on its default export, by loader.
  const loaded = (await import('exceljs')) as unknown as { Workbook?: typeof WorkbookType; default?: { Workbook: typeof WorkbookType } };
  const Workbook = loaded.Workbook ?? loaded.default?.Workbook;
  if (Workbook === undefined) throw new Error('exceljs did not load');
  return new Workbook();
}

export async function exportPlanXlsx(plan: PlanDocument): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'plancycle';
  const sheet = workbook.addWorksheet(TASK_SHEET);
  sheet.columns = [6, 16, 28, 48, 48, 20, 28, 14, 40].map((width) => ({ width }));
  sheet.addRow([plan.title ?? TASK_SHEET]);
  sheet.mergeCells(1, 1, 1, TASK_HEADER.length);
  const header = sheet.addRow(TASK_HEADER);
  header.font = { bold: true };
  for (const task of plan.tasks) {
    const first = sheet.rowCount + 1;
    task.targets.forEach((target, i) => {
      const row = sheet.addRow([
        i === 0 ? task.number : null,
        i === 0 ? (task.category ?? '') : null,
        i === 0 ? task.title : null,
        i === 0 ? (task.content ?? '') : null,
        target.text,
        target.units.lead.join('、'),
        target.units.cooperating.join('、'),
        i === 0 ? (task.leader ?? '') : null,
        JSON.stringify(target.indicators),
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
    });
    const last = sheet.rowCount;
    if (last > first) for (const column of [1, 2, 3, 4, 8]) sheet.mergeCells(first, column, last, column);
  }

  const goals = workbook.addWorksheet(GOAL_SHEET);
  goals.columns = [6, 60, 40].map((width) => ({ width }));
  goals.addRow(['序号', '具体目标', '指标']).font = { bold: true };
  (plan.goals ?? []).forEach((goal, i) => goals.addRow([String(i + 1), goal.text, JSON.stringify(goal.indicators)]));

  const info = workbook.addWorksheet(INFO_SHEET);
  info.columns = [10, 40].map((width) => ({ width }));
  info.addRow([INFO_KEYS.title, plan.title ?? '']);
  info.addRow([INFO_KEYS.jurisdiction, plan.jurisdiction ?? '']);
  info.addRow([INFO_KEYS.year, plan.year === null || plan.year === undefined ? '' : String(plan.year)]);

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((run) => run.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as CellValue);
  }
  return '';
}

/** Cleans a cell as the text cleaner cleans a line: widths, spacing, converter glosses. */
function cleanCell(text: string, joiner: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const normalized = normalizeLine(line.normalize('NFC'));
      return stripPinyinGlosses(normalized, { toneless: countTonedGlosses(normalized) > 0 }).text.trim();
    })
    .filter((line) => line !== '')
    .join(joiner);
}

const UNIT_ROLES: ReadonlySet<ColumnRole> = new Set(['units', 'lead', 'cooperating']);

function sheetRows(sheet: Worksheet): Array<{ number: number; cells: Array<{ text: string; merged: boolean }> }> {
  const rows: Array<{ number: number; cells: Array<{ text: string; merged: boolean }> }> = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Array<{ text: string; merged: boolean }> = [];
    for (let column = 1; column <= width; column++) {
      const cell = row.getCell(column);
      const merged = cell.isMerged && cell.master.address !== cell.address;
      cells.push({ text: merged ? '' : cellText(cell.value), merged });
    }
    rows.push({ number, cells });
  });
  return rows;
}

function indicatorsOf(json: string, text: string): Indicator[] {
  return indicatorsCell(json) ?? readIndicators(text, toSimplifiedShadow(text)).indicators;
}

/**
 * Reads a decomposition table from an .xlsx workbook: the first sheet with a header row
 * (序号 | 类别 | 工作任务 | 具体内容 | 责任单位 …); merged cells continue the cell above. The
 * sheets written by exportPlanXlsx (工作目标, 计划信息) are read back when present.
 */
export async function importPlanXlsx(buffer: Buffer): Promise<ImportResult> {
  const issues: ImportIssue[] = [];
  const workbook = await newWorkbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    issues.push({
      line: null,
      severity: 'error',
      code: 'not_a_workbook',
      params: { message: (error as Error).message },
      reason: `not a readable .xlsx workbook: ${(error as Error).message}`,
    });
    return { plan: { jurisdiction: null, year: null, title: null, goals: [], tasks: [] }, issues, period: null, results: [] };
  }
  const context: ReaderContext = { names: new UnitNames(), options: { firstIsLead: false, cell: true }, issues };
  let title: string | null = null;
  let jurisdiction: string | null = null;
  let year: number | null = null;
  const goals: Target[] = [];
  let tasks: ReturnType<typeof readTablePlan> = [];
  let found = false;

  for (const sheet of workbook.worksheets) {
    const rows = sheetRows(sheet);
    if (sheet.name === INFO_SHEET) {
      for (const row of rows) {
        const key = cleanCell(row.cells[0]?.text ?? '', '');
        const value = cleanCell(row.cells[1]?.text ?? '', '');
        if (key === INFO_KEYS.title) title = value === '' ? null : value;
        else if (key === INFO_KEYS.jurisdiction) jurisdiction = value === '' ? null : value;
        else if (key === INFO_KEYS.year) year = /^\d{4}$/.test(value) ? Number(value) : null;
      }
      continue;
    }
    if (sheet.name === GOAL_SHEET) {
      for (const row of rows.slice(1)) {
        const text = cleanCell(row.cells[1]?.text ?? '', '');
        if (text === '') continue;
        goals.push({ text, units: { lead: [], cooperating: [] }, indicators: indicatorsOf(row.cells[2]?.text ?? '', text) });
      }
      continue;
    }
    if (found) continue;
    const headerAt = rows.findIndex((row, i) => i < 15 && columnRoles(row.cells.map((cell) => cleanCell(cell.text, ''))) !== null);
    if (headerAt === -1) continue;
    found = true;
    const headerRow = rows[headerAt];
    if (headerRow === undefined) continue;
    const roles = columnRoles(headerRow.cells.map((cell) => cleanCell(cell.text, ''))) as ColumnRole[];
    if (title === null) {
      const above = rows.slice(0, headerAt).map((row) => row.cells.find((cell) => cell.text.trim() !== '')?.text ?? '');
      const candidate = above.find((text) => text.trim() !== '');
      if (candidate !== undefined) title = cleanCell(candidate, '');
    }
    const tableRows: TableRow[] = rows.slice(headerAt + 1).map((row) => ({
      line: row.number,
      cells: row.cells.map((cell, i) => {
        const role = roles[i] ?? 'other';
        const text = role === 'indicators' ? cell.text : cleanCell(cell.text, UNIT_ROLES.has(role) ? '、' : '');
        return { text, merged: cell.merged };
      }),
    }));
    tasks = readTablePlan(roles, tableRows, context);
  }
  if (!found)
    issues.push({
      line: null,
      severity: 'error',
      code: 'no_decomposition_table',
      params: {},
      reason: 'no decomposition table found: no sheet has a header row with 工作任务/具体内容 and 责任单位',
    });
  return { plan: { jurisdiction, year, title, goals, tasks: finalTasks(tasks) }, issues, period: null, results: [] };
}
