import { Alert, Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/api-error';
import { useI18n } from '../i18n';

/**
 * An error of a page's data, in words: 403 and 404 as pages of their own, a retryable
 * error (503, a lost connection) with a retry button, anything else with the API's message.
 */
export function ApiErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const back = (
    <Button type="primary" onClick={() => void navigate('/inbox')}>
      {t('backToInbox')}
    </Button>
  );
  if (isApiError(error) && error.status === 403) {
    return <Result status="403" title={t('forbiddenTitle')} subTitle={t('forbiddenText')} extra={back} />;
  }
  if (isApiError(error) && error.status === 404) {
    return <Result status="404" title={t('notFoundTitle')} subTitle={t('notFoundText')} extra={back} />;
  }
  return <ErrorAlert error={error} onRetry={onRetry} />;
}

/** An error as an alert (forms, actions); retryable errors offer a retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const { t } = useI18n();
  const retryable = isApiError(error) ? error.retryable : true;
  const message = isApiError(error) && !(error.retryable && error.status >= 500) ? error.message : t('unavailable');
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('errorTitle')}
      description={message}
      action={
        retryable && onRetry ? (
          <Button size="small" danger onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
