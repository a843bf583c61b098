import { BellOutlined } from '@ant-design/icons';
import { App as AntApp, Badge, Button, Empty, Flex, Popover, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, dataOrThrow, type Schemas } from '../api/client';
import { useI18n } from '../i18n';
import { formatInstant } from '../time';
import { ErrorAlert } from './api-error-view';

type Notification = Schemas['NotificationPageResponse']['items'][number];

/** How many of the newest notices the bell lists. */
const RECENT = 10;
/** How often the bell asks for new notices. */
const POLL_MS = 30_000;

const eventColours: Record<Notification['event'], string> = {
  reminder: 'blue',
  overdue: 'orange',
  urge: 'orange',
  supervision: 'red',
  interview: 'magenta',
  returned: 'gold',
  approved: 'green',
};

/** The subject without its leading 【报送提醒】: the tag beside it says what happened. */
function withoutTitle(subject: string): string {
  return subject.replace(/^【[^】]*】/, '');
}

/**
 * The header's bell: the unread count (polled), the newest notices in a popover with what
 * happened, when (Beijing time) and a link to the task; one or all marked read.
 */
export function NotificationBell() {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const notifications = useQuery({
    queryKey: ['notifications'],
    queryFn: async () => (await dataOrThrow(api.GET('/me/notifications', { params: { query: { limit: RECENT } } }))).data,
    refetchInterval: POLL_MS,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const readOne = useMutation({
    mutationFn: async (notificationId: string) =>
      dataOrThrow(api.POST('/me/notifications/{notificationId}/read', { params: { path: { notificationId } } })),
    onSuccess: refresh,
  });
  const readAll = useMutation({
    // Up to the newest one shown: a notice that arrived since stays unread.
    mutationFn: async (upTo: string | undefined) =>
      (await dataOrThrow(api.POST('/me/notifications/read-all', { body: upTo ? { upTo } : {} }))).data,
    onSuccess: async ({ marked }) => {
      void message.success(t('ntReadAllDone', { count: marked }));
      await refresh();
    },
  });
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.items ?? [];

  const content = (
    <div className="notification-panel" data-testid="notification-panel">
      <Flex justify="space-between" align="center" className="notification-panel-head">
        <Typography.Text strong>
          {t('ntTitle')}
          {unread > 0 ? <Typography.Text type="secondary">{` · ${t('ntUnreadOf', { count: unread })}`}</Typography.Text> : null}
        </Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          loading={readAll.isPending}
          onClick={() => readAll.mutate(items[0]?.createdAt)}
        >
          {t('ntReadAll')}
        </Button>
      </Flex>
      {notifications.isError ? <ErrorAlert error={notifications.error} /> : null}
      {readOne.isError ? <ErrorAlert error={readOne.error} /> : null}
      {readAll.isError ? <ErrorAlert error={readAll.error} /> : null}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ntEmpty')} />
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li
              key={n.id}
              className={n.readAt ? 'notification-item' : 'notification-item notification-unread'}
              data-testid="notification-item"
            >
              <div className="notification-text">
                <div className="notification-title">
                  <Tag color={eventColours[n.event]}>{t(`ntEvent_${n.event}`)}</Tag>
                  {n.assignmentId ? (
                    <Link
                      to={`/tasks/${n.assignmentId}`}
                      onClick={() => {
                        setOpen(false);
                        if (!n.readAt) readOne.mutate(n.id);
                      }}
                    >
                      {withoutTitle(n.subject)}
                    </Link>
                  ) : (
                    withoutTitle(n.subject)
                  )}
                </div>
                <Typography.Text type="secondary">{formatInstant(n.createdAt, language)}</Typography.Text>
              </div>
              {n.readAt ? (
                <Typography.Text type="secondary" className="notification-action">
                  {t('ntRead')}
                </Typography.Text>
              ) : (
                <Button
                  size="small"
                  type="link"
                  className="notification-action"
                  onClick={() => readOne.mutate(n.id)}
                  loading={readOne.isPending && readOne.variables === n.id}
                >
                  {t('ntMarkRead')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {items.length >= RECENT ? (
        <Typography.Text type="secondary" className="notification-panel-foot">
          {t('ntRecent', { count: RECENT })}
        </Typography.Text>
      ) : null}
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} arrow={false}>
      <Badge count={unread} overflowCount={99} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          className="notification-bell"
          icon={<BellOutlined />}
          aria-label={unread > 0 ? t('ntBellUnread', { count: unread }) : t('ntBell')}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}
