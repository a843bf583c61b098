import { App as AntApp, Alert, Button, Card, Empty, Flex, Popconfirm, Progress, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/api-error';
import { api, dataOrThrow, type Indicator, type Schemas } from '../api/client';
import { saveDownload } from '../api/download';
import { ApiErrorView, ErrorAlert } from '../components/api-error-view';
import { requirementText } from '../components/words';
import { useI18n, type Language, type MessageKey } from '../i18n';
import { useMe } from '../layout';
import { formatInstant } from '../time';
import { CyclePhaseTag } from './cycles-page';

// ECharts comes in its own chunk, only when a ranking is drawn.
const UnitScoreChart = lazy(() => import('./unit-score-chart'));

type Evaluation = Schemas['EvaluationResponse'];
type Result = NonNullable<Evaluation['result']>;
type UnitScore = Result['units'][number];
type IndicatorEvaluation = Result['indicators'][number];

const outcomeColors: Record<IndicatorEvaluation['outcome'], string> = {
  exceeded: 'success',
  met: 'blue',
  not_met: 'error',
  no_data: 'default',
};
/** While an evaluation runs: its progress every 2 s. Otherwise every 15 s (the calendar may start it by itself). */
const POLL_MS = 2_000;
const IDLE_MS = 15_000;

function formatNumber(value: number, language: Language, digits = 2): string {
  return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits }).format(value);
}
const percent = (share: number | null, language: Language) => (share === null ? '—' : `${formatNumber(share * 100, language)}%`);

/** The indicator as the console's words write a requirement (不低于 500 家). */
function requirementOf(indicator: IndicatorEvaluation, language: Language): string {
  const asIndicator: Indicator = {
    id: indicator.indicatorId,
    metric: indicator.metric,
    kind: indicator.kind,
    comparator: indicator.comparator,
    value: indicator.target,
    max: indicator.max,
    unit: indicator.unit,
    stretch: indicator.stretch,
    baseline: indicator.baseline,
    tolerance: null,
  };
  return requirementText(asIndicator, language);
}

function achievedOf(indicator: IndicatorEvaluation, language: Language, t: (key: MessageKey) => string): string {
  if (indicator.done !== null) return indicator.done ? t('done') : t('notDone');
  if (indicator.achieved === null) return '—';
  return `${formatNumber(indicator.achieved, language, 4)}${indicator.unit ? ` ${indicator.unit}` : ''}`;
}

/**
 * 年终考核 of a cycle: the coordinator starts it (202, then the cycle's evaluation progress
 * until done); then unit scores and ranking (table and chart), attainment per indicator,
 * the 工作总结, and the workbook. A department sees what the API shows it: its own figures.
 */
