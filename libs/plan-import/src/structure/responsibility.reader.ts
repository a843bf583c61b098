import { TextBlock } from './text-block';
import { type UnitNames } from './unit-names';

/** Who answers for a target: lead units, cooperating units, and a responsible leader. */
export interface Responsibility {
  lead: string[];
  cooperating: string[];
  leader: string | null;
}

export interface ResponsibilityOptions {
  /** The document says that the first unit listed leads (排在第一位的为牵头单位). */
  firstIsLead: boolean;
  /** A table cell: `A,B、C` reads as lead A, cooperating B and C. */
  cell: boolean;
}

/** Words that make a parenthesised or trailing text a statement of responsibility. */
export const RESPONSIBILITY_MARK_RE =
  /牵头|负责(?!人)|责任单位|责任部门|责任领导|责任科室|配合|协办|承办|主办单位|分管领导|参与单位|协助单位|主责单位/;

/** The note some documents add to their tables: the first unit listed is the lead. */
export const FIRST_IS_LEAD_RE =
  /(?:排|列)(?:在|于)?(?:第一|首)(?:位|个)?的?(?:单位|部门)?为牵头|第一(?:个|家)?(?:单位|部门)为牵头|首位为牵头/;

type Role = 'leader' | 'lead' | 'cooperating' | 'responsible' | 'ignore';

/** Labels that may follow a statement of responsibility and say when, not who. */
const DEADLINE_LABELS = ['完成时限', '完成时间', '时间节点', '时限要求', '完成期限'];

const LABELS: Array<[string, Role]> = [
  ['牵头责任领导', 'leader'],
  ['责任领导', 'leader'],
  ['牵头领导', 'leader'],
  ['分管领导', 'leader'],
  ['联系领导', 'leader'],
  ['责任人', 'leader'],
  ['牵头单位', 'lead'],
  ['牵头部门', 'lead'],
  ['牵头科室', 'lead'],
  ['主要责任单位', 'lead'],
  ['主责单位', 'lead'],
  ['责任单位', 'responsible'],
  ['责任部门', 'responsible'],
  ['责任科室', 'responsible'],
  ['承办单位', 'responsible'],
  ['协同配合单位', 'cooperating'],
  ['配合单位', 'cooperating'],
  ['配合科室', 'cooperating'],
  ['配合部门', 'cooperating'],
  ['协办单位', 'cooperating'],
  ['协助单位', 'cooperating'],
  ['参与单位', 'cooperating'],
  ['协同单位', 'cooperating'],
  ...DEADLINE_LABELS.map((label): [string, Role] => [label, 'ignore']),
];
const LABEL_ROLE = new Map(LABELS);
/** `牵头科室(单位):` — a bracketed qualifier may stand between a label and its colon. */
const LABEL_QUALIFIER = '(?:\\((?:单位|部门|科室)\\))?';
const LABEL_RE = new RegExp(`(${LABELS.map(([label]) => label).join('|')})\\s*${LABEL_QUALIFIER}\\s*[:]`, 'g');

const LEAD_TAIL_RE = /(?:牵头(?:负责|实施|落实|推进|抓总)?|为牵头单位|为牵头部门)$/;
const COOP_TAIL_RE = /(?:配合(?:实施|落实|推进)?|协助|协办|参与|协同|为配合单位|共同参与)$/;
const COOP_HEAD_RE = /^(?:配合单位|配合|协助|协办)/;
const RESPONSIBLE_TAIL_RE =
  /(?:等)?(?:(?:按|根据)(?:照)?(?:各自)?(?:职能|职责)(?:职责)?(?:分工)?)?(?:共同|分别|具体)?(?:负责|落实|实施|推进|承担|抓落实)?$/;
/** `区财政局等区政府有关部门` names 区财政局: what follows 等 is the rest of a list, not a unit. */
const ITEM_TAIL_RE = /(?:等(?:[^、,;]{0,10}?(?:有关|相关))?(?:单位|部门)?|\(牵头\)|牵头)$/;
const ITEM_LEAD_MARK_RE = /(?:\(牵头\)|牵头)$/;
const CLAUSE_SPLIT_RE = /[,;\n]/g;
const ITEM_SPLIT_RE = /[、/,;\n]/g;

