import { DomainError, type FieldIssue, toFieldIssues } from '@plancycle/contracts';
import { goldenFileSchemas, type GoldenCases } from './golden-cases.loader';
import { CompiledRuleSet } from './rule-set.engine';
import type { LoadedRuleSet } from './rule-set.loader';
import { ruleSetFileSchema } from './rule-set.schema';
import type { RuleSetKind } from './rule-set.vocabulary';

/**
 * Rule files and golden cases given as JSON (a stored version, a draft being edited)
 * rather than read from rules/: the same schema as the loader, answered as field issues
 * whose paths start at `ruleFile.` / `goldenCases.`, so a caller can show each in place.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const prefixed = (prefix: string, issues: FieldIssue[]): FieldIssue[] =>
  issues.map((issue) => ({ ...issue, path: issue.path === '(root)' ? prefix : `${prefix}.${issue.path}` }));

/** A rule file; `expect` pins what its id, kind and version must be (a draft's own). */
export function checkRuleFile(
  json: unknown,
  expect: { id?: string; kind?: RuleSetKind; version?: string } = {},
  source = 'ruleFile',
): Checked<LoadedRuleSet> {
  const parsed = ruleSetFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: prefixed('ruleFile', toFieldIssues(parsed.error.issues, { withCodes: true })) };
  const issues: FieldIssue[] = [];
  for (const key of ['id', 'kind', 'version'] as const) {
    const wanted = expect[key];
    if (wanted !== undefined && parsed.data[key] !== wanted) {
      issues.push({
        path: `ruleFile.${key}`,
        message: `must be "${wanted}" (the ${key} of this version), not "${parsed.data[key]}"`,
        code: 'invalid_value',
        params: { values: [wanted] },
      });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { ...parsed.data, file: source } };
}

export function checkGoldenCases(json: unknown, kind: RuleSetKind): Checked<GoldenCases> {
  const fail = (issues: Parameters<typeof toFieldIssues>[0]): Checked<GoldenCases> => ({
    ok: false,
    issues: prefixed('goldenCases', toFieldIssues(issues, { withCodes: true })),
  });
  switch (kind) {
    case 'attainment': {
      const parsed = goldenFileSchemas.attainment.safeParse(json);
      return parsed.success ? { ok: true, value: { kind, cases: parsed.data } } : fail(parsed.error.issues);
    }
    case 'trajectory': {
      const parsed = goldenFileSchemas.trajectory.safeParse(json);
      return parsed.success ? { ok: true, value: { kind, cases: parsed.data } } : fail(parsed.error.issues);
    }
    case 'escalation': {
      const parsed = goldenFileSchemas.escalation.safeParse(json);
      return parsed.success ? { ok: true, value: { kind, cases: parsed.data } } : fail(parsed.error.issues);
    }
    case 'scoring': {
      const parsed = goldenFileSchemas.scoring.safeParse(json);
      return parsed.success ? { ok: true, value: { kind, cases: parsed.data } } : fail(parsed.error.issues);
    }
  }
}

/**
 * A draft's content as a client sends it: the rule file and its golden cases, both valid,
 * or a 400 naming every offending field of either.
 */
export function checkDraftContentOrThrow(params: {
  ruleFile: unknown;
  goldenCases: unknown;
  expect: { id: string; kind: RuleSetKind; version: string };
}): { ruleSet: LoadedRuleSet; golden: GoldenCases } {
  const ruleFile = checkRuleFile(params.ruleFile, params.expect, `${params.expect.id}@${params.expect.version}`);
  const golden = checkGoldenCases(params.goldenCases, params.expect.kind);
  const issues = [...(ruleFile.ok ? [] : ruleFile.issues), ...(golden.ok ? [] : golden.issues)];
  if (!ruleFile.ok || !golden.ok) {
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: `the draft is not a valid ${params.expect.kind} rule set: ${issues
        .slice(0, 5)
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ')}${issues.length > 5 ? `; … (${issues.length} issues)` : ''}`,
      issues,
    });
  }
  return { ruleSet: ruleFile.value, golden: golden.value };
}

/**
 * A stored version compiled for deciding. Stored content was validated when it was
 * written; a row that no longer validates is corrupt (a server error naming the field).
 */
export function compileStoredRuleSetOrThrow(params: { ruleSetId: string; version: string; ruleFile: unknown }): CompiledRuleSet {
  const source = `stored rule set ${params.ruleSetId}@${params.version}`;
  const checked = checkRuleFile(params.ruleFile, { id: params.ruleSetId, version: params.version }, source);
  if (!checked.ok) {
    throw new DomainError({
      code: 'RULE_SET_INVALID',
      message: `${source}: ${checked.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      issues: checked.issues,
    });
  }
  return new CompiledRuleSet(checked.value);
}
