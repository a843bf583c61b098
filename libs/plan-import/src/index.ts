// TEMPORARY STUB by lead for build check; replaced by the importer.
import type { PlanDocument } from '@plancycle/contracts';
export interface ImportResult { plan: PlanDocument; issues: { line: number | null; severity: 'warning' | 'error'; reason: string }[] }
export function importPlanText(_t: string): ImportResult { throw new Error('stub'); }
export async function importPlanXlsx(_b: Buffer): Promise<ImportResult> { throw new Error('stub'); }
export async function exportPlanXlsx(_p: PlanDocument): Promise<Buffer> { throw new Error('stub'); }
