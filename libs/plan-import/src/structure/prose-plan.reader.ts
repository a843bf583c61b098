import type { Target } from '@plancycle/contracts';
import { type ImportIssue } from '../import-issue';
import { levelOf, readMarker, type MarkerKind } from './numbering';
import {
  firstSentenceEnd,
  goalTargets,
  resultTargets,
  hasHan,
  passageTargets,
  sentenceTarget,
  splitSentences,
  TARGET_EDGE_LEAD,
  TARGET_EDGE_TRAIL,
} from './plan-blocks';
import {
  findResponsibilityGroups,
  isEmptyResponsibility,
  readResponsibility,
  type Responsibility,
  type ResponsibilityOptions,
} from './responsibility.reader';
import { parseChineseNumeral } from '../numerals/chinese-numeral.reader';
import { readIndicators } from '../targets/target-phrase.parser';
import { TextBlock } from './text-block';
import { type UnitNames } from './unit-names';

/** A task as read, before numbers are made unique across the plan. */
export interface DraftTask {
  number: string;
  /** Ordinals of the headings above the task, outermost first. */
  path: number[];
  category: string | null;
  title: string;
  content: string | null;
  leader: string | null;
  targets: Target[];
  line: number | null;
}

export interface ProseReading {
  goals: Target[];
  tasks: DraftTask[];
  /** What a year-end summary reports as achieved (see `resultTargets`). */
  results: Target[];
  /** Paragraphs before the first heading: title, preamble. */
  preface: TextBlock[];
  /** Whether the document is a year-end summary (its title says 总结, 汇报 …). */
  summary: boolean;
  /** A summary's part that plans (下一步工作, 2025年工作打算): its heading, null when it has none. */
  planPart: string | null;
}

export interface ReaderContext {
  names: UnitNames;
  options: ResponsibilityOptions;
  issues: ImportIssue[];
  /** Results a table's 落实情况 column reports (rule "results column"). */
  results?: Target[];
  onProgress?: ((done: number, total: number) => void) | undefined;
}

const ATTACHMENT_RE = /^附件\s*\d*\s*[::]?/;
const FILE_RE = /\.(?:docx?|xlsx?|pdf|wps|et|zip|rar)$/i;
const GOAL_TITLE_RE = /目标|预期成效/;
const NOT_GOAL_TITLE_RE = /任务|措施|举措|保障/;
/** 目标任务 heads goals, though it says 任务. */
const GOAL_TASKS_TITLE_RE = /^(?:\d{4}年)?(?:主要|工作|年度|发展)?目标任务/;
/**
 * Rule "requirements hold goals": 总体要求 / 总体思路 sections are mostly principle, but the
 * sentences in them that state a measurable target (到2027年,…达到3.4%以上) are the plan's goals.
 */
const REQUIREMENTS_TITLE_RE = /^(?:\d{4}年)?(?:总体要求|总体思路|总体目标)/;
const SKIP_TITLE_RE = /指导思想|基本原则|工作原则|编制依据|存在(?:的)?(?:主要)?(?:问题|不足)|问题(?:和|与|及)不足|不足之处|困难和问题/;
const LABEL_RE = /^([^,。:;()]{2,8})(?:\((?:单位|部门|科室)\))?:/;
/**
 * Rule "year-end summary" (工作总结): a document whose title says it reports (总结, 汇报, 进步报告,
 * 述职) reads its sections as results, except the part that plans (下一步, 打算, 计划, 思路).
 */
const SUMMARY_TITLE_RE = /总结|汇报|进步报告|工作报告|述职/;
/** A summary's title at the start of a line that runs on into the text: the title word, then a year, 今年, a space. */
const GLUED_SUMMARY_TITLE_RE =
  /^[^,。;:]{0,40}?(?:总结|汇报)(?:(?:和|及|与)[^,。;:\s]{0,20}?(?:计划|打算|思路|方案|安排|要点))?(?=\s|\d|20|今年|上半年|一年来|$)/;
/** Sections that report what was done, in any document (工作完成情况, 2023年工作成效). */
const RESULTS_TITLE_RE =
  /(?:年|年度|上半年|全年)工作总结$|发展成就|主要成就|取得的成就|工作成就|建设成就|完成情况|开展情况|进展情况|落实情况|工作成效|主要成效|举措及成效|工作成绩|主要成绩|工作回顾|取得的成效|现实基础|发展基础|发展现状|工作基础/;
/** 计划 of a work area (综合计划工作, 科技计划项目) names no plan part. */
const PLAN_PART_TITLE_RE = /下一步|打算|计划(?!工作|项目|管理|申报|体系)|思路|明年|来年|安排|目标|任务|重点工作/;
/** An unnumbered line that opens a summary's plan part: 下一步工作打算, 明年工作思路, 2025年工作计划. */
const PLAN_PART_LINE_RE =
  /^(?:(?:\d{4}年|明年|来年|下一步|今后)(?:的)?(?:主要)?(?:科技)?(?:创新)?(?:工作)?(?:打算|计划|思路|安排|重点|要点|目标)?(?:和|及|与)?(?:打算|计划|思路|安排|重点|措施)?|下一步|工作(?:打算|计划|思路))$/;
