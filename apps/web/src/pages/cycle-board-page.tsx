import { Button, Card, Col, Drawer, Empty, Flex, Progress, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, dataOrThrow, type Schemas } from '../api/client';
import { saveDownload } from '../api/download';
import { ApiErrorView, ErrorAlert } from '../components/api-error-view';
import { SupervisionNoticeButton } from '../components/supervision-notice-button';
import { EscalationReason } from '../components/escalation-reason';
import { PeriodStatusTag, TrafficLight } from '../components/words';
import { useI18n, type MessageKey } from '../i18n';
import { useMe } from '../layout';
import { formatInstant } from '../time';
import { CyclePhaseTag } from './cycles-page';

type Board = Schemas['CycleBoardResponse'];
type BoardUnit = Board['units'][number];
type BoardCell = BoardUnit['cells'][number];
type BoardState = keyof BoardCell['counts'];
type Escalation = Schemas['EscalationPageResponse']['items'][number];
type Assignment = Schemas['AssignmentPageResponse']['items'][number];

/** Worst first: the order a cell names its counts in. */
const stateOrder: BoardState[] = ['overdue', 'missed', 'returned', 'open', 'unreviewed', 'submitted', 'approved', 'not_open'];
const levels = ['reminder', 'supervision', 'interview'] as const;
const cellColors = {
  red: { border: '#cf1322', background: '#fff1f0' },
  yellow: { border: '#d48806', background: '#fffbe6' },
  green: { border: '#389e0d', background: '#f6ffed' },
} as const;
const REFRESH_MS = 10_000;

function useCellSummary() {
  const { t } = useI18n();
  return (cell: BoardCell) =>
    stateOrder
      .filter((state) => cell.counts[state] > 0)
      .map((state) => `${t(`boardState_${state}` as MessageKey)} ${cell.counts[state]}`)
      .concat(cell.escalated > 0 ? [`${t('boardEscalated')} ${cell.escalated}`] : []);
}

