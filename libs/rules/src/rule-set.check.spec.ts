import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@plancycle/contracts';
import { decideEscalation } from './escalation.evaluator';
import { runGoldenCases } from './golden-cases.runner';
import { checkDraftContentOrThrow, checkGoldenCases, compileStoredRuleSetOrThrow } from './rule-set.check';
import { defaultRulesDirectory } from './rule-set.registry';
import { assertNewVersionOrThrow, nextDraftVersion } from './rule-set.versions';
import { readShippedRuleSetsOrThrow } from './shipped-defaults';

const read = (file: string): unknown => JSON.parse(readFileSync(join(defaultRulesDirectory(), file), 'utf8'));
const expect1 = { id: 'escalation', kind: 'escalation', version: '1.0.0' } as const;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a draft’s content', () => {
  it('is accepted as shipped', () => {
    const { ruleSet, golden } = checkDraftContentOrThrow({
      ruleFile: read('escalation/escalation.v1.rules.json'),
      goldenCases: read('escalation/escalation.v1.golden.json'),
      expect: expect1,
    });
    expect(ruleSet.rules.length).toBeGreaterThan(0);
    expect(golden.cases.length).toBeGreaterThan(0);
  });

  it('is refused with the path of each offending field, in the rule file and in the golden cases', () => {
    const ruleFile = read('escalation/escalation.v1.rules.json') as {
      rules: { conditions: { all: { fact: string; value: unknown }[] } }[];
      version: string;
    };
    const first = ruleFile.rules[0]?.conditions.all[1];
    if (!first) throw new Error('fixture changed');
    first.fact = 'overdueGraceUnit';
    const second = ruleFile.rules[1]?.conditions.all[1];
    if (!second) throw new Error('fixture changed');
    second.value = 'one';
    ruleFile.version = '9.9.9';
    const goldenCases = read('escalation/escalation.v1.golden.json') as { expected: unknown; extra?: unknown }[];
    if (goldenCases[2]) goldenCases[2].expected = { level: 'warning' };
    const error = refusal(() => checkDraftContentOrThrow({ ruleFile, goldenCases, expect: expect1 }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        'ruleFile.rules.0.conditions.all.1.fact',
        'ruleFile.rules.1.conditions.all.1.value',
        'goldenCases.2.expected.level',
      ]),
    );
  });

  it('must keep its own id, kind and version', () => {
    const ruleFile = { ...(read('escalation/escalation.v1.rules.json') as object), version: '1.2.0' };
    const error = refusal(() =>
      checkDraftContentOrThrow({ ruleFile, goldenCases: read('escalation/escalation.v1.golden.json'), expect: expect1 }),
    );
    expect(error.issues).toEqual([expect.objectContaining({ path: 'ruleFile.version' })]);
  });
});

describe('golden cases run against a stored version', () => {
  it('all pass for the shipped escalation rules, and a changed threshold fails the cases it moves, saying why', async () => {
    const ruleFile = read('escalation/escalation.v1.rules.json') as {
      rules: { name: string; conditions: { all: { value: unknown }[] } }[];
    };
    const golden = checkGoldenCases(read('escalation/escalation.v1.golden.json'), 'escalation');
    if (!golden.ok) throw new Error('golden cases invalid');
    const shipped = compileStoredRuleSetOrThrow({ ruleSetId: 'escalation', version: '1.0.0', ruleFile });
    const outcome = await runGoldenCases(shipped, golden.value);
    expect(outcome.passed).toBe(true);
    expect(outcome.rulesNeverFired).toEqual([]);

    const supervision = ruleFile.rules.find((rule) => rule.name === 'overdue: supervision')?.conditions.all[1];
    if (!supervision) throw new Error('fixture changed');
    supervision.value = 2;
    const changed = compileStoredRuleSetOrThrow({ ruleSetId: 'escalation', version: '1.0.0', ruleFile });
    const rerun = await runGoldenCases(changed, golden.value);
    expect(rerun.passed).toBe(false);
    const failing = rerun.cases.filter((c) => !c.passed);
    expect(failing.map((c) => c.name)).toContain('overdue: one grace unit → supervision');
    expect(failing[0]?.reason).toMatch(/expected \{"level":"supervision"\}, the rules gave \{"level":"reminder"\}/);
    expect(
      (
        await decideEscalation(changed, {
          overdueGraceUnits: 2,
          overduePeriods: 1,
          returnedCount: 0,
          trajectoryRatio: null,
          role: 'lead',
          trigger: 'overdue',
        })
      ).level,
    ).toBe('interview');
  });
});

describe('versions', () => {
  it('a new draft takes the next minor after the newest version', () => {
    expect(nextDraftVersion(['1.0.0'], '1.0.0')).toBe('1.1.0');
    expect(nextDraftVersion(['1.0.0', '1.1.0'], '1.0.0')).toBe('1.2.0');
    expect(nextDraftVersion(['1.0.0', '1.10.0', '1.9.0'], '1.9.0')).toBe('1.11.0');
  });

  it('a new version must be newer than every version the rule set has', () => {
    expect(() => assertNewVersionOrThrow(['1.0.0', '1.1.0'], '1.2.0')).not.toThrow();
    expect(refusal(() => assertNewVersionOrThrow(['1.0.0', '1.1.0'], '1.0.5')).issues[0]?.path).toBe('version');
  });
});

describe('the shipped defaults', () => {
  it('are read from rules/ with their golden cases, every case passing', async () => {
    const shipped = await readShippedRuleSetsOrThrow();
    expect(shipped.map((s) => `${s.ruleSetId}@${s.version}`)).toEqual([
      'attainment@1.0.0',
      'escalation@1.0.0',
      'scoring@1.0.0',
      'trajectory@1.0.0',
    ]);
    expect(shipped.every((s) => Array.isArray(s.goldenCases))).toBe(true);
  });
});
