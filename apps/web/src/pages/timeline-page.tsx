import { Alert, Card, Collapse, Descriptions, Flex, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, dataOrThrow, type AssignmentHistory, type TimelineStep } from '../api/client';
import { ApiErrorView } from '../components/api-error-view';
import { useI18n } from '../i18n';
import { formatInstant } from '../time';

/** A rule's trace as the API stores it with a decision: fired or not, each condition with the value seen. */
interface RuleTrace {
  rule: string;
  fired: boolean;
  event?: string;
  conditions: ConditionTrace;
}
type ConditionTrace =
  | { all: ConditionTrace[]; result: boolean | null }
  | { any: ConditionTrace[]; result: boolean | null }
  | { not: ConditionTrace; result: boolean | null }
  | { fact: string; operator: string; value: unknown; factResult?: unknown; valueResult?: unknown; result: boolean | null };

function leavesOf(condition: ConditionTrace): Extract<ConditionTrace, { fact: string }>[] {
  if ('fact' in condition) return [condition];
  if ('all' in condition) return condition.all.flatMap(leavesOf);
  if ('any' in condition) return condition.any.flatMap(leavesOf);
  return leavesOf(condition.not);
}

function isRuleTraceList(value: unknown): value is RuleTrace[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null && 'rule' in r && 'conditions' in r);
}

/** A decision's explanation as the worker stores it: the deciding rule and every rule's trace. */
function explanationOf(conditions: unknown): { decidedBy: string | null; rules: RuleTrace[] } | null {
  if (isRuleTraceList(conditions)) return { decidedBy: null, rules: conditions };
  if (typeof conditions !== 'object' || conditions === null) return null;
  const { decidedBy, rules } = conditions as { decidedBy?: unknown; rules?: unknown };
  return isRuleTraceList(rules) ? { decidedBy: typeof decidedBy === 'string' ? decidedBy : null, rules } : null;
}

const show = (value: unknown) =>
  value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/**
 * Each rule of a decision and each of its conditions: what the engine compared and what it
 * saw. The rules that fired come first and open; the others fold away under one line.
 */
function ConditionsView({ conditions }: { conditions: unknown }) {
  const { t } = useI18n();
  const explanation = explanationOf(conditions);
  if (!explanation) return null;
  const fired = explanation.rules.filter((rule) => rule.fired);
  const others = explanation.rules.filter((rule) => !rule.fired);
  return (
    <Flex vertical gap={4} data-testid="decision-conditions">
      <Typography.Text type="secondary">{t('auditConditions')}：</Typography.Text>
      <RuleTraces rules={fired} decidedBy={explanation.decidedBy} />
      {others.length > 0 ? (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'others',
              label: t('auditOtherRules', { count: others.length }),
              children: <RuleTraces rules={others} decidedBy={null} />,
            },
          ]}
        />
      ) : null}
    </Flex>
  );
}

