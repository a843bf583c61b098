import type { Comparator, Indicator, IndicatorKind } from '@plancycle/contracts';
import { parseChineseNumeral, scaleDecimal } from '../numerals/chinese-numeral.reader';
import { countTonedGlosses, stripPinyinGlosses } from '../text/pinyin-gloss.stripper';
import { normalizeLine } from '../text/punctuation.normalizer';
import { toSimplifiedShadow } from '../text/script.normalizer';
import {
  BINDING_WORDS,
  DECREASE_WORDS,
  GROWTH_WORD_RE,
  METRIC_LEADER_RE,
  METRIC_TRAILER_RE,
  MONEY_CONTEXT_RE,
  MORE_THAN_RE,
  NUMERAL_AFTER,
  PER_RE,
  DENOMINATOR_AFTER_RE,
  DENOMINATOR_VALUES,
  PREFIX_COMPARATOR,
  PREFIX_COMPARATOR_RE,
  RANGE_JOIN_RE,
  RANK_CHANGE_RE,
  RANK_CONTEXT_RE,
  RANK_TAIL_RE,
  SCALE_EXPONENT,
  SCALE_RE,
  SHARE_WORD_RE,
  STRETCH_MARK_RE,
  SUFFIX_RE,
  UNIT_RE,
  unitClassOf,
  type UnitClass,
} from './target.vocabulary';

/** What one phrase says: its indicators and where it hides a number (xx家, xx.x%). */
export interface PhraseReading {
  indicators: Indicator[];
  /** Offsets in the phrase of masked numbers. */
  masked: number[];
  /**
   * Offsets of period words (一、二、三、四季度, 上半年) whose figures are the period's share of the
   * year (分别完成全年任务的20%、45%…): not annual targets, so not indicators; the plan has no
   * place for them and the importer reports them.
   */
  periods: number[];
}

/**
 * Candidates for a number: 破零, 百分之…, an Arabic number, a masked number, a run of Chinese
 * numeral characters. One pass over the phrase.
 */
