import { Button, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, dataOrThrow, type Schemas } from '../../api/client';
import { ApiErrorView } from '../../components/api-error-view';
import { useI18n, type MessageKey } from '../../i18n';

type PlanSummary = Schemas['PlanPageResponse']['items'][number];
const PAGE_SIZE = 20;
const statusColor: Record<PlanSummary['status'], string> = { draft: 'gold', published: 'green', closed: 'default' };

export function planPhaseKey(phase: string): MessageKey {
  switch (phase) {
    case 'published':
    case 'decomposing':
    case 'reporting':
    case 'evaluating':
    case 'closed':
      return `pdPhase_${phase}`;
    default:
      return 'pdPhase_drafting';
  }
}

/** 计划: drafts and published plans, newest first, pages of 20 (the API's cursor). */
export function PlanListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const plans = useInfiniteQuery({
    queryKey: ['plans'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await dataOrThrow(api.GET('/plans', { params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } }))).data,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (plans.isError) return <ApiErrorView error={plans.error} onRetry={() => void plans.refetch()} />;
  const items = plans.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('pdListTitle')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/plan-drafts/new')}>
          {t('pdImportButton')}
        </Button>
      </Flex>
      <Table<PlanSummary>
        rowKey="id"
        loading={plans.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty description={t('pdEmpty')} /> }}
        columns={[
          {
            title: t('pdColTitle'),
            dataIndex: 'title',
            render: (title: string, plan) => <Link to={`/plan-drafts/${plan.id}`}>{title}</Link>,
          },
          { title: t('pdColYear'), dataIndex: 'year', width: 80, render: (year: number | null) => year ?? '—' },
          { title: t('pdColJurisdiction'), dataIndex: 'jurisdiction', width: 120, render: (j: string | null) => j ?? '—' },
          {
            title: t('pdColStatus'),
            dataIndex: 'status',
            width: 100,
            render: (status: PlanSummary['status']) => <Tag color={statusColor[status]}>{t(`pdStatus_${status}`)}</Tag>,
          },
          { title: t('pdColPhase'), dataIndex: 'phase', width: 100, render: (phase: string) => t(planPhaseKey(phase)) },
          {
            title: t('pdColActions'),
            key: 'actions',
            width: 200,
            render: (_, plan) => (
              <Space size="middle">
                <Link to={`/plan-drafts/${plan.id}`}>{plan.status === 'draft' ? t('pdEdit') : t('pdOpen')}</Link>
                {plan.status !== 'draft' ? <Link to={`/cycle-board/${plan.cycleId}`}>{t('pdCycleBoard')}</Link> : null}
              </Space>
            ),
          },
        ]}
      />
      {plans.hasNextPage ? (
        <Button onClick={() => void plans.fetchNextPage()} loading={plans.isFetchingNextPage}>
          {t('loadMore')}
        </Button>
      ) : null}
    </Space>
  );
}
