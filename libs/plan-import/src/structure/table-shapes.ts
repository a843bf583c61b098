import { readMarker } from './numbering';
import { type ReaderContext } from './prose-plan.reader';
import { alignByFit, cellFit, isDateLike } from './table-cells';
import { columnRoles, headerRole, type ColumnRole } from './table-columns';
import { findTextTable, type TableRow, type TextTable } from './table-plan.reader';
import { type TextBlock } from './text-block';

/**
 * The shapes a decomposition table takes when Word pastes it as text, besides one row per line
 * split by `|` or tabs (`findTextTable`). Each finder detects the columns from the header words
 * wherever the table starts, and gives the rows as cells in header order:
 * - *spaced columns*: cells separated by spaces under a header row (`序号 重点工作任务 主要责任单位
 *   协同配合单位 完成期限`), a row opened by its 序号, continuation lines adding to its last cell;
 * - *cell lines*: one cell per line ending with ` |`, `|||` between rows, a row's merged cells
 *   missing (placed by what its cells hold);
 * - *flattened*: one cell per paragraph, the header words each on their own line, then the cells in
 *   the same order, a cell of several paragraphs (two 责任人) kept together by what they hold.
 */
export function findTable(lines: TextBlock[], spaced: Array<string[] | null>, context: ReaderContext): TextTable | null {
  const found = [
    findTextTable(lines, context),
    findCellLineTable(lines, context),
    findSpacedTable(lines, spaced, context),
    findFlattenedTable(lines, context),
  ].filter((table): table is TextTable => table !== null && table.rows.length > 0);
  found.sort((a, b) => a.headerIndex - b.headerIndex);
  return found[0] ?? null;
}

const TEXT_ROLES: ReadonlySet<ColumnRole> = new Set(['title', 'content', 'target']);
const UNIT_ROLES: ReadonlySet<ColumnRole> = new Set(['lead', 'cooperating', 'units', 'leader']);

/** A cell of several lines: units and people one per line stay apart, text is joined. */
function cellText(parts: string[], role: ColumnRole | undefined): string {
  return parts.join(role !== undefined && UNIT_ROLES.has(role) ? '\n' : '');
}

/**
 * The row's cells in header order. Too few: a cell of several lines in a unit column gives its
 * last lines to the columns after it (区科技局⏎区商务局⏎区发改委、区经信局 2023年12月底), then the
 * cells go where they fit best. Too many (a space inside a text cell): the cells before and after
 * the text column keep their places, the text column takes the rest.
 */
function rowOf(cells: string[][], roles: ColumnRole[], line: number | null, context: ReaderContext): TableRow {
  const parts = cells.map((cell) => cell.slice());
  const n = roles.length;
  for (let k = parts.length - 1; k >= 0 && parts.length < n; k--) {
    const cell = parts[k] as string[];
    while (cell.length > 1 && parts.length < n) parts.splice(k + 1, 0, [cell.pop() as string]);
  }
  let texts: string[];
  if (parts.length <= n) {
    const joined = parts.map((cell, k) => cellText(cell, roles[k]));
    texts = parts.length === n ? joined : alignByFit(joined, roles);
    if (parts.length < n)
      context.issues.push({
        line,
        severity: 'warning',
        code: 'row_cells_aligned',
        params: { cells: parts.length, header: n },
        reason: `table row has ${parts.length} cells, the header ${n}: aligned by what the cells hold`,
      });
  } else {
    const textColumn = roles.findIndex((role) => role === 'title' || role === 'content' || role === 'target');
    const t = textColumn === -1 ? n - 1 : textColumn;
    const after = n - t - 1;
    const middle = parts.slice(t, parts.length - after).flat();
    const ordered = [...parts.slice(0, t), middle, ...parts.slice(parts.length - after)];
    texts = ordered.map((cell, k) => cellText(cell, roles[k]));
  }
  return { cells: texts.map((text) => ({ text, merged: text === '' })), line };
}

const NUMBER_CELL_RE = /^\d{1,3}[.、]?$/;

