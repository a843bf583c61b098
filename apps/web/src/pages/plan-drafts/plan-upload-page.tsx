import { Alert, Button, Card, Input, Result, Space, Spin, Tabs, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/api-error';
import { api, dataOrThrow } from '../../api/client';
import { ErrorAlert } from '../../components/api-error-view';
import { useI18n } from '../../i18n';

/** The formats POST /plans/import reads: text (UTF-8, UTF-16, GB18030) and .xlsx decomposition tables. */
const ACCEPTED = '.txt,.md,.text,.xlsx,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function importDocument(file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  const answer = await dataOrThrow(
    // openapi-fetch sends FormData as it is (the browser sets the multipart boundary).
    api.POST('/plans/import', { body: form as unknown as { file?: string }, bodySerializer: (body) => body as unknown as FormData }),
  );
  return answer.data;
}

/** 导入计划文件: a document (or pasted text) becomes a draft, with what the import was unsure of. */
export function PlanUploadPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [mode, setMode] = useState<'file' | 'text'>('file');
  const [elapsed, setElapsed] = useState(0);
  const upload = useMutation({
    mutationFn: importDocument,
    // The draft keeps what the import was unsure of: the draft page shows it.
    onSuccess: (answer) => {
      if (answer.plan) void navigate(`/plan-drafts/${answer.plan.id}`);
    },
  });
  // Seconds since the import began: the API answers once, with no progress of its own.
  useEffect(() => {
    if (!upload.isPending) return;
    setElapsed(0);
    const timer = setInterval(() => setElapsed((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, [upload.isPending]);

  const chosen = mode === 'file' ? file : pasted.trim() ? new File([pasted], 'pasted.txt', { type: 'text/plain' }) : null;
  const failure = upload.error;
  const resultsOnly = upload.data && !upload.data.plan ? upload.data : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pdUploadTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 880 }}>
        {t('pdUploadIntro')}
      </Typography.Paragraph>
      <Card>
        <Tabs
          activeKey={mode}
          onChange={(key) => setMode(key === 'text' ? 'text' : 'file')}
          items={[
            {
              key: 'file',
              label: t('pdFromFile'),
              children: (
                <Upload.Dragger
                  accept={ACCEPTED}
                  maxCount={1}
                  disabled={upload.isPending}
                  beforeUpload={(chosenFile) => {
                    setFile(chosenFile);
                    upload.reset();
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: 'chosen', name: file.name, status: 'done' }] : []}
                  aria-label={t('pdChooseFile')}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('pdDropHint')}</p>
                  <p className="ant-upload-hint">{t('pdFileTypes')}</p>
                </Upload.Dragger>
              ),
            },
            {
              key: 'text',
              label: t('pdFromText'),
              children: (
                <label style={{ display: 'block' }}>
                  <Typography.Text>{t('pdPasteLabel')}</Typography.Text>
                  <Input.TextArea
                    rows={10}
                    value={pasted}
                    onChange={(event) => setPasted(event.target.value)}
                    placeholder={t('pdPastePlaceholder')}
                    disabled={upload.isPending}
                    style={{ marginTop: 8 }}
                  />
                </label>
              ),
            },
          ]}
        />
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" disabled={!chosen} loading={upload.isPending} onClick={() => chosen && upload.mutate(chosen)}>
            {t('pdImport')}
          </Button>
          <Button onClick={() => void navigate('/plan-drafts')}>{t('pdBackToList')}</Button>
        </Space>
        {upload.isPending ? (
          <div role="status" style={{ marginTop: 16 }} data-testid="import-progress">
            <Spin />
            <Typography.Text style={{ marginLeft: 12 }}>{t('pdImporting')}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {t('pdImportElapsed', { seconds: elapsed })}
            </Typography.Text>
          </div>
        ) : null}
        {failure ? (
          <div style={{ marginTop: 16 }}>
            {isApiError(failure) && !failure.retryable ? (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t('pdImportFailed')}
                description={
                  <>
                    <div>{failure.message}</div>
                    {failure.issues
                      .filter((issue) => issue.message !== failure.message)
                      .map((issue) => (
                        <div key={`${issue.path}:${issue.message}`}>
                          {issue.path}: {issue.message}
                        </div>
                      ))}
                  </>
                }
              />
            ) : (
              <ErrorAlert error={failure} onRetry={() => chosen && upload.mutate(chosen)} />
            )}
          </div>
        ) : null}
        {resultsOnly ? (
          <Result
            status="info"
            title={t('pdNoDraftTitle')}
            subTitle={t('pdNoDraftText', { count: resultsOnly.results.length })}
            style={{ paddingBottom: 0 }}
          />
        ) : null}
      </Card>
    </Space>
  );
}
