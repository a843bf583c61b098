import { indicatorSchema, type Indicator, type Target } from '@plancycle/contracts';
import { periodPassage, readIndicators } from '../targets/target-phrase.parser';
import { toSimplifiedShadow } from '../text/script.normalizer';
import { readMarker } from './numbering';
import { hasHan, milestone, resultTargets } from './plan-blocks';
import { type DraftTask, type ReaderContext } from './prose-plan.reader';
import { isEmptyResponsibility, readResponsibility, readUnitList, type Responsibility } from './responsibility.reader';
import { alignByFit } from './table-cells';
import { columnRoles, type ColumnRole } from './table-columns';
import { TextBlock } from './text-block';

/** One cell of a decomposition table; `merged` when it continues the cell above. */
export interface TableCell {
  text: string;
  merged: boolean;
}

export interface TableRow {
  cells: TableCell[];
  line: number | null;
}

export { columnRoles, type ColumnRole } from './table-columns';

/** Splits a text row at its separator; a Markdown row loses its outer pipes. */
export function splitTextRow(line: string, separator: '|' | '\t', markdown: boolean): string[] {
  let text = line;
  if (markdown) text = text.replace(/^\s*\|/, '').replace(/\|\s*$/, '');
  return text.split(separator).map((cell) => cell.trim());
}

export function separatorOf(line: string): '|' | '\t' | null {
  let pipes = 0;
  let tabs = 0;
  for (const char of line) {
    if (char === '|') pipes++;
    else if (char === '\t') tabs++;
  }
  if (pipes >= 2) return '|';
  if (tabs >= 2) return '\t';
  return null;
}

export interface TextTable {
  headerIndex: number;
  /** Index after the last line of the table. */
  endIndex: number;
  roles: ColumnRole[];
  rows: TableRow[];
}

const MARKDOWN_RULE_RE = /^\|?\s*:?-{2,}/;

/**
 * Finds a decomposition table pasted as text (cells split by `|` or tabs, `|||` for merged cells)
 * and reads its rows. An empty cell continues the one above, as Word writes merged cells.
 */
export function findTextTable(lines: TextBlock[], context: ReaderContext): TextTable | null {
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as TextBlock;
    const separator = separatorOf(header.text);
    if (separator === null) continue;
    const markdown = separator === '|' && /^\s*\|/.test(header.text);
    const roles = columnRoles(splitTextRow(header.text, separator, markdown));
    if (roles === null) continue;
    let last = i;
    for (let k = i + 1; k < lines.length; k++) {
      if (separatorOf((lines[k] as TextBlock).text) !== null || (lines[k] as TextBlock).text.includes('|')) last = k;
    }
    const rows: TableRow[] = [];
    for (let k = i + 1; k <= last; k++) {
      const line = lines[k] as TextBlock;
      if (line.text.trim() === '' || MARKDOWN_RULE_RE.test(line.text)) continue;
      const hasSeparator = line.text.includes(separator);
      if (!hasSeparator) {
        const marker = readMarker(line.shadow);
        const previous = rows[rows.length - 1];
        if (marker !== null && line.length <= 40) {
          rows.push({ cells: [{ text: line.text, merged: false }], line: line.line });
        } else if (previous !== undefined) {
          // A cell broken over lines: the text belongs to the row above.
          const textIndex = lastTextColumn(roles, previous);
          const cell = previous.cells[textIndex];
          if (cell !== undefined) cell.text += line.text;
          context.issues.push({
            line: line.line,
            severity: 'warning',
            code: 'broken_cell_joined',
            params: {},
            reason: 'line joined to the table row above it (a cell broken over lines)',
          });
        } else {
          context.issues.push({
            line: line.line,
            severity: 'warning',
            code: 'text_before_table',
            params: {},
            reason: 'unparsed table row: text before the first row',
          });
        }
        continue;
      }
      const cells = splitTextRow(line.text, separator, markdown);
      rows.push({ cells: alignCells(cells, roles, line, context), line: line.line });
    }
    return { headerIndex: i, endIndex: last + 1, roles, rows };
  }
  return null;
}

function lastTextColumn(roles: ColumnRole[], row: TableRow): number {
  for (const role of ['target', 'content', 'title'] as const) {
    const index = roles.indexOf(role);
    if (index !== -1 && index < row.cells.length) return index;
  }
  return row.cells.length - 1;
}

