import { App as AntApp, ConfigProvider, Spin, type ThemeConfig } from 'antd';
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

// The coordinator's plan pages load on first use: departments never fetch them.
const PlanListPage = lazy(() => import('./pages/plan-drafts/plan-list-page').then((m) => ({ default: m.PlanListPage })));
const PlanUploadPage = lazy(() => import('./pages/plan-drafts/plan-upload-page').then((m) => ({ default: m.PlanUploadPage })));
const PlanDraftPage = lazy(() => import('./pages/plan-drafts/plan-draft-page').then((m) => ({ default: m.PlanDraftPage })));
// The coordinator's board and evaluation too (the chart in a chunk of its own).
const CyclesPage = lazy(() => import('./pages/cycles-page').then((m) => ({ default: m.CyclesPage })));
const CycleBoardPage = lazy(() => import('./pages/cycle-board-page').then((m) => ({ default: m.CycleBoardPage })));
const EvaluationPage = lazy(() => import('./pages/evaluation-page').then((m) => ({ default: m.EvaluationPage })));
// The rule sets (规则): read by everyone, changed by coordinators.
const RuleSetsPage = lazy(() => import('./pages/rule-sets-page').then((m) => ({ default: m.RuleSetsPage })));
const RuleSetVersionPage = lazy(() => import('./pages/rule-set-version-page').then((m) => ({ default: m.RuleSetVersionPage })));
const later = (page: ReactNode) => <Suspense fallback={<Spin />}>{page}</Suspense>;

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
      { path: '/rules', element: later(<RuleSetsPage />) },
      { path: '/rules/:ruleSetId/:version', element: later(<RuleSetVersionPage />) },
      { path: '/plan-drafts', element: later(<PlanListPage />) },
      { path: '/plan-drafts/new', element: later(<PlanUploadPage />) },
      { path: '/plan-drafts/:planId', element: later(<PlanDraftPage />) },
      { path: '*', element: <Navigate to="/inbox" replace /> },
    ],
  },
]);

/**
 * Ant Design's look with text that meets WCAG AA contrast (4.5:1) on white, as axe-core
 * checks in test/browser/accessibility.browser.spec.ts: antd's default blue and its
 * secondary greys are a little too light for small text.
 */
const accessibleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    // The derived hover blue (#2e7ae6) gives white text 4.2:1: a darker one keeps a hovered primary button readable.
    colorPrimaryHover: '#003eb3',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.66)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    // A published plan is shown in its form, read-only: its text must stay readable.
    colorTextDisabled: 'rgba(0, 0, 0, 0.58)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
  components: {
    // A selected row (the review queue's 批量通过) under the pointer: links keep 5:1 on it.
    Table: { rowSelectedBg: '#e6f4ff', rowSelectedHoverBg: '#d6ebff' },
  },
};

export function App() {
  const { language } = useI18n();
  return (
    // antd's own blue as the primary colour: a red one would make focus look like an error.
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={accessibleTheme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
