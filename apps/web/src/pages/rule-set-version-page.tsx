import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError, type FieldIssue } from '../api/api-error';
import { issueText } from '../api/issue-words';
import { api, dataOrThrow, type GoldenCaseRun, type RuleSetDiff, type RuleSetVersion } from '../api/client';
import { ApiErrorView, ErrorAlert } from '../components/api-error-view';
import { useI18n } from '../i18n';
import { useMe } from '../layout';
import { formatInstant } from '../time';
import { AmendPanel, SimulationPanel } from './rule-set-simulation';

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
/** Long JSON values wrap inside their cell: a table that scrolls sideways is no use from a keyboard. */
const wrap = { wordBreak: 'break-all' } as const;

/** The golden cases of a version run against it: which pass, and what each should and did decide. */
function GoldenRun({ ruleSetId, version, revision }: { ruleSetId: string; version: string; revision: number }) {
  const { t } = useI18n();
  const run = useQuery({
    queryKey: ['golden-run', ruleSetId, version, revision],
    queryFn: async () =>
      (await dataOrThrow(api.GET('/rule-sets/{ruleSetId}/versions/{version}/golden-run', { params: { path: { ruleSetId, version } } })))
        .data,
  });
  if (run.isPending) return <Spin />;
  if (run.isError) return <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />;
  const result: GoldenCaseRun = run.data;
  return (
    <Flex vertical gap={8} data-testid="golden-run">
      {result.passed ? (
        <Alert type="success" showIcon message={t('rsGoldenPassed', { total: result.total })} />
      ) : (
        <Alert type="error" showIcon message={t('rsGoldenFailed', { failed: result.failed, total: result.total })} />
      )}
      <Table
        rowKey="name"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={result.cases}
        columns={[
          { title: t('rsCase'), dataIndex: 'name' },
          {
            title: t('rsExpected'),
            dataIndex: 'expected',
            render: (v: unknown) => (
              <Typography.Text code style={wrap}>
                {show(v)}
              </Typography.Text>
            ),
          },
          {
            title: t('rsActual'),
            dataIndex: 'actual',
            render: (v: unknown) => (
              <Typography.Text code style={wrap}>
                {show(v)}
              </Typography.Text>
            ),
          },
          {
            title: t('rsResult'),
            dataIndex: 'passed',
            render: (passed: boolean, c) => (
              <Space size={4} wrap>
                <Tag color={passed ? 'success' : 'error'}>{passed ? t('rsPass') : t('rsFail')}</Tag>
                {c.reason ? <Typography.Text type="secondary">{c.reason}</Typography.Text> : null}
              </Space>
            ),
          },
        ]}
      />
      {result.rulesNeverFired.length > 0 ? (
        <Typography.Text type="secondary">
          {t('rsRulesNeverFired')}
          {result.rulesNeverFired.join('、')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** What changed between two versions: per rule and per golden case, each field's old and new value. */
function DiffView({ ruleSetId, version, revision, others }: { ruleSetId: string; version: string; revision: number; others: string[] }) {
  const { t, lookup } = useI18n();
  const [from, setFrom] = useState<string | undefined>(others[0]);
  const diff = useQuery({
    queryKey: ['rule-set-diff', ruleSetId, from, version, revision],
    enabled: from !== undefined,
    queryFn: async () =>
      (
        await dataOrThrow(
          api.GET('/rule-sets/{ruleSetId}/diff', { params: { path: { ruleSetId }, query: { from: from ?? '', to: version } } }),
        )
      ).data,
  });
  const rows = (d: RuleSetDiff) => [
    ...d.fields.map((f) => ({ key: `file:${f.path}`, name: '—', change: 'changed' as const, ...f })),
    ...d.rules.flatMap((r) =>
      (r.fields.length > 0 ? r.fields : [{ path: '—' }]).map((f) => ({
        key: `rule:${r.name}:${f.path}`,
        name: r.name,
        change: r.change,
        ...f,
      })),
    ),
    ...d.goldenCases.flatMap((c) =>
      (c.fields.length > 0 ? c.fields : [{ path: '—' }]).map((f) => ({
        key: `case:${c.name}:${f.path}`,
        name: `${t('rsCase')}：${c.name}`,
        change: c.change,
        ...f,
      })),
    ),
  ];
  return (
    <Flex vertical gap={8} data-testid="rule-set-diff">
      <Space wrap>
        <label htmlFor="rule-set-compare">{t('rsCompareWith')}</label>
        <Select
          id="rule-set-compare"
          style={{ minWidth: 160 }}
          value={from}
          onChange={setFrom}
          options={others.map((v) => ({ value: v, label: `v${v}` }))}
        />
        <Typography.Text type="secondary">→ v{version}</Typography.Text>
      </Space>
      {diff.isError ? <ErrorAlert error={diff.error} onRetry={() => void diff.refetch()} /> : null}
      {diff.data ? (
        rows(diff.data).length === 0 ? (
          <Typography.Text type="secondary">{t('rsNoDifference')}</Typography.Text>
        ) : (
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rows(diff.data)}
            columns={[
              { title: t('rsRule'), dataIndex: 'name' },
              { title: t('rsChange'), dataIndex: 'change', render: (c: string) => <Tag>{lookup(`rsChange.${c}`) ?? c}</Tag> },
              { title: t('rsField'), dataIndex: 'path', render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
              { title: t('rsOld'), dataIndex: 'old', render: (v: unknown) => <span style={wrap}>{show(v)}</span> },
              { title: t('rsNew'), dataIndex: 'new', render: (v: unknown) => <span style={wrap}>{show(v)}</span> },
            ]}
          />
        )
      ) : null}
    </Flex>
  );
}

interface DraftValues {
  ruleFile: string;
  goldenCases: string;
  changeNote: string;
}

/** A draft's rule file and golden cases as JSON; the API checks them and names each bad field. */
function DraftEditor({ draft }: { draft: RuleSetVersion }) {
  const { t, language } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DraftValues>();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  useEffect(() => {
    form.setFieldsValue({
      ruleFile: JSON.stringify(draft.ruleFile, null, 2),
      goldenCases: JSON.stringify(draft.goldenCases, null, 2),
      changeNote: draft.changeNote,
    });
  }, [draft, form]);
  const path = { ruleSetId: draft.ruleSetId, version: draft.version };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['rule-set-version', draft.ruleSetId, draft.version] });
  const save = useMutation({
    mutationFn: async (values: DraftValues) => {
      const parse = (text: string, field: keyof DraftValues) => {
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          form.setFields([{ name: field, errors: [t('rsBadJson', { error: error instanceof Error ? error.message : String(error) })] }]);
          throw error;
        }
      };
      const ruleFile = parse(values.ruleFile, 'ruleFile') as Record<string, unknown>;
      const goldenCases = parse(values.goldenCases, 'goldenCases') as unknown[];
      return dataOrThrow(
        api.PUT('/rule-sets/{ruleSetId}/versions/{version}', {
          params: { path },
          body: { revision: draft.revision, ruleFile, goldenCases, changeNote: values.changeNote },
        }),
      );
    },
    onSuccess: async ({ data }) => {
      setIssues([]);
      void message.success(t('rsSaved', { revision: data.revision }));
      await refresh();
    },
    onError: (error) => setIssues(isApiError(error) ? error.issues : []),
  });
  const publish = useMutation({
    mutationFn: async () =>
      dataOrThrow(
        api.POST('/rule-sets/{ruleSetId}/versions/{version}/publish', {
          params: { path },
          // One key per revision: a retried publish of the same draft is the same request.
          body: { revision: draft.revision, idempotencyKey: `web-publish-${draft.ruleSetId}-${draft.version}-r${String(draft.revision)}` },
        }),
      ),
    onSuccess: async () => {
      setIssues([]);
      void message.success(t('rsPublishedOk', { version: draft.version }));
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ['rule-sets'] });
    },
    onError: (error) => setIssues(isApiError(error) ? error.issues : []),
  });
  return (
    <Form form={form} layout="vertical" aria-label={t('rsEditDraft')} onFinish={(values) => save.mutate(values)}>
      <Form.Item name="changeNote" label={t('rsChangeNote')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="ruleFile" label={t('rsRuleFile')}>
        <Input.TextArea autoSize={{ minRows: 8, maxRows: 24 }} spellCheck={false} className="json-editor" />
      </Form.Item>
      <Form.Item name="goldenCases" label={t('rsGoldenFile')}>
        <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} spellCheck={false} className="json-editor" />
      </Form.Item>
      {issues.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('rsIssues')}
          description={
            <ul className="condition-list" data-testid="rule-set-issues">
              {issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <Typography.Text code>{issue.path}</Typography.Text> {issueText(issue, language)}
                </li>
              ))}
            </ul>
          }
        />
      ) : save.isError && !isApiError(save.error) ? null : save.isError || publish.isError ? (
        <ErrorAlert error={save.error ?? publish.error} />
      ) : null}
      <Space wrap>
        <Button htmlType="submit" loading={save.isPending}>
          {t('rsSave')}
        </Button>
        <Popconfirm title={t('rsPublishConfirm')} onConfirm={() => publish.mutate()}>
          <Button type="primary" loading={publish.isPending}>
            {t('rsPublish')}
          </Button>
        </Popconfirm>
      </Space>
    </Form>
  );
}

