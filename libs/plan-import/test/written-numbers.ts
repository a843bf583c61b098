import { parseChineseNumeral } from '../src/numerals/chinese-numeral.reader';

/**
 * Every number a text writes, read on its own: Arabic numbers at each 万/亿 scale, Chinese
 * numerals, 破零. A value the importer reports that is none of these was invented.
 */
export function writtenNumbers(text: string): number[] {
  const out: number[] = [];
  // Read both ways: "2,024" may be one grouped number, and "2024,2024" is two numbers.
  const grouped = [...text.matchAll(/\d+(?:,\d{3})*(?:\.\d+)?/g)].map((m) => m[0]);
  const plain = [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
  for (const written of [...grouped, ...plain]) {
    const base = Number(written.replace(/,/g, ''));
    for (const scale of [1, 1e2, 1e3, 1e4, 1e6, 1e7, 1e8, 1e12]) out.push(base * scale);
  }
  for (const run of text.matchAll(/[零〇一二两兩三四五六七八九十百千万萬亿億壹贰叁肆伍陆柒捌玖拾佰仟]+/g)) {
    const chars = run[0];
    for (let i = 0; i < chars.length; i++) {
      for (let j = i + 1; j <= chars.length; j++) {
        const value = parseChineseNumeral(chars.slice(i, j));
        // A numeral may be scaled by a 万/亿 written after it (十…萬元 = 100,000).
        if (value !== null) for (const scale of [1, 1e4, 1e8]) out.push(value * scale);
      }
    }
  }
  if (/破零|零的突破|零突破/.test(text)) out.push(1);
  return out;
}

/** Whether a value (sign aside) is one of the numbers written. */
export function comesFrom(value: number, written: number[]): boolean {
  const size = Math.abs(value);
  return written.some((number) => Math.abs(number - size) <= 1e-9 * Math.max(1, size));
}
