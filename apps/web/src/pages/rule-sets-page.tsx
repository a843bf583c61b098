import { Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, dataOrThrow, type RuleSetSummary } from '../api/client';
import { ApiErrorView } from '../components/api-error-view';
import { useI18n } from '../i18n';
import { formatInstant } from '../time';

type VersionRow = RuleSetSummary['versions'][number];

/** 规则: each rule set with its versions, newest first; everyone reads, coordinators change. */
export function RuleSetsPage() {
  const { t, lookup, language } = useI18n();
  const ruleSets = useQuery({
    queryKey: ['rule-sets'],
    queryFn: async () => (await dataOrThrow(api.GET('/rule-sets'))).data,
  });
  if (ruleSets.isError) return <ApiErrorView error={ruleSets.error} onRetry={() => void ruleSets.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('rsIntro')}
      </Typography.Paragraph>
      {(ruleSets.data?.items ?? []).map((ruleSet) => (
        <Card
          key={ruleSet.id}
          size="small"
          data-testid={`rule-set-${ruleSet.id}`}
          title={
            <Space wrap>
              <span>{lookup(`rsKind.${ruleSet.id}`) ?? ruleSet.id}</span>
              <Typography.Text code>{ruleSet.id}</Typography.Text>
            </Space>
          }
          extra={ruleSet.latestPublished ? `${t('rsLatest')}：v${ruleSet.latestPublished}` : null}
        >
          <Table<VersionRow>
            rowKey="version"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={[...ruleSet.versions].reverse()}
            columns={[
              {
                title: t('rsVersions'),
                dataIndex: 'version',
                render: (_, v) => <Link to={`/rules/${ruleSet.id}/${v.version}`}>v{v.version}</Link>,
              },
              {
                title: t('rsStatus'),
                dataIndex: 'status',
                render: (_, v) =>
                  v.status === 'draft' ? <Tag color="gold">{t('rsDraft')}</Tag> : <Tag color="blue">{t('rsPublished')}</Tag>,
              },
              { title: t('rsChangeNote'), dataIndex: 'changeNote' },
              { title: t('rsAuthor'), dataIndex: 'author', render: (_, v) => v.author.name },
              { title: t('rsPublishedAt'), dataIndex: 'publishedAt', render: (_, v) => formatInstant(v.publishedAt, language) },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}
