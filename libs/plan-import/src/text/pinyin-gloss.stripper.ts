/**
 * Converters that turn ruby text into plain text leave the reading inline: 任務(wù), 責(zé)任.
 * A gloss is a parenthesis right after a Han character holding only pinyin syllables.
 * Real parentheses hold Han characters, capitals or symbols ((產品), (R&D), (市科工局牵头…)).
 */

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const BASE = 'aaaaeeeeiiiioooouuuuvvvvnnnm';
const TONE_MAP = new Map<string, string>([...TONED].map((char, i) => [char, BASE[i] as string]));

const SYLLABLE =
  /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v)$/;
const SPECIAL = new Set(['ng', 'm', 'n', 'hm', 'hng', 'ê']);

const GLOSS = new RegExp(
  `([\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff])\\(([a-z${TONED}üê]+(?:[ '][a-z${TONED}üê]+){0,3}[1-5]?)\\)`,
  'g',
);

function hasToneMark(text: string): boolean {
  for (const char of text) if (TONE_MAP.has(char)) return true;
  return /[1-5]$/.test(text);
}

function isPinyin(gloss: string): boolean {
  const plain = [...gloss.replace(/[1-5]$/, '')].map((char) => TONE_MAP.get(char) ?? (char === 'ü' ? 'v' : char)).join('');
  return plain.split(/[ ']/).every((syllable) => SYLLABLE.test(syllable) || SPECIAL.has(syllable));
}

/** Number of glosses carrying a tone mark: proof that a converter has been through the text. */
export function countTonedGlosses(text: string): number {
  let count = 0;
  for (const match of text.matchAll(GLOSS)) {
    const gloss = match[2] ?? '';
    if (hasToneMark(gloss) && isPinyin(gloss)) count++;
  }
  return count;
}

/**
 * Removes pinyin glosses. Toneless ones ((de), (men)) are removed only when `toneless` is set,
 * that is when the document already shows toned glosses, so that an English word in
 * parentheses in a clean document is left alone.
 */
export function stripPinyinGlosses(line: string, options: { toneless: boolean }): { text: string; removed: number } {
  let removed = 0;
  const text = line.replace(GLOSS, (whole, han: string, gloss: string) => {
    if (!isPinyin(gloss)) return whole;
    if (!hasToneMark(gloss) && !options.toneless) return whole;
    removed++;
    return han;
  });
  return { text, removed };
}
