import { supervisionNoticeFile, type DocumentSettings } from '@plancycle/documents';
import type { EscalationLevel } from '@plancycle/contracts';
import type { ClaimedNotice, Repositories } from '@plancycle/persistence';
import type { MailAttachment } from './notice-channels';

const levelOfEvent: Partial<Record<string, EscalationLevel>> = { supervision: 'supervision', interview: 'interview' };

/**
 * The files an e-mail notice carries: the 督办通知单 (.docx) of a 督办 or 约谈, made from the
 * escalation as stored (so a retried send carries the same number); nothing for other events.
 */
export function noticeAttachments(repos: Repositories, settings: DocumentSettings): (notice: ClaimedNotice) => Promise<MailAttachment[]> {
  return async (notice) => {
    const level = levelOfEvent[notice.event];
    if (!level || !notice.assignmentId || !notice.periodKey) return [];
    const escalationId = await repos.decisions.findEscalationId({ assignmentId: notice.assignmentId, periodKey: notice.periodKey, level });
    if (!escalationId) return [];
    const { facts } = await repos.decisions.escalationNoticeOrThrow(escalationId);
    return [await supervisionNoticeFile(facts, settings)];
  };
}