/** One cell of the grid: the unit's assignments in a period by state, coloured by the worst; a click lists them. */
function GridCell({ unit, cell, periodLabel, onOpen }: { unit: string; cell: BoardCell; periodLabel: string; onOpen: () => void }) {
  const { t } = useI18n();
  const summary = useCellSummary()(cell);
  if (cell.total === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const colors = cellColors[cell.light];
  return (
    <button
      type="button"
      className="board-cell"
      data-testid={`board-cell-${unit}-${cell.periodKey}`}
      data-light={cell.light}
      aria-label={t('boardCellLabel', { unit, period: periodLabel, light: t(cell.light), summary: summary.join('，') })}
      onClick={onOpen}
      style={{ borderLeftColor: colors.border, background: colors.background }}
    >
      <TrafficLight light={cell.light} />
      <span className="board-cell-counts">
        {summary.map((line) => (
          <span key={line}>{line}</span>
        ))}
      </span>
    </button>
  );
}

function ShareBar({ n, total, color, label }: { n: number; total: number; color?: string; label: string }) {
  const { t } = useI18n();
  return (
    <Flex align="center" gap={8}>
      <Progress
        percent={total === 0 ? 0 : Math.round((n / total) * 100)}
        size="small"
        showInfo={false}
        strokeColor={color}
        aria-label={`${label} ${t('boardOfTotal', { n, total })}`}
        style={{ flex: '1 1 80px', margin: 0, minWidth: 60 }}
      />
      <span style={{ whiteSpace: 'nowrap' }}>{t('boardOfTotal', { n, total })}</span>
    </Flex>
  );
}

/** The assignments of one unit in this cycle (the API's list narrowed to the unit), each linking to its page. */
function UnitAssignments({ cycleId, unit, periodKey }: { cycleId: string; unit: string; periodKey: string }) {
  const { t } = useI18n();
  const list = useInfiniteQuery({
    queryKey: ['cycle-assignments', cycleId, unit],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await dataOrThrow(
          api.GET('/cycles/{cycleId}/assignments', {
            params: { path: { cycleId }, query: { unit, limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
          }),
        )
      ).data,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  if (list.isError) return <ApiErrorView error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <Table<Assignment>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: t('target'),
            dataIndex: ['target', 'text'],
            render: (_, a) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/tasks/${a.id}`}>{a.target.text}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.task ? `${a.task.number} ${a.task.title} · ` : ''}
                  {t(a.role)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('periodStatus'),
            key: 'period',
            width: 150,
            render: (_, a) => {
              const period = a.status?.periods.find((p) => p.key === periodKey);
              return period ? (
                <Space size={4} wrap>
                  <PeriodStatusTag
                    status={period.status}
                    overdue={period.overdue && period.status !== 'approved' && period.status !== 'submitted'}
                  />
                  {period.escalationLevel ? <Tag color="volcano">{t(period.escalationLevel)}</Tag> : null}
                </Space>
              ) : (
                '—'
              );
            },
          },
        ]}
      />
      {list.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}

function EscalationList({ cycleId }: { cycleId: string }) {
  const { t, language } = useI18n();
  const list = useInfiniteQuery({
    queryKey: ['cycle-escalations', cycleId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await dataOrThrow(
          api.GET('/cycles/{cycleId}/escalations', {
            params: { path: { cycleId }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          }),
        )
      ).data,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
  });
  if (list.isError) return <ApiErrorView error={list.error} onRetry={() => void list.refetch()} />;
  // Newest first: the API lists oldest first, a page at a time.
  const items = [...(list.data?.pages.flatMap((page) => page.items) ?? [])].reverse();
  return (
    <>
      <Table<Escalation>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('boardNoEscalations') }}
        columns={[
          {
            title: t('boardEscalationLevel'),
            dataIndex: 'level',
            width: 80,
            render: (_, e) => (
              <Tag color={e.level === 'reminder' ? 'gold' : e.level === 'supervision' ? 'volcano' : 'red'}>{t(e.level)}</Tag>
            ),
          },
          { title: t('boardUnit'), dataIndex: 'unit', width: 130 },
          { title: t('boardPeriodKey'), dataIndex: 'periodKey', width: 70, responsive: ['sm'] },
          {
            title: t('target'),
            dataIndex: 'targetText',
            render: (_, e) => <Link to={`/tasks/${e.assignmentId}`}>{e.targetText}</Link>,
          },
          {
            title: t('boardEscalationReason'),
            dataIndex: 'reason',
            width: 320,
            responsive: ['md'],
            render: (_: string, e: Escalation) => <EscalationReason escalation={e} />,
          },
          {
            title: t('boardRaisedAt'),
            dataIndex: 'raisedAt',
            width: 170,
            responsive: ['md'],
            render: (_, e) => formatInstant(e.raisedAt, language),
          },
          {
            title: t('docSupervisionNotice'),
            key: 'notice',
            width: 110,
            render: (_, e) => <SupervisionNoticeButton escalation={e} />,
          },
        ]}
      />
      {list.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}

/**
 * 周期看板 of one cycle: decomposition, reporting progress per period, the unit × period
 * grid of report states with 红/黄/绿, escalations by level. One aggregated call
 * (`GET /cycles/{id}/board`, counted in the database), refreshed every 10 s; the
 * escalation list pages beside it.
 */
export function CycleBoardPage() {
  const { cycleId = '' } = useParams();
  const { t, language } = useI18n();
  const me = useMe();
  const [open, setOpen] = useState<{ unit: string; periodKey: string; periodLabel: string } | null>(null);
  const board = useQuery({
    queryKey: ['cycle-board', cycleId],
    queryFn: async () => (await dataOrThrow(api.GET('/cycles/{cycleId}/board', { params: { path: { cycleId } } }))).data,
    refetchInterval: REFRESH_MS,
  });

  const downloads = useMutation({
    mutationFn: (what: { kind: 'ledger' } | { kind: 'bulletin'; periodKey: string }) =>
      what.kind === 'ledger'
        ? saveDownload(api.GET('/cycles/{cycleId}/ledger.xlsx', { params: { path: { cycleId } }, parseAs: 'blob' }), 'ledger.xlsx')
        : saveDownload(
            api.GET('/cycles/{cycleId}/periods/{periodKey}/bulletin.docx', {
              params: { path: { cycleId, periodKey: what.periodKey } },
              parseAs: 'blob',
            }),
            `bulletin-${what.periodKey}.docx`,
          ),
  });

  if (board.isPending) return <Spin size="large" />;
  if (board.isError) return <ApiErrorView error={board.error} onRetry={() => void board.refetch()} />;
  const b = board.data;
  const decomposition = b.decomposition;
  const mayEvaluate = me.data?.role === 'coordinator' || me.data?.role === 'department' || me.data?.role === 'auditor';
  // The 季通报 and the 台账 name every unit: coordinators and auditors.
  const mayReadAll = me.data?.role === 'coordinator' || me.data?.role === 'auditor';

  return (
    <Flex vertical gap={16}>
      <div>
        <Link to="/cycle-board">← {t('boardBack')}</Link>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {b.planTitle}
            </Typography.Title>
            <CyclePhaseTag phase={b.phase} />
          </Space>
          <Space wrap>
            <Typography.Text type="secondary">{t('boardUpdatedAt', { at: formatInstant(b.generatedAt, language) })}</Typography.Text>
            <Button onClick={() => void board.refetch()} loading={board.isFetching}>
              {t('boardRefresh')}
            </Button>
            {mayReadAll ? (
              <Button
                onClick={() => downloads.mutate({ kind: 'ledger' })}
                loading={downloads.isPending && downloads.variables.kind === 'ledger'}
              >
                {t('docLedger')}
              </Button>
            ) : null}
            {mayEvaluate ? (
              <Link to={`/cycle-board/${cycleId}/evaluation`}>
                <Button type="primary">{t('boardEvaluation')}</Button>
              </Link>
            ) : null}
          </Space>
        </Flex>
      </div>

      {downloads.isError ? <ErrorAlert error={downloads.error} onRetry={() => downloads.mutate(downloads.variables)} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small" title={t('boardDecomposition')} style={{ height: '100%' }}>
            <Progress
              type="dashboard"
              size={96}
              status="normal"
              percent={decomposition.total === 0 ? 0 : Math.round((decomposition.started / decomposition.total) * 100)}
              aria-label={t('boardDecompositionOf', { started: decomposition.started, total: decomposition.total })}
            />
            <div>{t('boardDecompositionOf', { started: decomposition.started, total: decomposition.total })}</div>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title={t('boardEscalations')} style={{ height: '100%' }}>
            <Row gutter={16}>
              {levels.map((level) => (
                <Col span={6} key={level} data-testid={`escalations-${level}`}>
                  <Statistic
                    title={t(level)}
                    value={b.escalations[level]}
                    styles={{ content: { color: b.escalations[level] > 0 ? (level === 'reminder' ? '#d48806' : '#cf1322') : undefined } }}
                  />
                </Col>
              ))}
              <Col span={6}>
                <Statistic title={t('boardEscalationsTotal')} value={b.escalations.total} />
              </Col>
            </Row>
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('boardPeriodProgress')}>
        <Table<Board['periods'][number]>
          rowKey="key"
          size="small"
          dataSource={b.periods}
          pagination={false}
          columns={[
            {
              title: t('period'),
              dataIndex: 'label',
              width: 90,
              render: (_, p) => <span style={{ whiteSpace: 'nowrap' }}>{p.label}</span>,
            },
            { title: t('dueAt'), dataIndex: 'dueAt', width: 170, responsive: ['md'], render: (_, p) => formatInstant(p.dueAt, language) },
            {
              title: t('boardReported'),
              key: 'reported',
              render: (_, p) => <ShareBar n={p.reported} total={p.total} label={`${p.label} ${t('boardReported')}`} />,
            },
            {
              title: t('boardApproved'),
              key: 'approved',
              render: (_, p) => <ShareBar n={p.approved} total={p.total} color="#389e0d" label={`${p.label} ${t('boardApproved')}`} />,
            },
            {
              title: t('boardOverdue'),
              key: 'overdue',
              render: (_, p) => <ShareBar n={p.overdue} total={p.total} color="#cf1322" label={`${p.label} ${t('boardOverdue')}`} />,
            },
            ...(mayReadAll
              ? [
                  {
                    title: t('docBulletin'),
                    key: 'bulletin',
                    width: 90,
                    render: (_: unknown, p: Board['periods'][number]) => (
                      <Button
                        size="small"
                        aria-label={t('docBulletinOf', { period: p.label })}
                        onClick={() => downloads.mutate({ kind: 'bulletin', periodKey: p.key })}
                      >
                        {t('docBulletin')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('boardGrid')}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('boardGridIntro')}
        </Typography.Paragraph>
        <Table<BoardUnit>
          rowKey="unit"
          size="small"
          dataSource={b.units}
          data-testid="board-grid"
          pagination={false}
          scroll={{ x: 160 + b.periods.length * 150 }}
          locale={{ emptyText: <Empty description={t('boardNoUnits')} /> }}
          columns={[
            {
              title: t('boardUnit'),
              dataIndex: 'unit',
              fixed: 'left',
              width: 160,
              render: (_, u) => (
                <Space orientation="vertical" size={0}>
                  <span>{u.unit}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('boardAssignments')} {u.assignments}
                  </Typography.Text>
                </Space>
              ),
            },
            ...b.periods.map((p, index) => ({
              title: p.label,
              key: p.key,
              width: 150,
              render: (_: unknown, u: BoardUnit) => {
                const cell = u.cells[index];
                return cell ? (
                  <GridCell
                    unit={u.unit}
                    cell={cell}
                    periodLabel={p.label}
                    onOpen={() => setOpen({ unit: u.unit, periodKey: p.key, periodLabel: p.label })}
                  />
                ) : null;
              },
            })),
          ]}
        />
      </Card>

      <Card size="small" title={t('boardEscalations')}>
        <EscalationList cycleId={cycleId} />
      </Card>

      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${t('boardUnitAssignments', { unit: open.unit })} · ${open.periodLabel}` : ''}
        size="large"
        destroyOnHidden
      >
        {open ? <UnitAssignments cycleId={cycleId} unit={open.unit} periodKey={open.periodKey} /> : null}
      </Drawer>
    </Flex>
  );
}