function alignCells(cells: string[], roles: ColumnRole[], line: TextBlock, context: ReaderContext): TableCell[] {
  let aligned = cells;
  while (aligned.length > roles.length && aligned[aligned.length - 1] === '') aligned = aligned.slice(0, -1);
  if (aligned.length > roles.length) {
    context.issues.push({
      line: line.line,
      severity: 'warning',
      code: 'row_cells_joined',
      params: { cells: aligned.length, header: roles.length },
      reason: `table row has ${aligned.length} cells, the header ${roles.length}: extra cells joined to the last one`,
    });
    aligned = [
      ...aligned.slice(0, roles.length - 1),
      aligned
        .slice(roles.length - 1)
        .filter((c) => c !== '')
        .join(','),
    ];
  } else if (aligned.length < roles.length) {
    // Merged cells Word pasted as nothing: each cell goes to the column it fits best, in order.
    aligned = alignByFit(aligned, roles);
    context.issues.push({
      line: line.line,
      severity: 'warning',
      code: 'row_cells_aligned',
      params: { cells: cells.length, header: roles.length },
      reason: `table row has ${cells.length} cells, the header ${roles.length}: aligned by what the cells hold`,
    });
  }
  return aligned.map((text) => ({ text, merged: text === '' }));
}

const INHERITED: ReadonlySet<ColumnRole> = new Set(['category', 'title', 'units', 'lead', 'cooperating', 'leader', 'content']);

/** Parses an indicators cell written by the exporter; null when it is absent or not valid. */
export function indicatorsCell(text: string): Indicator[] | null {
  if (text.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    const checked = indicatorSchema.array().safeParse(parsed);
    return checked.success ? checked.data : null;
  } catch {
    return null;
  }
}

function stripMarker(text: string): string {
  const marker = readMarker(toSimplifiedShadow(text));
  return (marker === null ? text : text.slice(marker.length)).trim();
}

/**
 * Reads the rows of a decomposition table (序号 | 类别 | 工作任务 | 具体内容 | 责任单位 …) into
 * tasks: a row with a new number or a new task text opens a task, other rows add targets to it.
 */
export function readTablePlan(roles: ColumnRole[], rows: TableRow[], context: ReaderContext): DraftTask[] {
  const tasks: DraftTask[] = [];
  const previous = new Map<ColumnRole, string>();
  let current: DraftTask | null = null;
  /** Set by a row that holds only a heading (一、主体培育提级). */
  let headingCategory: string | null = null;
  let autoNumber = 0;
  const hasTargetColumn = roles.includes('target');

  for (const row of rows) {
    const nonEmpty = row.cells.filter((cell) => cell.text !== '');
    const first = nonEmpty[0];
    if (nonEmpty.length === 1 && first !== undefined && (row.cells.length === 1 || readMarker(toSimplifiedShadow(first.text)) !== null)) {
      if (roles[row.cells.indexOf(first)] !== 'target' && roles[row.cells.indexOf(first)] !== 'content') {
        headingCategory = stripMarker(first.text);
        previous.set('category', headingCategory);
        continue;
      }
    }
    const value = (role: ColumnRole): string => {
      const index = roles.indexOf(role);
      if (index === -1) return '';
      const cell = row.cells[index];
      if (cell === undefined) return '';
      const inherit = cell.merged && INHERITED.has(role) && !(role === 'cooperating' && row.cells[roles.indexOf('lead')]?.merged === false);
      const text = inherit ? (previous.get(role) ?? '') : cell.text;
      return text;
    };
    const explicit = (role: ColumnRole): boolean => {
      const cell = row.cells[roles.indexOf(role)];
      return cell !== undefined && !cell.merged && cell.text !== '';
    };

    const numberText = roles.includes('number') && explicit('number') ? value('number').replace(/[.、]$/, '') : '';
    const categoryText = value('category');
    const title = value('title');
    const content = value('content');
    const targetText = hasTargetColumn ? value('target') : content;
    if (
      numberText !== '' &&
      readMarker(toSimplifiedShadow(`${numberText}、`))?.kind === 'cn-comma' &&
      !/^\d/.test(numberText) &&
      targetText === ''
    ) {
      headingCategory = stripMarker(title !== '' ? title : categoryText);
      for (const role of roles) previous.set(role, role === 'category' ? headingCategory : value(role));
      continue;
    }
    for (const role of roles) previous.set(role, value(role));
    const category = categoryText !== '' ? stripMarker(categoryText) : headingCategory;
    if (title === '' && targetText === '') {
      if (nonEmpty.length > 0)
        context.issues.push({
          line: row.line,
          severity: 'warning',
          code: 'unparsed_row',
          params: {},
          reason: 'unparsed table row: no task and no target',
        });
      continue;
    }

    const units = rowUnits(roles, value, context);
    // Rule "results column": a progress table's 落实情况 / 完成情况 cell reports what was achieved: results, not targets.
    if (explicit('results')) context.results?.push(...resultTargets(TextBlock.fromLine(value('results'), row.line), context));
    const opens =
      current === null ||
      (numberText !== '' && numberText !== current.number) ||
      (explicit('title') && title !== current.title) ||
      (numberText === '' && title !== '' && title !== current.title);
    if (opens) {
      autoNumber = /^\d+$/.test(numberText) ? Number(numberText) : autoNumber + 1;
      current = {
        number: numberText !== '' ? numberText : String(autoNumber),
        path: [],
        category,
        title: title !== '' ? title : targetText,
        content: hasTargetColumn && content !== '' ? content : null,
        leader: units.leader,
        targets: [],
        line: row.line,
      };
      tasks.push(current);
      // A task column that itself states a target (…比重达到20%以上) beside the target column: both count.
      if (hasTargetColumn && targetText !== '' && title !== targetText) {
        const reading = readIndicators(title, toSimplifiedShadow(title));
        if (reading.indicators.some((indicator) => indicator.kind !== 'milestone'))
          current.targets.push(rowTarget(title, row, units, roles, context));
      }
      if (isEmptyResponsibility(units)) {
        context.issues.push({
          line: row.line,
          severity: 'warning',
          code: 'no_responsible_unit',
          params: { number: current.number, title: current.title },
          reason: `task ${current.number} "${current.title}": no responsible unit found`,
        });
      }
    } else if (current !== null && units.leader !== null && current.leader !== units.leader) {
      const names = new Set([...(current.leader?.split('、') ?? []), ...units.leader.split('、')]);
      current.leader = [...names].join('、');
    }
    if (current === null) continue;
    current.targets.push(rowTarget(targetText !== '' ? targetText : current.title, row, units, roles, context));
  }
  return tasks;
}

