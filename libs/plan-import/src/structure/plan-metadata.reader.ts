import { parseChineseNumeral } from '../numerals/chinese-numeral.reader';
import { toSimplifiedShadow } from '../text/script.normalizer';
import { type TextBlock } from './text-block';

export interface PlanMetadata {
  title: string | null;
  year: number | null;
  /** A plan for several years (…方案(2023-2027年)): its first and last year; null for one year. */
  period: { from: number; to: number } | null;
  jurisdiction: string | null;
}

const TITLE_WORD_RE = /要点|方案|计划|打算|分解表|清单|总结|安排|意见|任务表|报告|规划|通知|台账|解读|摘编|问答|工作思路/;
/** Page metadata run together (生成日期…公开方式…主题分类): never a title. */
const METADATA_LINE_RE = /生成日期|公开方式|主题分类|索引号|组配分类|发布机构|体裁分类|公开范围/;
const YEAR_RE = /((?:19|20)\d{2})\s*年/g;
const DATE_YEAR_RE = /^((?:19|20)\d{2})[-/.年]/;
/** A line holding only a document's number: 庆政发〔2016〕43号, (梧政发〔2012〕3号), 延市科发[2018]24号. */
const DOCUMENT_NUMBER_LINE_RE = /^[(]?[\u4e00-\u9fff]{1,10}[〔[【(]((?:19|20)\d{2})[〕\]】)]\s*(?:第)?\d{1,4}号[)]?$/;
/** A date in Chinese numerals: 二〇一六年七月八日, 二○一二年一月二十九日. */
const CHINESE_DATE_RE = /([二〇○零一三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日/;
const CHINESE_DIGIT: Record<string, number> = { 〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function chineseYear(digits: string): number | null {
  let year = 0;
  for (const char of digits) {
    const digit = CHINESE_DIGIT[char];
    if (digit === undefined) return null;
    year = year * 10 + digit;
  }
  return year >= 1900 && year < 2100 ? year : null;
}
/** Rule "plan period": a title naming a span of years (2023-2027年, 2022—2024, 2023至2025年) plans from its first year. */
const PERIOD_RE = /((?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至到]+\s*((?:19|20)\d{2})/;
const PLACE_SUFFIX = new Set(['市', '县', '区', '旗', '州', '縣', '區']);
/** Words ending in 市/县/区 that are not places: 全市, 城市, 园区, 示范区 … */
const NOT_PLACE_RE =
  /(?:我|本|全|该|各|此|其)$|^(?:全|本|我|各|该|此|城|省|县|市|区|新|老|园|社|景|辖|其|两|郊|上|股|超|强|立|门|入|集|都|片|山|灾|林|矿|库|校|厂|营|湾|特|试|先|保|经|自|高|示|功|开|产|中|城|乡|地|边|民|镇|街|在|和|与|及|到|的|为|等|对|是)|(?:开发|示范|高新|试验|先行|集聚|功能|保税|经开|自创|自贸|核心|工业|产业|创新|科技|农业)$/;

/**
 * A committee before its government (区委区政府, 县委县政府): 区委 names no place, even before 政府; nor does an
 * office before the next cell of a table whose spaces were removed (县科技局县税务局: 科技局县 is none).
 */
const COMMITTEE_RE = /[委局办院所站厅处室司队会]$/;

/**
 * Rule "one-character county" (忠县, 道县, 环县): 县 after a single character that stands where a name
 * starts (after punctuation, a line's start, a year or a larger place) and is no determiner or numeral
 * (全县, 该县, 一县一品).
 */
function oneCharacterCounty(shadow: string, k: number): boolean {
  if (shadow[k] !== '县' && shadow[k] !== '縣') return false;
  const char = shadow[k - 1] ?? '';
  const before = shadow[k - 2] ?? '';
  return (
    HAN_RE.test(char) &&
    ((!HAN_RE.test(before) && !/[\dA-Za-z]/.test(before)) || /[年省市州]/.test(before)) &&
    !NOT_PLACE_RE.test(char) &&
    !/[某一二三四五六七八九十百千万两多每几个分总年月日号届次期向从由经至将请被把给让使令于以按据即又也或但而则]/.test(char)
  );
}
/** A signature: an office alone on its line (忠县科学技术局), the date on the next one. */
const SIGNATURE_OFFICE_RE =
  /^(.{2,12}?)(?:人民政府|人民政府办公室|政府办公室|科学技术局|科技局|科学技术委员会|科委|科技创新局|科学技术和工业信息化局|科工局)$/;
const SIGNATURE_DATE_RE =
  /^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$|^[二〇○零一三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$/;

/** The plan's title, year and jurisdiction, from the text before the first heading and the page's metadata. */
export function readPlanMetadata(input: {
  preface: TextBlock[];
  lines: TextBlock[];
  metadata: { title?: string; date?: string; source?: string };
  /** A year-end summary's part that plans (下一步工作): its heading; null when the document is no summary or has none. */
  summaryPlanPart?: string | null;
}): PlanMetadata {
  const title = readTitle(input.preface) ?? input.metadata.title ?? null;
  const period = readPeriod(title) ?? (title !== null && YEAR_IN_TITLE_RE.test(title) ? null : namedPlanPeriod(input.preface));
  // Rule "year from the head": a year named only inside a task (兑现2020年…奖励) is not the plan's.
  const year = readYear(title, input.metadata.date, input.preface);
  const planPart = input.summaryPlanPart ?? null;
  return {
    title,
    year: period?.from ?? (planPart === null ? year.year : nextYearOfSummary(planPart, title, year)),
    period,
    jurisdiction: readJurisdiction({ title, source: input.metadata.source ?? null, preface: input.preface, lines: input.lines }),
  };
}

function readTitle(preface: TextBlock[]): string | null {
  for (const block of preface.slice(0, 8)) {
    const text = block.text.trim();
    // A line naming an attachment (附件:…) is no title: the attachment's own title follows.
    if (/^附件\s*\d*\s*[:：]/.test(block.shadow)) continue;
    if (text.length <= 80 && !/[。,;]/.test(block.shadow) && TITLE_WORD_RE.test(block.shadow) && !METADATA_LINE_RE.test(block.shadow)) {
      // Signatories and their date run into the title (…科学技术局2022年6月7日临海市科学技术“十四五”发展规划): the title follows the date.
      const date = /(?:19|20)\d{2}年\d{1,2}月\d{1,2}日/.exec(block.shadow);
      const rest = date === null ? '' : text.slice(date.index + date[0].length).trim();
      return rest !== '' && TITLE_WORD_RE.test(toSimplifiedShadow(rest)) ? rest : text;
    }
  }
  return null;
}

const YEAR_IN_TITLE_RE = /(?:19|20)\d{2}/;
/** Rule "five-year plan": “十四五” names 2021–2025 (the sixth plan, 六五, began in 1981; one every five years since). */
const FIVE_YEAR_PLAN_RE = /([一二三四五六七八九十]+)五(?:”|")?(?:时期|期间|规划|发展规划|科技|创新|专项|科学)/;
/** A plan a news report or notice names in its head: 《连云港市…行动工作方案(2019-2020年)》. */
const NAMED_PLAN_RE = /《([^》]{4,80}(?:方案|规划|计划|要点|清单|意见)(?:\([^)]*\))?)》/g;

/**
 * Rule "period of a named plan" (news of a plan, a notice whose own title names no year): the span
 * of the first plan named in 《》 before the first heading, or a five-year plan's number (十四五).
 */
function namedPlanPeriod(preface: TextBlock[]): PlanMetadata['period'] {
  for (const block of preface.slice(0, 6)) {
    for (const match of block.shadow.matchAll(NAMED_PLAN_RE)) {
      const span = readPeriod(match[1] ?? null);
      if (span !== null) return span;
    }
  }
  return null;
}

function readPeriod(title: string | null): PlanMetadata['period'] {
  const shadow = title === null ? '' : toSimplifiedShadow(title);
  const fiveYear = YEAR_IN_TITLE_RE.test(shadow) ? null : FIVE_YEAR_PLAN_RE.exec(shadow);
  const ordinal = fiveYear === null ? null : parseChineseNumeral(fiveYear[1] ?? '');
  if (ordinal !== null && ordinal >= 6 && ordinal <= 20) return { from: 1981 + 5 * (ordinal - 6), to: 1985 + 5 * (ordinal - 6) };
  const match = title === null ? null : PERIOD_RE.exec(shadow);
  if (match === null) return null;
  const from = Number(match[1]);
  const to = Number(match[2]);
  return to > from && to - from <= 10 ? { from, to } : null;
}

/** Words of a title that name a plan beside the summary (2023年总结和2024年计划): its last year is the plan's. */
const TITLE_PLAN_WORD_RE = /计划|打算|思路|要点|安排|规划|方案/;
const NEXT_YEAR_WORD_RE = /明年|来年|下一年|新的一年/;

/**
 * Rule "a summary's plan is next year's" (工作总结 ending with 下一步工作 / 明年工作打算): the part
 * that plans is for the year after the one summarised. Its own heading's year wins (二、2025年工作思路);
 * else a title naming the summary's year only (2024年工作总结), or 明年 beside it, gives that year + 1;
 * a title naming the plan's year too (2023年总结和2024年计划) keeps its last year; a year taken from
 * the publication date is left as it is (a summary is published around the new year).
 */
function nextYearOfSummary(
  planPart: string,
  title: string | null,
  year: { year: number | null; from: 'title' | 'date' | 'text' | null },
): number | null {
  const own = [...toSimplifiedShadow(planPart).matchAll(YEAR_RE)].map((match) => Number(match[1]));
  if (own.length > 0) return own[own.length - 1] ?? null;
  if (year.year === null || year.from === 'date') return year.year;
  const shadow = title === null ? '' : toSimplifiedShadow(title);
  const titleYears = new Set([...shadow.matchAll(YEAR_RE)].map((match) => Number(match[1])));
  if (year.from === 'title' && titleYears.size > 1) return year.year;
  if (year.from === 'title' && TITLE_PLAN_WORD_RE.test(shadow) && !NEXT_YEAR_WORD_RE.test(shadow)) return year.year;
  return year.year + 1;
}

function readYear(
  title: string | null,
  date: string | undefined,
  lines: TextBlock[],
): { year: number | null; from: 'title' | 'date' | 'text' | null } {
  if (title !== null) {
    const years = [...title.matchAll(YEAR_RE)].map((match) => Number(match[1]));
    const last = years[years.length - 1];
    if (last !== undefined) return { year: last, from: 'title' };
  }
  const fromDate = date === undefined ? null : DATE_YEAR_RE.exec(date.trim());
  if (fromDate !== null && fromDate[1] !== undefined) return { year: Number(fromDate[1]), from: 'date' };
  // Rule "year of the document's number": a line that is only its 文号 (庆政发〔2016〕43号), or a date written
  // in Chinese numerals in its head (二〇一六年七月八日…通过), dates the document; a 文号 cited inside a sentence does not.
  for (const line of lines.slice(0, 12)) {
    const shadow = line.shadow.trim();
    const number = DOCUMENT_NUMBER_LINE_RE.exec(shadow);
    if (number !== null) return { year: Number(number[1]), from: 'date' };
    const written = CHINESE_DATE_RE.exec(shadow);
    const year = written === null ? null : chineseYear(written[1] as string);
    if (year !== null) return { year, from: 'date' };
  }
  const counts = new Map<number, number>();
  for (const line of lines) {
    for (const match of line.shadow.matchAll(YEAR_RE)) {
      const year = Number(match[1]);
      counts.set(year, (counts.get(year) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  for (const [year, count] of counts)
    if (best === null || count > (counts.get(best) ?? 0) || (count === counts.get(best) && year > best)) best = year;
  return { year: best, from: best === null ? null : 'text' };
}

const HAN_RE = /[\u4e00-\u9fff]/;

/** A 州 followed by 市/县/区 ends no place: it is inside the name (福州市, 通州区), so 思路福州 is none. */
function insideName(shadow: string, k: number): boolean {
  return shadow[k] === '州' && /[市县区]/.test(shadow[k + 1] ?? '');
}
/** 中共X县委 / 中共X市委: a one-character place after the party's name, before its committee (委). */
function partyPrefixed(shadow: string, k: number): boolean {
  return shadow.slice(k - 3, k - 1) === '中共' && shadow[k + 1] === '委';
}
/** A verb before 市委 / 县政府 (围绕市委市政府, 按照县委部署): no place's name. */
const VERB_BEFORE_RE = /(?:围绕|按照|根据|落实|贯彻|服务|聚焦|立足|紧扣|对接|配合|协助|报请|经过)$/;
const GOVERNMENT_AFTER_RE = /^(?:人民政府|政府|委员会|委|科学技术局|科技局)/;

/** Places named in a text, in order, as 3-character keys (two characters and 市/县/区) with their spelling. */
function placesIn(shadow: string, text: string): Array<{ key: string; written: string; at: number; end: number; seat: boolean }> {
  const out: Array<{ key: string; written: string; at: number; end: number; seat: boolean }> = [];
  for (let k = 1; k < shadow.length; k++) {
    if (!PLACE_SUFFIX.has(shadow[k] as string) || insideName(shadow, k)) continue;
    if (k < 2 && !oneCharacterCounty(shadow, k)) continue;
    // 中共环县委: the party's prefix is no part of the place (环县).
    if (partyPrefixed(shadow, k)) {
      out.push({ key: shadow.slice(k - 1, k + 1), written: text.slice(k - 1, k + 1), at: k - 1, end: k + 1, seat: true });
      continue;
    }
    if (oneCharacterCounty(shadow, k)) {
      const seat = GOVERNMENT_AFTER_RE.test(shadow.slice(k + 1, k + 6));
      out.push({ key: shadow.slice(k - 1, k + 1), written: text.slice(k - 1, k + 1), at: k - 1, end: k + 1, seat });
      continue;
    }
    const name = shadow.slice(k - 2, k);
    if (![...name].every((char) => HAN_RE.test(char))) continue;
    // A seat of government stands where a name can start: after punctuation, a year, or a larger place.
    const before = shadow[k - 3] ?? '';
    const seat =
      GOVERNMENT_AFTER_RE.test(shadow.slice(k + 1, k + 6)) &&
      (!HAN_RE.test(before) || /[年省市州]/.test(before)) &&
      !/[已经将在的了为和与及是对把被等各全本我该此]/.test(name) &&
      !VERB_BEFORE_RE.test(name);
    if ((NOT_PLACE_RE.test(name) && !seat) || COMMITTEE_RE.test(name)) continue;
    out.push({ key: shadow.slice(k - 2, k + 1), written: text.slice(k - 2, k + 1), at: k - 2, end: k + 1, seat });
  }
  return out;
}

/** The most specific place a text names first: 鞍山市立山区 names 立山区. */
function firstPlace(text: string | null): { key: string; written: string } | null {
  if (text === null) return null;
  const shadow = toSimplifiedShadow(text);
  const places = placesIn(shadow, text);
  let place = places[0];
  if (place === undefined) return null;
  for (const next of places.slice(1)) {
    // A three-character name after a larger place (重庆市大渡口区): the keys hold two characters, so
    // the name starts one character before the key found.
    if (
      next.at === place.end + 1 &&
      /[市州]$/.test(place.key) &&
      /[区县旗]$/.test(next.key) &&
      /[\u4e00-\u9fff]/.test(shadow[place.end] ?? '') &&
      !/[和与及的、委局府办厅]/.test(shadow[place.end] ?? '')
    ) {
      place = { ...next, key: shadow.slice(place.end, next.end), written: text.slice(place.end, next.end), at: place.end };
      continue;
    }
    if (next.at !== place.end) break;
    place = next;
  }
  return place;
}

/**
 * The place the plan is for, as the document writes it. Rule "jurisdiction from the head": the
 * place the title names; else a seat of government or an office named before the first heading
 * (鄞州区科技局, 立山区人民政府); else the issuing office of the page's metadata; else the 市/县/区
 * the document repeats most. A place quoted in a task or in a republisher's source line counts
 * only when nothing at the head names one.
 */
function readJurisdiction(input: { title: string | null; source: string | null; preface: TextBlock[]; lines: TextBlock[] }): string | null {
  const counts = new Map<string, { count: number; written: string }>();
  const add = (shadow: string, written: string, weight: number): void => {
    const entry = counts.get(shadow);
    if (entry === undefined) counts.set(shadow, { count: weight, written });
    else entry.count += weight;
  };
  const scan = (shadow: string, text: string, weight: number): void => {
    for (let k = 1; k < shadow.length; k++) {
      if (!PLACE_SUFFIX.has(shadow[k] as string) || insideName(shadow, k)) continue;
      if (partyPrefixed(shadow, k) || oneCharacterCounty(shadow, k)) {
        add(shadow.slice(k - 1, k + 1), text.slice(k - 1, k + 1), weight);
        continue;
      }
      for (const size of [2, 3]) {
        const from = k - size;
        if (from < 0) continue;
        const name = shadow.slice(from, k);
        if (![...name].every((char) => HAN_RE.test(char))) continue;
        // Rule "seat of government": a name followed by 人民政府 / 委 / 科技局 is a place (立山区人民政府).
        if (NOT_PLACE_RE.test(name) && !GOVERNMENT_AFTER_RE.test(shadow.slice(k + 1, k + 6))) continue;
        // Rule "committee before its government": 在区委区政府的领导下 names no place.
        if (COMMITTEE_RE.test(name)) continue;
        if (VERB_BEFORE_RE.test(name)) continue;
        add(shadow.slice(from, k + 1), text.slice(from, k + 1), weight);
      }
    }
  };
  for (const line of input.lines) scan(line.shadow, line.text, 1);
  const { title, source } = input;
  if (title !== null) scan(toSimplifiedShadow(title), title, 3);
  if (source !== null) scan(toSimplifiedShadow(source), source, 3);

  const seat = input.preface
    .slice(0, 8)
    .flatMap((block) => placesIn(block.shadow, block.text))
    .find((place) => place.seat);
  let best: { key: string; count: number; written: string } | null = null;
  const head = firstPlace(title) ?? seat ?? firstPlace(source) ?? signature(input.lines);
  if (head !== null) best = { key: head.key, written: head.written, count: counts.get(head.key)?.count ?? 1 };
  else {
    for (const [key, entry] of counts) {
      const oneCharacter = key.length === 2 && /[县縣]$/.test(key);
      if ((key.length === 3 || oneCharacter) && (best === null || entry.count > best.count)) best = { key, ...entry };
    }
    if (best === null || best.count < 2) return null;
  }
  // 张家界市: a longer name that always stands before the short one is the name.
  for (const [key, entry] of counts) {
    // Not when its first character ends a date or joins words (2015年福州市 names 福州市).
    if (
      best.key.length === 3 &&
      key.length === 4 &&
      key.endsWith(best.key) &&
      !/^[年月日号省在的和与及对为是市县区州旗委府局厅办]/.test(key) &&
      entry.count >= best.count * 0.8
    )
      return entry.written;
  }
  return best.written;
}

/** Rule "signature names the issuer": a notice signed 忠县科学技术局 / 2023年8月16日 is that place's. */
function signature(lines: TextBlock[]): { key: string; written: string } | null {
  for (let k = lines.length - 2; k >= 0; k--) {
    const office = SIGNATURE_OFFICE_RE.exec((lines[k] as TextBlock).shadow.trim());
    if (office === null || !SIGNATURE_DATE_RE.test((lines[k + 1] as TextBlock).shadow.trim())) continue;
    const place = firstPlace((lines[k] as TextBlock).text.trim());
    if (place !== null) return place;
  }
  return null;
}
