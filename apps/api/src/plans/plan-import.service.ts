import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type ImportNotes } from '@plancycle/contracts';
import { decodeDocument, exportPlanXlsx, importPlanFile, type PlanFileImport } from '@plancycle/plan-import';
import { PlansService } from './plans.service';

@Injectable()
export class PlanImportService {
  constructor(@Inject(PlansService) private readonly plans: PlansService) {}

  /**
   * Reads the upload into a valid draft (a DomainError names what is wrong with the file); saves it
   * when asked. The answer also gives a several-year plan's period and a summary's results
   * (achieved values a coordinator may take as baselines).
   */
  async importDocument(actor: Actor, params: { file: Express.Multer.File; save: boolean }) {
    const { file } = params;
    const imported = await importPlanFile({ bytes: file.buffer, fileName: file.originalname, contentType: file.mimetype });
    // A summary without a plan part answers with its results only: there is no draft to save.
    const plan =
      params.save && imported.plan.tasks.length > 0
        ? await this.plans.createDraft(actor, { document: imported.plan, importNotes: importNotesOf(file, imported) })
        : null;
    return { plan, document: imported.plan, issues: imported.issues, period: imported.period, results: imported.results };
  }

  async exportXlsx(planId: string): Promise<{ buffer: Buffer; filename: string }> {
    const document = await this.plans.documentOf(planId);
    const buffer = await exportPlanXlsx(document);
    return { buffer, filename: `${document.title ?? 'plan'}-任务分解表.xlsx` };
  }
}

/** The import's issues kept with the draft, each with the text of its line when the document is text. */
function importNotesOf(file: Express.Multer.File, imported: PlanFileImport): ImportNotes {
  const lines = imported.format === 'text' ? decodeDocument(file.buffer).split(/\r\n|\r|\n/) : null;
  return {
    fileName: file.originalname,
    format: imported.format,
    importedAt: new Date().toISOString(),
    period: imported.period,
    issues: imported.issues.map((issue) => ({
      ...issue,
      source: lines && issue.line !== null ? (lines[issue.line - 1]?.trim() ?? null) : null,
    })),
  };
}
