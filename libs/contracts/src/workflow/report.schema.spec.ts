import { toFieldIssues } from '../errors/domain-error';
import { reportSubmissionSchema, reviewDecisionSchema } from './report.schema';

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  toFieldIssues(result.error?.issues ?? []);

describe('reportSubmissionSchema', () => {
  const submission = {
    periodKey: 'Q1',
    idempotencyKey: 'kgj-Q1-0001',
    values: [
      { indicatorId: 'ind-1', value: 120 },
      { indicatorId: 'ind-2', done: true },
      { indicatorId: 'ind-3', value: null },
    ],
    narrative: '  一季度新增入库企业120家  ',
  };

  it('accepts values, milestones and unknown values, trims the narrative and defaults evidence to none', () => {
    expect(reportSubmissionSchema.parse(submission)).toEqual({ ...submission, narrative: '一季度新增入库企业120家', evidence: [] });
  });

  it('names each bad field of a malformed report', () => {
    const result = reportSubmissionSchema.safeParse({
      periodKey: 'Q1',
      idempotencyKey: 'key with spaces',
      values: [{ indicatorId: 'ind-1' }, { indicatorId: 'ind-2', value: Infinity }],
      narrative: '   ',
      evidence: [{ title: '', uri: 'oa://x' }],
    });
    expect(issuesOf(result)).toEqual([
      { path: 'idempotencyKey', message: 'letters, digits and . _ : - only' },
      { path: 'values.0.value', message: 'give value (a number or null) or done (for a milestone)' },
      { path: 'values.1.value', message: expect.any(String) },
      { path: 'narrative', message: 'a narrative is required' },
      { path: 'evidence.0.title', message: expect.any(String) },
    ]);
  });

  it('refuses unknown keys by name, at any depth (a typo is never silently dropped)', () => {
    const result = reportSubmissionSchema.safeParse({
      ...submission,
      narativ: 'typo',
      values: [{ indicatorId: 'ind-1', value: 1, unit: '家' }],
      evidence: [{ title: '台账', uri: 'oa://x', size: 3 }],
    });
    expect(issuesOf(result)).toEqual([
      { path: 'values.0.unit', message: 'unknown field "unit"' },
      { path: 'evidence.0.size', message: 'unknown field "size"' },
      { path: 'narativ', message: 'unknown field "narativ"' },
    ]);
  });
});

describe('reviewDecisionSchema', () => {
  it('approves without a comment but returns only with one', () => {
    expect(reviewDecisionSchema.safeParse({ periodKey: 'Q1', decision: 'approve' }).success).toBe(true);
    expect(issuesOf(reviewDecisionSchema.safeParse({ periodKey: 'Q1', decision: 'return', comment: '  ' }))).toEqual([
      { path: 'comment', message: 'a returned report needs a comment saying what to revise' },
    ]);
  });

  it('refuses unknown keys by name', () => {
    expect(issuesOf(reviewDecisionSchema.safeParse({ periodKey: 'Q1', decision: 'approve', comments: 'x', score: 1 }))).toEqual([
      { path: 'comments', message: 'unknown field "comments"' },
      { path: 'score', message: 'unknown field "score"' },
    ]);
  });
});
