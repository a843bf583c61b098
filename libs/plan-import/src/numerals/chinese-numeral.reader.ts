/**
 * Chinese numerals (一, 两, 十, 百, 二十五, 三千五百, 一万二千, formal 壹贰叁) and exact decimal
 * scaling of Arabic numbers by 万 and 亿 (1.3亿 is 130000000, not 130000000.00000001).
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  貳: 2,
  两: 2,
  兩: 2,
  三: 3,
  叁: 3,
  參: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  陸: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/**
 * Reads a whole Chinese numeral; null when the characters do not form one
 * (十四五, 一一, a lone 万).
 */
export function parseChineseNumeral(text: string): number | null {
  if (text.length === 0) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastSmall = Infinity;
  let afterZero = false;
  let lastBig = Infinity;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const d = DIGITS[char];
    if (d !== undefined) {
      if (d === 0) {
        if (digit !== null) return null;
        afterZero = true;
        continue;
      }
      if (digit !== null) return null;
      digit = d;
      continue;
    }
    const small = SMALL_UNITS[char];
    if (small !== undefined) {
      if (small >= lastSmall) return null;
      // 十五 = 15: a leading 十 stands for 一十; elsewhere a unit needs its digit.
      if (digit === null && (section !== 0 || afterZero || total !== 0) && small !== 10) return null;
      section += (digit ?? 1) * small;
      digit = null;
      lastSmall = small;
      afterZero = false;
      continue;
    }
    const big = BIG_UNITS[char];
    if (big !== undefined) {
      const value = section + (digit ?? 0);
      if (value === 0 || big >= lastBig) {
        if (big === 1e8 && lastBig === 1e4 && value === 0) return null;
        if (value === 0) return null;
      }
      if (big === 1e8) {
        total = (total + value) * big;
      } else {
        total += value * big;
      }
      lastBig = big;
      section = 0;
      digit = null;
      lastSmall = Infinity;
      afterZero = false;
      continue;
    }
    return null;
  }
  return total + section + (digit ?? 0);
}

/** An Arabic decimal written as text, multiplied by 10^exponent without floating-point error. */
export function scaleDecimal(text: string, exponent: number): number {
  const plain = text.replace(/,/g, '');
  if (exponent === 0) return Number(plain);
  const [intPart = '0', fracPart = ''] = plain.split('.');
  const digits = intPart + fracPart;
  const pointAt = intPart.length + exponent;
  if (pointAt <= 0) return Number(`0.${'0'.repeat(-pointAt)}${digits}`);
  if (pointAt >= digits.length) return Number(digits + '0'.repeat(pointAt - digits.length));
  return Number(`${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`);
}
