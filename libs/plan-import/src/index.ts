/**
 * Reads published plan documents (工作要点, 实施方案, 任务分解表) into the plan interchange
 * document, and writes a plan back out as an .xlsx decomposition table.
 */
export { type ImportIssue, type ImportIssueCode, type ImportIssueParams } from './import-issue';
export { importPlanFile, planFileFormat, type PlanFile, type PlanFileFormat, type PlanFileImport } from './plan-file.importer';
export { importPlanText, type ImportOptions, type ImportResult } from './plan.importer';
export { importPlanXlsx, exportPlanXlsx } from './xlsx/plan-xlsx';
export { parseTargetPhrase, readIndicators, type PhraseReading } from './targets/target-phrase.parser';
export { cleanDocument, cleanDocumentText, type CleanedDocument, type CleanLine } from './text/document.cleaner';
export { decodeDocument, UnreadableDocumentError } from './text/document.decoder';
