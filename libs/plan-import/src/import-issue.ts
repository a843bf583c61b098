/**
 * What an import issue is about, stable across wording changes: the console translates by it,
 * with `params` filling the words. The English `reason` stays for logs, the CLI and old notes.
 */
export type ImportIssueCode =
  | 'no_responsible_unit'
  | 'masked_number'
  | 'period_targets'
  | 'row_cells_aligned'
  | 'row_cells_joined'
  | 'broken_cell_joined'
  | 'text_before_table'
  | 'unparsed_row'
  | 'decomposition_table_kept'
  | 'no_tasks'
  | 'results_only'
  | 'not_a_workbook'
  | 'no_decomposition_table';

export type ImportIssueParams = Record<string, string | number>;

/** Something the importer was unsure of, at a line of the original input (1-based) when known. */
export interface ImportIssue {
  line: number | null;
  severity: 'warning' | 'error';
  code: ImportIssueCode;
  params: ImportIssueParams;
  reason: string;
}
