/**
 * One writing of punctuation and spacing for every document: ASCII for full-width letters,
 * digits and the ASCII-like marks (，：；（）！？％ become , : ; ( ) ! ? %), Chinese marks
 * that have no ASCII twin (。、“”《》) kept, and no spaces next to Chinese characters.
 */

const EXTRA_MAP: Record<string, string> = {
  '\uFF61': '。',
  '\uFF64': '、',
  '\uFE50': ',',
  '\uFE51': '、',
  '\uFE52': '.',
  '\uFE54': ';',
  '\uFE55': ':',
  '\uFE59': '(',
  '\uFE5A': ')',
  '\u301C': '~',
  '\u2236': ':',
};

const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]|[\u0000-\u0008\u000B-\u001F\u007F]/g;
const DASH_BETWEEN_DIGITS = /(\d)\s*[\u2010-\u2015\u2212\uFE58\uFE63]\s*(?=\d)/g;

/**
 * A blank where a number was removed (`全年新增高新技术企业 家`, `增长 %`): a verb and its object,
 * spaces, then a measure word. It becomes the mask `×`, so the target is read with its value missing and reported,
 * instead of the space vanishing with the rest and the figure with it.
 */
const BLANK_NUMBER_RE =
  /(有|达|达到|新增|完成|增长|为|共|实现|超过|突破|增加|培育|引进|认定|申报|累计|净增|占比|提高|下降)([^\s,;:。、()0-9]{0,12}?)[ \u3000]+(?=(?:家|个|项|件|名|人次|亿元|万元|元|%|个百分点|次|所|台|套|篇|场)(?![目员才庭人数性体业些别案型]))/g;

/**
 * Rule "number cut out": a page that removed the figures and kept their units (`研发费用亿元`,
 * `累计增速%`, `面积为万平方米`): a metric word followed straight by a unit that needs a number. The
 * mask `×` goes where the number stood, so the value is read missing and reported. Not before
 * 以上/以下/级/企业 (`产值亿元以上企业` speaks of one 亿元).
 */
const CUT_NUMBER_RE =
  /(费用|增加值|交易额|成交额|产值|增速|增幅|比重|完成率|面积为|收入|投入|投资|营收|总额|支出|占比|强度|增长|资金|经费|补助)(?=余?(?:亿元|万元|%|万平方米|平方米|个百分点)(?!以上|以下|级|企业|的|项目|左右))/g;
/** The same for a count: 共有家企业, 共计项 (a count word straight before its measure word). */
const CUT_COUNT_RE = /(共有|共计|合计)(?=[家个项件名])/g;

/** Characters written without spaces around them: CJK, CJK punctuation, full-width forms. */
export function isCjkLike(code: number): boolean {
  return (
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef) ||
    (code >= 0x2018 && code <= 0x201d) ||
    code === 0x2026 ||
    code === 0x2014 ||
    (code >= 0x2460 && code <= 0x24ff)
  );
}

export function isHan(code: number): boolean {
  return (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

const TIGHT_BEFORE = new Set([',', ';', ':', '!', '?', ')', '%', '、', '。', '|']);
const TIGHT_AFTER = new Set([',', ';', ':', '!', '?', '(', '|']);

function toHalfWidth(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  // ⑴..⒇ and ⒈..⒛ are list markers; write them as (1) and 1.
  if (code >= 0x2474 && code <= 0x2487) return `(${code - 0x2473})`;
  if (code >= 0x2488 && code <= 0x249b) return `${code - 0x2487}.`;
  return EXTRA_MAP[char] ?? char;
}

/** Normalises one line: widths, dashes in numeric ranges, spaces. Tabs are kept (table cells). */
export function normalizeLine(line: string): string {
  let text = line.replace(INVISIBLE, '').replace(SPACES, ' ');
  let mapped = '';
  for (const char of text) mapped += toHalfWidth(char);
  text = mapped
    .replace(DASH_BETWEEN_DIGITS, '$1-')
    .replace(BLANK_NUMBER_RE, '$1$2×')
    .replace(CUT_NUMBER_RE, '$1×')
    .replace(CUT_COUNT_RE, '$1×');
  return collapseSpaces(separatePeople(text));
}

/**
 * `责任人:李四 王五`: names after a people label, set apart by spaces, are a list (李四、王五); a
 * name padded to width inside (`陈  忠`, one character each side) stays one name.
 */
const PEOPLE_LABEL_RE = /^\s*(?:责任人|責任人|责任领导|責任領導|分管领导|分管領導|联系人|聯繫人)\s*:/;
const NAME_THEN_SPACE_RE = /([\u4e00-\u9fff]{2,4}) +(?=[\u4e00-\u9fff]{2,4}(?: |$))/g;

function separatePeople(text: string): string {
  const label = PEOPLE_LABEL_RE.exec(text);
  if (label === null) return text;
  return label[0] + text.slice(label[0].length).trim().replace(NAME_THEN_SPACE_RE, '$1、');
}

function collapseSpaces(text: string): string {
  const parts = text.split('\t').map((part) => part.replace(/ {2,}/g, ' '));
  const joined = parts.join('\t');
  let out = '';
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i] as string;
    if (char !== ' ') {
      out += char;
      continue;
    }
    const prev = out.length > 0 ? (out[out.length - 1] as string) : '';
    const next = i + 1 < joined.length ? (joined[i + 1] as string) : '';
    if (prev === '' || next === '' || prev === '\t' || next === '\t') continue;
    const tight = isCjkLike(prev.charCodeAt(0)) || isCjkLike(next.charCodeAt(0)) || TIGHT_AFTER.has(prev) || TIGHT_BEFORE.has(next);
    if (!tight) out += ' ';
  }
  return out;
}