/** Rule "reported result": a paragraph that reports achievement (完成省定目标135%, 同比增长, 截至目前). */
const RESULT_CUE_RE =
  /截至目前|截止目前|截[至止]\d{4}年(?:底|末)|已(?:推荐|上报|完成|入库|认定|获批|建成|引进)|完成(?:了)?(?:全年|年度|省定|市定)?(?:目标)?任务的|占全年(?:目标)?任务|完成省定目标|完成市定目标|同比增长|比去年同期|较上年同期|较去年|(?<!确保|力争|努力|争取)(?:均|已|全部)?超额完成/;
/**
 * Weaker cues of a report (近几年来, 取得了较好的成绩): they make a paragraph results only when it plans nothing
 * (no 力争, 确保, 将新增 …), so a preamble 近年来…取得显著成效。今年力争新增20家 keeps its goal.
 */
const WEAK_RESULT_CUE_RE = /^\s*近(?:几|三|五|两)?年来|取得了(?:较好的|显著|明显|一定的|良好的|较大的)?(?:成绩|成效)/;
const PLANS_RE = /力争|争取|确保|计划|将(?:新增|实现|达到|完成|突破|培育)|今年(?:要|将)|到\s*(?:19|20)\d{2}\s*年/;
/** A heading naming problems and the plan after them (存在的问题及下一步工作打算, 问题和2024年工作思路). */
const PLAN_AFTER_PROBLEMS_RE = /(?:和|及|与|以及)(?:\d{4}年|明年|下一步|今后)?(?:的)?(?:工作)?(?:打算|计划|思路|安排|措施|建议)|下一步/;
const TASK_SECTION_RE = /^(?:\d{4}年)?(?:重点任务|主要任务|工作任务|重点工作|工作重点|主要工作|重点举措|主要举措)/;
/** A sentence announcing the goals that follow its colon: 要努力实现六个目标:, 主要目标是:, 目标任务为:. */
const GOALS_ANNOUNCED_RE = /(?:[一二三四五六七八九十\d]+(?:个|项|大)|以下|主要|年度|工作|总体)?目标(?:任务)?(?:是|为)?:/;
/** Rule "target-year sentence": 到2027年,… outside any section states the plan's goals. */
const TARGET_YEAR_RE = /到\s*(?:19|20)\d{2}\s*年/;
const SENTENCE_PUNCT_END_RE = /[。;:!?)】”]$/;
/** A line that is a document's title (…实施方案, …工作要点, …任务分解表): a paragraph of its own. */
const DOCUMENT_TITLE_RE = /^[^,。;:]{4,80}(?:方案|要点|计划|打算|思路|分解表|清单|总结|安排|意见|规划|通知|台账|任务表|解读|摘编|问答)$/;
const RESPONSIBILITY_LINE_RE = /^(?:\(|【)?(?:牵头)?(?:责任单位|责任部门|牵头单位|牵头科室|责任领导|责任人|配合单位|协同配合单位)/;
/** An item numbered in words: 一是 / 二是 … 十是 (not 一是否). */
const IN_WORDS_RE = /^\s*([一二三四五六七八九十]{1,3})是(?!否)/;
/** The same, inside a paragraph: at its start or after a clause's end. */
const IN_WORDS_INLINE_RE = /(?:^|[。;:,!?\s])\s*([一二三四五六七八九十]{1,3})是(?!否)/g;
/**
 * A paragraph that opens what is planned next: 下一步,我局将… / 明年,… / 2025年,我局将… / 今后一个时期….
 * Its items in words (一是…;二是…) are the tasks of that plan (rule "inline items of the plan part").
 */
const NEXT_STEP_RE =
  /^\s*(?:下一步|下步|下阶段|明年|来年|今后一个时期|(?:19|20)\d{2}年(?:,)?(?:我局|我委|我县|我区|我市|全县|全区|全市|县科技局|区科技局|市科技局)?(?:将|要|拟|计划|打算))/;

interface Heading {
  level: number;
  ordinal: number;
  title: string;
  titleShadow: string;
  body: TextBlock[];
  hasChildren: boolean;
  goal: boolean;
  /** Goals of a 总体要求 section: only its measurable sentences. */
  measurableOnly: boolean;
  skip: boolean;
  results: boolean;
  units: Responsibility | null;
  line: number | null;
  /** Its numbered paragraph without the marker, and the marker's kind. */
  source: TextBlock;
  kind: MarkerKind;
}

interface OpenTask {
  level: number;
  ordinal: number;
  head: TextBlock;
  extra: TextBlock[];
  /** An item of a goal section: a goal, unless its block says who answers for it. */
  goal?: { measurableOnly: boolean };
  /** An item opened by 一是 / 二是 (rule "items in words"): the next one closes it. */
  inWords?: boolean;
}

/** Characters opened and not closed: a line ending inside a quote or bracket is broken inside a word. */
function unbalanced(shadow: string): boolean {
  let depth = 0;
  for (const char of shadow) {
    if (char === '“' || char === '(' || char === '《') depth++;
    else if ((char === '”' || char === ')' || char === '》') && depth > 0) depth--;
  }
  return depth > 0;
}

/** Paragraphs of a run of lines: a line broken inside a sentence is joined to the next one. */
/** The word that ends a document's title (工作要点, 实施方案, 任务清单, 工作总结 …), maybe inside 《》 of a notice. */
const TITLE_END_RE =
  /(?:要点|方案|计划|打算|思路|分解表|清单|总结|安排|意见|规划|台账|任务表)(?:》(?:的)?通知)?(?:\((?:征求意见稿|试行|草案)\))?$/;
/** What the first part of a broken title holds: a year, a place or office, or the words opening a title. */
const TITLE_FRAGMENT_RE = /(?:19|20)\d{2}年|[市县区旗州縣區]|局|委|政府|科技|创新|关于|印发|《/;
const SENTENCE_INSIDE_RE = /[。,;:!?]/;
/** A year or a place: a line holding one is a title of its own, not the end of a broken one. */
const TITLE_HEAD_RE = /(?:19|20)\d{2}年|[市县区旗縣區](?!级)/;

/**
 * Rule "title broken over lines" (a title that Word or a web page wrapped: 沅江市2026年科技创新 /
 * 工作要点): before the first numbered line, a short line that does not end as a title, followed
 * (blank lines between allowed) by a short line that ends with a title word and names no year or
 * place of its own, is one title line. Only the head of the document is looked at.
 */
export function joinBrokenTitle(lines: TextBlock[]): TextBlock[] {
  const out = [...lines];
  let seen = 0;
  for (let k = 0; k < out.length && seen < 12; k++) {
    const line = out[k] as TextBlock;
    if (line.text.trim() === '') continue;
    seen++;
    if (readMarker(line.shadow) !== null) break;
    let next = k + 1;
    while (next < out.length && (out[next] as TextBlock).text.trim() === '' && next - k <= 3) next++;
    const rest = out[next];
    if (rest === undefined || !isTitleFragment(line) || !completesTitle(rest)) continue;
    out.splice(k, next - k + 1, TextBlock.join([line.trim(/^\s+/, /\s+$/), rest.trim(/^\s+/, /\s+$/)]));
    break;
  }
  return out;
}

function isTitleFragment(line: TextBlock): boolean {
  const shadow = line.shadow.trim();
  return (
    shadow.length >= 4 &&
    shadow.length <= 40 &&
    !SENTENCE_INSIDE_RE.test(shadow) &&
    !TITLE_END_RE.test(shadow) &&
    !/通知$/.test(shadow) &&
    TITLE_FRAGMENT_RE.test(shadow)
  );
}

function completesTitle(line: TextBlock): boolean {
  const shadow = line.shadow.trim();
  return (
    shadow.length >= 2 &&
    shadow.length <= 24 &&
    readMarker(shadow) === null &&
    !SENTENCE_INSIDE_RE.test(shadow) &&
    TITLE_END_RE.test(shadow) &&
    !TITLE_HEAD_RE.test(shadow.replace(/》(?:的)?通知$/, ''))
  );
}

export function paragraphsOf(lines: TextBlock[]): TextBlock[] {
  const out: TextBlock[] = [];
  let current: TextBlock[] = [];
  const flush = (): void => {
    if (current.length > 0) out.push(TextBlock.join(current));
    current = [];
  };
  for (const line of joinBrokenTitle(lines)) {
    if (line.text === '') {
      flush();
      continue;
    }
    const previous = current[current.length - 1];
    const previousMarker = previous === undefined ? null : readMarker(previous.shadow);
    // Rule "item broken inside a sentence": an item (1. / (1) / ①) whose line holds a clause break but no
    // sentence end (2.加快推进研发平台建设,新建省级 / 研发平台2个。) goes on on the next line, as a line ending
    // inside a bracket does (…(县科技局牵头,县工信 / 局配合)).
    const brokenItem =
      previous !== undefined &&
      previousMarker !== null &&
      levelOf(previousMarker.kind) >= 3 &&
      /[,;]/.test(previous.shadow.slice(previousMarker.length)) &&
      !IN_WORDS_RE.test(line.shadow);
    const joins =
      previous !== undefined &&
      (previous.length >= 20 || unbalanced(previous.shadow) || brokenItem) &&
      !SENTENCE_PUNCT_END_RE.test(previous.shadow) &&
      readMarker(line.shadow) === null &&
      !RESPONSIBILITY_LINE_RE.test(line.shadow) &&
      !LABEL_RE.test(line.shadow) &&
      (!(previousMarker !== null && previous.length <= 40) || unbalanced(previous.shadow) || brokenItem) &&
      !(current.length === 1 && DOCUMENT_TITLE_RE.test(previous.shadow));
    if (!joins) flush();
    current.push(line);
  }
  flush();
  return out;
}

function headingTitle(block: TextBlock): TextBlock {
  const groups = findResponsibilityGroups(block);
  const cut = groups[0]?.start ?? block.length;
  return block.slice(0, cut).trim(TARGET_EDGE_LEAD, TARGET_EDGE_TRAIL);
}

/**
 * Reads a prose plan (工作要点, 实施方案): numbered headings 一、/(一)/1./(1) at whatever depth the
 * document uses them, tasks as numbered paragraphs with a body, their statements of
 * responsibility in brackets, and the headline goals under 工作目标 / 主要目标.
 */
export function readProsePlan(paragraphs: TextBlock[], context: ReaderContext): ProseReading {
  const stack: Heading[] = [];
  const goals: Target[] = [];
  const tasks: DraftTask[] = [];
  const results: Target[] = [];
  const preface: TextBlock[] = [];
  let open: OpenTask | null = null;
  /** The level and number of the last item read as a task, for the rule "item of a task list". */
  let lastTask: { level: number; ordinal: number } | null = null;
  const summary = isSummary(paragraphs);
  let planPart: string | null = null;

  const category = (): string | null => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const heading = stack[k];
      if (heading !== undefined && heading.title !== '') return heading.title;
    }
    return null;
  };
  const inheritedUnits = (): Responsibility | null => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const units = stack[k]?.units;
      if (units !== null && units !== undefined) return units;
    }
    return null;
  };
  const flushTask = (): void => {
    if (open === null) return;
    if (open.goal !== undefined) {
      // Rule "goal item with units": an item under 主要目标 that names who answers for it is a task.
      const block = TextBlock.join([open.head, ...open.extra], '\n');
      if (findResponsibilityGroups(block).length === 0) {
        goals.push(...goalTargets(block, context, open.goal.measurableOnly));
        open = null;
        return;
      }
    }
    const task = buildTask(open, stack, category(), inheritedUnits(), context);
    if (task !== null) {
      tasks.push(task);
      lastTask = { level: open.level, ordinal: open.ordinal };
    }
    open = null;
  };
  const closeHeadings = (level: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? -1) >= level) {
      const heading = stack.pop() as Heading;
      // A summary's item already read as a result is no task (1.新增省级研发平台3家。 under 2023年工作情况).
      if (heading.hasChildren || heading.goal || heading.skip || heading.results) continue;
      // 存在的问题及下一步打算 without items: its paragraphs mix problems and plans, no one task.
      if (SKIP_TITLE_RE.test(heading.titleShadow.slice(0, 16))) continue;
      // Rule "item of a task list": the item right after a task, at its level, is a task even when it
      // is one sentence (8、完成县委县政府下达的基础工作及中心工作任务。 after 7 tasks).
      const nextOfTask =
        heading.body.length === 0 &&
        lastTask !== null &&
        lastTask.level === heading.level &&
        heading.ordinal === lastTask.ordinal + 1 &&
        /。$/.test(heading.source.shadow.trim());
      // A numbered item without a body (①技术合同登记额突破8000万元;) is a task when it states a target.
      if (heading.body.length === 0 && !statesTarget(heading.titleShadow) && !nextOfTask) continue;
      // A heading without numbered items under it is a task when its paragraphs say who does what.
      const body = TextBlock.join(heading.body, '\n');
      const hasUnits = findResponsibilityGroups(body).length > 0;
      const issues: ImportIssue[] = [];
      const task = buildTask(
        {
          level: heading.level,
          ordinal: heading.ordinal,
          head: TextBlock.fromLine(`${heading.title}。`, heading.line),
          extra: heading.body,
        },
        stack,
        category(),
        heading.units ?? inheritedUnits(),
        { ...context, issues },
      );
      // Rule "item of a task section": under 重点任务 / 主要任务 a heading with paragraphs is a task even
      // when they name no unit and no figure (its units are then reported missing).
      const underTasks = heading.body.length > 0 && stack.some((parent) => TASK_SECTION_RE.test(parent.titleShadow));
      if (
        task !== null &&
        (hasUnits || underTasks || nextOfTask || task.targets.some((t) => t.indicators.some((i) => i.kind !== 'milestone')))
      ) {
        tasks.push(task);
        lastTask = { level: heading.level, ordinal: heading.ordinal };
        context.issues.push(...issues);
      } else if (stack.length === 0 && tasks.length === 0 && goals.length === 0) {
        // A page's numbered menu (1. 网站首页 2. 栏目) before the document: it is no task, and the
        // title and opening lines it held stay the document's head, for its year and place.
        preface.push(...heading.body);
      }
    }
  };
  const inGoal = (): boolean => stack.some((heading) => heading.goal);
  const measurableOnly = (): boolean => stack.some((heading) => heading.measurableOnly);
  const inSkip = (): boolean => stack.some((heading) => heading.skip);
  const inResults = (): boolean => stack.some((heading) => heading.results);

  paragraphs = paragraphs.flatMap(splitAtNextStep);
  const inWords = itemsInWords(paragraphs);
  let done = 0;
  for (const [index, paragraph] of paragraphs.entries()) {
    if (context.onProgress !== undefined && ++done % 16 === 0) context.onProgress(done, paragraphs.length);
    if (ATTACHMENT_RE.test(paragraph.shadow)) {
      // 附件 ends the plan, unless the document is the attachment itself (附件1 above its title).
      if (stack.length > 0 || tasks.length > 0 || open !== null || goals.length > 0) break;
      if (paragraph.shadow.replace(ATTACHMENT_RE, '').trim() === '') continue;
    }
    if (FILE_RE.test(paragraph.text)) continue;
    const marker = readMarker(paragraph.shadow);
    // Rule "a summary's plan part": in a 工作总结 an unnumbered line 下一步工作打算 / 2025年工作思路 opens
    // the part that plans, as a heading above all others.
    if (summary && marker === null && PLAN_PART_LINE_RE.test(paragraph.shadow.trim())) {
      flushTask();
      closeHeadings(0);
      planPart ??= paragraph.text.trim();
      stack.push(heading({ kind: 'part', ordinal: 1 }, paragraph, paragraph, { goal: false, skip: false }));
      continue;
    }
    // Rule "items in words": 一是 / 二是 paragraphs under a heading (not inside a task) are its items.
    const wordOrdinal = marker === null ? inWords.get(index) : undefined;
    const top = stack[stack.length - 1];
    if (
      wordOrdinal !== undefined &&
      top !== undefined &&
      (open === null || open.inWords === true) &&
      !inGoal() &&
      !inSkip() &&
      !inResults()
    ) {
      flushTask();
      top.hasChildren = true;
      const prefix = IN_WORDS_RE.exec(paragraph.shadow)?.[0].length ?? 0;
      open = { level: top.level + 1, ordinal: wordOrdinal, head: paragraph.slice(prefix), extra: [], inWords: true };
      continue;
    }
    // Rule "inline items of the plan part": a paragraph that opens what is planned next (下一步,我局将…),
    // or the first one under a summary's plan heading, lists its tasks as 一是…;二是…;三是….
    const nextStep = NEXT_STEP_RE.test(paragraph.shadow);
    // In a section 存在的问题及下一步打算, the 下一步 paragraph plans even though the problems are skipped.
    const inline: InlineItem[] =
      marker === null && (open === null || open.inWords === true) && !inGoal() && (!inSkip() || nextStep)
        ? inlineItemsInWords(paragraph)
        : [];
    const underPlanHead =
      summary && top !== undefined && !inResults() && top.body.length === 0 && !top.hasChildren && PLAN_PART_TITLE_RE.test(top.titleShadow);
    if (inline.length > 0 && (nextStep || underPlanHead)) {
      flushTask();
      if (!underPlanHead && (summary || inResults() || inSkip() || stack.length === 0)) {
        // It opens the plan part, as a line 下一步工作打算 would.
        closeHeadings(0);
        const leadIn = paragraph.slice(0, (inline[0] as { start: number }).start).trim(/^\s+/, /[\s,;:]+$/);
        planPart ??= leadIn.text;
        stack.push(heading({ kind: 'part', ordinal: 1 }, leadIn, leadIn, { goal: false, skip: false }));
      }
      const parent = stack[stack.length - 1] as Heading;
      parent.hasChildren = true;
      for (const { ordinal, item } of inline as InlineItem[]) {
        if (!hasHan(item.shadow)) continue;
        open = { level: parent.level + 1, ordinal, head: item, extra: [], inWords: true };
        flushTask();
      }
      continue;
    }
    if (marker !== null) {
      const level = levelOf(marker.kind);
      if (open !== null && level > open.level) {
        open.extra.push(paragraph);
        continue;
      }
      // Rule "sub-items are targets": (1)(2) / ①② under an item numbered 1. (or ① under (1)) are the
      // targets of that item, which is the task; each keeps the units stated with it.
      if (open === null && top !== undefined && isSubItem(top, marker.kind) && !inGoal() && !inSkip() && !inResults()) {
        stack.pop();
        open = { level: top.level, ordinal: top.ordinal, head: top.source, extra: [paragraph] };
        continue;
      }
      flushTask();
      closeHeadings(level);
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.hasChildren = true;
      const body = paragraph.slice(marker.length);
      const title = headingTitle(body);
      const titleEnd = firstSentenceEnd(body.shadow);
      const afterTitle = titleEnd === -1 ? '' : body.shadow.slice(titleEnd + 1);
      const groups = findResponsibilityGroups(body);
      const hasBody = hasHan(afterTitle) || (groups.length > 0 && (groups[0]?.start ?? 0) > 0);
      const head = title.shadow.slice(0, titleEnd === -1 ? undefined : titleEnd);
      const requirements = REQUIREMENTS_TITLE_RE.test(head);
      const goalTitle =
        requirements ||
        (GOAL_TITLE_RE.test(head) && (!NOT_GOAL_TITLE_RE.test(title.shadow.slice(0, 12)) || GOAL_TASKS_TITLE_RE.test(head)));
      // 存在的问题及下一步工作打算: a section that also plans is the plan part, not a section to skip.
      const skipTitle =
        SKIP_TITLE_RE.test(title.shadow.slice(0, titleEnd === -1 ? 16 : Math.min(titleEnd, 16))) && !PLAN_AFTER_PROBLEMS_RE.test(head);
      // A summary's own title numbered as an extract (1、县科技局XX年工作总结及XX年工作打算 今年以来,…) reports, it does not plan.
      const planHead = PLAN_PART_TITLE_RE.test(head) && !SUMMARY_TITLE_RE.test(head);
      const resultsTitle = !inResults() && (RESULTS_TITLE_RE.test(head) || (summary && stack.length === 0 && !planHead && !skipTitle));
      if (summary && stack.length === 0 && planPart === null && planHead && !RESULTS_TITLE_RE.test(head)) planPart = title.text;
      if (inResults() || resultsTitle) {
        // A summary's section or item: what it reports is a result, never a task or a goal.
        // Its title reports too when it states a figure (2、产值占规模以上工业产值比重达23.39%,…).
        results.push(...resultTargets(body, context));
        if (!hasBody || resultsTitle) stack.push({ ...heading(marker, title, body, { goal: false, skip: false }), results: true });
        continue;
      }
      if (inSkip() || (skipTitle && !hasBody)) {
        stack.push(heading(marker, title, body, { goal: false, skip: true }));
        continue;
      }
      if (inGoal() && !(goalTitle && !hasBody)) {
        // An item of a goal section: a goal, or a task when the lines after it name its units.
        open = { level, ordinal: marker.ordinal, head: body, extra: [], goal: { measurableOnly: measurableOnly() } };
        continue;
      }
      if (goalTitle && hasBody) {
        const rest = titleEnd === -1 || !goalTitle ? body : body.slice(titleEnd + 1);
        goals.push(...goalTargets(rest, context, requirements));
        continue;
      }
      if (skipTitle) continue;
      if (hasBody) {
        open = { level, ordinal: marker.ordinal, head: body, extra: [] };
      } else {
        const units =
          groups.length > 0 && groups[0] !== undefined ? readResponsibility(groups[0].inner, context.names, context.options) : null;
        stack.push({
          ...heading(marker, title, body, { goal: goalTitle, skip: false }),
          units,
          measurableOnly: requirements,
        });
      }
      continue;
    }

    const label = LABEL_RE.exec(paragraph.shadow);
    if (label !== null && GOAL_TITLE_RE.test(label[1] ?? '') && !NOT_GOAL_TITLE_RE.test(label[1] ?? '')) {
      goals.push(...goalTargets(paragraph.slice(label[0].length), context));
      continue;
    }
    if (open?.goal !== undefined) {
      open.extra.push(paragraph);
      continue;
    }
    if (inResults()) {
      results.push(...resultTargets(paragraph, context));
      continue;
    }
    if (inSkip()) {
      (stack[stack.length - 1] as Heading).body.push(paragraph);
      continue;
    }
    if (inGoal()) {
      if (label === null || RESPONSIBILITY_LINE_RE.test(paragraph.shadow)) goals.push(...goalTargets(paragraph, context, measurableOnly()));
      continue;
    }
    if (open !== null) open.extra.push(paragraph);
    else if (stack.length > 0) (stack[stack.length - 1] as Heading).body.push(paragraph);
    else {
      preface.push(paragraph);
      const targetYear = summary ? null : TARGET_YEAR_RE.exec(paragraph.shadow);
      if (targetYear !== null) {
        // Rule "reported result": what a paragraph reports before its 到2020年 sentence (截止2018年底,…达285家) is results.
        const before = paragraph.slice(0, targetYear.index);
        if (RESULT_CUE_RE.test(before.shadow)) results.push(...resultTargets(before, context));
        goals.push(...goalTargets(paragraph.slice(targetYear.index), context, true));
      } else if (
        summary ||
        RESULT_CUE_RE.test(paragraph.shadow) ||
        (WEAK_RESULT_CUE_RE.test(paragraph.shadow) && !PLANS_RE.test(paragraph.shadow))
      ) {
        results.push(...resultTargets(paragraph, context));
      } else {
        // Rule "goals announced": 今年…要努力实现六个目标:一是…;二是… (news of a plan, a speech) states the goals after its colon.
        const announced = GOALS_ANNOUNCED_RE.exec(paragraph.shadow);
        if (announced !== null) goals.push(...goalTargets(paragraph.slice(announced.index + announced[0].length), context, true));
      }
    }
  }
  flushTask();
  closeHeadings(-1);
  context.onProgress?.(paragraphs.length, paragraphs.length);
  shareTrailingUnits(tasks);
  return { goals, tasks, results, preface, summary, planPart };
}

