import { toSimplifiedShadow } from '../text/script.normalizer';
import { type ColumnRole } from './table-columns';

/**
 * How well a cell's text fits a column, for tables whose cells lost their column (merged cells
 * that Word pasted as nothing, a table flattened to one cell per paragraph): 2 plainly belongs,
 * 1 may belong, ≤ 0 does not.
 */

const UNIT_END_RE =
  /(?:局|委|办|部|中心|科|室|院|区|县|市|镇|乡|街道|政府|公司|会|组|队|所|站|处|馆|行|社|团|协|联|集团|管委会|单位|部门)$/;
const DATE_RE =
  /(?:\d{4}年|\d{1,2}月|月底|月末|年底|年末|年内|季度|上半年|下半年|全年|每[年月季周半]|长期|持续|常态|\d+日|前完成|之前|截至|期限)/;
const PERSON_RE = /^[\u3400-\u9fff]{2,4}$/;
const LIST_SPLIT_RE = /[、,;\n/]/;
const TARGET_FIGURE_RE = /\d|[一二三四五六七八九十百千万亿两]+(?:个|家|项|件|人|名|次|所|台|套|亿|万)/;

function names(shadow: string): string[] {
  return shadow
    .split(LIST_SPLIT_RE)
    .map((name) => name.replace(/[。\s]+$/, '').replace(/等.*$/, ''))
    .filter((name) => name !== '');
}

export function isDateLike(shadow: string): boolean {
  return shadow.length <= 40 && DATE_RE.test(shadow);
}

/** Names of people (朱先涛, 陈忠), one or several, and nothing that reads as a unit or a date. */
export function isPersonList(shadow: string): boolean {
  const list = names(shadow.replace(/\s+/g, ''));
  return (
    list.length > 0 &&
    !isDateLike(shadow) &&
    list.every((name) => PERSON_RE.test(name) && !UNIT_END_RE.test(name) && !/[的和与]/.test(name))
  );
}

/** A list of units: most names end like a unit (局, 委, 中心, 管委会 …). */
export function isUnitList(shadow: string): boolean {
  const list = names(shadow);
  if (list.length === 0 || shadow.length > 200) return false;
  const unitLike = list.filter((name) => name.length <= 30 && UNIT_END_RE.test(name.replace(/\([^)]*\)$/, ''))).length;
  return unitLike / list.length >= 0.6;
}

export function cellFit(role: ColumnRole, text: string): number {
  const shadow = toSimplifiedShadow(text.trim());
  if (shadow === '') return 0;
  const short = shadow.length <= 24 && !/[。;]/.test(shadow);
  switch (role) {
    case 'number':
      return /^(?:\d{1,3}|[一二三四五六七八九十]+)[.、]?$/.test(shadow) ? 2 : -3;
    case 'indicators':
      return shadow.startsWith('[') ? 2 : -3;
    case 'deadline':
      return isDateLike(shadow) ? 2 : short ? 0.5 : -1;
    case 'leader':
      return isPersonList(shadow) ? 2 : isUnitList(shadow) ? 0.5 : -2;
    case 'lead':
    case 'cooperating':
    case 'units':
      return isUnitList(shadow) ? 2 : isPersonList(shadow) ? 0 : short && !isDateLike(shadow) ? 0.5 : -2;
    case 'title':
    case 'category':
      return isUnitList(shadow) || isDateLike(shadow) ? 0 : 1;
    case 'content':
    case 'target':
    case 'results':
      return isUnitList(shadow) || isPersonList(shadow) ? 0 : TARGET_FIGURE_RE.test(shadow) ? 1.5 : 1;
    case 'other':
      return 0.5;
  }
}

/** Columns left empty by merged cells are usually the task's own (number, category, title, units). */
const MERGEABLE: ReadonlySet<ColumnRole> = new Set(['number', 'category', 'title', 'lead', 'cooperating', 'units', 'leader']);

/**
 * Places fewer cells than columns in order, where they fit best: the gaps are the merged cells
 * Word pasted as nothing. Returns one text per column ('' for a gap).
 */
export function alignByFit(cells: string[], roles: ColumnRole[]): string[] {
  const k = cells.length;
  const n = roles.length;
  if (k >= n) return cells.slice();
  const gapCost = (column: number): number => (MERGEABLE.has(roles[column] as ColumnRole) ? 0.25 : 0.75);
  // best[j][m]: best score placing the first j cells in the first m columns.
  const best: number[][] = Array.from({ length: k + 1 }, () => Array<number>(n + 1).fill(-Infinity));
  const from: boolean[][] = Array.from({ length: k + 1 }, () => Array<boolean>(n + 1).fill(false));
  (best[0] as number[])[0] = 0;
  for (let m = 1; m <= n; m++) (best[0] as number[])[m] = ((best[0] as number[])[m - 1] as number) - gapCost(m - 1);
  for (let j = 1; j <= k; j++) {
    for (let m = j; m <= n; m++) {
      const skip = ((best[j] as number[])[m - 1] as number) - gapCost(m - 1);
      const place = ((best[j - 1] as number[])[m - 1] as number) + cellFit(roles[m - 1] as ColumnRole, cells[j - 1] as string);
      (best[j] as number[])[m] = Math.max(skip, place);
      (from[j] as boolean[])[m] = place >= skip;
    }
  }
  const out = Array<string>(n).fill('');
  let j = k;
  for (let m = n; m > 0 && j > 0; m--) {
    if ((from[j] as boolean[])[m]) {
      out[m - 1] = cells[j - 1] as string;
      j--;
    }
  }
  return out;
}
