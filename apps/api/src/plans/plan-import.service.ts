import { Inject, Injectable } from '@nestjs/common';
import { DomainError, planDocumentSchema, toFieldIssues, type Actor } from '@plancycle/contracts';
import { exportPlanXlsx, importPlanText, importPlanXlsx, type ImportResult } from '@plancycle/plan-import';
import { PlansService } from './plans.service';

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

@Injectable()
export class PlanImportService {
  constructor(@Inject(PlansService) private readonly plans: PlansService) {}

  async importDocument(actor: Actor, params: { file: Express.Multer.File; save: boolean }) {
    const { file } = params;
    const isXlsx = file.buffer.subarray(0, 4).equals(XLSX_MAGIC) || /\.xlsx$/i.test(file.originalname);
    let imported: ImportResult;
    if (isXlsx) {
      imported = await importPlanXlsx(file.buffer);
    } else {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(file.buffer);
      if (text.trim() === '') {
        throw new DomainError({
          code: 'VALIDATION_FAILED',
          message: 'the document is empty',
          issues: [{ path: 'file', message: 'no text' }],
        });
      }
      imported = importPlanText(text);
    }
    const checked = planDocumentSchema.safeParse(imported.plan);
    if (!checked.success) {
      throw new DomainError({
        code: 'PLAN_INVALID',
        message: 'the importer produced an invalid plan',
        issues: toFieldIssues(checked.error.issues),
      });
    }
    const plan = params.save ? await this.plans.createDraft(actor, { document: checked.data }) : null;
    return { plan, document: checked.data, issues: imported.issues };
  }

  async exportXlsx(planId: string): Promise<{ buffer: Buffer; filename: string }> {
    const document = await this.plans.documentOf(planId);
    const buffer = await exportPlanXlsx(document);
    return { buffer, filename: `${document.title ?? 'plan'}-任务分解表.xlsx` };
  }
}