function pieces(block: TextBlock, re: RegExp): TextBlock[] {
  const out: TextBlock[] = [];
  let from = 0;
  re.lastIndex = 0;
  for (const match of block.shadow.matchAll(re)) {
    // `各县(市、区)人民政府` is one name: separators inside brackets do not split.
    if (bracketDepth(block.shadow, match.index) > 0) continue;
    out.push(block.slice(from, match.index));
    from = match.index + match[0].length;
  }
  out.push(block.slice(from));
  return out.map((piece) => piece.trim()).filter((piece) => piece.length > 0);
}

function bracketDepth(shadow: string, end: number): number {
  let depth = 0;
  for (let i = 0; i < end; i++) {
    const char = shadow[i];
    if (char === '(' || char === '【' || char === '[') depth++;
    else if ((char === ')' || char === '】' || char === ']') && depth > 0) depth--;
  }
  return depth;
}

function stripTail(block: TextBlock, re: RegExp): TextBlock {
  const match = re.exec(block.shadow);
  if (match === null || match[0] === '') return block;
  return block.slice(0, match.index).trim();
}

interface Item {
  name: string;
  marked: boolean;
}

/**
 * `市财政局和市统计局`: a conjunction between two names of the same jurisdiction (both start with
 * 市, 县 …) separates units; `市人力资源和社会保障局` stays one name.
 */
const CONJUNCTION_RE = /(?:以及|和|及|与)(?=[市县区省州镇乡各])/g;
/** `市级各有关部门及各县市区政府`: a conjunction before 各… after a name ending like a unit separates two groups. */
const GROUP_BEFORE_RE = /(?:部门|单位|政府|局|委|办|院|中心|公司)$/;

function splitConjoined(piece: TextBlock): TextBlock[] {
  const first = piece.shadow[0] ?? '';
  const out: TextBlock[] = [];
  let from = 0;
  CONJUNCTION_RE.lastIndex = 0;
  for (const match of piece.shadow.matchAll(CONJUNCTION_RE)) {
    const next = piece.shadow[match.index + match[0].length] ?? '';
    const group = next === '各' && GROUP_BEFORE_RE.test(piece.shadow.slice(from, match.index));
    if ((next !== first && !group) || match.index - from < 2) continue;
    out.push(piece.slice(from, match.index));
    from = match.index + match[0].length;
  }
  out.push(piece.slice(from));
  return out;
}

/** 有关镇、街道、中心: the qualifier of the first name reaches the bare names after it. */
const SHARED_QUALIFIER_RE = /^(?:有关|相关|各)/;
const BARE_NAME_MAX = 2;

function items(block: TextBlock): Item[] {
  const read = pieces(block, ITEM_SPLIT_RE)
    .flatMap(splitConjoined)
    .map((piece) => {
      const marked = ITEM_LEAD_MARK_RE.test(piece.shadow);
      const head = /^(?:由|请)/.exec(piece.shadow)?.[0].length ?? 0;
      const name = stripTail(piece.slice(head), ITEM_TAIL_RE);
      return { name, marked };
    })
    .filter((item) => item.name.text !== '' && item.name.length <= 40);
  const qualifier = SHARED_QUALIFIER_RE.exec(read[0]?.name.shadow ?? '');
  const shared = qualifier === null ? '' : (read[0]?.name.text.slice(0, qualifier[0].length) ?? '');
  return read.map((item, i) => {
    const bare = i > 0 && shared !== '' && item.name.length <= BARE_NAME_MAX && !SHARED_QUALIFIER_RE.test(item.name.shadow);
    return { name: bare ? shared + item.name.text : item.name.text, marked: item.marked };
  });
}

/**
 * A cell or line that lists units (`区经信局、区商务局(区药发中心)、区财政局等区政府有关部门,谯城经开区管委会。`,
 * or one name per line): one list, however it is separated; what follows 等 is dropped.
 */
export function readUnitList(text: string, names: UnitNames): string[] {
  return names.list(items(TextBlock.fromLine(text, null)).map((item) => item.name));
}

