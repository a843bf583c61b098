import { Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { FieldIssue } from '../../api/api-error';
import { issueText } from '../../api/issue-words';
import { api, dataOrThrow, type Schemas } from '../../api/client';
import { comparatorText, kindText } from '../../components/words';
import { useI18n, type Language } from '../../i18n';

export type PlanView = Schemas['PlanResponse'];
export type PlanDocument = Schemas['EditDraftRequest']['document'];
export interface DraftValues {
  document: PlanDocument;
}

/** The directory's active units: offered for a target's units, and to map a name the directory does not hold. */
export function useActiveUnits() {
  return useQuery({
    queryKey: ['directory-units', 'active'],
    queryFn: async () => (await dataOrThrow(api.GET('/directory/units', { params: { query: { limit: 200, status: 'active' } } }))).data,
    staleTime: 60_000,
  });
}

const KINDS = ['count', 'amount', 'quantity', 'growth', 'share', 'ratio', 'rank', 'rank_change', 'milestone'] as const;
const COMPARATORS = ['gte', 'gt', 'lte', 'lt', 'eq', 'range', 'approx', 'done'] as const;

type TargetView = PlanView['goals'][number];
const targetOf = (target: TargetView): PlanDocument['tasks'][number]['targets'][number] => ({
  text: target.text,
  units: { lead: [...target.units.lead], cooperating: [...target.units.cooperating] },
  indicators: target.indicators.map(({ metric, kind, comparator, value, max, unit, stretch, baseline, tolerance }) => ({
    metric,
    kind,
    comparator,
    value,
    max,
    unit,
    stretch,
    baseline,
    tolerance,
  })),
});

/** The draft as the interchange document PUT /plans/:id takes (the view without its ids). */
export function documentOf(plan: PlanView): PlanDocument {
  return {
    title: plan.title,
    year: plan.year,
    jurisdiction: plan.jurisdiction,
    goals: plan.goals.map(targetOf),
    tasks: plan.tasks.map((task) => ({
      number: task.number,
      category: task.category,
      title: task.title,
      content: task.content,
      leader: task.leader,
      targets: task.targets.map(targetOf),
    })),
  };
}

/**
 * A form field's name for an issue's path. Saving answers `document.tasks.0.targets.1.indicators.0.value`
 * (the request's own path); publishing answers `tasks.0.targets.0.units` (the plan's): both land on the
 * field, a target's units on its lead units.
 */
export function fieldNameOf(path: string): (string | number)[] {
  const parts = path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const name = parts[0] === 'document' ? parts : ['document', ...parts];
  if (name.at(-1) === 'units') name.push('lead');
  return name;
}

const FIELD_KEYS = new Set([
  'title',
  'year',
  'jurisdiction',
  'number',
  'category',
  'content',
  'leader',
  'text',
  'lead',
  'cooperating',
  'metric',
  'kind',
  'comparator',
  'value',
  'max',
  'unit',
  'stretch',
]);

/** Puts each issue under its field; returns those no field shows. */
export function showIssuesAtFields(form: FormInstance<DraftValues>, issues: FieldIssue[], language: Language): FieldIssue[] {
  const unplaced: FieldIssue[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const issue of issues) {
    const name = fieldNameOf(issue.path);
    // A field the form shows, in a row it still has; anything else (the whole document, a removed row) is shown above.
    const known = FIELD_KEYS.has(String(name.at(-1))) && (form as FormInstance).getFieldValue(name.slice(0, -1)) !== undefined;
    if (known) fields.push({ name, errors: [issueText(issue, language)] });
    else unplaced.push(issue);
  }
  (form as FormInstance).setFields(fields);
  return unplaced;
}

function UnitSelect({ name, label, options }: { name: (string | number)[]; label: string; options: { value: string; label: string }[] }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} style={{ flex: '1 1 260px', marginBottom: 8 }}>
      <Select mode="tags" options={options} placeholder={t('pdUnitsPlaceholder')} tokenSeparators={['、', ',', '，']} aria-label={label} />
    </Form.Item>
  );
}

