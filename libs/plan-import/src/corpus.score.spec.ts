import { planDocumentSchema } from '@plancycle/contracts';
import { loadCorpus, percent, scoreDocument, scoreTable, totalsOf, type DocumentScore } from '../test/corpus-score';
import { importPlanText } from './plan.importer';

/**
 * The importer on published documents it was not written against (`../corpus`, see its
 * README section): tables pasted from Word, labelled 牵头单位/责任单位 documents, prose 工作要点
 * and 实施方案, year-end summaries, traditional script with glosses. The floors are the score
 * reached so far: they may only go up.
 */
const FLOOR = { tasksFound: 100, unitsRight: 100, indicatorsRight: 100, metadataRight: 100 };

describe('corpus of published documents', () => {
  const corpus = loadCorpus();
  const scores: DocumentScore[] = corpus.map((document) => {
    const result = importPlanText(document.text);
    expect(planDocumentSchema.safeParse(result.plan).success).toBe(true);
    return scoreDocument(document, result);
  });
  const totals = totalsOf(scores);
  const issues = corpus.flatMap((document) => importPlanText(document.text).issues);

  it('holds at least 20 documents of every kind', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    for (const kind of ['table', 'labels', 'prose', 'summary', 'traditional'])
      expect(corpus.filter((document) => document.kind === kind).length).toBeGreaterThanOrEqual(2);
  });

  it('prints the score per document, per kind and overall', () => {
    const misses = scores.flatMap((score) => score.misses.map((miss) => `  ${score.slug}: ${miss}`));
    console.log(`${scoreTable(scores)}\n\nmisses:\n${misses.join('\n')}`);
  });

  it('invents no number', () => {
    expect(scores.filter((score) => score.invented.length > 0).map((score) => [score.slug, score.invented])).toEqual([]);
  });

  it('gives every issue a code and the params its words need (the console translates by them)', () => {
    const params: Record<string, string[]> = {
      no_responsible_unit: ['number', 'title'],
      masked_number: ['text'],
      period_targets: ['text'],
      row_cells_aligned: ['cells', 'header'],
      row_cells_joined: ['cells', 'header'],
      decomposition_table_kept: ['count'],
    };
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.code).toMatch(/^[a-z_]+$/);
      expect(Object.keys(issue.params).sort()).toEqual(expect.arrayContaining(params[issue.code] ?? []));
    }
  });

  it('scores at least the recorded floor', () => {
    expect(percent(totals.tasksFound, totals.tasks)).toBeGreaterThanOrEqual(FLOOR.tasksFound);
    expect(percent(totals.unitsRight, totals.tasks)).toBeGreaterThanOrEqual(FLOOR.unitsRight);
    expect(percent(totals.indicatorsRight, totals.indicators)).toBeGreaterThanOrEqual(FLOOR.indicatorsRight);
    expect(percent(totals.metadataRight, totals.metadata)).toBeGreaterThanOrEqual(FLOOR.metadataRight);
  });
});
