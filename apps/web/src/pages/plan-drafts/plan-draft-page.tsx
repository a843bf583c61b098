import { Alert, App as AntApp, Button, Flex, Form, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { isApiError, type FieldIssue } from '../../api/api-error';
import { issueText } from '../../api/issue-words';
import { api, dataOrThrow } from '../../api/client';
import { ApiErrorView, ErrorAlert } from '../../components/api-error-view';
import { useI18n } from '../../i18n';
import { DraftFields, documentOf, showIssuesAtFields, useActiveUnits, type DraftValues, type Flag, type PlanView } from './draft-form';
import { issueAnchor, reasonText, type ImportNotes } from './import-notes';
import { CycleProgress, PublishPanel, type CalendarValues } from './publish-panel';

export function usePlan(planId: string) {
  return useQuery({
    queryKey: ['plan', planId],
    queryFn: async () => (await dataOrThrow(api.GET('/plans/{planId}', { params: { path: { planId } } }))).data,
    // The form holds the coordinator's edits: the draft is fetched again only when asked (save, reload, a unit mapped).
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** 计划草稿 (or a published plan, read only): the editor, what the import flagged, and publishing. */
export function PlanDraftPage() {
  const { planId = '' } = useParams();
  const plan = usePlan(planId);
  const [calendar, setCalendar] = useState<CalendarValues | null>(null);
  if (plan.isPending) return <Spin />;
  if (plan.isError) return <ApiErrorView error={plan.error} onRetry={() => void plan.refetch()} />;
  // A fresh copy of the draft (saved, reloaded, a unit mapped) starts the form afresh.
  return (
    <DraftEditor
      key={plan.dataUpdatedAt}
      plan={plan.data}
      onReload={() => void plan.refetch()}
      calendar={calendar}
      onCalendarChange={setCalendar}
    />
  );
}

function DraftEditor({
  plan,
  onReload,
  calendar,
  onCalendarChange,
}: {
  plan: PlanView;
  onReload: () => void;
  calendar: CalendarValues | null;
  onCalendarChange: (values: CalendarValues) => void;
}) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DraftValues>();
  const [dirty, setDirty] = useState(false);
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);
  const units = useActiveUnits();
  const unitOptions = useMemo(() => (units.data?.items ?? []).map((unit) => ({ value: unit.name, label: unit.name })), [units.data]);
  const notes = plan.importNotes;
  const draft = plan.status === 'draft';
  const initial = useMemo<DraftValues>(() => ({ document: documentOf(plan) }), [plan]);

  const save = useMutation({
    mutationFn: async (values: DraftValues) =>
      dataOrThrow(
        api.PUT('/plans/{planId}', {
          params: { path: { planId: plan.id } },
          body: { revision: plan.revision, document: values.document, ...(plan.calendarSpec ? { calendar: plan.calendarSpec } : {}) },
        }),
      ),
    onSuccess: ({ data }) => {
      void message.success(t('pdSaved', { revision: data.revision }));
      queryClient.setQueryData(['plan', plan.id], data);
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
    },
    onError: (error) => setUnplaced(isApiError(error) && error.status !== 409 ? showIssuesAtFields(form, error.issues, language) : []),
  });
  const conflict = isApiError(save.error) && save.error.status === 409;

  const anchors = useMemo(() => (notes ? notes.issues.map((issue) => issueAnchor(issue, initial.document)) : []), [notes, initial]);
  const flagOf = (issue: ImportNotes['issues'][number]): Flag => ({
    label: issue.line === null ? t('pdNoLine') : t(notes?.format === 'xlsx' ? 'pdRow' : 'pdLine', { line: issue.line }),
    reason: reasonText(issue, t),
    // The line itself, unless the reason already quotes it (a task's title is its first line).
    source: issue.source && !issue.reason.includes(issue.source) ? issue.source : null,
  });
  const flagsOfTask = (index: number): Flag[] => (notes ? notes.issues.filter((_, i) => anchors[i]?.task === index).map(flagOf) : []);

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {draft ? t('pdDraftTitle') : plan.title}{' '}
          <Tag color={draft ? 'gold' : 'green'} style={{ verticalAlign: 'middle' }}>
            {t(`pdStatus_${plan.status}`)}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 14 }}>
            {t('pdRevision', { revision: plan.revision })}
            {notes?.period ? ` · ${t('pdPeriod', { from: notes.period.from, to: notes.period.to })}` : ''}
          </Typography.Text>
        </Typography.Title>
        {draft ? (
          <Flex gap={8} align="center">
            {dirty ? <Typography.Text type="warning">{t('pdUnsaved')}</Typography.Text> : null}
            <Button type="primary" onClick={() => form.submit()} loading={save.isPending}>
              {t('pdSave')}
            </Button>
          </Flex>
        ) : null}
      </Flex>

      {!draft ? (
        <>
          <Alert type="info" showIcon title={t('pdPublished')} style={{ marginBottom: 16 }} />
          <CycleProgress cycleId={plan.cycleId} />
        </>
      ) : null}
      <Form<DraftValues>
        form={form}
        layout="vertical"
        aria-label={t('pdDraftTitle')}
        initialValues={initial}
        disabled={!draft}
        onValuesChange={() => {
          setDirty(true);
          if (save.isError) setUnplaced([]);
        }}
        onFinish={(values) => save.mutate(values)}
      >
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title={t('pdConflictTitle')}
            description={t('pdConflictText', { revision: plan.revision })}
            action={
              <Button size="small" onClick={onReload}>
                {t('pdReload')}
              </Button>
            }
          />
        ) : save.isError && (!isApiError(save.error) || save.error.issues.length === 0 || unplaced.length > 0) ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={save.error} onRetry={() => form.submit()} />
            {unplaced.map((issue) => (
              <Typography.Paragraph key={issue.path} type="danger" style={{ margin: '4px 0 0' }}>
                {issue.path}: {issueText(issue, language)}
              </Typography.Paragraph>
            ))}
          </div>
        ) : null}

        {draft ? <ImportFlags notes={notes} anchors={anchors} flagOf={flagOf} /> : null}

        <DraftFields unitOptions={unitOptions} flagsOfTask={draft ? flagsOfTask : () => []} readOnly={!draft} />
      </Form>
      {draft ? (
        <PublishPanel
          plan={plan}
          dirty={dirty}
          calendar={calendar}
          onCalendarChange={onCalendarChange}
          onDocumentIssues={(issues) => setUnplaced(showIssuesAtFields(form, issues, language))}
          onUnitsChanged={onReload}
        />
      ) : null}
    </>
  );
}

/** What the import was unsure of, line by line, each with a way to the task it concerns. */
function ImportFlags({
  notes,
  anchors,
  flagOf,
}: {
  notes: ImportNotes | null;
  anchors: ({ task: number; target: number | null } | null)[];
  flagOf: (issue: ImportNotes['issues'][number]) => Flag;
}) {
  const { t } = useI18n();
  // A draft written through the API, not imported, has no notes.
  if (!notes) return null;
  if (notes.issues.length === 0) return <Alert type="success" showIcon title={t('pdFlaggedNone')} style={{ marginBottom: 16 }} />;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${t('pdFlaggedTitle', { count: notes.issues.length })}（${notes.fileName}）`}
      description={
        <ul className="pd-flag-list" data-testid="pd-flag-list">
          {notes.issues.map((issue, index) => {
            const flag = flagOf(issue);
            const anchor = anchors[index];
            return (
              <li key={`${index}:${issue.reason}`}>
                <Typography.Text strong>{flag.label}</Typography.Text> {flag.reason}
                {flag.source ? <Typography.Text type="secondary">（{flag.source}）</Typography.Text> : null}
                {anchor ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() =>
                      document.getElementById(`pd-task-${anchor.task}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' })
                    }
                  >
                    {t('pdGoToTask')}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
