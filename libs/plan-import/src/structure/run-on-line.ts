import { parseChineseNumeral } from '../numerals/chinese-numeral.reader';
import type { TextBlock } from './text-block';

/**
 * Rule "document on one line": a page that lost its line breaks holds the whole document in one
 * line, its headings inside it and glued to the words around them (…工作要点一、主要目标到2027年…).
 * Such a line is cut before each heading of the sequence 一、 二、 三、 … (each the next number;
 * 一、二、三、四季度 is a list of numerals, no heading), within each part before the items (一)(二)…,
 * within each of those before the items 1. 2. …, and after a section word glued to what follows
 * it (主要目标到2027年 → 主要目标 | 到2027年). Lines shorter than a page, or with fewer than two
 * headings in sequence, are left alone.
 */
const MIN_LENGTH = 200;
const CN = '[一二三四五六七八九十]+';
const CN_HEADING_RE = new RegExp(`(${CN})、`, 'g');
const CN_PAREN_RE = new RegExp(`\\((${CN})\\)`, 'g');
const AR_ITEM_RE = /(\d{1,2})[.、](?!\d)/g;
const NUMERAL_LIST_RE = new RegExp(`^${CN}、${CN}`);
/** Words that name a section; glued to its first sentence, the heading ends after them. */
const SECTION_WORD_RE = new RegExp(
  `^${CN}、(?:现实基础|发展基础|总体要求|指导思想|基本原则|主要目标|发展目标|工作目标|奋斗目标|目标任务|重点任务|主要任务|重点工作|工作任务|工作措施|保障措施|组织保障)(?=[^\\s,;:。(和与及、的])`,
);
/** A heading 一、 (or (一)) of a few words, its first item (一) (or 1.) glued right after it. */
const GLUED_ITEM_RE = new RegExp(`^(${CN}、[^,;:。()、\\d]{2,20}?|\\(${CN}\\)[^,;:。()、\\d]{2,20}?)(?=\\(一\\)|1[.、](?!\\d))`);
/** What follows a glued section word is a sentence when it holds a figure or a sentence's punctuation. */
const SENTENCE_AFTER_RE = /[\d。,;]/;

export function splitRunOnLines(lines: TextBlock[]): TextBlock[] {
  return lines.flatMap((line) => (line.length >= MIN_LENGTH ? splitRunOnLine(line) : splitGluedHeading(line)));
}

/**
 * Rule "heading glued to its first sentence": `一、主要目标全年新增高新技术企业100家,…` is the
 * heading 一、主要目标 and the sentence after it.
 */
function splitGluedHeading(line: TextBlock): TextBlock[] {
  // Rule "heading glued to its first item": 三、重点任务(一)加强企业培育。… is the heading and its item (一).
  const item = GLUED_ITEM_RE.exec(line.shadow);
  if (item !== null) {
    const at = (item[1] as string).length;
    return [line.slice(0, at).trim(/^\s+/, /\s+$/), ...splitGluedHeading(line.slice(at).trim(/^\s+/, /\s+$/))];
  }
  const section = SECTION_WORD_RE.exec(line.shadow);
  if (section === null || !SENTENCE_AFTER_RE.test(line.shadow.slice(section[0].length))) return [line];
  return [line.slice(0, section[0].length), line.slice(section[0].length).trim(/^\s+/, /\s+$/)];
}

function splitRunOnLine(line: TextBlock): TextBlock[] {
  const shadow = line.shadow;
  const headings = sequence(shadow, CN_HEADING_RE, 0, line.length, (at) => !NUMERAL_LIST_RE.test(shadow.slice(at)));
  // A page cut short may hold one heading only: 一、 after a sentence's end, with its (一) after it.
  const cutShort =
    headings.length === 1 &&
    /^$|[。;\s]/.test(shadow[(headings[0] as number) - 1] ?? '') &&
    sequence(shadow, CN_PAREN_RE, headings[0] as number, line.length, () => true).length > 0;
  if (headings.length < 2 && !cutShort) return [line];
  const cuts = new Set<number>(headings);
  const notAfterDigit = (at: number): boolean => !/[\d.%]/.test(shadow[at - 1] ?? '');
  // Items numbered through the document (1、2、3、 under 一、, 4、5、 under 二、) go on from the part before.
  let nextItem = 1;
  for (const [from, to] of spans(headings, line.length)) {
    const section = SECTION_WORD_RE.exec(shadow.slice(from, to));
    if (section !== null && SENTENCE_AFTER_RE.test(shadow.slice(from + section[0].length, to))) cuts.add(from + section[0].length);
    const parens = sequence(shadow, CN_PAREN_RE, from, to, () => true);
    for (const at of parens) cuts.add(at);
    for (const [start, end] of spans([from, ...parens], to)) {
      let items = nextItem > 1 ? sequence(shadow, AR_ITEM_RE, start, end, notAfterDigit, nextItem) : [];
      if (items.length === 0) {
        items = sequence(shadow, AR_ITEM_RE, start, end, notAfterDigit);
        nextItem = 1;
      }
      for (const at of items) cuts.add(at);
      nextItem += items.length;
    }
  }
  const sorted = [...cuts].filter((at) => at > 0 && at < line.length).sort((a, b) => a - b);
  const parts: TextBlock[] = [];
  let start = 0;
  for (const at of sorted) {
    parts.push(line.slice(start, at).trim(/^\s+/, /\s+$/));
    start = at;
  }
  parts.push(line.slice(start).trim(/^\s+/, /\s+$/));
  return parts.filter((part) => part.length > 0);
}

/** [start, end) of each part that begins at one of the offsets, the last ending at `end`. */
function spans(starts: number[], end: number): Array<[number, number]> {
  return starts.map((start, k) => [start, starts[k + 1] ?? end]);
}

/** Offsets of the markers numbered `first`, `first + 1` … in order within [from, to), each accepted by `ok`. */
function sequence(shadow: string, re: RegExp, from: number, to: number, ok: (at: number) => boolean, first = 1): number[] {
  const out: number[] = [];
  let next = first;
  re.lastIndex = from;
  for (let match = re.exec(shadow); match !== null && match.index < to; match = re.exec(shadow)) {
    const raw = match[1] ?? '';
    const ordinal = /^\d+$/.test(raw) ? Number(raw) : parseChineseNumeral(raw);
    if (ordinal !== next || !ok(match.index)) continue;
    out.push(match.index);
    next++;
  }
  return out;
}
