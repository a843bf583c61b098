/** Formats a figure the way work reports write it: 30亿元, 1.3件/万人, 12%. */
export function formatFigure(value: number, unit: string | null): string {
  if (unit === '元') {
    // Choose 亿/万 after rounding, so 99,999,999 reads 1亿元, not 10000万元.
    const wan = round2(value / 1e4);
    if (Math.abs(wan) >= 1e4) return `${trim(value / 1e8)}亿元`;
    if (Math.abs(value) >= 1e4) return `${trim(wan)}万元`;
    return `${trim(value)}元`;
  }
  if (unit === '%') return `${trim(value)}%`;
  return `${trim(value)}${unit ?? ''}`;
}

export function formatPercent(share: number): string {
  return `${trim(share * 100)}%`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function trim(value: number): string {
  return Number.isInteger(value) ? String(value) : String(round2(value));
}
