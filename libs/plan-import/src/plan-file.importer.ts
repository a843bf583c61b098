import { DomainError, planDocumentSchema, toFieldIssues, type FieldIssue, type PlanDocument } from '@plancycle/contracts';
import { type ImportIssue } from './import-issue';
import { importPlanText, type ImportOptions, type ImportResult } from './plan.importer';
import { decodeDocument, UnreadableDocumentError } from './text/document.decoder';
import { importPlanXlsx } from './xlsx/plan-xlsx';

/** A file as it arrives: an upload or a file read from disk. */
export interface PlanFile {
  bytes: Uint8Array;
  /** Its name where known: `.xlsx` chooses the table reader when the bytes do not say. */
  fileName?: string;
  /** Its media type where known (an upload's), read the same way as the name. */
  contentType?: string;
}

export type PlanFileFormat = 'xlsx' | 'text';

/** A valid draft plan, what the importer was unsure of, and how the file was read. */
export interface PlanFileImport {
  format: PlanFileFormat;
  plan: PlanDocument;
  issues: ImportIssue[];
  /** See `ImportResult`: the span of a several-year plan, and a summary's results (baselines). */
  period: ImportResult['period'];
  results: ImportResult['results'];
}

/** Every .xlsx (and .docx, .zip) starts with a zip local-file header. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** How a file is read: the bytes decide first, the name or media type only when they cannot. */
export function planFileFormat(file: PlanFile): PlanFileFormat {
  const zipped = ZIP_MAGIC.every((byte, index) => file.bytes[index] === byte);
  const mediaType = file.contentType?.split(';')[0]?.trim().toLowerCase();
  const namedXlsx = /\.xlsx$/i.test(file.fileName ?? '') || mediaType === XLSX_CONTENT_TYPE;
  return zipped || namedXlsx ? 'xlsx' : 'text';
}

/**
 * Reads a plan file, text (UTF-8, UTF-16 with BOM, GB18030) or an .xlsx decomposition table,
 * into a draft plan that satisfies `planDocumentSchema`. The one way in for the API and the CLI.
 *
 * Throws DomainError `VALIDATION_FAILED` when the file cannot be read (binary, empty, not a
 * workbook) or holds no task and no result, with issues at `file` or `file:<line>`; `PLAN_INVALID` when the
 * importer's own output fails the schema (a bug of the importer, not of the file).
 */
export async function importPlanFile(file: PlanFile, options: ImportOptions = {}): Promise<PlanFileImport> {
  const format = planFileFormat(file);
  const imported =
    format === 'xlsx'
      ? await importPlanXlsx(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
      : importTextOrThrow(file.bytes, options);

  if (imported.plan.tasks.length === 0 && imported.results.length > 0) {
    // A year-end summary without a plan part: what it reports is the answer, not a failure.
    imported.issues.push({
      line: null,
      severity: 'warning',
      code: 'results_only',
      params: { count: imported.results.length },
      reason: `a report of results without a plan part: ${imported.results.length} results read as achieved values (baselines for the next plan), no tasks`,
    });
  } else if (imported.plan.tasks.length === 0) {
    // Nothing to review: say why instead of returning an empty draft. A workbook's reader
    // names the reason as an error (not a workbook, no decomposition table).
    const fatal = imported.issues.find((issue) => issue.severity === 'error');
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: fatal?.reason ?? 'no tasks could be read from the document',
      issues: imported.issues.length > 0 ? imported.issues.map(fileIssue) : [{ path: 'file', message: 'no numbered tasks found' }],
    });
  }
  const checked = planDocumentSchema.safeParse(imported.plan);
  if (!checked.success) {
    throw new DomainError({
      code: 'PLAN_INVALID',
      message: 'the importer produced an invalid plan',
      issues: toFieldIssues(checked.error.issues),
    });
  }
  return { format, plan: checked.data, issues: imported.issues, period: imported.period, results: imported.results };
}

function importTextOrThrow(bytes: Uint8Array, options: ImportOptions): ImportResult {
  let text: string;
  try {
    text = decodeDocument(bytes);
  } catch (error) {
    if (!(error instanceof UnreadableDocumentError)) throw error;
    throw new DomainError({ code: 'VALIDATION_FAILED', message: error.message, issues: [{ path: 'file', message: error.message }] });
  }
  if (text.trim() === '') {
    throw new DomainError({ code: 'VALIDATION_FAILED', message: 'the document is empty', issues: [{ path: 'file', message: 'no text' }] });
  }
  return importPlanText(text, options);
}

/** An importer issue as a field issue: the file, or the line (or sheet row) of the file. */
function fileIssue(issue: ImportIssue): FieldIssue {
  return { path: issue.line === null ? 'file' : `file:${issue.line}`, message: issue.reason };
}
