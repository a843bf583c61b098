import { inspectChromeLine, type MetadataField } from './page-chrome.filter';
import { countTonedGlosses, stripPinyinGlosses } from './pinyin-gloss.stripper';
import { normalizeLine } from './punctuation.normalizer';
import { toSimplifiedShadow } from './script.normalizer';

/** A line of the cleaned document and the line of the source it came from (1-based). */
export interface CleanLine {
  text: string;
  line: number;
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
    lines.push({ text: line, line: lineNo });
  });
  return { lines, metadata, chromeLines, glossesRemoved };
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
