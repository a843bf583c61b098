import { Alert, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, dataOrThrow, type Escalation } from '../api/client';
import { EscalationReason } from '../components/escalation-reason';
import { ApiErrorView } from '../components/api-error-view';
import { SupervisionNoticeButton } from '../components/supervision-notice-button';
import { useI18n } from '../i18n';
import { useMe } from '../layout';
import { formatInstant } from '../time';
import { InboxPage } from './inbox-page';

const levelColor: Record<Escalation['level'], string> = { reminder: 'gold', supervision: 'volcano', interview: 'red' };

/**
 * 责任领导: the units a leader answers for, the escalations on them (提醒 / 督办 / 约谈,
 * most recent first), and their units' assignments with the inbox's lights and filters.
 */
export function LeaderPage() {
  const { t, language } = useI18n();
  const me = useMe();
  const escalations = useInfiniteQuery({
    queryKey: ['me-escalations'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await dataOrThrow(api.GET('/me/escalations', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })))
        .data,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const units = me.data?.leaderOf ?? [];
  const items = escalations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('leaderPage')}
      </Typography.Title>
      <Card title={t('leaderUnits')} size="small">
        {units.length === 0 ? (
          <Alert type="info" showIcon message={t('leaderNoUnits')} />
        ) : (
          <Space wrap data-testid="leader-units">
            {units.map((unit) => (
              <Tag key={unit} color="blue">
                {unit}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      <Card title={t('leaderEscalations')} size="small" data-testid="leader-escalations">
        {escalations.isError ? (
          <ApiErrorView error={escalations.error} onRetry={() => void escalations.refetch()} />
        ) : (
          <Table<Escalation>
            rowKey="id"
            size="small"
            loading={escalations.isPending}
            pagination={false}
            // Columns wrap (a long target as written stays in view); nothing scrolls sideways.
            locale={{ emptyText: t('leaderNoEscalations') }}
            dataSource={items}
            columns={[
              {
                title: t('leaderLevel'),
                dataIndex: 'level',
                render: (_, e) => <Tag color={levelColor[e.level]}>{t(e.level)}</Tag>,
              },
              { title: t('unit'), dataIndex: 'unit' },
              {
                title: t('target'),
                dataIndex: 'targetText',
                render: (_, e) => <Link to={`/tasks/${e.assignmentId}`}>{e.targetText}</Link>,
              },
              { title: t('period'), dataIndex: 'periodKey' },
              {
                title: t('leaderReason'),
                dataIndex: 'reason',
                render: (_, e) => <EscalationReason escalation={e} />,
              },
              { title: t('leaderRaisedAt'), dataIndex: 'raisedAt', render: (_, e) => formatInstant(e.raisedAt, language) },
              { title: t('docSupervisionNotice'), key: 'notice', render: (_, e) => <SupervisionNoticeButton escalation={e} /> },
            ]}
          />
        )}
      </Card>
      <Card title={t('leaderTasks')} size="small">
        <InboxPage embedded />
      </Card>
    </Flex>
  );
}
