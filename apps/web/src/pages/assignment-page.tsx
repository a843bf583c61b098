import { App as AntApp, Button, Card, Descriptions, Empty, Flex, Grid, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, dataOrThrow, type AssignmentDetail, type Indicator, type Period, type Report } from '../api/client';
import { ApiErrorView, ErrorAlert } from '../components/api-error-view';
import { comparatorText, isMilestone, kindText, PeriodStatusTag, phaseKey, requirementText, targetFigure } from '../components/words';
import { useI18n } from '../i18n';
import { useMe } from '../layout';
import { formatInstant } from '../time';
import { ReportForm } from './report-form';
import { ReviewPanel } from './review-panel';

/** The period a department reports now: open, or returned for revision. */
function reportablePeriod(assignment: AssignmentDetail): Period | null {
  return assignment.status?.periods.find((p) => p.status === 'open' || p.status === 'returned') ?? null;
}

/** One assignment (target × unit): what is asked, acknowledge (签收), report, and what happened. */
export function AssignmentPage() {
  const { assignmentId = '' } = useParams();
  const { t, language } = useI18n();
  const me = useMe();
  const wide = Grid.useBreakpoint().md ?? true;
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const assignment = useQuery({
    queryKey: ['assignment', assignmentId],
    queryFn: async () => (await dataOrThrow(api.GET('/assignments/{assignmentId}', { params: { path: { assignmentId } } }))).data,
    // The workflow's clock moves on by itself (periods open, fall due, are escalated).
    refetchInterval: 5_000,
  });
  const acknowledge = useMutation({
    mutationFn: async () =>
      dataOrThrow(api.POST('/assignments/{assignmentId}/acknowledge', { params: { path: { assignmentId } }, body: {} })),
    onSuccess: async ({ status }) => {
      void message.success(status === 202 ? t('pendingOk') : t('acknowledgedOk'));
      await queryClient.invalidateQueries({ queryKey: ['assignment', assignmentId] });
      await queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
  });

  if (assignment.isPending) return <Spin size="large" />;
  if (assignment.isError) return <ApiErrorView error={assignment.error} onRetry={() => void assignment.refetch()} />;
  const a = assignment.data;
  const canReport = me.data?.can.report === true;
  const awaitingAcknowledgement = a.acknowledgedAt === null && a.phase !== 'closed';
  const period = reportablePeriod(a);
  const canReview = me.data?.can.review === true;
  const awaitingReview = a.status?.periods.find((p) => p.status === 'submitted') ?? null;

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" align="start" wrap gap={12}>
          <div style={{ flex: '1 1 320px', minWidth: 0 }}>
            <Typography.Text type="secondary">{a.task ? `${a.task.number} ${a.task.title}` : t('target')}</Typography.Text>
            <Typography.Title level={4} style={{ marginTop: 4 }} data-testid="target-text">
              {a.target.text}
            </Typography.Title>
          </div>
          {me.data?.can.readEverything ? (
            <Link to={`/audit-trail/tasks/${a.id}`} data-testid="open-timeline">
              {t('auditOpenTimeline')}
            </Link>
          ) : null}
          {canReport && awaitingAcknowledgement ? (
            <Button type="primary" size="large" loading={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
              {t('acknowledge')}
            </Button>
          ) : a.acknowledgedAt ? (
            <Tag color="success">{t('acknowledged')}</Tag>
          ) : null}
        </Flex>
        {acknowledge.isError ? <ErrorAlert error={acknowledge.error} onRetry={() => acknowledge.mutate()} /> : null}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('unit')}>
            {a.unit}（{t(a.role)}）
          </Descriptions.Item>
          <Descriptions.Item label={t('phase')}>{t(phaseKey(a.phase))}</Descriptions.Item>
          <Descriptions.Item label={t('acknowledgedAt')}>{formatInstant(a.acknowledgedAt, language)}</Descriptions.Item>
          {a.task?.leader ? <Descriptions.Item label={t('taskLeader')}>{a.task.leader}</Descriptions.Item> : null}
          {a.escalationLevel ? (
            <Descriptions.Item label={t('escalation')}>
              <Tag color="volcano">{t(a.escalationLevel)}</Tag>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Card title={t('indicators')}>
        {wide ? (
          <Table<Indicator>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={a.indicators}
            columns={[
              { title: t('metric'), dataIndex: 'metric', render: (_, i) => i.metric ?? '—' },
              { title: t('kind'), dataIndex: 'kind', render: (_, i) => kindText(i.kind, language) },
              {
                title: t('comparator'),
                dataIndex: 'comparator',
                render: (_, i) => comparatorText(isMilestone(i) ? 'done' : i.comparator, language),
              },
              { title: t('targetValue'), dataIndex: 'value', render: (_, i) => targetFigure(i, language) },
              { title: t('measureUnit'), dataIndex: 'unit', render: (_, i) => i.unit ?? '—' },
            ]}
          />
        ) : (
          // A phone: one indicator per block, nothing to scroll sideways.
          <Flex vertical gap={8} data-testid="indicator-list">
            {a.indicators.map((i) => (
              <div key={i.id} className="indicator-item">
                <Typography.Text strong>{i.metric ?? '—'}</Typography.Text>
                <div>
                  <Typography.Text>{requirementText(i, language)}</Typography.Text>
                  <Typography.Text type="secondary"> · {kindText(i.kind, language)}</Typography.Text>
                </div>
              </div>
            ))}
          </Flex>
        )}
      </Card>

      <Card title={t('periods')}>
        <Table<Period>
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={a.status?.periods ?? []}
          columns={[
            { title: t('period'), dataIndex: 'label' },
            { title: t('dueAt'), dataIndex: 'deadlineAt', render: (_, p) => formatInstant(p.deadlineAt, language) },
            { title: t('periodStatus'), dataIndex: 'status', render: (_, p) => <PeriodStatusTag status={p.status} overdue={p.overdue} /> },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('timeZoneNote')}
        </Typography.Text>
      </Card>

      {canReport ? (
        <Card title={period ? `${t('reportOf')}${period.label}` : t('report')}>
          {awaitingAcknowledgement ? (
            <Typography.Paragraph>{t('acknowledgeFirst')}</Typography.Paragraph>
          ) : period ? (
            <ReportForm key={`${period.key}-${period.submissions}`} assignment={a} period={period} />
          ) : (
            <Typography.Paragraph>{t('noOpenPeriod')}</Typography.Paragraph>
          )}
        </Card>
      ) : null}

      {canReview && awaitingReview ? (
        <Card title={`${t('reviewOf')}${awaitingReview.label}`}>
          <ReviewPanel key={`${awaitingReview.key}-${awaitingReview.submissions}`} assignment={a} period={awaitingReview} />
        </Card>
      ) : null}

      <Card title={t('history')}>
        <ReportHistory reports={a.reports} assignment={a} />
      </Card>
    </Flex>
  );
}

function ReportHistory({ reports, assignment }: { reports: Report[]; assignment: AssignmentDetail }) {
  const { t, language } = useI18n();
  if (reports.length === 0) return <Empty description={t('noHistory')} />;
  const labelOf = (key: string) => assignment.status?.periods.find((p) => p.key === key)?.label ?? key;
  const sorted = [...reports].sort((x, y) => y.submittedAt.localeCompare(x.submittedAt));
  return (
    <Timeline
      items={sorted.map((report) => ({
        color: report.status === 'approved' ? 'green' : report.status === 'returned' ? 'orange' : 'blue',
        content: (
          <div data-testid="report-history-item">
            <Typography.Text strong>
              {labelOf(report.periodKey)} · {t('version', { n: report.version })}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">
              {t('submittedAt')} {formatInstant(report.submittedAt, language)}
            </Typography.Text>
            <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
              {report.values.map((v) => {
                const indicator = assignment.indicators.find((i) => i.id === v.indicatorId);
                const answer =
                  v.done !== null
                    ? v.done
                      ? t('done')
                      : t('notDone')
                    : v.value === null
                      ? '—'
                      : `${v.value}${indicator?.unit ? ` ${indicator.unit}` : ''}`;
                return (
                  <li key={v.indicatorId}>
                    {indicator?.metric ?? v.indicatorId}：{answer}
                  </li>
                );
              })}
            </ul>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{report.narrative}</Typography.Paragraph>
            {report.evidence.length > 0 ? (
              <Typography.Text type="secondary">
                {t('evidence')}：{report.evidence.map((e) => `${e.title}（${e.uri}）`).join('；')}
              </Typography.Text>
            ) : null}
            {report.review ? (
              <div style={{ marginTop: 4 }}>
                <Space wrap>
                  <Tag color={report.review.decision === 'approve' ? 'success' : 'warning'}>
                    {report.review.decision === 'approve' ? t('approved') : t('returned')}
                  </Tag>
                  <Typography.Text type="secondary">
                    {t('reviewedAt')} {formatInstant(report.review.reviewedAt, language)}
                  </Typography.Text>
                </Space>
                {report.review.comment ? (
                  <Typography.Paragraph style={{ marginTop: 4 }}>{report.review.comment}</Typography.Paragraph>
                ) : null}
              </div>
            ) : (
              <Tag>{t('submitted')}</Tag>
            )}
          </div>
        ),
      }))}
    />
  );
}
