import { inspectChromeLine, type MetadataField } from './page-chrome.filter';
import { countTonedGlosses, stripPinyinGlosses } from './pinyin-gloss.stripper';
import { normalizeLine } from './punctuation.normalizer';
import { toSimplifiedShadow } from './script.normalizer';

/** A line of the cleaned document and the line of the source it came from (1-based). */
export interface CleanLine {
  text: string;
  line: number;
  /**
   * The line's parts where the source separates them by spaces or tabs (a table row pasted from
   * Word with its columns spaced out), each cleaned like a line; absent when there is one part.
   * Cleaning removes spaces next to Chinese, so this is the only trace of such columns.
   */
  cells?: string[];
}

export interface CleanedDocument {
  /** Kept lines, blank ones included (they separate paragraphs and tables). */
  lines: CleanLine[];
  /** Metadata read from the chrome lines before they were dropped. */
  metadata: Partial<Record<MetadataField, string>>;
  /** Source lines dropped as page chrome. */
  chromeLines: number[];
  glossesRemoved: number;
}

/**
 * Cleans a document line by line, so that every kept line knows its source line: Unicode
 * normalisation, widths and spacing, converter glosses, page chrome. Characters are kept as
 * written (traditional stays traditional).
 */
export function cleanDocument(text: string): CleanedDocument {
  const source = text.normalize('NFC').replace(/\r\n?/g, '\n');
  const rawLines = source.split('\n');
  const toneless = countTonedGlosses(source.replace(/（/g, '(').replace(/）/g, ')')) > 0;
  const lines: CleanLine[] = [];
  const chromeLines: number[] = [];
  const metadata: CleanedDocument['metadata'] = {};
  let glossesRemoved = 0;

  rawLines.forEach((raw, index) => {
    const lineNo = index + 1;
    const normalized = normalizeLine(raw);
    const stripped = stripPinyinGlosses(normalized, { toneless });
    glossesRemoved += stripped.removed;
    const line = stripped.text;
    if (line.replace(/\t/g, '').trim() === '') {
      lines.push({ text: '', line: lineNo });
      return;
    }
    const verdict = inspectChromeLine(line, toSimplifiedShadow(line));
    if (verdict.chrome) {
      chromeLines.push(lineNo);
      for (const field of verdict.fields) {
        if (field.field !== null && field.value !== '' && metadata[field.field] === undefined) {
          metadata[field.field] = field.value;
        }
      }
      return;
    }
    const cells = spacedCells(raw, toneless);
    lines.push(cells === null ? { text: line, line: lineNo } : { text: line, line: lineNo, cells });
  });
  return { lines, metadata, chromeLines, glossesRemoved };
}

const WHITESPACE_RUN_RE = /[ \t\u00A0\u3000\u2000-\u200A\u202F\u205F]+/;
const SINGLE_HAN_RE = /^[\u3400-\u9fff\uf900-\ufaff]$/;

/**
 * Parts of a source line separated by whitespace, each cleaned; null for a line of one part. A run
 * of single characters (`任 务 名 称`, `陈  忠`) is one spaced-out word, and a lone character is
 * joined to the part after it (`县 科技局`).
 */
export function spacedCells(raw: string, toneless: boolean): string[] | null {
  const parts = raw
    .trim()
    .split(WHITESPACE_RUN_RE)
    .filter((part) => part !== '');
  if (parts.length < 2) return null;
  const merged: string[] = [];
  let pending = '';
  for (const part of parts) {
    if (SINGLE_HAN_RE.test(part)) {
      pending += part;
      continue;
    }
    if (pending.length > 1) merged.push(pending, part);
    else merged.push(pending + part);
    pending = '';
  }
  if (pending !== '') {
    if (pending.length > 1 || merged.length === 0) merged.push(pending);
    else merged[merged.length - 1] += pending;
  }
  if (merged.length < 2) return null;
  return merged.map((part) => stripPinyinGlosses(normalizeLine(part), { toneless }).text);
}

/** The cleaned document as text: kept lines, runs of blank lines collapsed to one. */
export function cleanDocumentText(text: string): string {
  const out: string[] = [];
  for (const { text: line } of cleanDocument(text).lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
