import { Button, Card, Empty, Flex, Grid, Progress, Space, Spin, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, dataOrThrow, type Schemas } from '../api/client';
import { ApiErrorView } from '../components/api-error-view';
import { useI18n, type MessageKey } from '../i18n';
import { useMe } from '../layout';
import { formatInstant } from '../time';

type CycleSummary = Schemas['CyclePageResponse']['items'][number];
const PAGE_SIZE = 20;

const phaseColors: Record<string, string> = {
  drafting: 'default',
  published: 'processing',
  decomposing: 'processing',
  reporting: 'blue',
  evaluating: 'purple',
  closed: 'success',
};

/** A cycle's phase in words (an unknown phase as the API wrote it). */
export function CyclePhaseTag({ phase }: { phase: string }) {
  const { t } = useI18n();
  const key = `boardPhase_${phase}` as MessageKey;
  return <Tag color={phaseColors[phase] ?? 'default'}>{phase in phaseColors ? t(key) : phase}</Tag>;
}

function DecompositionProgress({ cycle }: { cycle: CycleSummary }) {
  const { t } = useI18n();
  const { childrenStarted: started, childrenTotal: total } = cycle.progress;
  if (total === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Progress
      percent={Math.round((started / total) * 100)}
      size="small"
      // Not antd's green "success" text at 100%: too faint on white (WCAG AA).
      status="normal"
      aria-label={t('boardDecompositionOf', { started, total })}
      format={() => `${started}/${total}`}
    />
  );
}

/** 周期看板: the cycles the caller may see, newest first (the API decides which). */
export function CyclesPage() {
  const { t, language } = useI18n();
  const me = useMe();
  // A leader reads boards, not evaluations (the API answers 403).
  const mayEvaluate = me.data?.role !== 'leader';
  const wide = Grid.useBreakpoint().md ?? true;
  const cycles = useInfiniteQuery({
    queryKey: ['cycles'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await dataOrThrow(api.GET('/cycles', { params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })))
        .data,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = cycles.data?.pages.flatMap((page) => page.items) ?? [];
  const header = (
    <div style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('boardCycles')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('boardCyclesIntro')}</Typography.Text>
    </div>
  );
  if (cycles.isError) {
    return (
      <>
        {header}
        <ApiErrorView error={cycles.error} onRetry={() => void cycles.refetch()} />
      </>
    );
  }
  const links = (cycle: CycleSummary) => (
    <Space size="small" wrap>
      <Link to={`/cycle-board/${cycle.id}`}>{t('boardOpenBoard')}</Link>
      {mayEvaluate ? <Link to={`/cycle-board/${cycle.id}/evaluation`}>{t('boardOpenEvaluation')}</Link> : null}
    </Space>
  );
  return (
    <>
      {header}
      {wide ? (
        <Table<CycleSummary>
          rowKey="id"
          loading={cycles.isPending}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('boardEmptyCycles') }}
          columns={[
            {
              title: t('boardPlanTitle'),
              dataIndex: 'planTitle',
              render: (_, cycle) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/cycle-board/${cycle.id}`}>{cycle.planTitle}</Link>
                  {cycle.jurisdiction ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {cycle.jurisdiction}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            { title: t('boardYear'), dataIndex: 'year', width: 80, render: (_, cycle) => cycle.year ?? '—' },
            { title: t('boardPhase'), dataIndex: 'phase', width: 110, render: (_, cycle) => <CyclePhaseTag phase={cycle.phase} /> },
            {
              title: t('boardDecomposition'),
              dataIndex: 'progress',
              width: 170,
              render: (_, cycle) => <DecompositionProgress cycle={cycle} />,
            },
            {
              title: t('boardPublishedAt'),
              dataIndex: 'publishedAt',
              width: 190,
              render: (_, cycle) => formatInstant(cycle.publishedAt, language),
            },
            { title: '', key: 'links', width: 150, render: (_, cycle) => links(cycle) },
          ]}
        />
      ) : (
        <Flex vertical gap={12} role="list" aria-busy={cycles.isPending}>
          {cycles.isPending ? <Spin /> : null}
          {!cycles.isPending && items.length === 0 ? <Empty description={t('boardEmptyCycles')} /> : null}
          {items.map((cycle) => (
            <Card key={cycle.id} size="small" role="listitem">
              <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 4 }}>
                <Link to={`/cycle-board/${cycle.id}`}>{cycle.planTitle}</Link>
                <CyclePhaseTag phase={cycle.phase} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[cycle.jurisdiction, cycle.year].filter(Boolean).join(' · ')}
              </Typography.Text>
              <DecompositionProgress cycle={cycle} />
              {links(cycle)}
            </Card>
          ))}
        </Flex>
      )}
      {cycles.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => void cycles.fetchNextPage()} loading={cycles.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}