/** `市科技局会同市财政局负责`: the unit before 会同 leads, the one after it cooperates. */
const TOGETHER_WITH_RE = /会同/;

/**
 * Reads a statement of responsibility: the inside of `(市科工局牵头,市财政局等按职能分工负责)`,
 * `(责任领导:钟兴旺,责任部门:人事科、机关党委)`, or a table cell `縣委組織部,縣科技局、縣農業農村局`.
 */
export function readResponsibility(input: TextBlock, names: UnitNames, options: ResponsibilityOptions): Responsibility {
  // `区发改局、区科技局(区科技局牵头)`: a note in brackets names the lead among the units listed.
  const notedLeads: string[] = [];
  const kept: TextBlock[] = [];
  let from = 0;
  for (const note of input.shadow.matchAll(LEAD_NOTE_RE)) {
    const inner = input.slice(note.index + 1, note.index + 1 + (note[1]?.length ?? 0));
    notedLeads.push(...items(inner).map((item) => item.name));
    kept.push(input.slice(from, note.index));
    from = note.index + note[0].length;
  }
  kept.push(input.slice(from));
  const block = notedLeads.length === 0 ? input : TextBlock.join(kept);
  const result = readListed(block, names, options);
  if (notedLeads.length === 0) return result;
  const noted = names.list(notedLeads);
  const all = [...result.lead, ...result.cooperating];
  const lead = noted.filter((name) => all.includes(name) || all.length === 0);
  if (lead.length === 0) return result;
  return { lead, cooperating: all.filter((name) => !lead.includes(name)), leader: result.leader };
}

/** `(区科技局牵头)`, `(区科技局为牵头单位)` after a list of units. */
const LEAD_NOTE_RE = /\(([^()]{2,40}?)(?:牵头|为牵头单位|为牵头部门)\)/g;

function readListed(block: TextBlock, names: UnitNames, options: ResponsibilityOptions): Responsibility {
  const lead: string[] = [];
  const cooperating: string[] = [];
  const responsible: Item[] = [];
  const leaders: string[] = [];

  const labels = [...block.shadow.matchAll(LABEL_RE)];
  if (labels.length > 0) {
    labels.forEach((match, i) => {
      const role = LABEL_ROLE.get(match[1] ?? '') ?? 'responsible';
      const end = labels[i + 1]?.index ?? block.length;
      const value = block.slice(match.index + match[0].length, end).trim();
      if (role === 'ignore') return;
      if (role === 'leader') {
        if (value.text !== '') leaders.push(value.text);
        return;
      }
      for (const item of items(value)) {
        if (role === 'lead' || (role === 'responsible' && item.marked)) lead.push(item.name);
        else if (role === 'cooperating') cooperating.push(item.name);
        else responsible.push(item);
      }
    });
  } else {
    const clauses = pieces(block, CLAUSE_SPLIT_RE);
    const plain: Item[][] = [];
    for (const clause of clauses) {
      const together = TOGETHER_WITH_RE.exec(clause.shadow);
      if (together !== null && together.index > 0) {
        lead.push(...items(clause.slice(0, together.index)).map((item) => item.name));
        const partners = stripTail(clause.slice(together.index + together[0].length), RESPONSIBLE_TAIL_RE);
        cooperating.push(...items(stripTail(partners, COOP_TAIL_RE)).map((item) => item.name));
      } else if (LEAD_TAIL_RE.test(clause.shadow)) {
        lead.push(...items(stripTail(clause, LEAD_TAIL_RE)).map((item) => item.name));
      } else if (COOP_TAIL_RE.test(clause.shadow) || COOP_HEAD_RE.test(clause.shadow)) {
        const head = COOP_HEAD_RE.exec(clause.shadow)?.[0].length ?? 0;
        cooperating.push(...items(stripTail(clause.slice(head), COOP_TAIL_RE)).map((item) => item.name));
      } else {
        plain.push(items(stripTail(clause, RESPONSIBLE_TAIL_RE)));
      }
    }
    const unmarked = lead.length === 0 && cooperating.length === 0;
    if (unmarked && plain.length > 1 && options.cell) {
      // Table cell: the lead before the first comma, the cooperating units after it.
      const [first = [], ...rest] = plain;
      lead.push(...first.map((item) => item.name));
      cooperating.push(...rest.flat().map((item) => item.name));
    } else {
      for (const item of plain.flat()) {
        if (item.marked) lead.push(item.name);
        else responsible.push(item);
      }
    }
  }

  if (lead.length > 0) {
    cooperating.unshift(...responsible.map((item) => item.name));
  } else if (options.firstIsLead && responsible.length > 0) {
    const [first, ...rest] = responsible;
    if (first !== undefined) lead.push(first.name);
    cooperating.unshift(...rest.map((item) => item.name));
  } else {
    // Joint responsibility: every unit named leads (市科工局、市金融事务中心按职能分工负责).
    lead.push(...responsible.map((item) => item.name));
  }
  const leadNames = names.list(lead);
  return {
    lead: leadNames,
    cooperating: names.list(cooperating).filter((name) => !leadNames.includes(name)),
    leader: leaders.length === 0 ? null : leaders.join('、'),
  };
}