function rowUnits(roles: ColumnRole[], value: (role: ColumnRole) => string, context: ReaderContext): Responsibility {
  // 责任人 name people, one list however it is separated.
  const leader = value('leader')
    .split(/[、,;\n/\s]+/)
    .filter((name) => name !== '')
    .join('、');
  const unitsCell = value('units');
  const fromCell =
    unitsCell === '' ? null : readResponsibility(TextBlock.fromLine(unitsCell, null), context.names, { ...context.options, cell: true });
  const split = (text: string): string[] => readUnitList(text, context.names);
  const lead = roles.includes('lead') ? split(value('lead')) : [];
  const cooperating = roles.includes('cooperating') ? split(value('cooperating')) : [];
  const allLead = [...lead, ...(fromCell?.lead ?? [])].filter((name, i, all) => all.indexOf(name) === i);
  const allCoop = [...cooperating, ...(fromCell?.cooperating ?? [])].filter(
    (name, i, all) => all.indexOf(name) === i && !allLead.includes(name),
  );
  return { lead: allLead, cooperating: allCoop, leader: leader === '' ? (fromCell?.leader ?? null) : leader };
}

function rowTarget(text: string, row: TableRow, units: Responsibility, roles: ColumnRole[], context: ReaderContext): Target {
  const block = TextBlock.fromLine(text, row.line);
  const given = roles.includes('indicators') ? indicatorsCell(row.cells[roles.indexOf('indicators')]?.text ?? '') : null;
  let indicators: Indicator[];
  if (given !== null) {
    indicators = given;
  } else {
    const reading = readIndicators(block.text, block.shadow);
    for (const offset of reading.periods) {
      const passage = periodPassage(text, offset);
      context.issues.push({
        line: row.line,
        severity: 'warning',
        code: 'period_targets',
        params: { text: passage },
        reason: `figures for periods of the year in "${passage}": not annual targets, kept out of the indicators`,
      });
    }
    for (const _offset of reading.masked) {
      const passage = text.slice(0, 24);
      context.issues.push({
        line: row.line,
        severity: 'warning',
        code: 'masked_number',
        params: { text: passage },
        reason: `masked number in "${passage}": value left empty`,
      });
    }
    indicators = reading.indicators.length > 0 ? reading.indicators : hasHan(block.shadow) ? [milestone(false)] : [];
  }
  return { text, units: { lead: [...units.lead], cooperating: [...units.cooperating] }, indicators };
}
