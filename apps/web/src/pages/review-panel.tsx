import { App as AntApp, Alert, Button, Flex, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/api-error';
import { issueText } from '../api/issue-words';
import { api, dataOrThrow, type AssignmentDetail, type Period, type Schemas } from '../api/client';
import { ErrorAlert } from '../components/api-error-view';
import { useI18n } from '../i18n';

type ReviewBody = Schemas['ReviewReportRequestDto'];

/**
 * 审核 (coordinator): approve the period's report, or return it with a comment saying what
 * to revise. The API refuses a return without a comment; its issue shows at the field.
 */
export function ReviewPanel({ assignment, period }: { assignment: AssignmentDetail; period: Period }) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const queryClient = useQueryClient();
  const review = useMutation({
    mutationFn: async (body: ReviewBody) =>
      dataOrThrow(api.POST('/assignments/{assignmentId}/reviews', { params: { path: { assignmentId: assignment.id } }, body })),
    onSuccess: async ({ status }, body) => {
      void message.success(status === 202 ? t('pendingOk') : body.decision === 'approve' ? t('approved') : t('returned'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['assignment', assignment.id] });
    },
    onError: (error) => {
      const issue = isApiError(error) ? error.issues.find((i) => i.path === 'comment') : undefined;
      if (issue) form.setFields([{ name: 'comment', errors: [issueText(issue, language)] }]);
    },
  });
  const send = (decision: ReviewBody['decision']) => {
    const comment = (form.getFieldValue('comment') as string | undefined)?.trim();
    review.mutate({
      periodKey: period.key,
      decision,
      ...(comment ? { comment } : {}),
      idempotencyKey: `web-${crypto.randomUUID()}`,
    });
  };
  const fieldIssue = isApiError(review.error) && review.error.issues.some((i) => i.path === 'comment');
  return (
    <Form form={form} layout="vertical" aria-label={t('review')}>
      <Typography.Paragraph>{t('reviewIntro', { period: period.label })}</Typography.Paragraph>
      <Form.Item label={t('reviewComment')} name="comment" extra={t('reviewCommentHelp')}>
        <Input.TextArea rows={3} maxLength={5_000} />
      </Form.Item>
      {review.isError && !fieldIssue ? (
        <div style={{ marginBottom: 16 }}>
          {isApiError(review.error) && review.error.issues.length > 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={review.error.issues.map((i) => `${i.path}: ${issueText(i, language)}`).join('；')}
            />
          ) : (
            <ErrorAlert error={review.error} onRetry={review.variables ? () => review.mutate(review.variables) : undefined} />
          )}
        </div>
      ) : null}
      <Flex gap={8} wrap>
        <Space>
          <Button type="primary" loading={review.isPending && review.variables?.decision === 'approve'} onClick={() => send('approve')}>
            {t('approve')}
          </Button>
          <Button danger loading={review.isPending && review.variables?.decision === 'return'} onClick={() => send('return')}>
            {t('returnForRevision')}
          </Button>
        </Space>
      </Flex>
    </Form>
  );
}