export function isEmptyResponsibility(responsibility: Responsibility): boolean {
  return responsibility.lead.length === 0 && responsibility.cooperating.length === 0;
}

/** A statement of responsibility in a text: bracketed `(…负责)`, `【责任单位:…】`, or a trailing `责任单位:…`. */
export interface ResponsibilityGroup {
  start: number;
  end: number;
  inner: TextBlock;
}

const OPEN_CLOSE: Record<string, string> = { '(': ')', '【': '】', '[': ']' };
const OPENERS = new Set(Object.keys(OPEN_CLOSE));
const CLOSERS = new Set(Object.values(OPEN_CLOSE));
/** Labels that open an unbracketed statement of responsibility (`责任单位:…`, `牵头单位:A;配合单位:B`). */
const STATEMENT_LABEL_RE = new RegExp(
  `(?:${LABELS.filter(([, role]) => role !== 'ignore')
    .map(([label]) => label)
    .join('|')})\\s*${LABEL_QUALIFIER}\\s*:`,
  'y',
);
/** Labels that may continue such a statement on the next line or sentence (a deadline is not a target). */
const CONTINUATION_LABEL_RE = new RegExp(`(?:${LABELS.map(([label]) => label).join('|')})\\s*${LABEL_QUALIFIER}\\s*:`, 'y');
const STATEMENT_BOUNDARY = new Set(['。', ';', ',', '\n']);

/** End (exclusive) of the labelled value that starts at `from`: the next 。 or line break outside brackets. */
function statementEnd(shadow: string, from: number): number {
  let depth = 0;
  for (let k = from; k < shadow.length; k++) {
    const char = shadow[k] as string;
    if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (char === '。' || char === '\n')) return k;
  }
  return shadow.length;
}

/**
 * Unbracketed labelled statements (`责任单位:县科技局(牵头),县财政局。`), outside brackets, each
 * starting the block or following 。;, or a line break, running to the next 。 or line break, and
 * absorbing labelled lines right after it (`配合单位:…`, `完成时限:…`).
 */
function labelledStatements(shadow: string): Array<{ start: number; valueEnd: number; end: number }> {
  const out: Array<{ start: number; valueEnd: number; end: number }> = [];
  let depth = 0;
  let boundary = true;
  for (let i = 0; i < shadow.length; i++) {
    const char = shadow[i] as string;
    if (depth === 0 && boundary) {
      STATEMENT_LABEL_RE.lastIndex = i;
      if (STATEMENT_LABEL_RE.test(shadow)) {
        let valueEnd = statementEnd(shadow, i);
        for (;;) {
          let next = valueEnd;
          while (next < shadow.length && /[\s。;,]/.test(shadow[next] as string)) next++;
          CONTINUATION_LABEL_RE.lastIndex = next;
          if (next >= shadow.length || !CONTINUATION_LABEL_RE.test(shadow)) break;
          valueEnd = statementEnd(shadow, next);
        }
        let end = valueEnd;
        while (end < shadow.length && /[。;\s]/.test(shadow[end] as string) && shadow[end] !== '\n') end++;
        out.push({ start: i, valueEnd, end });
        i = end - 1;
        boundary = true;
        continue;
      }
    }
    if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    if (char === ' ' || char === '\t') continue;
    boundary = depth === 0 && STATEMENT_BOUNDARY.has(char);
  }
  return out;
}

