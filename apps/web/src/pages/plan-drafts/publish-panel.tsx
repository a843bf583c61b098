import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  InputNumber,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError, type FieldIssue } from '../../api/api-error';
import { issueText } from '../../api/issue-words';
import { api, dataOrThrow, type Schemas } from '../../api/client';
import { ErrorAlert } from '../../components/api-error-view';
import { useMe } from '../../layout';
import { useI18n, type MessageKey } from '../../i18n';
import { useActiveUnits, type PlanView } from './draft-form';

type Calendar = NonNullable<Schemas['PublishPlanRequest']['calendar']>;

export interface CalendarValues {
  kind: 'quarterly' | 'compressed';
  dueDayOfFollowingMonth: number;
  reminderDays: number;
  graceDays: number;
  evaluationAfterDays: number;
  periodCount: number;
  periodSeconds: number;
  reminderSeconds: number;
  graceSeconds: number;
  evaluationAfterSeconds: number;
  escalationChecks: number;
  confirmPastCalendar?: boolean;
}

/** The contract's defaults (季度报送: due on the 10th, reminded 3 days before, 5 days' grace). */
const DEFAULTS: CalendarValues = {
  kind: 'quarterly',
  dueDayOfFollowingMonth: 10,
  reminderDays: 3,
  graceDays: 5,
  evaluationAfterDays: 20,
  periodCount: 4,
  periodSeconds: 60,
  reminderSeconds: 10,
  graceSeconds: 10,
  evaluationAfterSeconds: 0,
  escalationChecks: 3,
};

function calendarOf(values: CalendarValues): Calendar {
  return values.kind === 'quarterly'
    ? {
        kind: 'quarterly',
        dueDayOfFollowingMonth: values.dueDayOfFollowingMonth,
        reminderDays: values.reminderDays,
        graceDays: values.graceDays,
        escalationChecks: values.escalationChecks,
        evaluationAfterDays: values.evaluationAfterDays,
      }
    : {
        kind: 'compressed',
        periodCount: values.periodCount,
        periodSeconds: values.periodSeconds,
        reminderSeconds: values.reminderSeconds,
        graceSeconds: values.graceSeconds,
        escalationChecks: values.escalationChecks,
        evaluationAfterSeconds: values.evaluationAfterSeconds,
      };
}

const initialValuesOf = (spec: PlanView['calendarSpec']): CalendarValues =>
  spec?.kind === 'quarterly' || spec?.kind === 'compressed' ? { ...DEFAULTS, ...spec } : DEFAULTS;

function NumberField({ name, label, min, max }: { name: keyof CalendarValues; label: MessageKey; min: number; max?: number }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={t(label)} style={{ width: 200, marginBottom: 8 }}>
      <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} />
    </Form.Item>
  );
}

/**
 * 发布: the calendar the API takes (quarterly, or compressed into seconds for demos and tests),
 * the names the directory does not hold (map or accept each), then decomposition's progress.
 */