/**
 * Rule "items in words": paragraphs opened by 一是, 二是, 三是 … in sequence, each on its own line, are
 * the numbered items of the heading above them (a 工作计划 whose headings 一、 hold their tasks as 一是
 * paragraphs). Returns the ordinal of each paragraph that opens such an item. A lone 一是 is no list,
 * unless the document lists items so elsewhere (a part cut short after its first item).
 */
function itemsInWords(paragraphs: TextBlock[]): Map<number, number> {
  const out = new Map<number, number>();
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  const close = (): void => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  paragraphs.forEach((paragraph, index) => {
    if (readMarker(paragraph.shadow) !== null || PLAN_PART_LINE_RE.test(paragraph.shadow.trim())) {
      close();
      return;
    }
    const match = IN_WORDS_RE.exec(paragraph.shadow);
    if (match === null) return;
    const ordinal = parseChineseNumeral(match[1] ?? '');
    if (ordinal === 1) {
      close();
      run = [[index, 1]];
    } else if (run.length > 0 && ordinal === (run[run.length - 1] as [number, number])[1] + 1) run.push([index, ordinal]);
  });
  close();
  const listed = runs.some((items) => items.length >= 2);
  for (const items of runs) {
    if (items.length >= 2 || listed) for (const [index, ordinal] of items) out.set(index, ordinal);
  }
  return out;
}

