import { Alert, Button, Form, Input, InputNumber, Radio, Space, Typography, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useState } from 'react';
import { isApiError, type FieldIssue } from '../api/api-error';
import { issueText } from '../api/issue-words';
import { api, dataOrThrow, type AssignmentDetail, type Period, type SubmitReportBody } from '../api/client';
import { ErrorAlert } from '../components/api-error-view';
import { isMilestone, requirementText } from '../components/words';
import { useI18n, type Language } from '../i18n';

interface FormValues {
  values: { value?: number | null; done?: boolean }[];
  narrative?: string;
  evidence?: { title?: string; uri?: string }[];
}

/** A form field's name for an issue's path (`values.0.value` → ['values', 0, 'value']). */
function fieldNameOf(path: string, assignment: AssignmentDetail): (string | number)[] {
  const parts = path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // A milestone's answer is its done field, whatever the API names.
  if (parts[0] === 'values' && typeof parts[1] === 'number') {
    const indicator = assignment.indicators[parts[1]];
    if (indicator && isMilestone(indicator)) return ['values', parts[1], 'done'];
    return ['values', parts[1], 'value'];
  }
  return parts;
}

/** Puts each issue under its field; returns those no field of the form shows. */
function showIssuesAtFields(
  form: FormInstance<FormValues>,
  issues: FieldIssue[],
  assignment: AssignmentDetail,
  language: Language,
): FieldIssue[] {
  const unplaced: FieldIssue[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const issue of issues) {
    const name = fieldNameOf(issue.path, assignment);
    const known = name[0] === 'narrative' || (name[0] === 'values' && name.length === 3) || (name[0] === 'evidence' && name.length === 3);
    if (known) fields.push({ name, errors: [issueText(issue, language)] });
    else unplaced.push(issue);
  }
  // Paths come from the API at run time: the untyped form instance takes any field name.
  (form as FormInstance).setFields(fields);
  return unplaced;
}

/**
 * 报送: one field per indicator (a number in the indicator's unit, or done / not done for a
 * milestone), the narrative and the evidence. The API checks everything; its issues are
 * shown at the fields they name.
 */
export function ReportForm({ assignment, period }: { assignment: AssignmentDetail; period: Period }) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<FieldIssue[]>([]);
  const submit = useMutation({
    mutationFn: async (body: SubmitReportBody) =>
      dataOrThrow(api.POST('/assignments/{assignmentId}/reports', { params: { path: { assignmentId: assignment.id } }, body })),
    onSuccess: async ({ status }) => {
      void message.success(status === 202 ? t('pendingOk') : t('submittedOk'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['assignment', assignment.id] });
      await queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
    onError: (error) => {
      setUnplaced(isApiError(error) && error.issues.length > 0 ? showIssuesAtFields(form, error.issues, assignment, language) : []);
    },
  });

  const bodyOf = (values: FormValues): SubmitReportBody => ({
    periodKey: period.key,
    // A new key per submission; the retry button resends the same body under the same key.
    idempotencyKey: `web-${crypto.randomUUID()}`,
    values: assignment.indicators.map((indicator, index) => {
      const answer = values.values[index] ?? {};
      return isMilestone(indicator)
        ? { indicatorId: indicator.id, done: answer.done ?? false }
        : { indicatorId: indicator.id, value: answer.value ?? null };
    }),
    narrative: values.narrative ?? '',
    evidence: (values.evidence ?? []).map((e) => ({ title: e.title ?? '', uri: e.uri ?? '' })),
  });

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      aria-label={t('report')}
      initialValues={{ values: assignment.indicators.map(() => ({})), evidence: [] }}
      onFinish={(values) => submit.mutate(bodyOf(values))}
      onValuesChange={() => submit.isError && setUnplaced([])}
    >
      {period.status === 'returned' && period.lastReturnComment ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('returnedWith')}
          description={<span data-testid="return-comment">{period.lastReturnComment}</span>}
        />
      ) : null}
      {assignment.indicators.map((indicator, index) => {
        const label = (
          <span>
            {indicator.metric ?? `${t('metric')} ${index + 1}`}
            <Typography.Text type="secondary">（{requirementText(indicator, language)}）</Typography.Text>
          </span>
        );
        return isMilestone(indicator) ? (
          <Form.Item key={indicator.id} label={label} name={['values', index, 'done']}>
            <Radio.Group
              options={[
                { value: true, label: t('done') },
                { value: false, label: t('notDone') },
              ]}
            />
          </Form.Item>
        ) : (
          <Form.Item key={indicator.id} label={label} name={['values', index, 'value']} extra={t('valueSoFar')}>
            <InputNumber style={{ width: '100%', maxWidth: 320 }} suffix={indicator.unit ?? undefined} />
          </Form.Item>
        );
      })}
      <Form.Item label={t('narrative')} name="narrative" extra={t('narrativeHelp')}>
        <Input.TextArea rows={4} maxLength={20_000} />
      </Form.Item>
      <Form.Item label={t('evidence')}>
        <Form.List name="evidence">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item name={[field.name, 'title']} noStyle={false} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('evidenceTitle')} aria-label={t('evidenceTitle')} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'uri']} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('evidenceUri')} aria-label={t('evidenceUri')} style={{ width: 260 }} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('addEvidence')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      {submit.isError && (!isApiError(submit.error) || submit.error.issues.length === 0 || unplaced.length > 0) ? (
        <div style={{ marginBottom: 16 }}>
          {isApiError(submit.error) && submit.error.issues.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('fixFields')}
              description={unplaced.map((i) => `${i.path}: ${issueText(i, language)}`).join('；')}
            />
          ) : (
            <ErrorAlert error={submit.error} onRetry={submit.variables ? () => submit.mutate(submit.variables) : undefined} />
          )}
        </div>
      ) : null}
      <Button type="primary" htmlType="submit" loading={submit.isPending}>
        {period.status === 'returned' ? t('resubmit') : t('submit')}
      </Button>
    </Form>
  );
}