/** A bracket that only marks the unit before it (`县科技局(牵头)`) is part of a list, not a statement. */
const MARK_ONLY_RE = /^(?:牵头|主责|负责|配合|协办|协助)$/;

/** Groups of responsibility in a block, in order; parentheses that say something else are left alone. */
export function findResponsibilityGroups(block: TextBlock): ResponsibilityGroup[] {
  const shadow = block.shadow;
  const groups: ResponsibilityGroup[] = labelledStatements(shadow).map(({ start, valueEnd, end }) => ({
    start,
    end,
    inner: block.slice(start, valueEnd),
  }));
  const statements = [...groups];
  const inStatement = (i: number): ResponsibilityGroup | undefined => statements.find((group) => group.start <= i && i < group.end);
  for (let i = 0; i < shadow.length; i++) {
    const statement = inStatement(i);
    if (statement !== undefined) {
      i = statement.end - 1;
      continue;
    }
    const close = OPEN_CLOSE[shadow[i] as string];
    if (close === undefined) continue;
    let depth = 0;
    let end = -1;
    for (let k = i; k < shadow.length && k - i <= 240; k++) {
      const char = shadow[k] as string;
      if (char === shadow[i]) depth++;
      else if (char === close && --depth === 0) {
        end = k;
        break;
      }
    }
    if (end === -1) continue;
    const inner = block.slice(i + 1, end);
    if (RESPONSIBILITY_MARK_RE.test(inner.shadow) && !MARK_ONLY_RE.test(inner.shadow.trim())) {
      groups.push({ start: i, end: end + 1, inner });
      i = end;
    }
  }
  groups.sort((a, b) => a.start - b.start);
  const trailing = trailingClause(shadow, groups[groups.length - 1]?.end ?? 0);
  if (trailing !== null) groups.push({ start: trailing.start, end: shadow.length, inner: block.slice(trailing.start, trailing.valueEnd) });
  return groups;
}

/** A unit's name ends like one: 县科技局, 市委人才办, 各乡镇, 县科协, 经开区管委会 … */
const UNIT_END_RE = /(?:局|委|办|室|院|会|中心|镇|乡|街道|所|部|厅|处|科|协|联|队|站|馆|团|政府|公司|管委会|银行|集团|区县|单位)$/;
const NAMES = '[^,。;:()\\n]{2,80}?';
/**
 * An unbracketed closing clause `由县科技局牵头,各乡镇配合。`, `县科技局负责。`, `A、B按职责分工负责。`:
 * names, then 牵头/负责, optionally a clause of cooperating names, at the end of the block.
 */
const TRAILING_CLAUSE_RE = new RegExp(
  `^(?:由|请)?(${NAMES})(?:等)?(?:(?:按|根据)(?:照)?(?:各自)?(?:职能|职责)(?:分工)?)?(?:共同|分别|具体)?(?:牵头|负责)(?:组织)?(?:实施|落实|推进)?` +
    `(?:,${NAMES}(?:等)?(?:配合|参与|协助|协办|(?:(?:按|根据)(?:照)?(?:各自)?(?:职能|职责)(?:分工)?)?(?:共同|分别)?负责))?[。;]?\\s*$`,
);

function trailingClause(shadow: string, from: number): { start: number; valueEnd: number } | null {
  for (let p = Math.max(from, 1); p < shadow.length; p++) {
    if (!/[,。;\n]/.test(shadow[p - 1] as string)) continue;
    const match = TRAILING_CLAUSE_RE.exec(shadow.slice(p));
    if (match === null) continue;
    const first = (match[1] ?? '').split(/[、和及与]/)[0] ?? '';
    if (!UNIT_END_RE.test(first.replace(/^(?:由|请)/, ''))) continue;
    return { start: p, valueEnd: p + match[0].replace(/[。;\s]+$/, '').length };
  }
  return null;
}
