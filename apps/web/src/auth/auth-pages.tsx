import { Alert, Button, Card, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n';
import { beginSignIn, completeSignIn, oidcSettings } from './oidc';
import { takeReturnTo } from './session';

/** The console's front door: one button to the identity service (统一身份认证). */
export function LoginPage() {
  const { t } = useI18n();
  const settings = oidcSettings();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="centered-page">
      <Card style={{ width: 'min(420px, 100%)' }}>
        <Typography.Title level={3}>{t('appTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('signInIntro')}</Typography.Paragraph>
        {error ? (
          <Alert type="error" showIcon role="alert" title={t('signInFailed')} description={error} style={{ marginBottom: 16 }} />
        ) : null}
        {settings ? (
          <Button
            type="primary"
            size="large"
            block
            loading={busy}
            onClick={() => {
              setBusy(true);
              beginSignIn(settings).catch((cause: unknown) => {
                setBusy(false);
                setError(cause instanceof Error ? cause.message : String(cause));
              });
            }}
          >
            {t('signInWith')}
          </Button>
        ) : (
          <Alert type="warning" showIcon title={t('noIssuer')} />
        )}
      </Card>
    </div>
  );
}

/** /auth/callback: the provider sends the browser back here with the code. */
export function CallbackPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    // React's development double effects must not spend the one-time code twice.
    if (started.current) return;
    started.current = true;
    const settings = oidcSettings();
    if (!settings) {
      setError(t('noIssuer'));
      return;
    }
    completeSignIn(settings, new URL(window.location.href))
      .then(() => void navigate(takeReturnTo(), { replace: true }))
      .catch((cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)));
  }, [navigate, t]);
  return (
    <div className="centered-page">
      {error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('signInFailed')}
          description={error}
          action={
            <Button size="small" onClick={() => void navigate('/login', { replace: true })}>
              {t('signIn')}
            </Button>
          }
        />
      ) : (
        <Spin description={t('signingIn')} size="large">
          <div style={{ width: 200, height: 80 }} />
        </Spin>
      )}
    </div>
  );
}
