import { indicatorSchema } from '@plancycle/contracts';
import { TARGET_PHRASES } from '../../test/target-phrases.corpus';
import { parseTargetPhrase } from './target-phrase.parser';

describe('parseTargetPhrase over the corpus', () => {
  it('holds at least 80 phrases', () => {
    expect(TARGET_PHRASES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(TARGET_PHRASES)('%s', (phrase, expected) => {
    const indicators = parseTargetPhrase(phrase);
    expect(indicators).toHaveLength(expected.length);
    expected.forEach((want, i) => {
      const got = indicators[i];
      expect(got).toMatchObject(want);
      if (want.max === undefined) expect(got?.max).toBeUndefined();
      expect(indicatorSchema.safeParse(got).success).toBe(true);
    });
  });
});

describe('parseTargetPhrase edge cases', () => {
  it('gives nothing for text without letters or Han characters', () => {
    expect(parseTargetPhrase('')).toEqual([]);
    expect(parseTargetPhrase(' ,。; ')).toEqual([]);
  });

  it('ends the stretch of 力争 at a semicolon and at 确保', () => {
    const [first, second, third] = parseTargetPhrase('力争新增20家;新增10家,力争突破3家确保5家');
    expect(first?.stretch).toBe(true);
    expect(second?.stretch).toBe(false);
    expect(third?.stretch).toBe(true);
    expect(parseTargetPhrase('力争突破3家,确保新增5家')[1]?.stretch).toBe(false);
  });

  it('does not read numbers inside quotes or book titles', () => {
    expect(parseTargetPhrase('落实“五个100”项目和《二十条措施》')).toEqual([
      { metric: null, kind: 'milestone', comparator: 'done', value: null, unit: null, stretch: false },
    ]);
  });

  it('keeps traditional characters in metrics and units', () => {
    const [indicator] = parseTargetPhrase('新增院士專家工作站3項');
    expect(indicator).toMatchObject({ metric: '新增院士專家工作站', unit: '項', value: 3 });
  });
});