/** One version of a rule set: what it is, its golden cases run, the diff, and (drafts) the editor. */
export function RuleSetVersionPage() {
  const { ruleSetId = '', version = '' } = useParams();
  const { t, lookup, language } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [note, setNote] = useState('');
  const canWrite = me.data?.role === 'coordinator' || me.data?.role === 'admin';
  const current = useQuery({
    queryKey: ['rule-set-version', ruleSetId, version],
    queryFn: async () =>
      (await dataOrThrow(api.GET('/rule-sets/{ruleSetId}/versions/{version}', { params: { path: { ruleSetId, version } } }))).data,
  });
  const ruleSet = useQuery({
    queryKey: ['rule-set', ruleSetId],
    queryFn: async () => (await dataOrThrow(api.GET('/rule-sets/{ruleSetId}', { params: { path: { ruleSetId } } }))).data,
  });
  const createDraft = useMutation({
    mutationFn: async () =>
      dataOrThrow(
        api.POST('/rule-sets/{ruleSetId}/versions/{version}/drafts', {
          params: { path: { ruleSetId, version } },
          body: { changeNote: note },
        }),
      ),
    onSuccess: ({ data }) => void navigate(`/rules/${ruleSetId}/${data.version}`),
  });
  if (current.isPending) return <Spin size="large" />;
  if (current.isError) return <ApiErrorView error={current.error} onRetry={() => void current.refetch()} />;
  const v = current.data;
  const others = (ruleSet.data?.versions ?? [])
    .map((x) => x.version)
    .filter((x) => x !== v.version)
    .reverse();
  return (
    <Flex vertical gap={16}>
      <Card>
        <Link to="/rules">← {t('rsTitle')}</Link>
        <Space wrap style={{ marginTop: 8, display: 'flex' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {lookup(`rsKind.${v.ruleSetId}`) ?? v.ruleSetId} v{v.version}
          </Typography.Title>
          {v.status === 'draft' ? <Tag color="gold">{t('rsDraft')}</Tag> : <Tag color="blue">{t('rsPublished')}</Tag>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('rsChangeNote')}>{v.changeNote}</Descriptions.Item>
          <Descriptions.Item label={t('rsAuthor')}>{v.author.name}</Descriptions.Item>
          <Descriptions.Item label={t('rsDerivedFrom')}>{v.derivedFrom ? `v${v.derivedFrom}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('rsPublishedAt')}>{formatInstant(v.publishedAt, language)}</Descriptions.Item>
        </Descriptions>
        {!canWrite ? <Typography.Text type="secondary">{t('rsReadOnly')}</Typography.Text> : null}
      </Card>
      {canWrite && v.status === 'draft' ? (
        <Card title={t('rsEditDraft')}>
          <DraftEditor draft={v} />
        </Card>
      ) : null}
      {canWrite && v.status === 'published' ? (
        <Card title={t('rsNewDraft')} size="small">
          <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
            <Input
              aria-label={t('rsNewDraftNote')}
              placeholder={t('rsNewDraftNote')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
            <Button type="primary" disabled={note.trim() === ''} loading={createDraft.isPending} onClick={() => createDraft.mutate()}>
              {t('rsCreate')}
            </Button>
          </Space.Compact>
          {createDraft.isError ? <ErrorAlert error={createDraft.error} /> : null}
        </Card>
      ) : null}
      {me.data?.role === 'coordinator' && ['attainment', 'trajectory', 'escalation'].includes(v.ruleSetId) ? (
        <Card title={t('simTitle')}>
          <SimulationPanel version={v} />
        </Card>
      ) : null}
      {me.data?.role === 'coordinator' && v.status === 'published' ? (
        <Card title={t('amendTitle')}>
          <AmendPanel version={v} />
        </Card>
      ) : null}
      <Card title={t('rsGoldenCases')}>
        <GoldenRun ruleSetId={v.ruleSetId} version={v.version} revision={v.revision} />
      </Card>
      {others.length > 0 ? (
        <Card title={t('rsDiff')}>
          <DiffView ruleSetId={v.ruleSetId} version={v.version} revision={v.revision} others={others} />
        </Card>
      ) : null}
    </Flex>
  );
}
