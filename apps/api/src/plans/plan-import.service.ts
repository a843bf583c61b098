import { Inject, Injectable } from '@nestjs/common';
import { type Actor } from '@plancycle/contracts';
import { exportPlanXlsx, importPlanFile } from '@plancycle/plan-import';
import { PlansService } from './plans.service';

@Injectable()
export class PlanImportService {
  constructor(@Inject(PlansService) private readonly plans: PlansService) {}

  /** Reads the upload into a valid draft (a DomainError names what is wrong with the file); saves it when asked. */
  async importDocument(actor: Actor, params: { file: Express.Multer.File; save: boolean }) {
    const { file } = params;
    const imported = await importPlanFile({ bytes: file.buffer, fileName: file.originalname, contentType: file.mimetype });
    const plan = params.save ? await this.plans.createDraft(actor, { document: imported.plan }) : null;
    return { plan, document: imported.plan, issues: imported.issues };
  }

  async exportXlsx(planId: string): Promise<{ buffer: Buffer; filename: string }> {
    const document = await this.plans.documentOf(planId);
    const buffer = await exportPlanXlsx(document);
    return { buffer, filename: `${document.title ?? 'plan'}-任务分解表.xlsx` };
  }
}