/** Rule "spaced columns": a header row of header words separated by spaces, rows opened by their 序号. */
function findSpacedTable(lines: TextBlock[], spaced: Array<string[] | null>, context: ReaderContext): TextTable | null {
  for (let i = 0; i < lines.length; i++) {
    const header = spaced[i];
    if (header === null || header === undefined || header.length < 3) continue;
    if (!header.every((word) => headerRole(word) !== null || (word.length <= 6 && !/[。,;\d]/.test(word)))) continue;
    const roles = columnRoles(header);
    if (roles === null) continue;
    const numbered = roles[0] === 'number';
    const rows: TableRow[] = [];
    let current: { cells: string[][]; line: number | null } | null = null;
    let blank = false;
    let end = i + 1;
    const flush = (): void => {
      if (current !== null) rows.push(rowOf(current.cells, roles, current.line, context));
      current = null;
    };
    for (let k = i + 1; k < lines.length; k++) {
      const line = lines[k] as TextBlock;
      if (line.text === '') {
        blank = true;
        continue;
      }
      const parts = spaced[k] ?? [line.text];
      const heading = parts.length === 1 && readMarker(line.shadow) !== null && line.length <= 40 && !NUMBER_CELL_RE.test(parts[0] ?? '');
      const starts = numbered ? NUMBER_CELL_RE.test(parts[0] ?? '') : parts.length >= roles.length - 1;
      if (heading && rows.length + (current === null ? 0 : 1) > 0) {
        flush();
        rows.push({ cells: [{ text: line.text, merged: false }], line: line.line });
      } else if (starts) {
        flush();
        current = { cells: parts.map((part) => [part]), line: line.line };
      } else if (current !== null && !blank) {
        const open: { cells: string[][]; line: number | null } = current;
        (open.cells[open.cells.length - 1] as string[]).push(parts[0] as string);
        open.cells.push(...parts.slice(1).map((part) => [part]));
      } else {
        break;
      }
      blank = false;
      end = k + 1;
    }
    flush();
    if (rows.length === 0) continue;
    return { headerIndex: i, endIndex: end, roles, rows };
  }
  return null;
}

const CELL_LINE_RE = /^[^|]*\|\s*$/;
const ROW_RULE_RE = /^\s*\|{2,}\s*$/;

/** Rule "cell lines": one cell per line ending with ` |`, rows between `|||` lines. */
function findCellLineTable(lines: TextBlock[], context: ReaderContext): TextTable | null {
  const isCell = (k: number): boolean => CELL_LINE_RE.test(lines[k]?.text ?? '');
  const continuesToCell = (k: number): boolean => {
    for (let j = k + 1; j < Math.min(lines.length, k + 6); j++) {
      const text = lines[j]?.text ?? '';
      if (isCell(j)) return true;
      if (ROW_RULE_RE.test(text)) return false;
    }
    return false;
  };
  for (let i = 0; i < lines.length; i++) {
    if (!isCell(i)) continue;
    const header: string[] = [];
    let k = i;
    while (k < lines.length && isCell(k)) header.push((lines[k++] as TextBlock).text.replace(/\|\s*$/, '').trim());
    if (!ROW_RULE_RE.test(lines[k]?.text ?? '')) {
      i = k;
      continue;
    }
    const roles = columnRoles(header);
    if (roles === null) {
      i = k;
      continue;
    }
    const rows: TableRow[] = [];
    // Each cell as its lines: a unit cell broken over lines (县发改局 / 县财政局 |) lists one unit a line.
    let cells: string[][] = [];
    let line: number | null = null;
    let pending: string[] = [];
    let end = k;
    const flush = (): void => {
      const filled = cells.map((cell) => cell.join('')).filter((cell) => cell !== '');
      if (filled.length === 1 && cells.length === 1 && readMarker((filled[0] as string).replace(/\s/g, '')) !== null)
        rows.push({ cells: [{ text: filled[0] as string, merged: false }], line });
      else if (filled.length > 0) rows.push(rowOf(cells, roles, line, context));
      cells = [];
      line = null;
    };
    for (; k < lines.length; k++) {
      const block = lines[k] as TextBlock;
      if (ROW_RULE_RE.test(block.text)) {
        flush();
        end = k + 1;
        continue;
      }
      if (block.text === '') continue;
      if (isCell(k)) {
        cells.push([...pending, block.text.replace(/\|\s*$/, '').trim()].filter((part, n, all) => part !== '' || all.length === 1));
        line ??= block.line;
        pending = [];
        end = k + 1;
        continue;
      }
      // A cell broken over lines ends with a cell line a few lines down.
      if (!continuesToCell(k)) break;
      pending.push(block.text);
      line ??= block.line;
    }
    flush();
    if (rows.length === 0) continue;
    return { headerIndex: i, endIndex: end, roles, rows };
  }
  return null;
}

const FLAT_WORD_MAX = 12;
const FLAT_END_RE = /^(?:注|备注|附件|说明)\s*\d*\s*[::]/;

function isHeaderWord(block: TextBlock): boolean {
  return block.length <= FLAT_WORD_MAX && !/[。,;:\d|]/.test(block.shadow) && readMarker(block.shadow) === null;
}

/** Non-blank lines from `from` on, as long as each is a header word, up to the last that names a column. */
function headerRun(lines: TextBlock[], from: number): number[] {
  const run: number[] = [];
  for (let k = from; k < lines.length; k++) {
    const line = lines[k] as TextBlock;
    if (line.text === '') continue;
    if (!isHeaderWord(line)) break;
    run.push(k);
  }
  // A short first cell after the header (强化企业培育) is no header word: the run ends at the last named column.
  while (run.length > 0 && headerRole((lines[run[run.length - 1] as number] as TextBlock).text) === null) run.pop();
  return run;
}

/** `②…` after a paragraph numbered `①…` (or (2) after (1), 2. after 1.) goes on with its list. */
function continuesList(previous: string, shadow: string): boolean {
  const marker = readMarker(shadow);
  if (marker === null || marker.ordinal < 2) return false;
  const before = readMarker(previous.replace(/\s/g, ''));
  return before !== null && before.kind === marker.kind && before.ordinal === marker.ordinal - 1;
}

