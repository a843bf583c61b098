import { toSimplifiedShadow } from '../text/script.normalizer';

export type ColumnRole =
  | 'number'
  | 'category'
  | 'title'
  | 'content'
  | 'target'
  | 'lead'
  | 'cooperating'
  | 'units'
  | 'leader'
  | 'indicators'
  | 'deadline'
  /** What was achieved (全年落实情况, 完成情况): a progress table's results, never targets. */
  | 'results'
  | 'other';

/** Header words, tried in order: the first pattern a header cell matches gives its role. */
const ROLE_PATTERNS: Array<[ColumnRole, RegExp]> = [
  ['number', /^(?:序号|编号|序|no\.?|#)$/i],
  ['indicators', /^指标(?:数据|json)?$/i],
  ['leader', /责任领导|牵头领导|分管领导|联系领导|责任人|责任市领导|责任县领导/],
  ['lead', /牵头单位|牵头部门|主责单位|牵头科室|主要责任单位|主要责任部门/],
  ['cooperating', /配合单位|配合部门|协办单位|协助单位|参与单位|协同单位|配合科室/],
  ['units', /责任单位|责任部门|承办单位|责任科室|落实单位|实施单位/],
  ['deadline', /时限|时间|期限|进度|节点/],
  ['results', /落实情况|完成情况|进展情况|完成进度|实际完成|推进情况|工作成效/],
  ['other', /备注|说明|流程|步骤|序时/],
  ['target', /目标|指标|任务单|任务清单/],
  ['title', /工作任务|重点任务|主要任务|任务名称|工作事项|任务事项|项目名称|任务$|事项$/],
  ['content', /内容|措施|举措|要求/],
  ['category', /类别|类型|分类|领域|板块|方面|行动|重点工作|专项/],
];

/** The role a header word names; null for a word that names no column. */
export function headerRole(cell: string): ColumnRole | null {
  const key = toSimplifiedShadow(cell.replace(/\s+/g, ''));
  if (key === '' || key.length > 12 || /[。,;\d]/.test(key)) return null;
  for (const [role, re] of ROLE_PATTERNS) if (re.test(key)) return role;
  return null;
}

/** Roles of the columns of a header row; null when the row is not the header of a plan table. */
export function columnRoles(header: string[]): ColumnRole[] | null {
  if (header.length < 3) return null;
  const roles = header.map((cell): ColumnRole => {
    const key = toSimplifiedShadow(cell.replace(/\s+/g, ''));
    if (key === '') return 'other';
    for (const [role, re] of ROLE_PATTERNS) if (re.test(key)) return role;
    return 'other';
  });
  const hasText = roles.some((role) => role === 'title' || role === 'content' || role === 'target');
  const hasOwner = roles.some((role) => role === 'units' || role === 'lead' || role === 'leader');
  if (!hasText || !hasOwner) return null;
  if (!roles.includes('title') && roles.includes('category')) roles[roles.indexOf('category')] = 'title';
  return roles;
}
