import { Inject, Injectable } from '@nestjs/common';
import { DomainError, planDocumentSchema, toFieldIssues, type Actor } from '@plancycle/contracts';
import {
  decodeDocument,
  exportPlanXlsx,
  importPlanText,
  importPlanXlsx,
  UnreadableDocumentError,
  type ImportResult,
} from '@plancycle/plan-import';
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
      const text = this.decodeOrThrow(file.buffer);
      if (text.trim() === '') {
        throw new DomainError({
          code: 'VALIDATION_FAILED',
          message: 'the document is empty',
          issues: [{ path: 'file', message: 'no text' }],
        });
      }
      imported = importPlanText(text);
    }
    if (imported.plan.tasks.length === 0) {
      // Nothing to review: say why instead of saving an empty draft.
      throw new DomainError({
        code: 'VALIDATION_FAILED',
        message: 'no tasks could be read from the document',
        issues: (imported.issues.length > 0 ? imported.issues : [{ line: null, reason: 'no numbered tasks found' }]).map((issue) => ({
          path: issue.line === null ? 'file' : `file:${issue.line}`,
          message: issue.reason,
        })),
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
    const plan = params.save ? await this.plans.createDraft(actor, { document: checked.data }) : null;
    return { plan, document: checked.data, issues: imported.issues };
  }

  /** UTF-8, UTF-16 with a BOM or GB18030 (as many government sites still publish). */
  private decodeOrThrow(bytes: Buffer): string {
    try {
      return decodeDocument(bytes);
    } catch (error) {
      if (!(error instanceof UnreadableDocumentError)) throw error;
      throw new DomainError({
        code: 'VALIDATION_FAILED',
        message: 'the upload is not a text document or an .xlsx table',
        issues: [{ path: 'file', message: error.message }],
      });
    }
  }

  async exportXlsx(planId: string): Promise<{ buffer: Buffer; filename: string }> {
    const document = await this.plans.documentOf(planId);
    const buffer = await exportPlanXlsx(document);
    return { buffer, filename: `${document.title ?? 'plan'}-任务分解表.xlsx` };
  }
}