/**
 * Rule "flattened table": header words each on a line of their own, then every cell a paragraph in
 * the same order. A paragraph continues the cell before it when it fits that column better than
 * the next (a second 责任人, a second unit); a run of header words again (a page break) is skipped.
 */
function findFlattenedTable(lines: TextBlock[], context: ReaderContext): TextTable | null {
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as TextBlock;
    if (first.text === '' || !isHeaderWord(first)) continue;
    const run = headerRun(lines, i);
    const words = run.map((k) => (lines[k] as TextBlock).text);
    const named = words.filter((word) => headerRole(word) !== null).length;
    const roles = run.length >= 3 && named / run.length >= 0.75 ? columnRoles(words) : null;
    if (roles === null) continue;
    const rows: TableRow[] = [];
    const n = roles.length;
    let cells: string[][] = [];
    let line: number | null = null;
    let column = -1;
    let end = (run[run.length - 1] as number) + 1;
    const numberColumn = roles.indexOf('number');
    const lastText = Math.max(roles.lastIndexOf('title'), roles.lastIndexOf('content'), roles.lastIndexOf('target'));
    const flush = (): void => {
      if (cells.length > 0) {
        // Cells are in their columns. Empty ones up to the text are merged cells continuing the row above;
        // an empty unit or date column after it was placed by what the other cells hold: reported.
        const given = cells.filter((cell) => cell.length > 0).length;
        while (cells.length < n) cells.push([]);
        if (cells.slice(lastText + 1).some((cell) => cell.length === 0))
          context.issues.push({
            line,
            severity: 'warning',
            code: 'row_cells_aligned',
            params: { cells: given, header: n },
            reason: `table row has ${given} cells, the header ${n}: aligned by what the cells hold`,
          });
        rows.push(rowOf(cells, roles, line, context));
      }
      cells = [];
      column = -1;
      line = null;
    };
    const place = (at: number, block: TextBlock): void => {
      while (cells.length < at) cells.push([]);
      cells.push([block.text]);
      column = at;
      line ??= block.line;
    };
    for (let k = end; k < lines.length; k++) {
      const block = lines[k] as TextBlock;
      if (block.text === '') continue;
      if (FLAT_END_RE.test(block.shadow)) break;
      const again = headerRun(lines, k);
      if (again.length >= 3 && again.filter((j) => headerRole((lines[j] as TextBlock).text) !== null).length >= again.length - 1) {
        flush();
        k = again[again.length - 1] as number;
        end = k + 1;
        continue;
      }
      end = k + 1;
      const role = roles[column];
      const nextRole = roles[(column + 1) % n] as ColumnRole;
      // Only a paragraph that plainly belongs to the column (a second name of people or units) or
      // goes on with its numbered list (② after ①) stays in it: text cells end at the paragraph.
      const fit = role === undefined ? -Infinity : cellFit(role, block.text);
      const cell = cells[cells.length - 1];
      const listGoesOn = cell !== undefined && continuesList(cell[cell.length - 1] ?? '', block.shadow);
      if ((fit >= 2 && fit > cellFit(nextRole, block.text)) || listGoesOn) {
        (cells[cells.length - 1] as string[]).push(block.text);
        continue;
      }
      // Rule "flattened table with merged cells": merged cells leave no paragraph, so a paragraph
      // goes to the column it fits, not to the next one by position. A 序号 opens a row; text after
      // the row's unit or date cells opens a row whose merged cells (序号, 类别, 任务) continue the
      // row above, its text in the last text column; a paragraph that does not fit the next column
      // (a date where 配合单位 stands) goes to the first later column it plainly fits.
      const isNumber = numberColumn !== -1 && cellFit('number', block.text) === 2;
      const textLike = !isNumber && cellFit('content', block.text) >= 1 && !isDateLike(block.shadow);
      if (isNumber && column !== -1) {
        flush();
        place(numberColumn, block);
        continue;
      }
      if (column === n - 1 || (textLike && lastText !== -1 && column > lastText && roles[column + 1] !== 'results')) {
        flush();
        place(numberColumn !== -1 && textLike && lastText !== -1 ? lastText : 0, block);
        continue;
      }
      let at = column + 1;
      // A row's first text cell stays where the task's text stands (引进高层次人才团队 reads like a unit, but the row has no task yet).
      const firstText =
        TEXT_ROLES.has(roles[at] as ColumnRole) && cells.every((cell, k) => cell.length === 0 || !TEXT_ROLES.has(roles[k] as ColumnRole));
      if (!firstText && cellFit(roles[at] as ColumnRole, block.text) <= 0) {
        for (let t = at + 1; t < n; t++) {
          if (cellFit(roles[t] as ColumnRole, block.text) >= 2) {
            at = t;
            break;
          }
        }
      }
      place(at, block);
    }
    flush();
    if (rows.length === 0) continue;
    return { headerIndex: i, endIndex: end, roles, rows };
  }
  return null;
}
