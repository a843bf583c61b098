import { indicatorSchema, type Indicator, type Target } from '@plancycle/contracts';
import { readIndicators } from '../targets/target-phrase.parser';
import { toSimplifiedShadow } from '../text/script.normalizer';
import { readMarker } from './numbering';
import { hasHan, milestone } from './plan-blocks';
import { type DraftTask, type ReaderContext } from './prose-plan.reader';
import { isEmptyResponsibility, readResponsibility, type Responsibility } from './responsibility.reader';
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

export type ColumnRole =
  | 'number'
  | 'category'
  | 'title'
  | 'content'
  | 'target'
  | 'lead'
  | 'cooperating'
  | 'units'
  | 'leader'
  | 'indicators'
  | 'other';

/** Header words, tried in order: the first pattern a header cell matches gives its role. */
const ROLE_PATTERNS: Array<[ColumnRole, RegExp]> = [
  ['number', /^(?:序号|编号|序|no\.?|#)$/i],
  ['indicators', /^指标(?:数据|json)?$/i],
  ['leader', /责任领导|牵头领导|分管领导|联系领导|责任人|责任市领导|责任县领导/],
  ['lead', /牵头单位|牵头部门|主责单位|牵头科室/],
  ['cooperating', /配合单位|配合部门|协办单位|协助单位|参与单位|协同单位|配合科室/],
  ['units', /责任单位|责任部门|承办单位|责任科室|落实单位|实施单位/],
  ['other', /时限|时间|进度|节点|备注|完成情况|说明/],
  ['target', /目标|指标/],
  ['title', /工作任务|重点任务|主要任务|任务名称|工作事项|任务事项|项目名称|任务$|事项$/],
  ['content', /内容|措施|举措|要求/],
  ['category', /类别|类型|分类|领域|板块|方面|行动|重点工作|专项/],
];

/** Roles of the columns of a header row; null when the row is not the header of a plan table. */
export function columnRoles(header: string[]): ColumnRole[] | null {
  if (header.length < 3) return null;
  const roles = header.map((cell): ColumnRole => {
    const key = toSimplifiedShadow(cell.replace(/\s+/g, ''));
    if (key === '') return 'other';
    for (const [role, re] of ROLE_PATTERNS) if (re.test(key)) return role;
    return 'other';
  });
  const hasText = roles.some((role) => role === 'title' || role === 'content' || role === 'target');
  const hasOwner = roles.some((role) => role === 'units' || role === 'lead' || role === 'leader');
  if (!hasText || !hasOwner) return null;
  if (!roles.includes('title') && roles.includes('category')) roles[roles.indexOf('category')] = 'title';
  return roles;
}

const UNIT_LIKE_RE = /(?:局|委|办|部|中心|科|室|院|区|县|镇|街道|政府|公司|会|组|队|所|站|处|馆|行|社|团)(?:等)?$/;

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
            reason: 'line joined to the table row above it (a cell broken over lines)',
          });
        } else {
          context.issues.push({ line: line.line, severity: 'warning', reason: 'unparsed table row: text before the first row' });
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
    const last = aligned[aligned.length - 1] ?? '';
    const missing = roles.length - aligned.length;
    const padding = Array.from({ length: missing }, () => '');
    // Merged cells on the left are often dropped: a row ending with a unit is aligned to the right.
    aligned =
      UNIT_LIKE_RE.test(toSimplifiedShadow(last)) && !line.text.trimStart().startsWith('|')
        ? [...padding, ...aligned]
        : [...aligned, ...padding];
    context.issues.push({
      line: line.line,
      severity: 'warning',
      reason: `table row has ${cells.length} cells, the header ${roles.length}: aligned by guess`,
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
        context.issues.push({ line: row.line, severity: 'warning', reason: 'unparsed table row: no task and no target' });
      continue;
    }

    const units = rowUnits(roles, value, context);
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
      if (isEmptyResponsibility(units)) {
        context.issues.push({
          line: row.line,
          severity: 'warning',
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
  const leader = value('leader').trim();
  const unitsCell = value('units');
  const fromCell =
    unitsCell === '' ? null : readResponsibility(TextBlock.fromLine(unitsCell, null), context.names, { ...context.options, cell: true });
  const split = (text: string): string[] =>
    context.names.list(
      text
        .split(/[、,;\n/]/)
        .map((name) => name.trim().replace(/等$/, ''))
        .filter((name) => name !== ''),
    );
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
    for (const _offset of reading.masked) {
      context.issues.push({ line: row.line, severity: 'warning', reason: `masked number in "${text.slice(0, 24)}": value left empty` });
    }
    indicators = reading.indicators.length > 0 ? reading.indicators : hasHan(block.shadow) ? [milestone(false)] : [];
  }
  return { text, units: { lead: [...units.lead], cooperating: [...units.cooperating] }, indicators };
}
