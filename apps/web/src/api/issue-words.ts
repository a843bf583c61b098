import type { Language } from '../i18n';
import type { FieldIssue } from './api-error';

type Words = (params: NonNullable<FieldIssue['params']>) => string;

const plural = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('zh-CN') : String(n));

/**
 * What the API's field issues say, in the reader's words: from each issue's `code` and
 * `params` (zod's codes, and the reasons the API's schemas give their own rules). An issue
 * without a code the console knows is shown as the API wrote it (English).
 */
const words: Record<string, { zh: Words; en: Words }> = {
  too_small: {
    zh: (p) =>
      p['origin'] === 'string'
        ? p['minimum'] === 1
          ? '此项为必填项'
          : `至少${plural(p['minimum'])}个字`
        : p['origin'] === 'array'
          ? p['minimum'] === 1
            ? '请至少填写一项'
            : `请至少填写${plural(p['minimum'])}项`
          : `不能小于${plural(p['minimum'])}`,
    en: (p) =>
      p['origin'] === 'string'
        ? p['minimum'] === 1
          ? 'This field is required'
          : `At least ${String(p['minimum'])} characters`
        : p['origin'] === 'array'
          ? `At least ${String(p['minimum'])} item(s)`
          : `Must be at least ${String(p['minimum'])}`,
  },
  too_big: {
    zh: (p) =>
      p['origin'] === 'string'
        ? `不能超过${plural(p['maximum'])}个字`
        : p['origin'] === 'array'
          ? `最多${plural(p['maximum'])}项`
          : `不能大于${plural(p['maximum'])}`,
    en: (p) =>
      p['origin'] === 'string'
        ? `At most ${String(p['maximum'])} characters`
        : p['origin'] === 'array'
          ? `At most ${String(p['maximum'])} items`
          : `Must be at most ${String(p['maximum'])}`,
  },
  invalid_type: {
    zh: (p) => (p['expected'] === 'number' ? '请填写数字' : p['expected'] === 'string' ? '请填写文字' : '格式不正确'),
    en: (p) => (p['expected'] === 'number' ? 'Enter a number' : p['expected'] === 'string' ? 'Enter text' : 'Wrong format'),
  },
  invalid_value: {
    zh: (p) => (Array.isArray(p['values']) ? `只能是：${p['values'].join('、')}` : '取值无效'),
    en: (p) => (Array.isArray(p['values']) ? `Must be one of: ${p['values'].join(', ')}` : 'Not an allowed value'),
  },
  invalid_format: { zh: () => '格式不正确', en: () => 'Wrong format' },
  unknown_field: { zh: () => '无法识别的字段', en: () => 'Unknown field' },
  comment_required_on_return: {
    zh: () => '退回修改时须填写审核意见，说明需要修改的内容',
    en: () => 'A returned report needs a comment saying what to revise',
  },
  range_needs_max: { zh: () => '“介于”须填写上限', en: () => 'A range needs its upper bound' },
  range_max_below_value: { zh: () => '上限不能小于目标值', en: () => 'The upper bound must not be below the value' },
  milestone_comparator: {
    zh: () => '节点任务的要求只能是“完成”，“完成”也只用于节点任务',
    en: () => 'A milestone uses “done”, and only a milestone does',
  },
  title_required: { zh: () => '发布前须填写计划标题', en: () => 'A published plan needs a title' },
  task_required: { zh: () => '发布前至少要有一项任务', en: () => 'A published plan needs at least one task' },
  lead_unit_required: { zh: () => '发布前须填写牵头单位', en: () => 'Name a lead unit (牵头单位) before publishing' },
  not_pinned: { zh: () => '该周期未使用此规则集', en: () => 'The cycle does not decide with this rule set' },
  not_published: { zh: () => '草稿不能用于修订，请先发布该版本', en: () => 'A draft cannot be used: publish it first' },
  version_not_newer: {
    zh: (p) => (p['minimum'] ? `须为比 v${String(p['minimum'])} 更新的版本` : '须为更新的版本'),
    en: (p) => (p['minimum'] ? `Must be newer than v${String(p['minimum'])}` : 'Must be a newer version'),
  },
  value_or_done_required: {
    zh: () => '请填写数值，节点任务请选择是否完成',
    en: () => 'Enter a value, or for a milestone whether it is done',
  },
};

export function issueText(issue: FieldIssue, language: Language): string {
  const known = issue.code ? words[issue.code] : undefined;
  return known ? known[language](issue.params ?? {}) : issue.message;
}
