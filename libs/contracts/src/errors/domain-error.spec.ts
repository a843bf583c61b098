import { z } from 'zod';
import { reviewDecisionSchema } from '../workflow/report.schema';
import { toFieldIssues } from './domain-error';

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return toFieldIssues(parsed.error.issues, { withCodes: true });
};

describe('field issues with codes (the API’s answers)', () => {
  const schema = z.strictObject({ narrative: z.string().trim().min(1).max(10), value: z.number(), kind: z.enum(['count', 'amount']) });

  it('carry the zod code and the figures a client needs to say it in its own words', () => {
    const issues = issuesOf(schema, { narrative: '', value: 'x', kind: 'other', extra: 1 });
    expect(issues).toHaveLength(4);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'unknown field "extra"', code: 'unknown_field' },
        { path: 'narrative', message: expect.any(String), code: 'too_small', params: { minimum: 1, origin: 'string' } },
        { path: 'value', message: expect.any(String), code: 'invalid_type', params: { expected: 'number' } },
        { path: 'kind', message: expect.any(String), code: 'invalid_value', params: { values: ['count', 'amount'] } },
      ]),
    );
    expect(issuesOf(schema, { narrative: '01234567890', value: 1, kind: 'count' })).toEqual([
      { path: 'narrative', message: expect.any(String), code: 'too_big', params: { maximum: 10, origin: 'string' } },
    ]);
  });

  it('name a rule of the schema’s own by the reason it gives', () => {
    expect(issuesOf(reviewDecisionSchema, { periodKey: 'P1', decision: 'return' })).toEqual([
      { path: 'comment', message: 'a returned report needs a comment saying what to revise', code: 'comment_required_on_return' },
    ]);
  });

  it('stay as they were without codes (libraries, files)', () => {
    const parsed = schema.safeParse({ narrative: '', value: 1, kind: 'count' });
    expect(parsed.success ? [] : toFieldIssues(parsed.error.issues)).toEqual([{ path: 'narrative', message: expect.any(String) }]);
  });
});
