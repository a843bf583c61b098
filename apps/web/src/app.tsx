import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { isApiError } from './api/api-error';
import { CallbackPage, LoginPage } from './auth/auth-pages';
import { useI18n } from './i18n';
import { AppLayout } from './layout';
import { AssignmentPage } from './pages/assignment-page';
import { InboxPage } from './pages/inbox-page';
import { LeaderPage } from './pages/leader-page';
import { CycleTimelinePage } from './pages/cycle-timeline-page';
import { AssignmentTimelinePage } from './pages/timeline-page';

// The coordinator's board and evaluation come in chunks of their own: a department's first page stays small.
const CyclesPage = lazy(() => import('./pages/cycles-page').then((m) => ({ default: m.CyclesPage })));
const CycleBoardPage = lazy(() => import('./pages/cycle-board-page').then((m) => ({ default: m.CycleBoardPage })));
const EvaluationPage = lazy(() => import('./pages/evaluation-page').then((m) => ({ default: m.EvaluationPage })));
const later = (page: ReactNode) => <Suspense fallback={<Spin size="large" />}>{page}</Suspense>;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Only what may pass is retried by itself (503, a lost connection); a 4xx is shown at once.
      retry: (count, error) => count < 2 && (!isApiError(error) || error.retryable),
      refetchOnWindowFocus: true,
    },
  },
});

/** Console routes stay clear of the API's paths (/me, /assignments, …): see apps/web/README.md. */
const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/auth/callback', element: <CallbackPage /> },
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <Navigate to="/inbox" replace /> },
      { path: '/inbox', element: <InboxPage /> },
      { path: '/reviews', element: <InboxPage mode="reviews" key="reviews" /> },
      { path: '/tasks/:assignmentId', element: <AssignmentPage /> },
      { path: '/cycle-board', element: later(<CyclesPage />) },
      { path: '/cycle-board/:cycleId', element: later(<CycleBoardPage />) },
      { path: '/cycle-board/:cycleId/evaluation', element: later(<EvaluationPage />) },
      { path: '/audit-trail/tasks/:assignmentId', element: <AssignmentTimelinePage /> },
      { path: '/audit-trail/cycles/:cycleId', element: <CycleTimelinePage /> },
      { path: '/leader', element: <LeaderPage /> },
      { path: '*', element: <Navigate to="/inbox" replace /> },
    ],
  },
]);

export function App() {
  const { language } = useI18n();
  return (
    // antd's own blue as the primary colour: a red one would make focus look like an error.
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
