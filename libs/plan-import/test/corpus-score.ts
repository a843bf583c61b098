import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Indicator, PlanDocument, Task } from '@plancycle/contracts';
import { cleanDocumentText } from '../src/text/document.cleaner';
import { comesFrom, writtenNumbers } from './written-numbers';

/**
 * Scores the importer on the corpus of published documents in `../corpus`: each `<slug>.txt`
 * with a `<slug>.expected.json` written by reading the document (not from the importer's
 * output). What a careful reader expects: the tasks (found by a phrase of their text), their
 * lead and cooperating units (and responsible leaders, people, where the document names them),
 * the quantitative indicators of each task, of the plan's goals and, for a year-end summary,
 * the results it reports.
 */

export const CORPUS_DIR = resolve(__dirname, '../corpus');

export type DocumentKind = 'table' | 'labels' | 'prose' | 'summary' | 'traditional';
export const DOCUMENT_KINDS: DocumentKind[] = ['table', 'labels', 'prose', 'summary', 'traditional'];

export interface ExpectedIndicator {
  kind: Indicator['kind'];
  comparator?: Indicator['comparator'];
  value: number | null;
  unit: string | null;
  max?: number;
}

export interface ExpectedTask {
  /** A phrase of the task's text that finds it among the imported tasks. */
  match: string;
  lead: string[];
  cooperating: string[];
  /** People answering for the task (责任领导 / 责任人); checked only when given. */
  leader?: string;
  indicators: ExpectedIndicator[];
}

export interface CorpusDocument {
  slug: string;
  kind: DocumentKind;
  source: string;
  text: string;
  /** Checked only when the expected file states them (null: the document does not say). */
  year?: number | null;
  period?: [number, number];
  jurisdiction?: string | null;
  goals: ExpectedIndicator[];
  tasks: ExpectedTask[];
  /** A summary's reported results: achieved values, compared on kind, value and unit. */
  results: ExpectedIndicator[];
}

/** What the scorer reads of an import: the plan, and the results and period when the importer gives them. */
export interface ImportReading {
  plan: PlanDocument;
  results?: Array<{ indicators: Indicator[] }>;
  period?: { from: number; to: number } | null;
}

export function loadCorpus(dir = CORPUS_DIR): CorpusDocument[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.expected.json'))
    .sort()
    .map((name) => {
      const slug = name.replace(/\.expected\.json$/, '');
      const expected = JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as Omit<CorpusDocument, 'slug' | 'text'>;
      return { ...expected, slug, text: readFileSync(resolve(dir, `${slug}.txt`), 'utf8') };
    });
}

export interface DocumentScore {
  slug: string;
  kind: DocumentKind;
  tasks: number;
  tasksFound: number;
  unitsRight: number;
  indicators: number;
  indicatorsRight: number;
  metadata: number;
  metadataRight: number;
  /** Values or bounds that are no number written in the document. */
  invented: string[];
  /** What did not match, for the reader of the table. */
  misses: string[];
}

const tidy = (name: string): string => name.replace(/\s+/g, '');
const sameSet = (a: string[], b: string[]): boolean => {
  const x = [...new Set(a.map(tidy))].sort();
  const y = [...new Set(b.map(tidy))].sort();
  return x.length === y.length && x.every((name, i) => name === y[i]);
};

