import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@plancycle/contracts';
import { loadRuleSetFileOrThrow, parseRuleSetOrThrow } from './rule-set.loader';
import { defaultRulesDirectory } from './rule-set.registry';

type Json = Record<string, unknown>;

const repoFile = (id: string) => join(defaultRulesDirectory(), id, `${id}.v1.rules.json`);
const original = (id: string): Json => JSON.parse(readFileSync(repoFile(id), 'utf8')) as Json;

/** Sets a value at a dotted path inside a parsed rule-set file. */
function patched(json: Json, path: string, value: unknown): Json {
  const copy = structuredClone(json);
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: Record<string, unknown> = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Parses as if the text sat at the repository path, so messages show that path. */
const parseAs = (json: Json, id = String(json['id'])) =>
  refusal(() => parseRuleSetOrThrow(JSON.stringify(json), `rules/${id}/${id}.v1.rules.json`));

describe('loadRuleSetFileOrThrow', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plancycle-rules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (relative: string, text: string) => {
    const file = join(dir, relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  it('loads the repository rule sets', () => {
    for (const id of ['attainment', 'trajectory', 'escalation']) {
      const ruleSet = loadRuleSetFileOrThrow(repoFile(id));
      expect(ruleSet).toMatchObject({ id, version: '1.0.0', kind: id });
    }
  });

  it('refuses an unknown operator, naming the file and the path of the field', () => {
    const error = parseAs(patched(original('escalation'), 'rules.2.conditions.all.0.operator', 'greaterThen'));
    expect(error.code).toBe('RULE_SET_INVALID');
    expect(error.message).toMatch(
      /^rules\/escalation\/escalation\.v1\.rules\.json: rules\.2\.conditions\.all\.0\.operator: unknown operator "greaterThen"/,
    );
    expect(error.issues).toEqual([expect.objectContaining({ path: 'rules.2.conditions.all.0.operator' })]);
  });

  it('accepts decorated built-in operators', () => {
    const json = patched(original('escalation'), 'rules.0.conditions.all.0.operator', 'not:notEqual');
    expect(parseRuleSetOrThrow(JSON.stringify(json), 'rules/escalation/escalation.v1.rules.json').rules[0]?.name).toBe('overdue: reminder');
  });

  it('refuses a fact the evaluator does not provide (a typo)', () => {
    const error = parseAs(patched(original('attainment'), 'rules.5.conditions.all.2.fact', 'acheived'));
    expect(error.message).toContain(
      'rules/attainment/attainment.v1.rules.json: rules.5.conditions.all.2.fact: unknown fact "acheived"; the attainment evaluator provides: kind, comparator',
    );
  });

  it('refuses an unknown fact in a fact-to-fact comparison', () => {
    const error = parseAs(patched(original('attainment'), 'rules.5.conditions.all.2.value', { fact: 'targt' }));
    expect(error.message).toContain('rules.5.conditions.all.2.value.fact: unknown fact "targt"');
  });

  it('refuses a fact of another kind (trajectoryRatio is an escalation and trajectory fact, not attainment)', () => {
    const error = parseAs(patched(original('attainment'), 'rules.4.conditions.all.2.fact', 'trajectoryRatio'));
    expect(error.message).toContain('rules.4.conditions.all.2.fact: unknown fact "trajectoryRatio"');
  });

  it('refuses a number written as a string for a numeric operator', () => {
    const error = parseAs(patched(original('trajectory'), 'rules.1.conditions.all.2.value', '0.8'));
    expect(error.message).toContain('rules.1.conditions.all.2.value: "lessThan" compares numbers');
  });

  it('refuses a leaf without a value and a node that is neither boolean nor leaf', () => {
    const json = patched(original('escalation'), 'rules.0.conditions.all.1', { fact: 'overdueGraceUnits', operator: 'equal' });
    expect(parseAs(json).message).toContain('rules.0.conditions.all.1.value: a leaf condition needs a value');
    const mixed = patched(original('escalation'), 'rules.0.conditions.all.1', { all: [], fact: 'role' });
    expect(parseAs(mixed).message).toContain('rules.0.conditions.all.1: a condition is exactly one of all, any, not');
  });

  it('refuses an event the kind does not know', () => {
    const error = parseAs(patched(original('escalation'), 'rules.0.event', { type: 'warning', params: { recipient: 'unit' } }));
    expect(error.message).toContain('rules.0.event.type:');
  });

  it('refuses invalid parameters', () => {
    const error = parseAs(patched(original('attainment'), 'parameters.defaultTolerance', 1.5));
    expect(error.message).toContain('parameters.defaultTolerance:');
  });

  it('refuses a scoring file naming the field: a rank style, a tie-break key, an event, a fact of another kind', () => {
    const style = parseAs(patched(original('scoring'), 'parameters.ranking.style', 'olympic'));
    expect(style.message).toMatch(/^rules\/scoring\/scoring\.v1\.rules\.json: parameters\.ranking\.style: /);
    expect(parseAs(patched(original('scoring'), 'parameters.ranking.tieBreak', ['byName'])).message).toContain(
      'parameters.ranking.tieBreak.0:',
    );
    expect(parseAs(patched(original('scoring'), 'rules.0.event', { type: 'points', params: { points: -1 } })).message).toContain(
      'rules.0.event.params.points:',
    );
    expect(parseAs(patched(original('scoring'), 'rules.0.conditions.all.0.fact', 'achieved')).message).toContain(
      'rules.0.conditions.all.0.fact: unknown fact "achieved"; the scoring evaluator provides: outcome, role, stretch, shareOfTarget, kind',
    );
  });

  it('refuses duplicate rule names', () => {
    const error = parseAs(patched(original('trajectory'), 'rules.2.name', 'lagging'));
    expect(error.message).toContain('rules.2.name: duplicate rule name "lagging"');
  });

  it('refuses a version that does not match the file name', () => {
    const file = write('attainment/attainment.v2.rules.json', JSON.stringify(original('attainment')));
    const error = refusal(() => loadRuleSetFileOrThrow(file));
    expect(error.code).toBe('RULE_SET_INVALID');
    expect(error.message).toBe(`${file}: version: version 1.0.0 does not match the major version v2 in the file name`);
  });

  it('refuses an id that does not match the file name or folder', () => {
    const file = write('attainment/attainment.v1.rules.json', JSON.stringify({ ...original('attainment'), id: 'attainment-x' }));
    const error = refusal(() => loadRuleSetFileOrThrow(file));
    expect(error.issues.map((issue) => issue.path)).toEqual(['id', 'id']);
  });

  it('refuses JSON syntax errors, pointing at line and column', () => {
    const text = '{\n  "id": "attainment",\n  "version": "1.0.0",,\n}';
    const file = write('attainment/attainment.v1.rules.json', text);
    const error = refusal(() => loadRuleSetFileOrThrow(file));
    expect(error.code).toBe('RULE_SET_INVALID');
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 3 column 22: invalid JSON: `));
  });

  it('reports a missing file as NOT_FOUND', () => {
    expect(refusal(() => loadRuleSetFileOrThrow(join(dir, 'nope/nope.v1.rules.json'))).code).toBe('NOT_FOUND');
  });
});
