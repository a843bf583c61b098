import { Alert, App as AntApp, Button, Flex, Input, Popconfirm, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError, type FieldIssue } from '../api/api-error';
import { issueText } from '../api/issue-words';
import { api, dataOrThrow, type RuleSetSimulation, type RuleSetVersion } from '../api/client';
import { ErrorAlert } from '../components/api-error-view';
import { useI18n } from '../i18n';

type Change = RuleSetSimulation['changed'][number];
type Flipped = Change['flipped'][number];

/** A labelled choice of cycle: those in `phases` (simulation: past drafting; amendment: running). */
function CyclePicker(props: { id: string; phases: readonly string[]; value: string | undefined; onChange: (id: string) => void }) {
  const { t } = useI18n();
  const cycles = useQuery({
    queryKey: ['cycles', 'rules-panels'],
    queryFn: async () => (await dataOrThrow(api.GET('/cycles', { params: { query: { limit: 100 } } }))).data.items,
  });
  return (
    <>
      <label htmlFor={props.id}>{t('simCycle')}</label>
      <Select
        id={props.id}
        style={{ minWidth: 280 }}
        loading={cycles.isPending}
        value={props.value}
        onChange={props.onChange}
        options={(cycles.data ?? []).filter((c) => props.phases.includes(c.phase)).map((c) => ({ value: c.id, label: c.planTitle }))}
      />
    </>
  );
}

const DECIDED_PHASES = ['published', 'decomposing', 'reporting', 'evaluating', 'closed'] as const;
const RUNNING_PHASES = ['published', 'decomposing', 'reporting'] as const;

const operatorSigns: Record<string, string> = {
  greaterThanInclusive: '≥',
  greaterThan: '>',
  lessThanInclusive: '≤',
  lessThan: '<',
  equal: '=',
  notEqual: '≠',
};

/** 「overdueGraceUnits ≥ 1 → ≥ 2」: a condition whose threshold or result differs between the versions. */
function FlippedView({ flipped }: { flipped: Flipped[] }) {
  const { t } = useI18n();
  return (
    <ul className="condition-list">
      {flipped.map((rule) => (
        <li key={rule.rule}>
          <Typography.Text strong>{rule.rule}</Typography.Text>{' '}
          <Tag color={rule.firedAfter ? 'processing' : 'default'}>{rule.firedAfter ? t('simRuleNowFires') : t('simRuleNoLongerFires')}</Tag>
          {rule.conditions.map((c, i) => {
            const sign = operatorSigns[c.operator] ?? c.operator;
            const side = (s: typeof c.before) => (s ? `${sign} ${JSON.stringify(s.value)}` : '—');
            return (
              <div key={`${c.fact}:${String(i)}`}>
                <Typography.Text code>{c.fact}</Typography.Text> = {JSON.stringify(c.factValue)}：{side(c.before)} → {side(c.after)}
              </div>
            );
          })}
        </li>
      ))}
    </ul>
  );
}

/**
 * What-if: the version run over a cycle's recorded decisions. Nothing is written; the answer
 * is every decision that would change, with the old and new outcome in a sentence and the
 * conditions that flipped.
 */
