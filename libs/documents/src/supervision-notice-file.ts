import { issuingOffice, supervisionNoticeDocument, type SupervisionNoticeFacts } from '@plancycle/domain';
import { docxFilename, renderOfficialDocx } from './official-docx';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** How the office's documents are issued (PLANCYCLE_ISSUING_OFFICE, PLANCYCLE_SUPERVISION_RESPONSE_WORKING_DAYS). */
export interface DocumentSettings {
  /** The 落款; unset: the plan's jurisdiction's task-force office. */
  issuingOffice?: string | undefined;
  responseWorkingDays: number;
}

/** The 督办通知单 of an escalation as a Word file: what the API serves and the 督办 e-mail carries. */
export async function supervisionNoticeFile(
  facts: SupervisionNoticeFacts,
  settings: DocumentSettings,
): Promise<{ filename: string; content: Buffer; contentType: string }> {
  const document = supervisionNoticeDocument({
    facts,
    issuer: issuingOffice({ configured: settings.issuingOffice, jurisdiction: facts.plan.jurisdiction }),
    responseWorkingDays: settings.responseWorkingDays,
  });
  return { filename: docxFilename(document), content: await renderOfficialDocx(document), contentType: DOCX_CONTENT_TYPE };
}