/** A target's indicators; `relative` is the target's name in its list, `absolute` its name in the form. */
function IndicatorFields({ relative, absolute, readOnly }: { relative: number; absolute: (string | number)[]; readOnly: boolean }) {
  const { t, language } = useI18n();
  return (
    <Form.List name={[relative, 'indicators']}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Flex key={field.key} wrap gap={8} align="flex-start" className="pd-indicator" data-testid="pd-indicator">
              <Form.Item name={[field.name, 'metric']} label={t('pdMetric')} style={{ flex: '2 1 200px', marginBottom: 8 }}>
                <Input />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} label={t('pdKind')} style={{ width: 110, marginBottom: 8 }}>
                <Select options={KINDS.map((kind) => ({ value: kind, label: kindText(kind, language) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'comparator']} label={t('pdComparator')} style={{ width: 100, marginBottom: 8 }}>
                <Select options={COMPARATORS.map((c) => ({ value: c, label: comparatorText(c, language) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'value']} label={t('pdValue')} style={{ width: 140, marginBottom: 8 }}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item noStyle dependencies={[[...absolute, 'indicators', field.name, 'comparator']]}>
                {({ getFieldValue }) =>
                  getFieldValue([...absolute, 'indicators', field.name, 'comparator']) === 'range' ? (
                    <Form.Item name={[field.name, 'max']} label={t('pdMax')} style={{ width: 120, marginBottom: 8 }}>
                      <InputNumber style={{ width: '100%' }} />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
              <Form.Item name={[field.name, 'unit']} label={t('pdUnit')} style={{ width: 90, marginBottom: 8 }}>
                <Input />
              </Form.Item>
              <Form.Item name={[field.name, 'stretch']} valuePropName="checked" label={t('pdStretch')} style={{ marginBottom: 8 }}>
                <Checkbox />
              </Form.Item>
              {readOnly ? null : (
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('pdRemove')}
                  style={{ marginTop: 30 }}
                  onClick={() => remove(field.name)}
                />
              )}
            </Flex>
          ))}
          {readOnly ? null : (
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ metric: null, kind: 'count', comparator: 'gte', value: null, unit: null, stretch: false })}
            >
              {t('pdAddIndicator')}
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}

/** One target: the text as written, its units and its indicators. `absolute` is its name in the form. */
function TargetFields({
  absolute,
  unitOptions,
  onRemove,
  readOnly,
}: {
  absolute: (string | number)[];
  unitOptions: { value: string; label: string }[];
  onRemove: () => void;
  readOnly: boolean;
}) {
  const relative = absolute.at(-1) as number;
  const { t } = useI18n();
  return (
    <div className="pd-target">
      <Flex gap={8} align="flex-start">
        <Form.Item name={[relative, 'text']} label={t('pdTargetText')} style={{ flex: 1, marginBottom: 8 }}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        {readOnly ? null : (
          <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('pdRemove')} style={{ marginTop: 30 }} onClick={onRemove} />
        )}
      </Flex>
      <Flex wrap gap={8}>
        <UnitSelect name={[relative, 'units', 'lead']} label={t('pdLead')} options={unitOptions} />
        <UnitSelect name={[relative, 'units', 'cooperating']} label={t('pdCooperating')} options={unitOptions} />
      </Flex>
      <Typography.Text type="secondary">{t('pdIndicators')}</Typography.Text>
      <div style={{ marginTop: 4 }}>
        <IndicatorFields relative={relative} absolute={absolute} readOnly={readOnly} />
      </div>
    </div>
  );
}

const emptyTarget = () => ({ text: '', units: { lead: [], cooperating: [] }, indicators: [] });

export interface Flag {
  label: string;
  reason: string;
  source: string | null;
}

/**
 * The draft's fields, named as the API names them (`document.tasks.0.targets.1.indicators.0.value`),
 * so an issue of the API lands on its field. Tasks the importer was unsure of carry their flags.
 */
