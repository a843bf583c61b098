import { Alert, Button, Card, Collapse, Descriptions, Flex, Spin, Tag } from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, dataOrThrow } from '../api/client';
import { ApiErrorView } from '../components/api-error-view';
import { useI18n } from '../i18n';
import { formatInstant } from '../time';
import { ReadOnlyHeading, TimelineSteps, WorkflowHistoryView } from './timeline-page';

const WINDOW = 100;

/**
 * The auditor's timeline of a whole cycle (审计时间线): the audit chain a window at a time
 * (publication, every report and review, escalations, the evaluation), and whether the
 * chain's hashes still hold. Read-only.
 */
export function CycleTimelinePage() {
  const { cycleId = '' } = useParams();
  const { t, lookup, language } = useI18n();
  const history = useInfiniteQuery({
    queryKey: ['audit-cycle', cycleId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await dataOrThrow(
          api.GET('/audit/cycles/{cycleId}', {
            params: { path: { cycleId }, query: { limit: WINDOW, ...(pageParam ? { cursor: pageParam } : {}) } },
          }),
        )
      ).data,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const verification = useQuery({
    queryKey: ['audit-cycle-verify', cycleId],
    queryFn: async () => (await dataOrThrow(api.GET('/audit/cycles/{cycleId}/verify', { params: { path: { cycleId } } }))).data,
  });
  if (history.isPending) return <Spin size="large" />;
  if (history.isError) return <ApiErrorView error={history.error} onRetry={() => void history.refetch()} />;
  const first = history.data.pages[0];
  if (!first) return <Spin size="large" />;
  const steps = history.data.pages.flatMap((page) => page.timeline);
  const chain = verification.data;
  return (
    <Flex vertical gap={16}>
      <Card>
        <ReadOnlyHeading />
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('plan')}>{first.cycle.planTitle}</Descriptions.Item>
          <Descriptions.Item label={t('phase')}>{lookup(`cyclePhase.${first.cycle.phase}`) ?? first.cycle.phase}</Descriptions.Item>
        </Descriptions>
        {chain ? (
          chain.valid ? (
            <Alert type="success" showIcon data-testid="chain-verdict" message={t('auditChainValid', { checked: chain.checked })} />
          ) : (
            <Alert
              type="error"
              showIcon
              data-testid="chain-verdict"
              message={t('auditChainBroken')}
              description={
                chain.firstBrokenAt
                  ? `${formatInstant(chain.firstBrokenAt.at, language)} · ${chain.firstBrokenAt.id} · ${chain.firstBrokenAt.reason}`
                  : null
              }
            />
          )
        ) : verification.isError ? (
          <ApiErrorView error={verification.error} onRetry={() => void verification.refetch()} />
        ) : (
          <Tag>{t('auditChainChecking')}</Tag>
        )}
      </Card>
      <Card>
        <TimelineSteps steps={steps} linkAssignments />
        {history.hasNextPage ? (
          <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        ) : null}
      </Card>
      <Collapse
        items={[
          {
            key: 'history',
            label: `${t('auditWorkflowHistory')} · ${first.workflow.workflowId}`,
            children: <WorkflowHistoryView workflow={first.workflow} />,
          },
        ]}
      />
    </Flex>
  );
}
