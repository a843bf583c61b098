import { formatFigure, formatPercent } from './number-format';

describe('formatFigure', () => {
  it.each([
    [3_000_000_000, '元', '30亿元'],
    [150_000_000, '元', '1.5亿元'],
    [100_000_000, '元', '1亿元'],
    [-200_000_000, '元', '-2亿元'],
    [25_000, '元', '2.5万元'],
    [9_999, '元', '9999元'],
    [99_999_999, '元', '1亿元'],
    [99_994_999, '元', '9999.5万元'],
    [12, '%', '12%'],
    [24.5, '%', '24.5%'],
    [1.3, '件/万人', '1.3件/万人'],
    [320, '家', '320家'],
    [1 / 3, '家', '0.33家'],
    [60, null, '60'],
  ])('writes %p %p as %p', (value, unit, expected) => {
    expect(formatFigure(value, unit)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [1, '100%'],
    [0.125, '12.5%'],
    [1 / 3, '33.33%'],
    [0.07, '7%'],
    [0.29, '29%'],
    [1.0666666, '106.67%'],
    [0, '0%'],
  ])('writes the share %p as %p', (share, expected) => {
    expect(formatPercent(share)).toBe(expected);
  });
});