/**
 * The items in words inside one paragraph (下一步,我局将:一是…;二是…;三是…): each item's text from
 * after its 一是 to the next item, with its ordinal; none unless 一是 and 二是 follow in sequence.
 */
interface InlineItem {
  ordinal: number;
  item: TextBlock;
  start: number;
}

function inlineItemsInWords(paragraph: TextBlock): InlineItem[] {
  const starts: Array<{ ordinal: number; at: number; body: number }> = [];
  for (const match of paragraph.shadow.matchAll(IN_WORDS_INLINE_RE)) {
    const ordinal = parseChineseNumeral(match[1] ?? '');
    if (ordinal !== starts.length + 1) continue;
    const at = (match.index ?? 0) + match[0].length - (match[1] ?? '').length - 1;
    starts.push({ ordinal, at, body: at + (match[1] ?? '').length + 1 });
  }
  if (starts.length < 2) return [];
  return starts.map((start, k) => ({
    ordinal: start.ordinal,
    start: start.at,
    item: paragraph.slice(start.body, starts[k + 1]?.at ?? paragraph.length).trim(/^[\s,;:]+/, /[\s,;:]+$/),
  }));
}

/** A sentence inside a paragraph that opens what is planned next: …12家。下一步工作打算:一是…;二是…. */
const NEXT_STEP_INSIDE_RE = /。\s*(?=(?:下一步|下步|下阶段|明年|来年|今后一个时期)[^。]{0,40}?一是)/;

