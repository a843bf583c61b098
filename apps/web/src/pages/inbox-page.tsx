import { Button, Card, Empty, Flex, Grid, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, dataOrThrow, type InboxItem } from '../api/client';
import { ApiErrorView } from '../components/api-error-view';
import { phaseKey, TrafficLight } from '../components/words';
import { useI18n, type MessageKey } from '../i18n';
import { formatInstant } from '../time';

const filters = ['all', 'due_soon', 'overdue', 'returned', 'escalated'] as const;
type Filter = (typeof filters)[number];
const filterLabel: Record<Filter, MessageKey> = {
  all: 'filterAll',
  due_soon: 'filterDueSoon',
  overdue: 'filterOverdue',
  returned: 'filterReturned',
  escalated: 'filterEscalated',
};
const DUE_SOON_MS = 7 * 24 * 3600 * 1000;
const PAGE_SIZE = 20;

/** The filter as the API's query: the API decides what is overdue, returned or escalated. */
function queryOf(filter: Filter) {
  switch (filter) {
    case 'all':
      return {};
    case 'due_soon':
      return { dueBefore: new Date(Date.now() + DUE_SOON_MS).toISOString() };
    case 'overdue':
      return { overdue: 'true' as const };
    case 'returned':
      return { returned: 'true' as const };
    case 'escalated':
      return { escalated: 'true' as const };
  }
}

/** The item's light; an assignment whose cycle has closed has nothing left to do, so no light. */
function ItemLight({ item }: { item: InboxItem }) {
  const { t } = useI18n();
  return item.phase === 'closed' ? <Tag data-light="closed">{t('closed')}</Tag> : <TrafficLight light={item.light} />;
}

/**
 * 待办: the unit's assignments across cycles, nearest deadline first, the filter kept in the
 * URL. As `reviews`, a coordinator's review queue (审核): assignments whose report waits.
 */
export function InboxPage({ mode = 'inbox', embedded = false }: { mode?: 'inbox' | 'reviews'; embedded?: boolean }) {
  const { t, language } = useI18n();
  const [search, setSearch] = useSearchParams();
  const filter: Filter = filters.find((f) => f === search.get('filter')) ?? 'all';
  const reviews = mode === 'reviews';
  const wide = Grid.useBreakpoint().md ?? true;
  const inbox = useInfiniteQuery({
    queryKey: ['inbox', mode, filter],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await dataOrThrow(
          api.GET('/me/assignments', {
            params: {
              query: {
                limit: PAGE_SIZE,
                ...(pageParam ? { cursor: pageParam } : {}),
                ...(reviews ? { awaitingReview: 'true' as const } : queryOf(filter)),
              },
            },
          }),
        )
      ).data,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];

  const header = (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
      {embedded ? (
        <span />
      ) : (
        <Typography.Title level={3} style={{ margin: 0 }}>
          {reviews ? t('reviewQueue') : t('inbox')}
        </Typography.Title>
      )}
      {reviews ? null : (
        <Segmented<Filter>
          aria-label={t('inbox')}
          value={filter}
          onChange={(value) => setSearch(value === 'all' ? {} : { filter: value })}
          options={filters.map((f) => ({ value: f, label: t(filterLabel[f]) }))}
        />
      )}
    </Flex>
  );
  if (inbox.isError) {
    return (
      <>
        {header}
        <ApiErrorView error={inbox.error} onRetry={() => void inbox.refetch()} />
      </>
    );
  }
  const more = inbox.hasNextPage ? (
    <Flex justify="center" style={{ marginTop: 16 }}>
      <Button onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
        {t('loadMore')}
      </Button>
    </Flex>
  ) : null;
  const deadline = (item: InboxItem) => (
    <Space size={4} wrap>
      <span style={{ whiteSpace: 'nowrap' }}>{formatInstant(item.nextDeadlineAt, language)}</span>
      {item.overdue ? <Tag color="error">{t('overdue')}</Tag> : null}
      {item.returned ? <Tag color="warning">{t('returned')}</Tag> : null}
      {item.escalationLevel ? <Tag color="volcano">{t(item.escalationLevel)}</Tag> : null}
    </Space>
  );

  return (
    <>
      {header}
      {wide ? (
        <Table<InboxItem>
          rowKey="id"
          loading={inbox.isPending}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: reviews ? t('emptyReviews') : t('empty') }}
          columns={[
            { title: t('light'), dataIndex: 'light', width: 80, render: (_, item) => <ItemLight item={item} /> },
            {
              title: t('target'),
              dataIndex: ['target', 'text'],
              render: (_, item) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/tasks/${item.id}`}>{item.target.text}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {item.planTitle}
                    {item.task ? ` · ${item.task.number} ${item.task.title}` : ''}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('unit'), dataIndex: 'unit', width: 140, render: (_, item) => `${item.unit}（${t(item.role)}）` },
            { title: t('phase'), dataIndex: 'phase', width: 100, render: (_, item) => t(phaseKey(item.phase)) },
            { title: t('nextDeadline'), dataIndex: 'nextDeadlineAt', width: 330, render: (_, item) => deadline(item) },
          ]}
        />
      ) : (
        <Flex vertical gap={12} role="list" aria-busy={inbox.isPending}>
          {inbox.isPending ? <Spin /> : null}
          {!inbox.isPending && items.length === 0 ? <Empty description={reviews ? t('emptyReviews') : t('empty')} /> : null}
          {items.map((item) => (
            <Card key={item.id} size="small" role="listitem">
              <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
                <ItemLight item={item} />
                <Typography.Text type="secondary">{t(phaseKey(item.phase))}</Typography.Text>
              </Flex>
              <Link to={`/tasks/${item.id}`}>{item.target.text}</Link>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.planTitle} · {item.unit}（{t(item.role)}）
                </Typography.Text>
              </div>
              <div style={{ marginTop: 4 }}>
                {t('nextDeadline')}：{deadline(item)}
              </div>
            </Card>
          ))}
        </Flex>
      )}
      {more}
    </>
  );
}
