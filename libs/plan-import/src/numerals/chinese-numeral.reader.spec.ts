import { parseChineseNumeral, scaleDecimal } from './chinese-numeral.reader';

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1],
    ['两', 2],
    ['兩', 2],
    ['十', 10],
    ['十五', 15],
    ['二十五', 25],
    ['一百零八', 108],
    ['三百', 300],
    ['三千五百', 3500],
    ['一万二千', 12000],
    ['十万', 100000],
    ['三亿', 300000000],
    ['壹佰', 100],
  ])('%s is %i', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each(['十四五', '一一', '万', '', '二二十'])('%s is not a numeral', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });
});

describe('scaleDecimal', () => {
  it('scales without floating-point error', () => {
    expect(scaleDecimal('1.3', 8)).toBe(130000000);
    expect(scaleDecimal('1083', 4)).toBe(10830000);
    expect(scaleDecimal('0.07', 4)).toBe(700);
    expect(scaleDecimal('1,500', 0)).toBe(1500);
  });
});