/**
 * Rule "inline items of the plan part", inside a paragraph: a summary written as one paragraph whose
 * last sentences plan (…技术合同成交额2.5亿元。下一步工作打算:一是…;二是…) is two paragraphs, the
 * report and the plan, so the plan's items are tasks, not results.
 */
function splitAtNextStep(paragraph: TextBlock): TextBlock[] {
  if (readMarker(paragraph.shadow) !== null) return [paragraph];
  const cue = NEXT_STEP_INSIDE_RE.exec(paragraph.shadow);
  if (cue === null) return [paragraph];
  const tail = paragraph.slice(cue.index + cue[0].length);
  if (inlineItemsInWords(tail).length < 2) return [paragraph];
  return [paragraph.slice(0, cue.index + 1), tail];
}

/** Items (1.) hold sub-items ((1), ①) as targets; (1) holds ①. Headings (一、, (一)) hold tasks. */
const SUB_ITEM_OF: Partial<Record<MarkerKind, MarkerKind[]>> = { 'ar-comma': ['ar-paren', 'circled'], 'ar-paren': ['circled'] };

function isSubItem(parent: Heading, child: MarkerKind): boolean {
  return (
    (SUB_ITEM_OF[parent.kind] ?? []).includes(child) &&
    parent.body.length === 0 &&
    !parent.hasChildren &&
    !parent.goal &&
    !parent.skip &&
    !parent.results
  );
}

