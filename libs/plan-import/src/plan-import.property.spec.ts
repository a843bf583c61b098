import fc from 'fast-check';
import { indicatorSchema, planDocumentSchema } from '@plancycle/contracts';
import { importPlanText } from './plan.importer';
import { cleanPhrase, parseTargetPhrase } from './targets/target-phrase.parser';
import { cleanDocument } from './text/document.cleaner';
import { comesFrom, writtenNumbers } from '../test/written-numbers';

const FRAGMENTS = [
  '新增',
  '达',
  '达到',
  '超过',
  '突破',
  '不少于',
  '不超过',
  '约',
  '家',
  '个',
  '項',
  '名',
  '次',
  '%',
  '亿元',
  '萬元',
  '万',
  '億',
  '以上',
  '以下',
  '左右',
  '余',
  '-',
  '至',
  '到',
  '力争',
  '力爭',
  '确保',
  'xx',
  'XX',
  'x.x',
  '×',
  '*',
  '一',
  '两',
  '兩',
  '十',
  '百',
  '千',
  '二十五',
  '三百',
  '一万二千',
  '1',
  '20',
  '3.5',
  '1,000',
  '0',
  '12%',
  ',',
  '、',
  ';',
  '。',
  '(',
  ')',
  '“',
  '”',
  '《',
  '》',
  '每万人',
  '人均',
  '前',
  '第',
  '前进',
  '个位次',
  '增长',
  '下降',
  '占',
  '比重',
  '率',
  '破零',
  '年',
  '2024',
  '(wù)',
  '(zé)',
  '(產品)',
  '企业',
  '平台',
  '全省',
  '位列',
  '平方米',
  '倍',
  '个百分点',
  '百分之',
  '大',
  '批',
  '\n',
  ' ',
  '　',
  '．',
  '５',
];

const phrase = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), phrase);

describe('properties', () => {
  it('the cleaner never throws and keeps every line number within the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cleaned = cleanDocument(text);
        const lineCount = text.replace(/\r\n?/g, '\n').split('\n').length;
        for (const line of cleaned.lines) {
          expect(line.line).toBeGreaterThanOrEqual(1);
          expect(line.line).toBeLessThanOrEqual(lineCount);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the phrase parser never throws and gives valid indicators', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const indicator of parseTargetPhrase(text)) expect(indicatorSchema.safeParse(indicator).success).toBe(true);
      }),
      { numRuns: 800 },
    );
  });

  it('invents no number: every value and bound is a number written in the phrase', () => {
    fc.assert(
      fc.property(phrase, (text) => {
        const written = writtenNumbers(cleanPhrase(text));
        for (const indicator of parseTargetPhrase(text)) {
          if (indicator.value !== null) expect(comesFrom(indicator.value, written)).toBe(true);
          if (indicator.max !== null && indicator.max !== undefined) expect(comesFrom(indicator.max, written)).toBe(true);
          if (indicator.kind === 'milestone') expect(indicator.value).toBeNull();
        }
      }),
      // Counterexamples found before: numbers next to a comma are read both grouped and apart.
      { numRuns: 1500, examples: [['2024,2024項'], ['1,000,5家'], ['十至x.x萬元'], ['位列全省前1,000']] },
    );
  });

  it('a phrase with no digit, numeral or 破零 gives only a milestone', () => {
    const plain = fc.array(fc.constantFrom('新增', '企业', '平台', '力争', '确保', '建设', '完成', '达到', '省定指标', ',', '。'), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(plain, (parts) => {
        const indicators = parseTargetPhrase(parts.join(''));
        for (const indicator of indicators) expect(indicator.kind).toBe('milestone');
      }),
    );
  });

  it('the importer never throws and always produces a valid plan document', () => {
    const document = fc.array(
      fc.oneof(
        phrase,
        fc.constantFrom(
          '一、工作目标',
          '二、工作任务',
          '(一)主体培育',
          '1.加强平台建设。',
          '(市科工局牵头,市财政局等按职能分工负责)',
          '序号|类别|工作任务|具体内容|责任单位',
          '1|一、类|任务|新增5家|县科技局,县财政局',
          '|||新增xx家|',
          '附件:',
          '【打印本页】',
        ),
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          document.map((lines) => lines.join('\n')),
          anyText,
        ),
        (text) => {
          const result = importPlanText(text);
          expect(planDocumentSchema.safeParse(result.plan).success).toBe(true);
        },
      ),
      { numRuns: 300, examples: [['一、工作目标\n全省前1,000']] },
    );
  });
});
