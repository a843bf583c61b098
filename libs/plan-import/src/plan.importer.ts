import type { PlanDocument, Target, Task } from '@plancycle/contracts';
import { type ImportIssue } from './import-issue';
import { splitRunOnLines } from './structure/run-on-line';
import { paragraphsOf, readProsePlan, type DraftTask, type ReaderContext } from './structure/prose-plan.reader';
import { readPlanMetadata } from './structure/plan-metadata.reader';
import { FIRST_IS_LEAD_RE } from './structure/responsibility.reader';
import { readTablePlan } from './structure/table-plan.reader';
import { findTable } from './structure/table-shapes';
import { TextBlock } from './structure/text-block';
import { UnitNames } from './structure/unit-names';
import { cleanDocument } from './text/document.cleaner';

/** A draft plan and what the importer was unsure of. */
export interface ImportResult {
  plan: PlanDocument;
  issues: ImportIssue[];
  /** A plan for several years (…方案(2023-2027年)): its span; `plan.year` is its first year. */
  period: { from: number; to: number } | null;
  /**
   * What a year-end summary (工作总结) reports as achieved: last year's results, which a
   * coordinator may take as baselines for the next plan. Never targets, never tasks.
   */
  results: Target[];
}

export interface ImportOptions {
  /** Called as paragraphs are read: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Builds the draft plan from the text of a published document: a prose plan (工作要点,
 * 实施方案) or a decomposition table pasted as text. Never throws on text.
 */
export function importPlanText(text: string, options: ImportOptions = {}): ImportResult {
  const cleaned = cleanDocument(text);
  const lines = cleaned.lines.map((line) => TextBlock.fromLine(line.text, line.line));
  const wholeShadow = lines.map((line) => line.shadow).join('\n');
  const context: ReaderContext = {
    names: new UnitNames(),
    options: { firstIsLead: FIRST_IS_LEAD_RE.test(wholeShadow), cell: false },
    issues: [],
    results: [],
    onProgress: options.onProgress,
  };

  const table = findTable(
    lines,
    cleaned.lines.map((line) => line.cells ?? null),
    context,
  );
  const proseLines =
    table === null ? lines : [...lines.slice(0, table.headerIndex), TextBlock.fromLine('', null), ...lines.slice(table.endIndex)];
  const prose = readProsePlan(paragraphsOf(splitRunOnLines(proseLines)), context);
  let drafts = prose.tasks;
  if (table !== null) {
    const tableTasks = readTablePlan(table.roles, table.rows, context);
    if (tableTasks.length > 0) {
      if (prose.tasks.length > 0) {
        context.issues.push({
          line: lines[table.headerIndex]?.line ?? null,
          severity: 'warning',
          code: 'decomposition_table_kept',
          params: { count: tableTasks.length },
          reason: `the document holds a decomposition table and numbered prose tasks: the table's ${tableTasks.length} tasks were kept`,
        });
      }
      drafts = tableTasks;
    }
  }
  if (drafts.length === 0) {
    context.issues.push({
      line: null,
      severity: 'warning',
      code: 'no_tasks',
      params: {},
      reason: 'no tasks found: no numbered task with a body and no decomposition table',
    });
  }

  const metadata = readPlanMetadata({
    preface: prose.preface,
    lines,
    metadata: cleaned.metadata,
    summaryPlanPart: prose.summary && prose.tasks.length > 0 ? prose.planPart : null,
  });
  const plan: PlanDocument = {
    jurisdiction: metadata.jurisdiction,
    year: metadata.year,
    title: metadata.title,
    goals: prose.goals,
    tasks: finalTasks(drafts),
  };
  const issues = context.issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return { plan, issues, period: metadata.period, results: [...prose.results, ...(context.results ?? [])] };
}

/** Tasks as the plan document holds them, with numbers unique across the plan. */
export function finalTasks(drafts: DraftTask[]): Task[] {
  const counts = new Map<string, number>();
  for (const draft of drafts) counts.set(draft.number, (counts.get(draft.number) ?? 0) + 1);
  const used = new Set<string>();
  // Numbering restarts under each heading: number every task by its headings (3.2.1).
  const restarts = [...counts.values()].some((count) => count > 1);
  return drafts.map((draft) => {
    let number = draft.number;
    if (restarts && draft.path.length > 0) number = [...draft.path, draft.number].join('.');
    let unique = number;
    for (let k = 2; used.has(unique); k++) unique = `${number}-${k}`;
    used.add(unique);
    return {
      number: unique,
      category: draft.category,
      title: draft.title,
      content: draft.content,
      leader: draft.leader,
      targets: draft.targets,
    };
  });
}