/** Whether the document's title (a short line before its first heading) says it is a summary or report. */
function isSummary(paragraphs: TextBlock[]): boolean {
  for (const paragraph of paragraphs.slice(0, 12)) {
    if (readMarker(paragraph.shadow) !== null) return false;
    // A title quoting another document (《政府工作报告》) is not itself a report.
    const own = paragraph.shadow.replace(/《[^》]*》/g, '');
    if (paragraph.length <= 60 && !/[。;]/.test(own) && SUMMARY_TITLE_RE.test(own)) {
      return true;
    }
    // Rule "title glued to its first sentence": …工作总结20xx上半年,我市… / …工作总结和下半年工作方案 上半年,….
    if (GLUED_SUMMARY_TITLE_RE.test(own)) return true;
  }
  return false;
}

function heading(
  marker: { kind: MarkerKind; ordinal: number },
  title: TextBlock,
  body: TextBlock,
  flags: { goal: boolean; skip: boolean },
): Heading {
  const level = levelOf(marker.kind);
  const ordinal = marker.ordinal;
  return {
    source: body,
    kind: marker.kind,
    level,
    ordinal,
    title: title.text,
    titleShadow: title.shadow,
    body: [],
    hasChildren: false,
    goal: flags.goal,
    measurableOnly: false,
    skip: flags.skip,
    results: false,
    units: null,
    line: body.line,
  };
}