const CANDIDATE_RE =
  /(破零|零的突破|零突破)|(百分之)|(\d+(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)|([xX×*]{1,4}(?:\.[xX×*]{1,3})?)|([零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)/g;
const ARABIC_AT_RE = /^(?:\d+(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)/;
const MASKED_AT_RE = /^[xX×*]{1,4}(?:\.[xX×*]{1,3})?(?![A-Za-z])/;
const CHINESE_AT_RE = /^[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+/;
const CLAUSE_BOUNDARY = new Set([',', ';', '。', ':', '!', '?', '\n', '\t']);
const SENTENCE_BOUNDARY = new Set([';', '。', '!', '?', '\n']);
const AFTER_STOP_RE = /[,;。:()!?\n\t]|以及|并且|同时/;
const NEXT_NUMBER_RE = /\d|[xX×]/;
/** 一批, 一些: no number is stated. */
const VAGUE_MEASURES = new Set(['批', '批次']);
/** After a Chinese numeral and its measure, another numeral makes a slogan (一对一, 四个一); 一流, 一线 … are words. */
const SLOGAN_SECOND_NUMERAL_RE = /^[一二两三四五六七八九十百千](?![流线体级类等站网])/;
/** 小时内, 工作日内 (but not 内容, 内部). */
const WITHIN_RE = /^内(?![部容涵外在生需])/;
const LETTER_OR_DIGIT_RE = /[A-Za-z0-9.]/;
const ASCII_LETTER_RE = /[A-Za-z]/;
const QUOTE_PAIRS: Record<string, [string, number]> = {
  '“': ['”', 40],
  '《': ['》', 80],
  '"': ['"', 40],
  '‘': ['’', 40],
  '「': ['」', 40],
  '『': ['』', 40],
  '〈': ['〉', 60],
};
const HAN_RE = /[\u3400-\u9fff\uf900-\ufaff]/;
const EDGE_LEAD_RE = /^[\s,;:、。()]+/;
const EDGE_TRAIL_RE = /[\s,;:、。(]+$/;

interface NumberRead {
  end: number;
  value: number | null;
  /** Digits as written, for exact 万/亿 scaling. */
  digits: string | null;
  chinese: boolean;
}

function readNumberAt(shadow: string, at: number): NumberRead | null {
  const rest = shadow.slice(at, at + 24);
  const arabic = ARABIC_AT_RE.exec(rest);
  if (arabic) return { end: at + arabic[0].length, value: null, digits: arabic[0], chinese: false };
  const masked = MASKED_AT_RE.exec(rest);
  if (masked) return { end: at + masked[0].length, value: null, digits: null, chinese: false };
  const chinese = CHINESE_AT_RE.exec(rest);
  // A lone 零/〇 is part of a word (零部件, 零售, 零距离), not a number; 破零 is read above.
  if (chinese && chinese[0] !== '零' && chinese[0] !== '〇') {
    const value = parseChineseNumeral(chinese[0]);
    if (value === null) return null;
    return { end: at + chinese[0].length, value, digits: null, chinese: true };
  }
  return null;
}

/** Quoted names and titles (“五个100”, 《…三年行动计划(2017-2019年)》) hold no targets. */
function quotedRanges(shadow: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < shadow.length; i++) {
    const pair = QUOTE_PAIRS[shadow[i] as string];
    if (pair === undefined) continue;
    const close = shadow.indexOf(pair[0], i + 1);
    if (close !== -1 && close - i <= pair[1]) {
      ranges.push([i, close]);
      i = close;
    }
  }
  return ranges;
}

function inRanges(ranges: Array<[number, number]>, at: number): boolean {
  for (const [start, end] of ranges) if (at > start && at < end) return true;
  return false;
}

/** Stretch state at a position: the last 力争/争取 or 确保 before it in the same sentence. */
function stretchMarks(shadow: string): Array<{ at: number; stretch: boolean }> {
  const marks: Array<{ at: number; stretch: boolean }> = [];
  STRETCH_MARK_RE.lastIndex = 0;
  for (const match of shadow.matchAll(STRETCH_MARK_RE)) {
    marks.push({ at: match.index, stretch: !BINDING_WORDS.has(match[0]) });
  }
  return marks;
}

function stretchAt(shadow: string, marks: Array<{ at: number; stretch: boolean }>, at: number): boolean {
  let state = false;
  for (const mark of marks) {
    if (mark.at >= at) break;
    let reset = false;
    for (let k = mark.at; k < at; k++) {
      if (SENTENCE_BOUNDARY.has(shadow[k] as string)) {
        reset = true;
        break;
      }
    }
    state = reset ? false : mark.stretch;
  }
  return state;
}

function clauseStart(shadow: string, at: number, floor: number): number {
  for (let k = at - 1; k >= floor; k--) {
    if (CLAUSE_BOUNDARY.has(shadow[k] as string)) return k + 1;
  }
  return floor;
}

function lastMatch(re: RegExp, text: string): { word: string; at: number } | null {
  let found: { word: string; at: number } | null = null;
  re.lastIndex = 0;
  for (const match of text.matchAll(re)) found = { word: match[0], at: match.index };
  return found;
}

/**
 * The words of a metric between `start` and `end`, without stretch words, comparison words and
 * edge punctuation; matched on the shadow, sliced from the text.
 */
function metricSpan(text: string, shadow: string, start: number, end: number): string {
  let from = start;
  let to = end;
  for (;;) {
    const piece = shadow.slice(from, to);
    const lead = EDGE_LEAD_RE.exec(piece)?.[0].length ?? 0;
    const leader = METRIC_LEADER_RE.exec(piece.slice(lead))?.[0].length ?? 0;
    const trimmedEnd = piece.length - (EDGE_TRAIL_RE.exec(piece)?.[0].length ?? 0);
    const trailer = METRIC_TRAILER_RE.exec(piece.slice(lead + leader, trimmedEnd))?.[0].length ?? 0;
    const nextFrom = from + lead + leader;
    const nextTo = Math.max(nextFrom, from + trimmedEnd - trailer);
    if (nextFrom === from && nextTo === to) break;
    from = nextFrom;
    to = nextTo;
  }
  return text.slice(from, to);
}

function scaled(read: NumberRead, exponent: number): number | null {
  if (read.digits !== null) return scaleDecimal(read.digits, exponent);
  if (read.value === null) return null;
  return exponent === 0 ? read.value : scaleDecimal(String(read.value), exponent);
}

interface Tail {
  end: number;
  unit: string | null;
  unitClass: UnitClass | undefined;
  exponent: number;
  moreThan: boolean;
}

function readTail(shadow: string, at: number, chinese: boolean): Tail {
  let j = at;
  let exponent = 0;
  let moreThan = false;
  const take = (re: RegExp): string | null => {
    const match = re.exec(shadow.slice(j, j + 8));
    if (match === null) return null;
    j += match[0].length;
    return match[0];
  };
  if (take(MORE_THAN_RE) !== null) moreThan = true;
  if (!chinese) {
    const unitFirst = UNIT_RE.exec(shadow.slice(j, j + 8));
    if (unitFirst === null) {
      const scale = take(SCALE_RE);
      if (scale !== null) exponent = SCALE_EXPONENT[scale] ?? 0;
    }
  }
  if (!moreThan && take(MORE_THAN_RE) !== null) moreThan = true;
  const unit = take(UNIT_RE);
  return { end: j, unit, unitClass: unit === null ? undefined : unitClassOf(unit), exponent, moreThan };
}

function kindOfPercent(context: string): { kind: IndicatorKind; decrease: boolean; stated: boolean } {
  const growth = lastMatch(GROWTH_WORD_RE, context);
  const share = lastMatch(SHARE_WORD_RE, context);
  // Rule "level after 提高至": 比重提高至3.98% states the share reached, not a change (比重提高3个百分点).
  const toLevel =
    growth !== null &&
    share !== null &&
    share.at < growth.at &&
    !DECREASE_WORDS.has(growth.word) &&
    /^(?:至|到)\s*$/.test(context.slice(growth.at + growth.word.length));
  if (toLevel) return { kind: 'share', decrease: false, stated: true };
  if (growth !== null && (share === null || growth.at >= share.at || growth.word === '增长率')) {
    return { kind: 'growth', decrease: DECREASE_WORDS.has(growth.word), stated: true };
  }
  return { kind: 'share', decrease: false, stated: share !== null };
}

/** What follows a single mask that stands for a verb's character: 到 / 达 … and then a number. */
const MASKED_VERB_AFTER_RE = /^[到至达超为][\d一二三四五六七八九十百]/;
/** What follows a starting figure: (提高/增加/下降…)到/至 and the target figure. */
const FROM_TO_AFTER_RE = /^(?:提高|提升|增加|上升|增长|扩大|下降|降低|减少|降)?(?:到|至)\s*[\d一二三四五六七八九十百]/;

function sameSentence(shadow: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (SENTENCE_BOUNDARY.has(shadow[k] as string)) return false;
  return true;
}

function prefixComparator(before: string): Comparator | null {
  const match = PREFIX_COMPARATOR_RE.exec(before);
  if (match === null) return null;
  const prev = before[match.index - 1] ?? '';
  if ((match[0] === '约' && /[节制签预契公条集婉]/.test(prev)) || (match[0] === '近' && /[附最将]/.test(prev))) return null;
  return PREFIX_COMPARATOR.get(match[0]) ?? null;
}

const FLIP: Partial<Record<Comparator, Comparator>> = { gte: 'lte', lte: 'gte', gt: 'lt', lt: 'gt' };

/**
 * Reads the indicators of a cleaned phrase. `shadow` is its simplified shadow (same length);
 * words are matched there, and text for the output (metric, unit) is sliced from `text`.
 */
export function readIndicators(
  text: string,
  shadow: string = toSimplifiedShadow(text),
  options: { periodFigures?: boolean } = {},
): PhraseReading {
  const indicators: Indicator[] = [];
  const masked: number[] = [];
  const periods: number[] = [];
  // Most phrases name no quarter: skip the look-back for them.
  const namesPeriods = options.periodFigures !== true && /季度|半年/.test(shadow);
  const quoted = quotedRanges(shadow);
  const marks = stretchMarks(shadow);
  let segmentFloor = 0;
  let previous: { indicator: Indicator; at: number } | null = null;

  CANDIDATE_RE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CANDIDATE_RE.exec(shadow)) !== null) {
    const start = match.index;
    if (inRanges(quoted, start)) continue;
    const prev = start > 0 ? (shadow[start - 1] as string) : '';
    const segmentStart = clauseStart(shadow, start, segmentFloor);
    const context = shadow.slice(segmentStart, start);

    // 力争……破零: from zero to at least one.
    if (match[1] !== undefined) {
      indicators.push({
        metric: nullIfEmpty(metricSpan(text, shadow, segmentStart, start)),
        kind: 'count',
        comparator: 'gte',
        value: 1,
        unit: null,
        stretch: stretchAt(shadow, marks, start),
      });
      segmentFloor = match.index + match[0].length;
      continue;
    }

    let read: NumberRead | null;
    let numberStart = start;
    let percentWord = false;
    if (match[2] !== undefined) {
      read = readNumberAt(shadow, start + match[0].length);
      percentWord = true;
      numberStart = start + match[0].length;
    } else {
      read = readNumberAt(shadow, start);
    }
    if (read === null) continue;
    // 每增1个百分点加0.2分, 计5分: how a target is scored, not a target.
    if (SCORING_RE.test(shadow.slice(segmentStart, Math.min(shadow.length, start + 24)).replace(/\([^)]*\)/g, ''))) {
      CANDIDATE_RE.lastIndex = read.end;
      continue;
    }
    // 一、二、三、四季度分别完成全年任务的20%、45%…: what each quarter must reach, not the year's target.
    // A report's 一季度已推荐上报92家 is an achieved value: read it when the caller reads results.
    const period = namesPeriods ? periodWordBefore(shadow, start) : null;
    if (period !== null) {
      if (!periods.includes(period)) periods.push(period);
      CANDIDATE_RE.lastIndex = read.end;
      continue;
    }
    const isMasked = read.digits === null && read.value === null;
    if (isMasked && (ASCII_LETTER_RE.test(prev) || ASCII_LETTER_RE.test(shadow[read.end] ?? ''))) continue;
    // Rule "masked verb": 贡献率*到42%: a single mask before a word and a number stands for a character of the
    // verb (达到), not for a number; the number after it is the value.
    if (isMasked && read.end - start === 1 && MASKED_VERB_AFTER_RE.test(shadow.slice(read.end, read.end + 4))) {
      CANDIDATE_RE.lastIndex = read.end;
      continue;
    }
    if (!read.chinese && !percentWord && LETTER_OR_DIGIT_RE.test(prev)) continue;

    // 每万人, 每千人, 每十万人口: the numeral after 每 is the denominator of a ratio, not a value.
    if (read.chinese && prev === '每') {
      CANDIDATE_RE.lastIndex = read.end;
      continue;
    }
    // 千家工商注册企业中…5.67家: a round numeral before a measure and …中 is a ratio's denominator.
    if (read.chinese && read.value !== null && DENOMINATOR_VALUES.has(read.value) && DENOMINATOR_AFTER_RE.test(shadow.slice(read.end))) {
      CANDIDATE_RE.lastIndex = read.end;
      continue;
    }

    const rankPrefix = prev === '前' || prev === '第';
    if (read.chinese && !percentWord && !rankPrefix && !chineseNumeralStates(shadow, prev, read)) {
      CANDIDATE_RE.lastIndex = read.end;
      continue;
    }

    // Rank: 位列全省前三, 排名第一.
    if (rankPrefix) {
      const rankContext = shadow.slice(segmentStart, start - 1);
      const afterRank = shadow[read.end] ?? '';
      const tailOk = RANK_TAIL_RE.test(afterRank) || !HAN_RE.test(afterRank) || prev === '前';
      // 位居全省第6,温州地区第2: a 第N listed right after a rank in the same sentence is a rank too.
      const listedRank =
        previous !== null && previous.indicator.kind === 'rank' && sameSentence(shadow, previous.at, start) && start - previous.at <= 24;
      if ((RANK_CONTEXT_RE.test(rankContext) || listedRank) && tailOk && !(prev === '前' && /[进列]/.test(afterRank))) {
        const end = read.end + (RANK_TAIL_RE.test(afterRank) ? 1 : 0);
        if (isMasked) masked.push(start);
        let rankMetric = nullIfEmpty(metricSpan(text, shadow, segmentStart, start - 1));
        if (rankMetric === null && previous !== null && sameSentence(shadow, previous.at, start))
          rankMetric = previous.indicator.metric ?? null;
        const rank: Indicator = {
          metric: rankMetric,
          kind: 'rank',
          comparator: 'lte',
          value: read.value ?? (read.digits !== null ? scaled(read, 0) : null),
          unit: '名',
          stretch: stretchAt(shadow, marks, start),
        };
        indicators.push(rank);
        previous = { indicator: rank, at: start };
        segmentFloor = end;
        CANDIDATE_RE.lastIndex = end;
        continue;
      }
      if (prev === '第') {
        CANDIDATE_RE.lastIndex = read.end;
        continue;
      }
    }

    let tail = readTail(shadow, read.end, read.chinese);
    let maxRead: NumberRead | null = null;
    let maxTail: Tail | null = null;
    const join = RANGE_JOIN_RE.exec(shadow.slice(tail.end, tail.end + 2));
    if (join !== null && !tail.moreThan) {
      const second = readNumberAt(shadow, tail.end + join[0].length);
      if (second !== null) {
        const secondTail = readTail(shadow, second.end, second.chinese);
        if (secondTail.unit !== null && (tail.unit === null || unitClassOf(tail.unit) === secondTail.unitClass)) {
          maxRead = second;
          maxTail = secondTail;
        }
      }
    }
    if (maxTail !== null) {
      if (tail.exponent === 0 && tail.unit === null) tail = { ...tail, exponent: maxTail.exponent };
      tail = { ...tail, end: maxTail.end, unit: maxTail.unit, unitClass: maxTail.unitClass, moreThan: maxTail.moreThan };
    }
    let unitClass = tail.unitClass;
    let unitText = tail.unit === null ? null : text.slice(tail.end - tail.unit.length, tail.end);
    if (percentWord) {
      unitClass = 'percent';
      unitText = '%';
    }
    // 一对一, 四个一工程, 一帮一: a numeral, a measure and another numeral make a slogan (but 两个一流学科).
    if (read.chinese && tail.unit !== null && SLOGAN_SECOND_NUMERAL_RE.test(shadow.slice(tail.end, tail.end + 2))) {
      CANDIDATE_RE.lastIndex = Math.max(tail.end, start + 1);
      continue;
    }
    if (read.chinese && tail.unit !== null && VAGUE_MEASURES.has(tail.unit)) {
      CANDIDATE_RE.lastIndex = Math.max(tail.end, start + 1);
      continue;
    }
    let end = tail.end;
    let countOfBig = false;
    if (unitClass === undefined) {
      // 打造10大创新龙头企业, 推进实施十大技术攻关项目.
      const next = shadow[end] ?? '';
      if (next === '大' && HAN_RE.test(shadow[end + 1] ?? '') && prev !== '等' && tail.exponent === 0 && maxRead === null) {
        unitClass = 'count';
        countOfBig = true;
        end += 1;
      } else if (!read.chinese && tail.exponent > 0 && MONEY_CONTEXT_RE.test(context)) {
        unitClass = 'amount';
        unitText = '元';
      } else if (!read.chinese && tail.exponent === 0 && INDEX_CONTEXT_RE.test(context)) {
        // 区域科技创新指数达到160以上: an index has no unit, its value is the target.
        unitClass = 'quantity';
        unitText = null;
      } else {
        CANDIDATE_RE.lastIndex = Math.max(read.end, start + 1);
        continue;
      }
    }
    // Rule "from … to": 比重由1.8%提高到2.2%: the first figure is where the metric starts, the second the target.
    if (/[由从]\s*$/.test(context) && FROM_TO_AFTER_RE.test(shadow.slice(end, end + 6))) {
      CANDIDATE_RE.lastIndex = end;
      continue;
    }
    const suffix = SUFFIX_RE.exec(shadow.slice(end, end + 2));
    if (suffix !== null) end += suffix[0].length;
    // 24小时内, 3个工作日内: a time limit is an upper bound.
    const within = suffix === null && unitClass === 'quantity' && WITHIN_RE.test(shadow.slice(end, end + 2));
    if (within) end += 1;

    let kind: IndicatorKind;
    let unit: string | null = countOfBig ? null : unitText;
    let decrease = false;
    switch (unitClass) {
      case 'amount': {
        kind = 'amount';
        unit = tail.unit === null || tail.unit === '人民币' ? '元' : (unitText ?? '元');
        const per = PER_RE.exec(context);
        if (per !== null) {
          kind = 'ratio';
          unit = `${unit}/${perUnit(text.slice(segmentStart + per.index, segmentStart + per.index + per[0].length))}`;
        }
        break;
      }
      case 'percent':
      case 'permille':
      case 'points': {
        const reading = kindOfPercent(context);
        kind = unitClass === 'points' ? 'growth' : reading.kind;
        decrease = reading.decrease;
        // 增长10%,力争达到12%: a bare percentage restates the kind of the one before it.
        const bare = metricSpan(text, shadow, segmentStart, percentWord ? start : numberStart) === '';
        if (!reading.stated && bare && unitClass === 'percent' && previous !== null && previous.indicator.unit === '%') {
          if (sameSentence(shadow, previous.at, start) && (previous.indicator.kind === 'growth' || previous.indicator.kind === 'share')) {
            kind = previous.indicator.kind;
          }
        }
        break;
      }
      case 'times':
        kind = 'ratio';
        break;
      case 'count':
      case 'quantity': {
        kind = unitClass;
        if (tail.unit !== null && /位次|名次|^位$|^名$/.test(tail.unit) && RANK_CHANGE_RE.test(context)) {
          kind = 'rank_change';
          unit = tail.unit.startsWith('个') ? (unitText ?? '').slice(1) : unitText;
          break;
        }
        const per = PER_RE.exec(context);
        if (per !== null) {
          kind = 'ratio';
          unit = `${unit ?? ''}/${perUnit(text.slice(segmentStart + per.index, segmentStart + per.index + per[0].length))}`;
        }
        break;
      }
    }

    const exponent = unitClass === 'amount' || unitClass === 'count' || unitClass === 'quantity' ? tail.exponent : 0;
    let value = scaled(read, exponent);
    let max = maxRead === null ? null : scaled(maxRead, exponent);
    if (maxRead !== null && maxTail !== null && maxTail.exponent !== exponent && !maxRead.chinese) {
      max = scaled(maxRead, maxTail.exponent);
    }

    let comparator: Comparator;
    const suffixWord = suffix?.[0] ?? '';
    const before = prefixComparator(context);
    if (max !== null && value !== null && max >= value) comparator = 'range';
    else if (suffixWord === '左右' || suffixWord === '上下' || before === 'approx') comparator = 'approx';
    else if (tail.moreThan || suffixWord === '余' || suffixWord === '多') comparator = 'gt';
    else if (suffixWord === '以下' || suffixWord === '以内' || suffixWord === '之内' || within) comparator = 'lte';
    else if (before === 'lte' || before === 'lt' || before === 'gt') comparator = before;
    else if (listedAfter(context, previous, shadow, start)) comparator = (previous as { indicator: Indicator }).indicator.comparator;
    else comparator = 'gte';
    if (comparator !== 'range') max = null;
    if (kind === 'share' && value === 100 && comparator === 'gte') comparator = 'eq';
    if (decrease) {
      comparator = FLIP[comparator] ?? comparator;
      if (comparator === 'range' && value !== null && max !== null) [value, max] = [-max, -value];
      else if (value !== null) value = -value;
    }
    if (isMasked || (maxRead !== null && maxRead.digits === null && maxRead.value === null)) {
      masked.push(numberStart);
      if (comparator === 'range') {
        comparator = 'gte';
        max = null;
      }
      value = isMasked ? null : value;
    }

    // Metric: the words before the number in its clause, and the noun after it (新增320家企业上云).
    const afterEnd = metricAfterEnd(shadow, end);
    let beforeStart = segmentStart;
    if (kind === 'ratio' && unitClass !== 'times') {
      const per = /^(?:每[十百千万]*(?:人口|人|户|名|平方公里|家|个)|[十百千万]+(?:家|户|个))/.exec(shadow.slice(segmentStart, start));
      if (per !== null) beforeStart += per[0].length;
    }
    const beforeMetric = metricSpan(text, shadow, beforeStart, percentWord ? start : numberStart);
    const afterFrom = shadow[end] === '的' ? end + 1 : end;
    const afterMetric = metricSpan(text, shadow, afterFrom, afterEnd);
    let metric: string | null = nullIfEmpty(beforeMetric + afterMetric);
    // 突破500家,同比增长20% / 确保新增30家,力争50家: a clause without its own metric speaks of the one before.
    if (metric === null && previous !== null && sameSentence(shadow, previous.at, start)) metric = previous.indicator.metric ?? null;

    const stretch = stretchAt(shadow, marks, start);
    const indicator: Indicator =
      comparator === 'range' ? { metric, kind, comparator, value, max, unit, stretch } : { metric, kind, comparator, value, unit, stretch };
    indicators.push(indicator);
    previous = { indicator, at: start };
    segmentFloor = afterMetric === '' ? end : afterEnd;
    CANDIDATE_RE.lastIndex = Math.max(end, start + 1);
  }

  if (indicators.length === 0 && /[\u3400-\u9fffA-Za-z]/.test(shadow)) {
    indicators.push({
      metric: null,
      kind: 'milestone',
      comparator: 'done',
      value: null,
      unit: null,
      stretch: /^[^,;。]{0,8}?(?:力争|争取|力求)/.test(shadow),
    });
  }
  return { indicators, masked, periods };
}

/** The passage that gives a period's figures: from its period word to the end of the sentence. */
export function periodPassage(text: string, offset: number): string {
  const rest = text.slice(offset);
  const end = /[;。!?\n]/.exec(rest);
  return rest.slice(0, Math.min(end === null ? rest.length : end.index, 60));
}

/** A quarter (一季度, 第二季度, 一、二、三、四季度, 1-3季度, 前三季度) or a half year named as a period. */
const PERIOD_WORD_RE = /(?:第?[一二三四1-4]\s*(?:、|,|和|及|至|-)\s*)*第?[一二三四1-4]季度末?|前三季度|[上下]半年/g;
/** A half year is a period of the plan only when its figure is a share of the year's task (上半年完成全年任务的50%). */
const YEAR_SHARE_RE = /全年(?:任务|目标|计划)|年度(?:任务|目标|计划)/;
/** What takes a sentence back to the whole year after a period word (全年达到, 年底前). */
const YEAR_AGAIN_RE = /全年(?!任务|目标|计划)|年底|年末|年内|到20\d\d年/;

/**
 * Rule "quarterly figures" (季度进度, 工作要点 and 任务清单 that give each quarter's share): the
 * offset of the period word that a number at `at` belongs to, or null. The period word stands
 * earlier in the same sentence (一、二、三、四季度,占比分别达18%、19%…), not after a word that
 * speaks of the whole year again; 每季度 is a frequency, not a period.
 */
function periodWordBefore(shadow: string, at: number): number | null {
  let from = 0;
  for (let k = at - 1; k >= 0; k--) {
    if (SENTENCE_BOUNDARY.has(shadow[k] as string)) {
      from = k + 1;
      break;
    }
  }
  const sentence = shadow.slice(from, at);
  let found: RegExpExecArray | null = null;
  PERIOD_WORD_RE.lastIndex = 0;
  for (let match = PERIOD_WORD_RE.exec(sentence); match !== null; match = PERIOD_WORD_RE.exec(sentence)) found = match;
  if (found === null || sentence[found.index - 1] === '每') return null;
  const between = sentence.slice(found.index + found[0].length);
  if (YEAR_AGAIN_RE.test(between)) return null;
  if (found[0].endsWith('半年') && !YEAR_SHARE_RE.test(shadow.slice(from + found.index, at + 12))) return null;
  return from + found.index;
}

/** 指数, 指标值, 得分 before a number without unit: the number is the index's value. */
const INDEX_CONTEXT_RE = /(?:指数|指标值|综合得分|评价得分)(?:值)?(?:达到|达|超过|超|突破|提高到|提升到|保持在|不低于|为)?$/;
/** A scoring rule: 每增(减)1个百分点加(减)0.2分, 计5分, 扣2分. */
const SCORING_RE =
  /^(?:每增|每减|每提高|每降低|每超|每少|每多)|^[^,;。]*?\d+(?:\.\d+)?个?百分点(?:加|减|扣)|^(?:计|加|减|扣|得)\d+(?:\.\d+)?分|^(?:加|减)分/;

/**
 * 分别超过90家和870家: a value listed after another (after 和/及/与/、) in the same sentence,
 * with no comparator of its own, shares the one before it.
 */
function listedAfter(context: string, previous: { indicator: Indicator; at: number } | null, shadow: string, start: number): boolean {
  return (
    previous !== null &&
    /^(?:和|及|与|、)?$/.test(context.trim()) &&
    /[和及与、]/.test(shadow[start - 1] ?? '') &&
    sameSentence(shadow, previous.at, start) &&
    previous.indicator.comparator !== 'range'
  );
}

/** Where the noun after a number ends: at the clause's end, or before the next listed target. */
function metricAfterEnd(shadow: string, from: number): number {
  const rest = shadow.slice(from);
  const stop = AFTER_STOP_RE.exec(rest);
  const boundary = stop === null ? rest.length : stop.index;
  const next = NEXT_NUMBER_RE.exec(rest);
  if (next !== null && next.index < boundary) {
    const comma = rest.lastIndexOf('、', next.index);
    return from + (comma >= 0 ? comma : next.index);
  }
  return from + boundary;
}

/** Measures of slogans and ordinals (四个意识, 一次性, 六大产业, 三项制度): a target only after a verb. */
const SLOGAN_MEASURES = new Set(['个', '次', '大', '项', '条', '种', '届']);

/**
 * Whether a Chinese numeral states a quantity rather than standing in a word or slogan: after a
 * clause boundary or a verb always; after other characters unless it is 一 or takes a slogan measure.
 */
function chineseNumeralStates(shadow: string, prev: string, read: NumberRead): boolean {
  // 一次性奖励: one-off, not one time.
  if (shadow.startsWith('次性', read.end)) return false;
  if (prev === '' || CLAUSE_BOUNDARY.has(prev) || prev === '、' || prev === '(' || NUMERAL_AFTER.has(prev)) return true;
  if (prev === '届' || prev === '第') return false;
  const measure = shadow[read.end] ?? '';
  return read.value !== 1 && !SLOGAN_MEASURES.has(measure);
}

/** 每万人 → 万人, 每万人口 → 万人, 每万名 → 万人, 千家(…中) → 千家, 人均 → 人. */
function perUnit(written: string): string {
  if (written === '人均') return '人';
  const per = /^每?([十百千万萬]+)(人口|人|名|户|戶|家|个|個)/.exec(written);
  if (per === null) return written.replace(/^每/, '');
  const noun = per[2] === '人口' || per[2] === '名' ? '人' : (per[2] as string);
  return `${per[1] as string}${noun}`;
}

function nullIfEmpty(text: string): string | null {
  return text === '' ? null : text;
}

/** Cleans one phrase as the document cleaner would (widths, spacing, converter glosses). */
export function cleanPhrase(phrase: string): string {
  const normalized = normalizeLine(phrase.normalize('NFC').replace(/[\r\n]+/g, ' '));
  const toneless = countTonedGlosses(normalized) > 0;
  return stripPinyinGlosses(normalized, { toneless }).text;
}

/**
 * The indicators of one target phrase: 技术合同交易额达30亿元 → amount ≥ 3000000000 元.
 * A phrase without a number gives one milestone; a masked number (xx家) gives value null.
 */
export function parseTargetPhrase(phrase: string): Indicator[] {
  const text = cleanPhrase(phrase);
  return readIndicators(text, toSimplifiedShadow(text)).indicators;
}
