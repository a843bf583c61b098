import { parseChineseNumeral } from '../numerals/chinese-numeral.reader';

/** The ways documents number their headings and items. */
export type MarkerKind = 'part' | 'cn-comma' | 'cn-paren' | 'ar-comma' | 'ar-paren' | 'circled';

export interface Marker {
  kind: MarkerKind;
  ordinal: number;
  /** Characters taken by the marker and the space after it. */
  length: number;
}

const CN = '[一二三四五六七八九十百零〇两]+';
const PATTERNS: Array<[MarkerKind, RegExp]> = [
  ['part', new RegExp(`^第(${CN})(?:部分|章|篇)[、.:\\s]*`)],
  // 一、二、三、四季度 is a list of quarters, not the heading 一、 (rule "quarterly figures").
  ['cn-comma', new RegExp(`^(${CN})(?:、(?!(?:${CN}、)*${CN}季度)|[.:](?!\\d))\\s*`)],
  ['cn-paren', new RegExp(`^\\((${CN})\\)[、.\\s]*`)],
  ['ar-paren', /^\(?(\d{1,3})\)[、.\s]*/],
  ['ar-comma', /^(\d{1,3})(?:[、.](?!\d)|\s+(?=[^\d\s]))\s*/],
  ['circled', /^([\u2460-\u2473])\s*/],
];

/** The numbering marker at the start of a line, on its simplified shadow. */
export function readMarker(shadow: string): Marker | null {
  for (const [kind, re] of PATTERNS) {
    const match = re.exec(shadow);
    if (match === null) continue;
    const raw = match[1] ?? '';
    let ordinal: number | null;
    if (kind === 'circled') ordinal = raw.charCodeAt(0) - 0x245f;
    else if (/^\d+$/.test(raw)) ordinal = Number(raw);
    else ordinal = parseChineseNumeral(raw);
    if (ordinal === null || ordinal <= 0) continue;
    return { kind, ordinal, length: match[0].length };
  }
  return null;
}

/**
 * Depth of a marker kind. Official documents (GB/T 9704) number their levels 一、 (一) 1. (1) in
 * that order, and skip levels freely (1. straight under 二、), so depth follows the kind, not the
 * order in which a document first uses it.
 */
const DEPTH: Record<MarkerKind, number> = { part: 0, 'cn-comma': 1, 'cn-paren': 2, 'ar-comma': 3, 'ar-paren': 4, circled: 5 };

export function levelOf(kind: MarkerKind): number {
  return DEPTH[kind];
}