export function PublishPanel({
  plan,
  dirty,
  calendar,
  onCalendarChange,
  onDocumentIssues,
  onUnitsChanged,
}: {
  plan: PlanView;
  dirty: boolean;
  /** The calendar as last entered: kept above the panel, which starts afresh with each fresh copy of the draft. */
  calendar: CalendarValues | null;
  onCalendarChange: (values: CalendarValues) => void;
  onDocumentIssues: (issues: FieldIssue[]) => void;
  onUnitsChanged: () => void;
}) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CalendarValues>();
  const [pending, setPending] = useState(false);
  // One key per calendar: a retry of the same publish is recognised; another calendar is another request.
  const idempotencyKey = useRef(`web-${crypto.randomUUID()}`);
  const publish = useMutation({
    mutationFn: async (values: CalendarValues) =>
      dataOrThrow(
        api.POST('/plans/{planId}/publish', {
          params: { path: { planId: plan.id } },
          body: {
            calendar: calendarOf(values),
            ...(values.confirmPastCalendar ? { confirmPastCalendar: true } : {}),
            idempotencyKey: idempotencyKey.current,
          },
        }),
      ),
    onSuccess: async ({ status }) => {
      if (status === 202) {
        // Handed to the workflow, outcome late: the cycle's progress tells when it is done.
        void message.info(t('pdPendingPublish'));
        setPending(true);
        return;
      }
      await queryClient.invalidateQueries({ queryKey: ['plan', plan.id] });
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
      // The published page opens with decomposition's progress, at its top.
      window.scrollTo({ top: 0 });
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      if (error.code === 'PLAN_INVALID') onDocumentIssues(error.issues);
      const calendarIssues = error.issues.filter((issue) => issue.path.startsWith('calendar.'));
      form.setFields(
        calendarIssues.map((issue) => ({
          name: issue.path.slice('calendar.'.length) as keyof CalendarValues,
          errors: [issueText(issue, language)],
        })),
      );
    },
  });
  const error = isApiError(publish.error) ? publish.error : null;
  const unknownUnits =
    error?.code === 'UNKNOWN_UNITS' ? error.issues.filter((i) => i.path.startsWith('units.')).map((i) => i.path.slice(6)) : [];
  const pastCalendar = error?.code === 'CALENDAR_IN_PAST';

  if (pending) {
    return (
      <Card title={t('pdPublishTitle')} style={{ marginTop: 16 }}>
        <CycleProgress cycleId={plan.cycleId} onStarted={() => void queryClient.invalidateQueries({ queryKey: ['plan', plan.id] })} />
      </Card>
    );
  }
  return (
    <Card title={t('pdPublishTitle')} style={{ marginTop: 16 }} id="pd-publish">
      <Typography.Paragraph type="secondary">{t('pdPublishIntro')}</Typography.Paragraph>
      <Form<CalendarValues>
        form={form}
        layout="vertical"
        aria-label={t('pdPublishTitle')}
        initialValues={calendar ?? initialValuesOf(plan.calendarSpec)}
        onValuesChange={(_, values) => {
          idempotencyKey.current = `web-${crypto.randomUUID()}`;
          onCalendarChange(values);
        }}
        onFinish={(values) => publish.mutate(values)}
      >
        <Form.Item name="kind" label={t('pdCalendarKind')}>
          <Radio.Group
            options={[
              { value: 'quarterly', label: t('pdQuarterly') },
              { value: 'compressed', label: t('pdCompressed') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(before, after) => before.kind !== after.kind}>
          {({ getFieldValue }) =>
            getFieldValue('kind') === 'compressed' ? (
              <Flex wrap gap={12}>
                <NumberField name="periodCount" label="pdPeriodCount" min={1} max={12} />
                <NumberField name="periodSeconds" label="pdPeriodSeconds" min={1} max={86_400} />
                <NumberField name="reminderSeconds" label="pdReminderSeconds" min={0} />
                <NumberField name="graceSeconds" label="pdGraceSeconds" min={1} />
                <NumberField name="escalationChecks" label="pdEscalationChecks" min={1} max={10} />
                <NumberField name="evaluationAfterSeconds" label="pdEvaluationAfterSeconds" min={0} />
              </Flex>
            ) : (
              <Flex wrap gap={12}>
                <NumberField name="dueDayOfFollowingMonth" label="pdDueDay" min={1} max={28} />
                <NumberField name="reminderDays" label="pdReminderDays" min={0} max={30} />
                <NumberField name="graceDays" label="pdGraceDays" min={1} max={60} />
                <NumberField name="escalationChecks" label="pdEscalationChecks" min={1} max={10} />
                <NumberField name="evaluationAfterDays" label="pdEvaluationAfterDays" min={0} max={120} />
              </Flex>
            )
          }
        </Form.Item>
        {pastCalendar ? (
          <Form.Item name="confirmPastCalendar" valuePropName="checked">
            <Checkbox>{t('pdConfirmPast')}</Checkbox>
          </Form.Item>
        ) : null}
        {unknownUnits.length > 0 ? (
          <UnknownUnits names={unknownUnits} onSettled={onUnitsChanged} />
        ) : error?.code === 'PLAN_INVALID' ? (
          // Its issues are shown at the draft's fields above.
          <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={t('pdPublishFailed')} description={error.message} />
        ) : publish.isError ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={publish.error} onRetry={() => form.submit()} />
          </div>
        ) : null}
        {dirty ? <Alert type="warning" showIcon title={t('pdSaveFirst')} style={{ marginBottom: 16 }} /> : null}
        <Popconfirm title={t('pdPublishConfirm')} onConfirm={() => form.submit()} disabled={dirty}>
          <Button type="primary" loading={publish.isPending} disabled={dirty}>
            {t('pdPublish')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

/**
 * 未入名录的单位: each name a draft uses that the directory does not hold, with the API's two
 * fixes: map it to a unit of the directory (a coordinator may), or add it (an administrator).
 */
function UnknownUnits({ names, onSettled }: { names: string[]; onSettled: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const units = useActiveUnits();
  const [settled, setSettled] = useState<string[]>([]);
  const open = names.filter((name) => !settled.includes(name));
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={t('pdUnknownUnitsTitle')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('pdUnknownUnitsText')}</Typography.Paragraph>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {open.map((name) => (
              <UnknownUnitRow
                key={name}
                name={name}
                options={(units.data?.items ?? []).map((u) => ({ value: u.name, label: u.name }))}
                canAccept={me.data?.can.manageDirectory ?? false}
                onDone={() => {
                  setSettled((done) => [...done, name]);
                  if (open.length === 1) onSettled();
                }}
              />
            ))}
          </Space>
        </>
      }
    />
  );
}

function UnknownUnitRow({
  name,
  options,
  canAccept,
  onDone,
}: {
  name: string;
  options: { value: string; label: string }[];
  canAccept: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const map = useMutation({
    mutationFn: async (target: string) => dataOrThrow(api.POST('/directory/unit-aliases', { body: { alias: name, unit: target } })),
    onSuccess: (_, target) => {
      void message.success(t('pdMapped', { name, unit: target }));
      onDone();
    },
  });
  const accept = useMutation({
    mutationFn: async () => dataOrThrow(api.POST('/directory/units', { body: { name } })),
    onSuccess: () => {
      void message.success(t('pdAccepted', { name }));
      onDone();
    },
  });
  return (
    <div data-testid="pd-unknown-unit">
      <Flex wrap gap={8} align="center">
        <Typography.Text strong style={{ minWidth: 120 }}>
          {name}
        </Typography.Text>
        <Select
          showSearch
          placeholder={t('pdMapTo')}
          aria-label={`${t('pdMapTo')}：${name}`}
          options={options}
          value={unit}
          onChange={setUnit}
          style={{ width: 240 }}
        />
        <Button onClick={() => unit && map.mutate(unit)} disabled={!unit} loading={map.isPending}>
          {t('pdMapButton')}
        </Button>
        {canAccept ? (
          <Button onClick={() => accept.mutate()} loading={accept.isPending}>
            {t('pdAccept')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('pdAdminOnly')}</Typography.Text>
        )}
      </Flex>
      {map.isError ? <ErrorAlert error={map.error} /> : null}
      {accept.isError ? <ErrorAlert error={accept.error} /> : null}
    </div>
  );
}

const RUNNING_PHASES = new Set(['reporting', 'evaluating', 'closed']);

/** Decomposition's progress (assignment workflows started of all), polled until the cycle runs; then where to go. */
export function CycleProgress({ cycleId, onStarted }: { cycleId: string; onStarted?: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const cycle = useQuery({
    queryKey: ['cycle', cycleId],
    queryFn: async () => (await dataOrThrow(api.GET('/cycles/{cycleId}', { params: { path: { cycleId } } }))).data,
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && isRunning(data) ? false : 1000;
    },
  });
  const data = cycle.data;
  const begun = data !== undefined && data.phase !== 'drafting';
  const told = useRef(false);
  useEffect(() => {
    if (begun && !told.current) {
      told.current = true;
      onStarted?.();
    }
  }, [begun, onStarted]);
  if (cycle.isError) return <ErrorAlert error={cycle.error} onRetry={() => void cycle.refetch()} />;
  if (!data) return null;
  const { started, total } = data.live?.decomposition ?? data.progress.decomposition;
  const running = isRunning(data);
  return (
    <div style={{ marginBottom: 16 }} data-testid="pd-cycle-progress">
      <Typography.Text strong>{t('pdProgressTitle')}</Typography.Text>
      <Progress
        percent={total === 0 ? 0 : Math.round((started / total) * 100)}
        status={running ? 'success' : 'active'}
        aria-label={t('pdProgressTitle')}
      />
      <Typography.Text data-testid="pd-progress-counts">
        {total === 0 ? t('pdProgressWaiting') : t('pdProgressCounts', { started, total })}
      </Typography.Text>
      {running ? (
        <Result
          status="success"
          title={t('pdRunning')}
          extra={
            <Space wrap>
              <Button type="primary" onClick={() => void navigate(`/cycle-board/${cycleId}`)}>
                {t('pdGoToBoard')}
              </Button>
              <Button onClick={() => void navigate('/plan-drafts')}>{t('pdBackToList')}</Button>
            </Space>
          }
        />
      ) : null}
    </div>
  );
}

function isRunning(cycle: Schemas['CycleResponse']): boolean {
  const { started, total } = cycle.live?.decomposition ?? cycle.progress.decomposition;
  return RUNNING_PHASES.has(cycle.live?.phase ?? cycle.phase) && total > 0 && started >= total;
}