/** The task whose missing responsible unit was reported, with that issue. */
const MISSING_UNITS = new WeakMap<DraftTask, ImportIssue>();
/** Tasks whose units are stated on a line of their own after their text, as a list's closing line. */
const TRAILING_UNITS = new WeakSet<DraftTask>();

function statesTarget(shadow: string): boolean {
  return readIndicators(shadow, shadow).indicators.some((indicator) => indicator.kind !== 'milestone');
}

function hasUnits(task: DraftTask): boolean {
  return task.targets.some((target) => target.units.lead.length > 0 || target.units.cooperating.length > 0);
}

/**
 * `①…;②…;(县科技局负责)`: units stated once after a list of items under the same heading answer
 * for the items before them that name none. The issue stays, saying whose units were taken.
 */
function shareTrailingUnits(tasks: DraftTask[]): void {
  for (let k = tasks.length - 2; k >= 0; k--) {
    const task = tasks[k] as DraftTask;
    const next = tasks[k + 1] as DraftTask;
    if (hasUnits(task) || !TRAILING_UNITS.has(next) || task.path.join('.') !== next.path.join('.')) continue;
    const units = next.targets.find((target) => target.units.lead.length > 0 || target.units.cooperating.length > 0)?.units;
    if (units === undefined) continue;
    for (const target of task.targets) target.units = { lead: [...units.lead], cooperating: [...units.cooperating] };
    const issue = MISSING_UNITS.get(task);
    if (issue !== undefined)
      issue.reason = `task ${task.number} "${task.title}": no responsible unit of its own, took those of task ${next.number} after it`;
  }
}