export function EvaluationPage() {
  const { cycleId = '' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const isCoordinator = me.data?.role === 'coordinator';
  const [started, setStarted] = useState(false);
  const evaluating = () => started || queryClient.getQueryData<{ phase?: string }>(['cycle', cycleId])?.phase === 'evaluating';

  const evaluation = useQuery({
    queryKey: ['evaluation', cycleId],
    queryFn: async () => {
      try {
        return (await dataOrThrow(api.GET('/cycles/{cycleId}/evaluation', { params: { path: { cycleId } } }))).data;
      } catch (error) {
        // Not evaluated yet: a state of the page, not an error.
        if (isApiError(error) && error.status === 404 && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
    refetchInterval: (query) =>
      query.state.data?.status === 'completed' ? false : query.state.data?.status === 'running' || evaluating() ? POLL_MS : IDLE_MS,
  });
  const cycle = useQuery({
    queryKey: ['cycle', cycleId],
    queryFn: async () => (await dataOrThrow(api.GET('/cycles/{cycleId}', { params: { path: { cycleId } } }))).data,
    refetchInterval: () =>
      evaluation.data?.status === 'completed' ? false : evaluation.data?.status === 'running' || evaluating() ? POLL_MS : IDLE_MS,
  });
  const start = useMutation({
    mutationFn: async () =>
      dataOrThrow(
        api.POST('/cycles/{cycleId}/evaluation', {
          params: { path: { cycleId } },
          body: { idempotencyKey: `web-evaluation-${crypto.randomUUID()}` },
        }),
      ),
    onSuccess: async () => {
      setStarted(true);
      void message.success(t('boardEvaluationStarted'));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycleId] });
      await queryClient.invalidateQueries({ queryKey: ['evaluation', cycleId] });
    },
  });
  const download = useMutation({
    mutationFn: (what: 'xlsx' | 'summary') =>
      what === 'xlsx'
        ? saveDownload(
            api.GET('/cycles/{cycleId}/evaluation.xlsx', { params: { path: { cycleId } }, parseAs: 'blob' }),
            `evaluation-${cycleId.slice(0, 8)}.xlsx`,
          )
        : saveDownload(
            api.GET('/cycles/{cycleId}/summary.docx', { params: { path: { cycleId } }, parseAs: 'blob' }),
            `summary-${cycleId.slice(0, 8)}.docx`,
          ),
    onSuccess: () => void message.success(t('boardDownloaded')),
  });

  if (evaluation.isPending || cycle.isPending) return <Spin size="large" />;
  if (cycle.isError) return <ApiErrorView error={cycle.error} onRetry={() => void cycle.refetch()} />;
  if (evaluation.isError) return <ApiErrorView error={evaluation.error} onRetry={() => void evaluation.refetch()} />;
  const c = cycle.data;
  const e = evaluation.data;
  const progress = c.progress.evaluation;
  const result = e?.status === 'completed' ? e.result : null;
  // Started (by the coordinator now, or by the calendar) but not finished: show how far it is.
  const inProgress = (e !== null && e.status === 'running') || (start.isSuccess && result === null) || c.phase === 'evaluating';

  const header = (
    <div>
      <Link to={`/cycle-board/${cycleId}`}>← {t('boardOpenBoard')}</Link>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('boardEvaluation')} · {c.planTitle}
          </Typography.Title>
          <CyclePhaseTag phase={c.phase} />
        </Space>
        <Space wrap>
          {result ? (
            <Button onClick={() => download.mutate('xlsx')} loading={download.isPending && download.variables === 'xlsx'}>
              {t('boardDownloadXlsx')}
            </Button>
          ) : null}
          {result && e?.summaryText ? (
            <Button onClick={() => download.mutate('summary')} loading={download.isPending && download.variables === 'summary'}>
              {t('docSummary')}
            </Button>
          ) : null}
          {isCoordinator && e === null && !inProgress ? (
            <Popconfirm
              title={t('boardEvaluationConfirm')}
              onConfirm={() => start.mutate()}
              okText={t('boardEvaluationStart')}
              cancelText={t('boardBulkCancel')}
            >
              <Button type="primary" loading={start.isPending}>
                {t('boardEvaluationStart')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      </Flex>
    </div>
  );

  return (
    <Flex vertical gap={16}>
      {header}
      {start.isError ? <ErrorAlert error={start.error} onRetry={() => start.mutate()} /> : null}
      {download.isError ? <ErrorAlert error={download.error} onRetry={() => download.mutate(download.variables)} /> : null}
      {result === null && inProgress ? (
        <Card>
          <Typography.Paragraph>
            {t('boardEvaluationRunning', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
          </Typography.Paragraph>
          <Progress
            percent={progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0}
            status="active"
            aria-label={t('boardEvaluationRunning', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
            data-testid="evaluation-progress"
          />
        </Card>
      ) : null}
      {result === null && !inProgress ? (
        <Card>
          <Empty description={isCoordinator ? t('boardEvaluationNone') : t('boardEvaluationNoneDept')} />
        </Card>
      ) : null}
      {result && e ? <EvaluationResult evaluation={e} result={result} /> : null}
    </Flex>
  );
}

function EvaluationResult({ evaluation, result }: { evaluation: Evaluation; result: Result }) {
  const { t, language } = useI18n();
  const units = [...result.units].sort((a, b) => a.rank - b.rank);
  const ownView = result.unitsRanked !== undefined;
  return (
    <>
      <Typography.Text type="secondary">
        {t('boardEvaluatedAt', { at: formatInstant(evaluation.completedAt ?? result.evaluatedAt, language) })}
        {result.totals
          ? ` · ${t('boardTotals', { n: result.totals.indicators, rate: percent(result.totals.completionRate, language) })}`
          : ''}
      </Typography.Text>
      {ownView && units[0] ? (
        <Alert type="info" showIcon title={t('boardOwnRank', { rank: units[0].rank, of: result.unitsRanked ?? units.length })} />
      ) : null}

      <Card size="small" title={t('boardRanking')}>
        <Flex gap={24} wrap>
          <div style={{ flex: '1 1 560px', minWidth: 0 }}>
            <Table<UnitScore>
              rowKey="unit"
              size="small"
              dataSource={units}
              pagination={false}
              scroll={{ x: 560 }}
              data-testid="ranking-table"
              columns={[
                { title: t('boardRank'), dataIndex: 'rank', width: 56 },
                { title: t('boardUnit'), dataIndex: 'unit', render: (_, u) => <span style={{ whiteSpace: 'nowrap' }}>{u.unit}</span> },
                { title: t('boardScore'), dataIndex: 'score', width: 80, render: (_, u) => formatNumber(u.score, language) },
                { title: t('boardIndicatorCount'), dataIndex: 'indicators', width: 90 },
                ...(['exceeded', 'met', 'not_met', 'no_data'] as const).map((outcome) => ({
                  title: t(`boardOutcome_${outcome}`),
                  key: outcome,
                  width: 76,
                  render: (_: unknown, u: UnitScore) => u.outcomes[outcome],
                })),
              ]}
            />
          </div>
          {units.length > 1 ? (
            <div style={{ flex: '1 1 320px', minWidth: 0 }}>
              <Suspense fallback={<Spin />}>
                <UnitScoreChart units={units} label={t('boardChart')} scoreLabel={t('boardScore')} />
              </Suspense>
            </div>
          ) : null}
        </Flex>
      </Card>

      <Card size="small" title={t('boardAttainment')}>
        <Table<IndicatorEvaluation>
          rowKey="indicatorId"
          size="small"
          dataSource={result.indicators}
          pagination={result.indicators.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 980 }}
          columns={[
            {
              title: t('target'),
              dataIndex: 'targetText',
              render: (_, i) => (
                <Space orientation="vertical" size={0}>
                  <span>{i.targetText}</span>
                  {i.taskNumber ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('task')} {i.taskNumber}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            { title: t('boardIndicator'), dataIndex: 'metric', width: 150, render: (_, i) => i.metric ?? '—' },
            { title: t('boardRequirement'), key: 'requirement', width: 150, render: (_, i) => requirementOf(i, language) },
            { title: t('boardAchieved'), key: 'achieved', width: 130, render: (_, i) => achievedOf(i, language, t) },
            { title: t('boardShare'), dataIndex: 'shareOfTarget', width: 90, render: (_, i) => percent(i.shareOfTarget, language) },
            {
              title: t('boardGrowth'),
              dataIndex: 'growth',
              width: 90,
              render: (_, i) => (i.growth === null ? '—' : `${formatNumber(i.growth, language)}%`),
            },
            {
              title: t('boardOutcome'),
              dataIndex: 'outcome',
              width: 90,
              render: (_, i) => <Tag color={outcomeColors[i.outcome]}>{t(`boardOutcome_${i.outcome}`)}</Tag>,
            },
            {
              title: t('boardUnitsOf'),
              key: 'units',
              width: 200,
              render: (_, i) => i.units.map((u) => `${u.unit}（${t(u.role)}）${formatNumber(u.points, language)}`).join('；'),
            },
          ]}
        />
      </Card>

      {evaluation.summaryText ? (
        <Card size="small" title={t('boardSummary')}>
          <div data-testid="evaluation-summary" className="evaluation-summary">
            {evaluation.summaryText.split('\n').map((line, index) => (
              <Typography.Paragraph key={index} style={index === 0 ? { fontWeight: 600 } : undefined}>
                {line}
              </Typography.Paragraph>
            ))}
          </div>
        </Card>
      ) : null}
    </>
  );
}
