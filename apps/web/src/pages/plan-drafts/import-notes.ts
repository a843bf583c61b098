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

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;
type NoteIssue = ImportNotes['issues'][number];

/** The importer's issue codes in the reader's words, with the names its params fill. */
const codeKeys: Record<string, MessageKey> = {
  no_responsible_unit: 'pdReason_noUnit',
  masked_number: 'pdReason_masked',
  period_targets: 'pdReason_periodTargets',
  row_cells_aligned: 'pdReason_rowAligned',
  row_cells_joined: 'pdReason_rowJoined',
  broken_cell_joined: 'pdReason_brokenCell',
  text_before_table: 'pdReason_textBeforeTable',
  unparsed_row: 'pdReason_unparsedRow',
  decomposition_table_kept: 'pdReason_tableKept',
  no_tasks: 'pdReason_noTasks',
  results_only: 'pdReason_resultsOnly',
  not_a_workbook: 'pdReason_notWorkbook',
  no_decomposition_table: 'pdReason_noTable',
};

/**
 * An issue in the reader's words: by its code when the importer gave one, else (notes stored
 * before codes) by the fixed English phrase of its reason; the reason itself when neither is known.
 */
export function reasonText(issue: Pick<NoteIssue, 'reason' | 'code' | 'params'>, t: Translate): string {
  const key = issue.code ? codeKeys[issue.code] : undefined;
  if (key) return t(key, issue.params ?? {});
  for (const { pattern, key: messageKey, names } of reasonPatterns) {
    const match = pattern.exec(issue.reason);
    if (match) return t(messageKey, Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])));
  }
  return issue.reason;
}

/**
 * Where in the draft an issue points, when its code and params (or, in old notes, its reason) say: the task it names (`task 3 "…"`),
 * or the target whose text holds the masked passage. Null: the issue is about the document.
 */
export function issueAnchor(
  issue: Pick<NoteIssue, 'reason' | 'code' | 'params'>,
  document: { tasks: { number: string; title: string; targets: { text: string }[] }[] },
): { task: number; target: number | null } | null {
  const { reason, code, params } = issue;
  const task =
    code === 'no_responsible_unit'
      ? [reason, String(params?.number ?? ''), String(params?.title ?? '')]
      : /^task (.+?) "(.*)": /s.exec(reason);
  if (task) {
    const index = document.tasks.findIndex((t) => t.number === task[1] && (task[2] === '' || t.title === task[2]));
    const byNumber = index >= 0 ? index : document.tasks.findIndex((t) => t.number === task[1]);
    return byNumber >= 0 ? { task: byNumber, target: null } : null;
  }
  const masked = code === 'masked_number' ? [reason, String(params?.text ?? '')] : /^masked number in "(.*)": /s.exec(reason);
  if (masked?.[1]) {
    const passage = masked[1].trim();
    for (const [taskIndex, t] of document.tasks.entries()) {
      const target = t.targets.findIndex((g) => g.text.includes(passage) || passage.includes(g.text));
      if (target >= 0) return { task: taskIndex, target };
    }
  }
  return null;
}
