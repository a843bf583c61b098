import { z } from 'zod';

/**
 * What the importer was unsure of when a draft was made from a document, kept with the draft
 * so a coordinator who reopens it later still sees each flagged line and its reason.
 */
export const importNotesSchema = z.object({
  fileName: z.string(),
  format: z.enum(['text', 'xlsx']),
  importedAt: z.string(),
  /** A several-year plan's years (2023-2027). */
  period: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  issues: z.array(
    z.object({
      /** A line of the original document (a row of the sheet), 1-based, when known. */
      line: z.number().int().nullable(),
      severity: z.enum(['warning', 'error']),
      /**
       * What the issue is about (no_responsible_unit, masked_number, row_cells_aligned, …), stable
       * for the console to translate; absent in notes stored before codes were given.
       */
      code: z.string().optional(),
      /** The values the code's words take (number, title, text, cells, header, count). */
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      /** The importer's reason in English, kept for old notes, logs and the CLI. */
      reason: z.string(),
      /** The text of that line, for a text document. */
      source: z.string().nullable(),
    }),
  ),
});
export type ImportNotes = z.infer<typeof importNotesSchema>;
