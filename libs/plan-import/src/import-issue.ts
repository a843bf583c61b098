/** Something the importer was unsure of, at a line of the original input (1-based) when known. */
export interface ImportIssue {
  line: number | null;
  severity: 'warning' | 'error';
  reason: string;
}
