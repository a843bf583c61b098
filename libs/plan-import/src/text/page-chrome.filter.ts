/**
 * Page chrome: what a web page or a converter adds around the document (navigation, print and
 * close links, share prompts, metadata lines). Matching runs on the simplified shadow of a
 * normalised line; metadata values are read from the line as written.
 */

const SHORT_LINE = 48;

const CHROME_ANYWHERE: RegExp[] = [
  /【(?:打印|关闭|字体|字号|收藏|返回|大|中|小)/,
  /扫一扫|扫码|在手机(?:上)?(?:打开|浏览|阅读)|手机版|用手机/,
  /分享到|分享至/,
  /版权所有|ICP备|网站标识码|公网安备|网站地图|联系我们|技术支持[:：]/,
];

const CHROME_WHOLE: RegExp[] = [
  /^[【[]?(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回列表|返回|收藏本页|收藏|加入收藏|保存本页)[】\]]?$/,
  /^(?:您|你)?(?:的|当前)?(?:所在)?位置[:>：]/,
  /^当前位置/,
  /^首页\s*[>›»]/,
  /^(?:上一篇|下一篇|相关阅读|相关链接|相关文章|附件下载|相关文件)/,
  /^(?:字体|字号)[:：]?(?:大|中|小|【|\[)/,
  /^分享[:：]?$/,
  /^[-=_*·•—~\s]+$/,
  /^(?:https?:\/\/|www\.)\S+$/,
];

const SITE_NAME = /(?:官网|网站|门户|政府网|信息网|官方网站)$/;
const DOMAIN = /(?:www\.|[a-z0-9-]+\.(?:gov|com|org|net|edu)\.cn)/i;

/** Labels of metadata fields shown around published documents; longer labels first. */
const META_LABELS = [
  '索引号',
  '发文标题',
  '发文文号',
  '发文部门',
  '发文单位',
  '发布单位',
  '发文时间',
  '实施时间',
  '施行日期',
  '公布日期',
  '发布机构',
  '发文机关',
  '发文日期',
  '发布日期',
  '发布时间',
  '成文日期',
  '公开方式',
  '公开范围',
  '公开时限',
  '主题分类',
  '主题词',
  '信息来源',
  '发文字号',
  '文号',
  '名称',
  '标题',
  '来源',
  '作者',
  '浏览量',
  '浏览次数',
  '访问量',
  '点击量',
  '点击数',
  '阅读量',
  '阅读次数',
  '责任编辑',
  '编辑',
  '审核',
  '校对',
  '有效性',
  '生效日期',
];

const LABEL_RE = new RegExp(`(${META_LABELS.join('|')})[:：]`, 'g');
const BULLET = /^[•·●◆■▪◇□○\-*>]\s*/;

export type MetadataField = 'title' | 'date' | 'source';

const FIELD_OF_LABEL: Record<string, MetadataField> = {
  名称: 'title',
  标题: 'title',
  发文标题: 'title',
  发文时间: 'date',
  公布日期: 'date',
  发文部门: 'source',
  发文单位: 'source',
  发布单位: 'source',
  发布时间: 'date',
  发布日期: 'date',
  发文日期: 'date',
  成文日期: 'date',
  信息来源: 'source',
  来源: 'source',
  发布机构: 'source',
  发文机关: 'source',
};

export interface ChromeVerdict {
  chrome: boolean;
  fields: Array<{ label: string; field: MetadataField | null; value: string }>;
}

/**
 * Decides whether a line is chrome and reads the metadata fields it carries.
 * `line` is the normalised line, `shadow` its simplified shadow (same length).
 */
export function inspectChromeLine(line: string, shadow: string): ChromeVerdict {
  const bullet = BULLET.exec(shadow);
  const offset = bullet ? bullet[0].length : 0;
  const body = shadow.slice(offset);
  const fields = readMetadataFields(line.slice(offset), body);
  if (fields.length >= 2 || (fields.length === 1 && body.startsWith(fields[0]?.label ?? '\u0000'))) {
    return { chrome: true, fields };
  }
  const chrome =
    CHROME_WHOLE.some((re) => re.test(body)) ||
    (body.length <= SHORT_LINE && CHROME_ANYWHERE.some((re) => re.test(body))) ||
    (body.length <= 16 && !/[。,;:]/.test(body) && (SITE_NAME.test(body) || DOMAIN.test(body)));
  if (chrome) return { chrome: true, fields };
  return { chrome: false, fields: [] };
}

function readMetadataFields(line: string, shadow: string): ChromeVerdict['fields'] {
  const hits: Array<{ label: string; start: number; valueStart: number }> = [];
  for (const match of shadow.matchAll(LABEL_RE)) {
    const label = match[1] ?? '';
    hits.push({ label, start: match.index, valueStart: match.index + match[0].length });
  }
  return hits.map((hit, i) => {
    const end = i + 1 < hits.length ? (hits[i + 1]?.start ?? line.length) : line.length;
    const value = line.slice(hit.valueStart, end).replace(/【.*$/, '').trim();
    return { label: hit.label, field: FIELD_OF_LABEL[hit.label] ?? null, value };
  });
}
