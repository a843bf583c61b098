import { App as AntApp, Alert, Button, Flex, Progress, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../api/api-error';
import { api, dataOrThrow, type InboxItem } from '../api/client';
import { useI18n } from '../i18n';

interface Outcome {
  item: InboxItem;
  result: 'approved' | 'pending' | 'failed';
  reason?: string;
}
type Run = { phase: 'idle' } | { phase: 'running'; done: number; total: number } | { phase: 'done'; outcomes: Outcome[] };

/** Two at a time: quick enough for a queue of dozens, gentle on the workflows and the API's limits. */
const PARALLEL = 2;

/**
 * 批量通过: approves each selected report with a request of its own, with its own
 * idempotency key, exactly as the single 审核通过 does (the workflow validates each one);
 * shows progress while they go and then what passed and what failed, and why.
 */
export function useBulkApprove() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [run, setRun] = useState<Run>({ phase: 'idle' });

  const approveOne = async (item: InboxItem): Promise<Outcome> => {
    const period = item.status?.periods.find((p) => p.status === 'submitted');
    if (!period) return { item, result: 'failed', reason: t('boardBulkNoPeriod') };
    try {
      const { status } = await dataOrThrow(
        api.POST('/assignments/{assignmentId}/reviews', {
          params: { path: { assignmentId: item.id } },
          body: { periodKey: period.key, decision: 'approve', idempotencyKey: `web-${crypto.randomUUID()}` },
        }),
      );
      return { item, result: status === 202 ? 'pending' : 'approved' };
    } catch (error) {
      // A 409 here is a report no longer waiting (approved elsewhere, or the assignment's workflow has ended).
      const reason =
        !isApiError(error) || (error.retryable && error.status >= 500)
          ? t('unavailable')
          : error.status === 409 || error.status === 404
            ? t('boardBulkNotAwaiting')
            : error.message;
      return { item, result: 'failed', reason };
    }
  };

  const start = async (items: InboxItem[]) => {
    const outcomes: Outcome[] = [];
    let next = 0;
    setRun({ phase: 'running', done: 0, total: items.length });
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++] as InboxItem;
        outcomes.push(await approveOne(item));
        setRun({ phase: 'running', done: outcomes.length, total: items.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
    // In the order of the queue, whatever order they finished in.
    outcomes.sort((a, b) => items.indexOf(a.item) - items.indexOf(b.item));
    setRun({ phase: 'done', outcomes });
    await queryClient.invalidateQueries({ queryKey: ['inbox'] });
  };

  return { run, start, reset: () => setRun({ phase: 'idle' }) };
}

/** The bar above the review queue: how many are selected, 批量通过 with a confirmation, then progress and the summary. */
export function BulkApproveBar({
  selected,
  bulk,
  onDone,
}: {
  selected: InboxItem[];
  bulk: ReturnType<typeof useBulkApprove>;
  /** Called as the approvals start (the selection is cleared). */
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { modal } = AntApp.useApp();
  const { run } = bulk;
  const confirm = () =>
    modal.confirm({
      title: t('boardBulkConfirmTitle'),
      content: t('boardBulkConfirmText', { n: selected.length }),
      okText: t('boardBulkConfirmOk'),
      cancelText: t('boardBulkCancel'),
      onOk: () => {
        // The selection is handed over and cleared at once: the queue refreshes under it.
        const chosen = selected;
        onDone();
        void bulk.start(chosen);
      },
    });

  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <Flex align="center" gap={12} wrap>
        <Button type="primary" disabled={selected.length === 0 || run.phase === 'running'} onClick={confirm}>
          {t('boardBulkApprove')}
        </Button>
        <Typography.Text type="secondary" aria-live="polite">
          {t('boardBulkSelected', { n: selected.length })}
        </Typography.Text>
      </Flex>
      {run.phase === 'running' ? (
        <div role="status" data-testid="bulk-progress">
          <Typography.Text>{t('boardBulkProgress', { done: run.done, total: run.total })}</Typography.Text>
          <Progress percent={Math.round((run.done / run.total) * 100)} status="active" />
        </div>
      ) : null}
      {run.phase === 'done' ? <BulkSummary outcomes={run.outcomes} onClose={bulk.reset} /> : null}
    </Flex>
  );
}

function BulkSummary({ outcomes, onClose }: { outcomes: Outcome[]; onClose: () => void }) {
  const { t } = useI18n();
  const approved = outcomes.filter((o) => o.result === 'approved').length;
  const pending = outcomes.filter((o) => o.result === 'pending').length;
  const failed = outcomes.filter((o) => o.result === 'failed');
  return (
    <Alert
      type={failed.length === 0 ? 'success' : approved + pending === 0 ? 'error' : 'warning'}
      showIcon
      closable={{ onClose, 'aria-label': t('boardBulkClose') }}
      data-testid="bulk-summary"
      title={
        <Space wrap>
          <strong>{t('boardBulkResult')}</strong>
          <span>{t('boardBulkPassed', { n: approved })}</span>
          {pending > 0 ? <span>{t('boardBulkPending', { n: pending })}</span> : null}
          <span>{t('boardBulkFailed', { n: failed.length })}</span>
        </Space>
      }
      description={
        failed.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {failed.map((o) => (
              <li key={o.item.id}>
                <Link to={`/tasks/${o.item.id}`}>{o.item.target.text}</Link>（{o.item.unit}）：{o.reason}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