function RuleTraces({ rules, decidedBy }: { rules: RuleTrace[]; decidedBy: string | null }) {
  const { t } = useI18n();
  return (
    <>
      {rules.map((rule, index) => (
        <div key={`${rule.rule}-${String(index)}`}>
          <Space size={4} wrap>
            <Typography.Text code>{rule.rule}</Typography.Text>
            <Tag color={rule.fired ? 'blue' : 'default'}>{rule.fired ? t('auditRuleFired') : t('auditRuleNotFired')}</Tag>
            {rule.rule === decidedBy ? <Tag color="purple">{t('auditDecidingRule')}</Tag> : null}
          </Space>
          <ul className="condition-list">
            {leavesOf(rule.conditions).map((leaf, i) => (
              <li key={i}>
                <Typography.Text>
                  {leaf.fact} {leaf.operator} {show(leaf.valueResult ?? leaf.value)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary">
                  （{t('auditSaw')} {show(leaf.factResult)}）
                </Typography.Text>{' '}
                <Tag color={leaf.result ? 'success' : 'default'}>{leaf.result ? t('auditConditionHeld') : t('auditConditionFailed')}</Tag>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** Words for an audit action, a decision kind or an outcome; the API's term when the console has none. */
function useStepWords() {
  const { t, lookup: known } = useI18n();
  return {
    what: (step: TimelineStep) => known(step.kind === 'event' ? `action.${step.action}` : `decision.${step.action}`) ?? step.action,
    outcome: (outcome: string) => known(`outcome.${outcome}`) ?? outcome,
    who: (step: TimelineStep) => {
      if (step.kind === 'decision') return t('auditRuleEngine');
      const actor = step.actor;
      if (!actor) return t('auditSystem');
      if (actor.id === 'system:calendar') return t('auditCalendar');
      if (actor.id === 'system:rules') return t('auditRuleEngine');
      const role = known(`role.${actor.role}`) ?? actor.role;
      return [actor.name ?? actor.id, actor.unit, role].filter(Boolean).join(' · ');
    },
  };
}

function WorkflowEventView({ step }: { step: TimelineStep }) {
  const { t } = useI18n();
  const event = step.workflowEvent;
  if (!event) return <Typography.Text type="secondary">{t('auditTemporalEventNone')}</Typography.Text>;
  // An event of the history shown has its number; one of another workflow (a cycle's timeline) or run, its workflow id.
  const label = `${event.eventId !== null ? `#${String(event.eventId)} ${event.eventType ?? ''}` : event.workflowId} · activity ${event.activityId}`;
  return (
    <Space size={4} wrap data-testid="temporal-event">
      <Typography.Text type="secondary">{t('auditTemporalEvent')}：</Typography.Text>
      <Typography.Text code>{label}</Typography.Text>
      {event.url ? (
        <Typography.Link href={event.url} target="_blank" rel="noreferrer">
          {t('auditTemporalOpen')}
        </Typography.Link>
      ) : null}
    </Space>
  );
}

function StepView({ step, linkAssignments }: { step: TimelineStep; linkAssignments: boolean }) {
  const { t, language } = useI18n();
  const words = useStepWords();
  return (
    <Flex vertical gap={2} data-testid="timeline-step" data-action={step.action}>
      <Space size={6} wrap>
        <Typography.Text strong>{words.what(step)}</Typography.Text>
        {step.outcome ? <Tag color="geekblue">{words.outcome(step.outcome)}</Tag> : null}
        {step.periodKey ? <Tag>{step.periodKey}</Tag> : null}
        {linkAssignments && step.assignmentId ? (
          <Link to={`/audit-trail/tasks/${step.assignmentId}`}>{t('auditOpenAssignmentTimeline')}</Link>
        ) : null}
      </Space>
      <Typography.Text type="secondary">
        {formatInstant(step.at, language)} · {t('auditWho')}：{words.who(step)}
      </Typography.Text>
      {step.ruleSet ? (
        <Typography.Text>
          {t('auditRuleSet')}：
          <Typography.Text code>
            {step.ruleSet.id} v{step.ruleSet.version}
          </Typography.Text>
        </Typography.Text>
      ) : null}
      {step.explanation ? (
        <Typography.Paragraph style={{ margin: 0 }} data-testid="decision-explanation">
          {step.explanation}
        </Typography.Paragraph>
      ) : null}
      <ConditionsView conditions={step.conditions} />
      <WorkflowEventView step={step} />
    </Flex>
  );
}

/** Steps as a vertical timeline: decisions blue, escalations red, everything else green. */
export function TimelineSteps({ steps, linkAssignments = false }: { steps: TimelineStep[]; linkAssignments?: boolean }) {
  return (
    <Timeline
      items={steps.map((step) => ({
        key: `${step.kind}-${step.id}`,
        color: step.kind === 'decision' ? 'blue' : step.action.startsWith('escalation') ? 'red' : 'green',
        children: <StepView step={step} linkAssignments={linkAssignments} />,
      }))}
    />
  );
}

export function WorkflowHistoryView({ workflow }: { workflow: AssignmentHistory['workflow'] }) {
  const { t, language } = useI18n();
  if (!workflow.available) return <Alert type="warning" showIcon message={t('auditWorkflowUnavailable')} />;
  return (
    <Table
      rowKey="eventId"
      size="small"
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      dataSource={workflow.events}
      columns={[
        { title: '#', dataIndex: 'eventId', width: 60 },
        { title: t('auditWhen'), dataIndex: 'at', render: (at: string | null) => formatInstant(at, language) },
        { title: 'Event', dataIndex: 'type' },
        { title: '', dataIndex: 'summary' },
      ]}
    />
  );
}

export function ReadOnlyHeading() {
  const { t } = useI18n();
  return (
    <>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('auditTimeline')}
        </Typography.Title>
        <Tag color="purple">{t('auditReadOnly')}</Tag>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('auditReadOnlyNote')}
      </Typography.Paragraph>
    </>
  );
}

/**
 * The auditor's timeline of one assignment (审计时间线): each step in business terms — who
 * (the person), what, when, which rule set and version decided, each condition's result —
 * and beside it the Temporal event it corresponds to. Read-only: no write control here.
 */
export function AssignmentTimelinePage() {
  const { assignmentId = '' } = useParams();
  const { t } = useI18n();
  const history = useQuery({
    queryKey: ['audit-assignment', assignmentId],
    queryFn: async () =>
      (await dataOrThrow(api.GET('/audit/assignments/{assignmentId}', { params: { path: { assignmentId }, query: { limit: 200 } } }))).data,
  });
  if (history.isPending) return <Spin size="large" />;
  if (history.isError) return <ApiErrorView error={history.error} onRetry={() => void history.refetch()} />;
  const { assignment, timeline, workflow } = history.data;
  return (
    <Flex vertical gap={16}>
      <Card>
        <ReadOnlyHeading />
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('target')}>
            <Link to={`/tasks/${assignment.id}`}>{assignment.target.text}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('unit')}>{assignment.unit}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <TimelineSteps steps={timeline} />
      </Card>
      <Collapse
        items={[
          {
            key: 'history',
            label: `${t('auditWorkflowHistory')} · ${workflow.workflowId}`,
            children: <WorkflowHistoryView workflow={workflow} />,
          },
        ]}
      />
    </Flex>
  );
}
