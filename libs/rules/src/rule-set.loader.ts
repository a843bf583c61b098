import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative } from 'node:path';
import { DomainError, type FieldIssue, toFieldIssues } from '@plancycle/contracts';
import { ruleSetFileSchema, type RuleSetFile } from './rule-set.schema';
import type { RuleSetKind } from './rule-set.vocabulary';

/** A validated rule-set file and where it came from. */
export type LoadedRuleSet = RuleSetFile & { file: string };
export type RuleSetOfKind<K extends RuleSetKind> = Extract<LoadedRuleSet, { kind: K }>;

/** `<id>.v<major>.rules.json`: the major version is in the name so two majors can live side by side. */
export const ruleSetFileNamePattern = /^([a-z][a-z0-9-]*)\.v(\d+)\.rules\.json$/;

/** The path as people read it in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : file;
}

export function ruleSetInvalid(file: string, issues: FieldIssue[]): DomainError {
  return new DomainError({
    code: 'RULE_SET_INVALID',
    message: `${displayPath(file)}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  });
}

/** Parses JSON text, turning a syntax error into a field issue that points at line and column. */
export function parseJsonOrThrow(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    let where = '(root)';
    if (position !== undefined) {
      const before = text.slice(0, Number(position)).split('\n');
      where = `line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1}`;
    }
    throw ruleSetInvalid(file, [{ path: where, message: `invalid JSON: ${message}` }]);
  }
}

function nameIssues(ruleSet: RuleSetFile, file: string): FieldIssue[] {
  const name = basename(file);
  const match = ruleSetFileNamePattern.exec(name);
  if (match === null) {
    return [{ path: '(file name)', message: `"${name}" is not <id>.v<major>.rules.json` }];
  }
  const [, id, major] = match;
  const issues: FieldIssue[] = [];
  if (ruleSet.id !== id) {
    issues.push({ path: 'id', message: `id "${ruleSet.id}" does not match the file name "${name}"` });
  }
  if (basename(dirname(file)) !== ruleSet.id) {
    issues.push({ path: 'id', message: `rule set "${ruleSet.id}" must live in a folder named "${ruleSet.id}"` });
  }
  if (ruleSet.version.split('.')[0] !== major) {
    issues.push({ path: 'version', message: `version ${ruleSet.version} does not match the major version v${major} in the file name` });
  }
  return issues;
}

/** Validates rule-set JSON text as if it were read from `file` (whose name must match the content). */
export function parseRuleSetOrThrow(text: string, file: string): LoadedRuleSet {
  const parsed = ruleSetFileSchema.safeParse(parseJsonOrThrow(text, file));
  if (!parsed.success) {
    throw ruleSetInvalid(file, toFieldIssues(parsed.error.issues));
  }
  const issues = nameIssues(parsed.data, file);
  if (issues.length > 0) {
    throw ruleSetInvalid(file, issues);
  }
  return { ...parsed.data, file };
}

export function loadRuleSetFileOrThrow(file: string): LoadedRuleSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DomainError({
      code: 'NOT_FOUND',
      message: `${displayPath(file)}: cannot read the rule set (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  return parseRuleSetOrThrow(text, file);
}