function sameIndicator(expected: ExpectedIndicator, actual: Indicator, withComparator: boolean): boolean {
  const close = (a: number | null | undefined, b: number | null | undefined): boolean =>
    (a ?? null) === null
      ? (b ?? null) === null
      : b !== null && b !== undefined && Math.abs((a as number) - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return (
    expected.kind === actual.kind &&
    (!withComparator || expected.comparator === undefined || expected.comparator === actual.comparator) &&
    close(expected.value, actual.value) &&
    (expected.unit ?? null) === (actual.unit ?? null) &&
    (expected.max === undefined || close(expected.max, actual.max))
  );
}

/** How many expected indicators are among the actual ones, each actual one used once. */
function countMatched(
  expected: ExpectedIndicator[],
  actual: Indicator[],
  withComparator: boolean,
  misses: string[],
  where: string,
): number {
  const pool = actual.filter((indicator) => indicator.kind !== 'milestone');
  let right = 0;
  for (const indicator of expected) {
    const index = pool.findIndex((candidate) => sameIndicator(indicator, candidate, withComparator));
    if (index === -1) {
      misses.push(`${where}: ${indicator.kind} ${indicator.comparator ?? ''} ${String(indicator.value)} ${String(indicator.unit)}`);
      continue;
    }
    pool.splice(index, 1);
    right++;
  }
  return right;
}

function taskText(task: Task): string {
  return tidy([task.title, task.content ?? '', ...task.targets.map((target) => target.text)].join('|'));
}

function unitsOf(task: Task): { lead: string[]; cooperating: string[] } {
  const lead = [...new Set(task.targets.flatMap((target) => target.units.lead))];
  const cooperating = [...new Set(task.targets.flatMap((target) => target.units.cooperating))].filter((name) => !lead.includes(name));
  return { lead, cooperating };
}

export function scoreDocument(document: CorpusDocument, reading: ImportReading): DocumentScore {
  const { plan } = reading;
  const misses: string[] = [];
  const score: DocumentScore = {
    slug: document.slug,
    kind: document.kind,
    tasks: document.tasks.length,
    tasksFound: 0,
    unitsRight: 0,
    indicators: 0,
    indicatorsRight: 0,
    metadata: 0,
    metadataRight: 0,
    invented: [],
    misses,
  };

  const used = new Set<Task>();
  for (const expected of document.tasks) {
    score.indicators += expected.indicators.length;
    const task = plan.tasks.find((candidate) => !used.has(candidate) && taskText(candidate).includes(tidy(expected.match)));
    if (task === undefined) {
      misses.push(`task not found: ${expected.match}`);
      continue;
    }
    used.add(task);
    score.tasksFound++;
    const units = unitsOf(task);
    const leaderRight =
      expected.leader === undefined ||
      sameSet(
        expected.leader.split('、'),
        (task.leader ?? '').split('、').filter((name) => name !== ''),
      );
    if (sameSet(expected.lead, units.lead) && sameSet(expected.cooperating, units.cooperating) && leaderRight) score.unitsRight++;
    else misses.push(`units of ${expected.match}: ${JSON.stringify({ ...units, leader: task.leader ?? null })}`);
    const actual = task.targets.flatMap((target) => target.indicators);
    score.indicatorsRight += countMatched(expected.indicators, actual, true, misses, expected.match);
  }

  score.indicators += document.goals.length + document.results.length;
  const goals = (plan.goals ?? []).flatMap((goal) => goal.indicators);
  score.indicatorsRight += countMatched(document.goals, goals, true, misses, 'goal');
  const results = (reading.results ?? []).flatMap((result) => result.indicators);
  score.indicatorsRight += countMatched(document.results, results, false, misses, 'result');

  const check = (name: string, expected: unknown, actual: unknown): void => {
    score.metadata++;
    if (JSON.stringify(expected) === JSON.stringify(actual)) score.metadataRight++;
    else misses.push(`${name}: ${JSON.stringify(actual)}`);
  };
  if (document.year !== undefined) check('year', document.year, plan.year ?? null);
  if (document.jurisdiction !== undefined) check('jurisdiction', document.jurisdiction, plan.jurisdiction ?? null);
  if (document.period !== undefined) check('period', { from: document.period[0], to: document.period[1] }, reading.period ?? null);

  const written = writtenNumbers(cleanDocumentText(document.text));
  const all = [...goals, ...plan.tasks.flatMap((task) => task.targets.flatMap((target) => target.indicators)), ...results];
  for (const indicator of all) {
    for (const value of [indicator.value, indicator.max]) {
      if (value !== null && value !== undefined && !comesFrom(value, written)) score.invented.push(`${indicator.kind} ${value}`);
    }
  }
  return score;
}

export interface Totals {
  tasks: number;
  tasksFound: number;
  unitsRight: number;
  indicators: number;
  indicatorsRight: number;
  metadata: number;
  metadataRight: number;
  invented: number;
}

export function totalsOf(scores: DocumentScore[]): Totals {
  const totals: Totals = {
    tasks: 0,
    tasksFound: 0,
    unitsRight: 0,
    indicators: 0,
    indicatorsRight: 0,
    metadata: 0,
    metadataRight: 0,
    invented: 0,
  };
  for (const score of scores) {
    totals.tasks += score.tasks;
    totals.tasksFound += score.tasksFound;
    totals.unitsRight += score.unitsRight;
    totals.indicators += score.indicators;
    totals.indicatorsRight += score.indicatorsRight;
    totals.metadata += score.metadata;
    totals.metadataRight += score.metadataRight;
    totals.invented += score.invented.length;
  }
  return totals;
}

/** Share in percent, one decimal; 100 when there was nothing to find. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

function row(name: string, t: Totals): string {
  const cell = (part: number, whole: number): string => `${part}/${whole} ${percent(part, whole)}%`.padEnd(16);
  return [
    name.padEnd(38),
    cell(t.tasksFound, t.tasks),
    cell(t.unitsRight, t.tasks),
    cell(t.indicatorsRight, t.indicators),
    cell(t.metadataRight, t.metadata),
    String(t.invented),
  ].join(' ');
}

/** The table printed by the corpus test: one row per document, per kind and overall. */
export function scoreTable(scores: DocumentScore[]): string {
  const header = [
    'document'.padEnd(38),
    'tasks found'.padEnd(16),
    'units right'.padEnd(16),
    'indicators right'.padEnd(16),
    'metadata'.padEnd(16),
    'invented',
  ].join(' ');
  const lines = [header];
  for (const score of scores) lines.push(row(`${score.slug} (${score.kind})`, totalsOf([score])));
  lines.push('');
  for (const kind of DOCUMENT_KINDS) lines.push(row(`kind: ${kind}`, totalsOf(scores.filter((score) => score.kind === kind))));
  lines.push(row('overall', totalsOf(scores)));
  return lines.join('\n');
}
