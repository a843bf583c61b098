import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, dataOrThrow } from './api/client';
import { currentSession, rememberReturnTo, signOutLocally } from './auth/session';
import { ApiErrorView } from './components/api-error-view';
import { NotificationBell } from './components/notification-bell';
import { useI18n } from './i18n';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: async () => (await dataOrThrow(api.GET('/me'))).data, staleTime: 60_000 });
}

/** The frame of every signed-in page: who is signed in, the menu, the language switch. */
export function AppLayout() {
  const { t, language, setLanguage } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = currentSession() !== null;
  const me = useMe();
  if (!signedIn) {
    rememberReturnTo(location.pathname + location.search);
    return <Navigate to="/login" replace />;
  }
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        <Typography.Text strong className="app-title" onClick={() => void navigate('/inbox')}>
          {t('appTitle')}
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[location.pathname.split('/')[1] ?? '']}
          items={[
            { key: 'inbox', label: t('inbox'), onClick: () => void navigate('/inbox') },
            ...(me.data?.can.review ? [{ key: 'reviews', label: t('reviewQueue'), onClick: () => void navigate('/reviews') }] : []),
            ...(me.data?.role === 'leader' ? [{ key: 'leader', label: t('leaderPage'), onClick: () => void navigate('/leader') }] : []),
            ...(me.data?.can.publish ? [{ key: 'plan-drafts', label: t('pdMenu'), onClick: () => void navigate('/plan-drafts') }] : []),
            // Whoever the API lets read cycles (GET /cycles): not an admin, who keeps the directory.
            ...(me.data && me.data.role !== 'admin'
              ? [{ key: 'cycle-board', label: t('boardMenu'), onClick: () => void navigate('/cycle-board') }]
              : []),
            { key: 'rules', label: t('rsMenu'), onClick: () => void navigate('/rules') },
          ]}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Space size="small" className="app-user">
          {me.data ? <NotificationBell /> : null}
          {me.data ? (
            <Typography.Text className="app-user-name" data-testid="signed-in-as">
              {me.data.name}
              {me.data.unit ? ` · ${me.data.unit}` : ''}
            </Typography.Text>
          ) : null}
          <Button size="small" ghost onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh'}>
            {t('language')}
          </Button>
          <Button size="small" ghost onClick={() => signOutLocally()}>
            {t('signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="app-content">
        {me.isPending ? <Spin /> : me.isError ? <ApiErrorView error={me.error} onRetry={() => void me.refetch()} /> : <Outlet />}
      </Layout.Content>
    </Layout>
  );
}
