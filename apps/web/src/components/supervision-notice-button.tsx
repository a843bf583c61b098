import { App as AntApp, Button } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { isApiError } from '../api/api-error';
import { api, type Escalation } from '../api/client';
import { saveDownload } from '../api/download';
import { useI18n } from '../i18n';

/** The 督办通知单 (.docx) of a 督办 or 约谈; a reminder has none. */
export function SupervisionNoticeButton({ escalation }: { escalation: Escalation }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const download = useMutation({
    mutationFn: () =>
      saveDownload(
        api.GET('/escalations/{escalationId}/notice.docx', { params: { path: { escalationId: escalation.id } }, parseAs: 'blob' }),
        `notice-${escalation.id.slice(0, 8)}.docx`,
      ),
    onError: (error) => void message.error(isApiError(error) ? error.message : t('unavailable')),
  });
  if (escalation.level === 'reminder') return null;
  return (
    <Button
      size="small"
      aria-label={t('docSupervisionNoticeOf', { unit: escalation.unit })}
      loading={download.isPending}
      onClick={() => download.mutate()}
    >
      {t('docSupervisionNotice')}
    </Button>
  );
}