export function DraftFields({
  unitOptions,
  flagsOfTask,
  readOnly,
}: {
  unitOptions: { value: string; label: string }[];
  flagsOfTask: (index: number) => Flag[];
  /** A published plan: the same fields, without ways to add or remove. */
  readOnly: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <Card title={t('pdMetadata')} size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={12}>
          <Form.Item name={['document', 'title']} label={t('pdTitle')} style={{ flex: '3 1 360px', marginBottom: 8 }}>
            <Input />
          </Form.Item>
          <Form.Item name={['document', 'year']} label={t('pdYear')} style={{ width: 120, marginBottom: 8 }}>
            <InputNumber style={{ width: '100%' }} min={2000} max={2100} />
          </Form.Item>
          <Form.Item name={['document', 'jurisdiction']} label={t('pdJurisdiction')} style={{ flex: '1 1 160px', marginBottom: 8 }}>
            <Input />
          </Form.Item>
        </Flex>
      </Card>
      <Form.List name={['document', 'goals']}>
        {(fields, { add, remove }) =>
          readOnly && fields.length === 0 ? null : (
            <Card title={t('pdGoals')} size="small" style={{ marginBottom: 16 }}>
              {fields.map((field) => (
                <TargetFields
                  key={field.key}
                  absolute={['document', 'goals', field.name]}
                  unitOptions={unitOptions}
                  onRemove={() => remove(field.name)}
                  readOnly={readOnly}
                />
              ))}
              {readOnly ? null : (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(emptyTarget())}>
                  {t('pdAddGoal')}
                </Button>
              )}
            </Card>
          )
        }
      </Form.List>
      <Typography.Title level={4}>{t('pdTasks')}</Typography.Title>
      <Form.List name={['document', 'tasks']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => {
              const flags = flagsOfTask(field.name);
              return (
                <Card
                  key={field.key}
                  id={`pd-task-${field.name}`}
                  size="small"
                  className={flags.length > 0 ? 'pd-task pd-flagged' : 'pd-task'}
                  data-testid="pd-task"
                  data-flagged={flags.length > 0 ? 'true' : undefined}
                  style={{ marginBottom: 16 }}
                  title={
                    <Space size="small">
                      {t('pdTask')}
                      <Form.Item noStyle shouldUpdate>
                        {({ getFieldValue }) => String(getFieldValue(['document', 'tasks', field.name, 'number']) ?? '')}
                      </Form.Item>
                      {flags.length > 0 ? <Tag color="warning">{t('pdFlagged')}</Tag> : null}
                    </Space>
                  }
                  extra={
                    readOnly ? null : (
                      <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('pdRemove')} onClick={() => remove(field.name)} />
                    )
                  }
                >
                  {flags.map((flag) => (
                    <div key={flag.label + flag.reason} className="pd-flag" role="note" data-testid="pd-flag">
                      <Typography.Text strong>{flag.label}</Typography.Text> <Typography.Text>{flag.reason}</Typography.Text>
                      {flag.source ? (
                        <div>
                          <Typography.Text type="secondary">
                            {t('pdFromSource')}
                            {flag.source}
                          </Typography.Text>
                        </div>
                      ) : null}
                    </div>
                  ))}
                  <Flex wrap gap={8}>
                    <Form.Item name={[field.name, 'number']} label={t('pdTaskNumber')} style={{ width: 90, marginBottom: 8 }}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'category']} label={t('pdCategory')} style={{ flex: '1 1 160px', marginBottom: 8 }}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} label={t('pdTaskTitle')} style={{ flex: '3 1 320px', marginBottom: 8 }}>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'leader']} label={t('pdLeader')} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                      <Input />
                    </Form.Item>
                  </Flex>
                  <Form.Item name={[field.name, 'content']} label={t('pdContent')} style={{ marginBottom: 8 }}>
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
                  </Form.Item>
                  <Form.List name={[field.name, 'targets']}>
                    {(targets, targetOps) => (
                      <>
                        {targets.map((target) => (
                          <TargetFields
                            key={target.key}
                            absolute={['document', 'tasks', field.name, 'targets', target.name]}
                            unitOptions={unitOptions}
                            onRemove={() => targetOps.remove(target.name)}
                            readOnly={readOnly}
                          />
                        ))}
                        {readOnly ? null : (
                          <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => targetOps.add(emptyTarget())}>
                            {t('pdAddTarget')}
                          </Button>
                        )}
                      </>
                    )}
                  </Form.List>
                </Card>
              );
            })}
            {readOnly ? null : (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    number: String(fields.length + 1),
                    category: null,
                    title: '',
                    content: null,
                    leader: null,
                    targets: [emptyTarget()],
                  })
                }
              >
                {t('pdAddTask')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </>
  );
}
