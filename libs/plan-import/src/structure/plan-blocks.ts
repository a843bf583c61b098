import type { Indicator, Target } from '@plancycle/contracts';
import { periodPassage, readIndicators, type PhraseReading } from '../targets/target-phrase.parser';
import { type ImportIssue } from '../import-issue';
import { readMarker } from './numbering';
import { type Responsibility } from './responsibility.reader';
import { type TextBlock } from './text-block';

const OPENERS = new Set(['(', '“', '《', '【', '[', '‘', '「']);
const CLOSERS = new Set([')', '”', '》', '】', ']', '’', '」']);
const SENTENCE_END = new Set(['。', ';', '!', '?', '\n']);
const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/;

export const TARGET_EDGE_LEAD = /^[\s,;:、。!?]+/;
export const TARGET_EDGE_TRAIL = /[\s,;:、。!?]+$/;

/** Sentences of a block, split at 。;!? and line breaks outside brackets and quotes. */
export function splitSentences(block: TextBlock): TextBlock[] {
  const out: TextBlock[] = [];
  const shadow = block.shadow;
  let depth = 0;
  let from = 0;
  for (let i = 0; i < shadow.length; i++) {
    const char = shadow[i] as string;
    if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    else if ((depth === 0 || char === '\n') && SENTENCE_END.has(char)) {
      out.push(block.slice(from, i));
      from = i + 1;
      depth = 0;
    }
  }
  out.push(block.slice(from));
  return out.map((piece) => piece.trim(TARGET_EDGE_LEAD, TARGET_EDGE_TRAIL)).filter((piece) => HAN_RE.test(piece.shadow));
}

/** Index of the end of the first sentence (its 。), outside brackets; -1 when there is none. */
export function firstSentenceEnd(shadow: string, limit = shadow.length): number {
  let depth = 0;
  for (let i = 0; i < Math.min(limit, shadow.length); i++) {
    const char = shadow[i] as string;
    if (OPENERS.has(char)) depth++;
    else if (CLOSERS.has(char)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (char === '。' || char === '\n' || char === ';')) return i;
  }
  return -1;
}

export function hasHan(text: string): boolean {
  return HAN_RE.test(text);
}

export function milestone(stretch: boolean): Indicator {
  return { metric: null, kind: 'milestone', comparator: 'done', value: null, unit: null, stretch };
}

const STRETCH_START_RE = /^[^,;。]{0,8}?(?:力争|争取|力求)/;

export interface TargetContext {
  issues: ImportIssue[];
}

/** What a reading leaves to the coordinator: masked numbers, and each quarter's figures (rule "quarterly figures"). */
function reportMasked(block: TextBlock, reading: PhraseReading, context: TargetContext): void {
  for (const offset of reading.periods) {
    const passage = periodPassage(block.text, offset);
    context.issues.push({
      line: block.lineAt(offset),
      severity: 'warning',
      code: 'period_targets',
      params: { text: passage },
      reason: `figures for periods of the year in "${passage}": not annual targets, kept out of the indicators`,
    });
  }
  for (const offset of reading.masked) {
    const passage = block.text.slice(Math.max(0, offset - 12), offset + 8);
    context.issues.push({
      line: block.lineAt(offset),
      severity: 'warning',
      code: 'masked_number',
      params: { text: passage },
      reason: `masked number in "${passage}": value left empty`,
    });
  }
}

/** A target for one sentence, or null when the sentence states no measurable target. */
export function sentenceTarget(whole: TextBlock, units: Responsibility | null, context: TargetContext): Target | null {
  // A sub-item's marker ((1), ①) numbers the target; it is not part of its text.
  const marker = readMarker(whole.shadow);
  const sentence = marker !== null && (marker.kind === 'ar-paren' || marker.kind === 'circled') ? whole.slice(marker.length) : whole;
  const reading = readIndicators(sentence.text, sentence.shadow);
  if (!reading.indicators.some((indicator) => indicator.kind !== 'milestone')) {
    // A sentence of quarterly shares only (一、二、三、四季度分别达到…) still tells the coordinator of them.
    reportMasked(sentence, { ...reading, masked: [] }, context);
    return null;
  }
  reportMasked(sentence, reading, context);
  return { text: sentence.text, units: unitsOf(units), indicators: reading.indicators };
}

/**
 * The targets of a passage under one statement of responsibility: one per sentence that states
 * a measurable target, or one milestone for the whole passage when none does.
 */
export function passageTargets(passage: TextBlock, fallbackText: string, units: Responsibility | null, context: TargetContext): Target[] {
  const targets: Target[] = [];
  for (const sentence of splitSentences(passage)) {
    const target = sentenceTarget(sentence, units, context);
    if (target !== null) targets.push(target);
  }
  if (targets.length > 0) return targets;
  const trimmed = passage.trim(TARGET_EDGE_LEAD, TARGET_EDGE_TRAIL);
  const text = hasHan(trimmed.shadow) ? trimmed.text : fallbackText;
  const shadow = hasHan(trimmed.shadow) ? trimmed.shadow : fallbackText;
  return [{ text, units: unitsOf(units), indicators: [milestone(STRETCH_START_RE.test(shadow))] }];
}

/** Goals: every sentence is one, measurable or a milestone (only measurable ones when `measurableOnly`). */
export function goalTargets(block: TextBlock, context: TargetContext, measurableOnly = false): Target[] {
  const out: Target[] = [];
  for (const sentence of splitSentences(block)) {
    const reading = readIndicators(sentence.text, sentence.shadow);
    if (measurableOnly && !reading.indicators.some((indicator) => indicator.kind !== 'milestone')) continue;
    reportMasked(sentence, reading, context);
    out.push({ text: sentence.text, units: { lead: [], cooperating: [] }, indicators: reading.indicators });
  }
  return out;
}

/**
 * Results a summary reports: one per sentence that states a figure, each figure an achieved value
 * (comparator eq; a masked one stays null and is reported). Milestones are not results.
 */
export function resultTargets(block: TextBlock, context: TargetContext): Target[] {
  const out: Target[] = [];
  for (const sentence of splitSentences(block)) {
    const reading = readIndicators(sentence.text, sentence.shadow, { periodFigures: true });
    const measured = reading.indicators.filter((indicator) => indicator.kind !== 'milestone');
    if (measured.length === 0) continue;
    reportMasked(sentence, reading, context);
    const indicators = measured.map((indicator): Indicator => {
      if (indicator.comparator === 'range') return indicator;
      const { stretch: _stretch, tolerance: _tolerance, ...achieved } = indicator;
      return { ...achieved, comparator: 'eq' };
    });
    out.push({ text: sentence.text, units: { lead: [], cooperating: [] }, indicators });
  }
  return out;
}

export function unitsOf(units: Responsibility | null): Target['units'] {
  return units === null ? { lead: [], cooperating: [] } : { lead: [...units.lead], cooperating: [...units.cooperating] };
}
