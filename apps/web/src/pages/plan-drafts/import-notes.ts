import type { Schemas } from '../../api/client';
import type { MessageKey } from '../../i18n';

/** What the importer was unsure of, kept with the draft by the API (each line, its reason and text). */
export type ImportNotes = NonNullable<Schemas['PlanResponse']['importNotes']>;

/** The importer's reasons (English, fixed phrases) in the reader's words; the phrase itself when unknown. */
const reasonPatterns: { pattern: RegExp; key: MessageKey; names: string[] }[] = [
  { pattern: /^task (.+?) "(.*)": no responsible unit found$/s, key: 'pdReason_noUnit', names: ['number', 'title'] },
  { pattern: /^masked number in "(.*)": value left empty$/s, key: 'pdReason_masked', names: ['text'] },
  {
    pattern: /^table row has (\d+) cells, the header (\d+): aligned by what the cells hold$/,
    key: 'pdReason_rowAligned',
    names: ['cells', 'header'],
  },
  {
    pattern: /^table row has (\d+) cells, the header (\d+): extra cells joined to the last one$/,
    key: 'pdReason_rowJoined',
    names: ['cells', 'header'],
  },
  { pattern: /^line joined to the table row above it/, key: 'pdReason_brokenCell', names: [] },
  { pattern: /^unparsed table row: text before the first row$/, key: 'pdReason_textBeforeTable', names: [] },
  { pattern: /^unparsed table row: no task and no target$/, key: 'pdReason_unparsedRow', names: [] },
  {
    pattern: /^the document holds a decomposition table .*: the table's (\d+) tasks were kept$/,
    key: 'pdReason_tableKept',
    names: ['count'],
  },
  { pattern: /^no tasks found/, key: 'pdReason_noTasks', names: [] },
  { pattern: /^a report of results without a plan part/, key: 'pdReason_resultsOnly', names: [] },
];

export function reasonText(reason: string, t: (key: MessageKey, values?: Record<string, string | number>) => string): string {
  for (const { pattern, key: messageKey, names } of reasonPatterns) {
    const match = pattern.exec(reason);
    if (match) return t(messageKey, Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])));
  }
  return reason;
}

/**
 * Where in the draft an issue points, when its reason says: the task it names (`task 3 "…"`),
 * or the target whose text holds the masked passage. Null: the issue is about the document.
 */
export function issueAnchor(
  reason: string,
  document: { tasks: { number: string; title: string; targets: { text: string }[] }[] },
): { task: number; target: number | null } | null {
  const task = /^task (.+?) "(.*)": /s.exec(reason);
  if (task) {
    const index = document.tasks.findIndex((t) => t.number === task[1] && (task[2] === '' || t.title === task[2]));
    const byNumber = index >= 0 ? index : document.tasks.findIndex((t) => t.number === task[1]);
    return byNumber >= 0 ? { task: byNumber, target: null } : null;
  }
  const masked = /^masked number in "(.*)": /s.exec(reason);
  if (masked?.[1]) {
    const passage = masked[1].trim();
    for (const [taskIndex, t] of document.tasks.entries()) {
      const target = t.targets.findIndex((g) => g.text.includes(passage) || passage.includes(g.text));
      if (target >= 0) return { task: taskIndex, target };
    }
  }
  return null;
}