function isMeasurable(target: Target): boolean {
  return target.indicators.some((indicator) => indicator.kind !== 'milestone');
}

/** A task from its numbered paragraph and the paragraphs that follow it. */
function buildTask(
  open: OpenTask,
  stack: Heading[],
  category: string | null,
  inherited: Responsibility | null,
  context: ReaderContext,
): DraftTask | null {
  const block = TextBlock.join([open.head, ...open.extra], '\n');
  const groups = findResponsibilityGroups(block);
  let titleEnd = firstSentenceEnd(block.shadow);
  const colon = block.shadow.indexOf(':');
  if (colon !== -1 && colon <= 30 && (titleEnd === -1 || colon < titleEnd) && (groups[0]?.start ?? Infinity) > colon) titleEnd = colon;
  const firstGroup = groups[0]?.start ?? Infinity;
  const titleCut = titleEnd === -1 ? Math.min(block.length, firstGroup) : Math.min(titleEnd, firstGroup);
  const titleBlock = block.slice(0, titleCut).trim(TARGET_EDGE_LEAD, TARGET_EDGE_TRAIL);
  const title = titleBlock.text;
  if (!hasHan(titleBlock.shadow)) return null;
  const bodyStart = titleEnd === -1 ? titleCut : titleEnd + 1;

  const segments: Array<{ passage: TextBlock; units: Responsibility | null }> = [];
  const contentParts: TextBlock[] = [];
  let cursor = bodyStart;
  for (const group of groups) {
    const from = Math.min(cursor, group.start);
    const passage = block.slice(from, group.start);
    if (group.start > cursor) contentParts.push(passage);
    segments.push({ passage, units: readResponsibility(group.inner, context.names, context.options) });
    cursor = Math.max(cursor, group.end);
  }
  const tail = block.slice(Math.min(cursor, block.length));
  if (hasHan(tail.shadow)) {
    contentParts.push(tail);
    const lastUnits = segments[segments.length - 1]?.units ?? inherited;
    segments.push({ passage: tail, units: lastUnits });
  }
  if (segments.length === 0) segments.push({ passage: block.slice(bodyStart), units: inherited });

  const number = String(open.ordinal);
  let missingUnits = false;
  const leaders: string[] = [];
  let targets: Target[] = [];
  for (const segment of segments) {
    if (segment.units === null || isEmptyResponsibility(segment.units)) missingUnits = true;
    for (const name of segment.units?.leader?.split('、') ?? []) {
      if (name !== '' && !leaders.includes(name)) leaders.push(name);
    }
    targets.push(...passageTargets(segment.passage, title, segment.units, context));
  }
  if (!targets.some(isMeasurable)) {
    // A body without measurable targets: the title may state them (a task of a single sentence).
    const units = segments[0]?.units ?? inherited;
    const fromTitle = splitSentences(titleBlock)
      .map((sentence) => sentenceTarget(sentence, units, context))
      .filter((target): target is Target => target !== null);
    if (fromTitle.length > 0) {
      const bodyMilestones = targets.filter((_, k) => hasHan(segments[k]?.passage.shadow ?? ''));
      targets = [...fromTitle, ...bodyMilestones];
    }
  }
  const missingIssue: ImportIssue | null = missingUnits
    ? {
        line: block.line,
        severity: 'warning',
        code: 'no_responsible_unit',
        params: { number, title },
        reason: `task ${number} "${title}": no responsible unit found`,
      }
    : null;
  if (missingIssue !== null) context.issues.push(missingIssue);
  const content = TextBlock.join(contentParts, '')
    .trim(TARGET_EDGE_LEAD, /[\s,;:、]+$/)
    .text.replace(/\n+/g, '');
  const task: DraftTask = {
    number,
    path: stack.map((heading) => heading.ordinal),
    category,
    title,
    content: hasHan(content) ? content : null,
    leader: leaders.length === 0 ? null : leaders.join('、'),
    targets,
    line: block.line,
  };
  if (missingIssue !== null) MISSING_UNITS.set(task, missingIssue);
  const last = groups[groups.length - 1];
  if (
    last !== undefined &&
    groups.length === 1 &&
    !hasHan(block.shadow.slice(last.end)) &&
    /\n\s*$/.test(block.shadow.slice(0, last.start))
  ) {
    TRAILING_UNITS.add(task);
  }
  return task;
}