export function SimulationPanel({ version }: { version: RuleSetVersion }) {
  const { t, lookup } = useI18n();
  const [cycleId, setCycleId] = useState<string | undefined>();
  const simulate = useMutation({
    mutationFn: async (id: string) =>
      (
        await dataOrThrow(
          api.POST('/rule-sets/{ruleSetId}/versions/{version}/simulate', {
            params: { path: { ruleSetId: version.ruleSetId, version: version.version } },
            body: { cycleId: id, limit: 500 },
          }),
        )
      ).data,
  });
  const outcome = (o: string) => lookup(`outcome.${o}`) ?? o;
  const result = simulate.data;
  return (
    <Flex vertical gap={12} data-testid="rule-set-simulation">
      <Typography.Text type="secondary">{t('simIntro')}</Typography.Text>
      <Space wrap>
        <CyclePicker id="simulation-cycle" phases={DECIDED_PHASES} value={cycleId} onChange={setCycleId} />
        <Button
          type="primary"
          disabled={cycleId === undefined}
          loading={simulate.isPending}
          onClick={() => cycleId && simulate.mutate(cycleId)}
        >
          {t('simRun')}
        </Button>
      </Space>
      {simulate.isError ? <ErrorAlert error={simulate.error} /> : null}
      {result ? (
        <Flex vertical gap={12}>
          <Space size="large" wrap>
            <Statistic title={t('simExamined')} value={result.examined} />
            <Statistic title={t('simChanged')} value={result.changedTotal} />
            <Statistic title={t('simElapsed')} value={result.elapsedMs} suffix="ms" />
          </Space>
          <Alert type="info" showIcon message={t('simNothingWritten')} />
          {result.moves.length > 0 ? (
            <Space wrap data-testid="simulation-moves">
              {result.moves.map((m) => (
                <Tag key={`${m.before}→${m.after}`}>
                  {outcome(m.before)} → {outcome(m.after)}：{m.count}
                </Tag>
              ))}
            </Space>
          ) : (
            <Typography.Text>{t('simNoChange')}</Typography.Text>
          )}
          {result.changedTotal > result.changed.length ? (
            <Typography.Text type="secondary">
              {t('simListed', { listed: result.changed.length, total: result.changedTotal })}
            </Typography.Text>
          ) : null}
          {result.changed.length > 0 ? (
            <Table<Change>
              rowKey="decisionId"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={result.changed}
              columns={[
                { title: t('unit'), dataIndex: 'unit', render: (u: string | null) => u ?? '—' },
                {
                  title: t('target'),
                  dataIndex: 'target',
                  render: (_, c) =>
                    c.assignmentId ? <Link to={`/audit-trail/tasks/${c.assignmentId}`}>{c.target ?? c.assignmentId}</Link> : '—',
                },
                { title: t('period'), dataIndex: 'periodKey', width: 72, render: (p: string | null) => p ?? '—' },
                {
                  title: t('simBeforeAfter'),
                  key: 'move',
                  width: 160,
                  render: (_, c) => (
                    <Space size={4} wrap>
                      <Tag>{outcome(c.before.outcome)}</Tag>→<Tag color="processing">{outcome(c.after.outcome)}</Tag>
                    </Space>
                  ),
                },
                {
                  title: t('simWhy'),
                  key: 'why',
                  render: (_, c) => (
                    <Flex vertical gap={4}>
                      <Typography.Text type="secondary">
                        {t('simNow')}：{c.before.sentence}
                      </Typography.Text>
                      <Typography.Text>
                        {t('simWould')}：{c.after.sentence}
                      </Typography.Text>
                      <FlippedView flipped={c.flipped} />
                    </Flex>
                  ),
                },
              ]}
            />
          ) : null}
        </Flex>
      ) : null}
    </Flex>
  );
}

/**
 * Amend a running cycle to this (published) version, with a reason: from now on the cycle
 * decides with it; decisions already taken keep the version that took them.
 */
export function AmendPanel({ version }: { version: RuleSetVersion }) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [cycleId, setCycleId] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const cycle = useQuery({
    queryKey: ['cycle', cycleId],
    enabled: cycleId !== undefined,
    queryFn: async () => (await dataOrThrow(api.GET('/cycles/{cycleId}', { params: { path: { cycleId: cycleId ?? '' } } }))).data,
  });
  const pinned = cycle.data?.ruleSets.find((p) => p.id === version.ruleSetId)?.version;
  const amend = useMutation({
    mutationFn: async () =>
      (
        await dataOrThrow(
          api.POST('/cycles/{cycleId}/rule-set-amendments', {
            params: { path: { cycleId: cycleId ?? '' } },
            body: {
              ruleSet: { id: version.ruleSetId as 'escalation', version: version.version },
              reason,
              idempotencyKey: `web-amend-${cycleId ?? ''}-${version.ruleSetId}-${version.version}`,
            },
          }),
        )
      ).data,
    onSuccess: async () => {
      setIssues([]);
      void message.success(t('amendDone', { version: version.version }));
      await queryClient.invalidateQueries({ queryKey: ['cycle', cycleId] });
    },
    onError: (error) => setIssues(isApiError(error) ? error.issues : []),
  });
  return (
    <Flex vertical gap={12} data-testid="rule-set-amend">
      <Typography.Text type="secondary">{t('amendIntro')}</Typography.Text>
      <Space wrap>
        <CyclePicker id="amend-cycle" phases={RUNNING_PHASES} value={cycleId} onChange={setCycleId} />
        {pinned ? <Typography.Text>{t('amendCurrent', { version: pinned })}</Typography.Text> : null}
      </Space>
      {cycle.isError ? <ErrorAlert error={cycle.error} /> : null}
      <Input.TextArea
        aria-label={t('amendReason')}
        placeholder={t('amendReason')}
        autoSize={{ minRows: 2, maxRows: 4 }}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {issues.length > 0 ? (
        <Alert type="error" showIcon role="alert" message={issues.map((issue) => issueText(issue, language)).join('；')} />
      ) : amend.isError ? (
        <ErrorAlert error={amend.error} />
      ) : null}
      <Space wrap>
        <Popconfirm title={t('amendConfirm', { version: version.version })} onConfirm={() => amend.mutate()}>
          <Button type="primary" disabled={cycleId === undefined || reason.trim().length < 2} loading={amend.isPending}>
            {t('amendRun')}
          </Button>
        </Popconfirm>
        {amend.data ? (
          <Typography.Text data-testid="amend-result">
            {t('amendResult', { from: amend.data.fromVersion ?? '', to: amend.data.toVersion ?? '' })}
          </Typography.Text>
        ) : null}
      </Space>
    </Flex>
  );
}
