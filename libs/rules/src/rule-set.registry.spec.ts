import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@plancycle/contracts';
import { decideAttainment } from './attainment.evaluator';
import { loadRuleSetFileOrThrow } from './rule-set.loader';
import { defaultRulesDirectory, RuleSetRegistry } from './rule-set.registry';

describe('RuleSetRegistry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plancycle-registry-'));
    cpSync(defaultRulesDirectory(), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Adds attainment v2: the same rules with another version and default tolerance. */
  function addAttainmentV2(): void {
    const v1 = JSON.parse(readFileSync(join(dir, 'attainment/attainment.v1.rules.json'), 'utf8')) as {
      parameters: { defaultTolerance: number };
    };
    const v2 = { ...v1, version: '2.0.0', parameters: { ...v1.parameters, defaultTolerance: 0.2 } };
    writeFileSync(join(dir, 'attainment/attainment.v2.rules.json'), JSON.stringify(v2));
  }

  it('loads the repository rules/ folder by default', () => {
    const registry = RuleSetRegistry.loadOrThrow();
    expect(registry.list()).toEqual([
      { id: 'attainment', version: '1.0.0' },
      { id: 'escalation', version: '1.0.0' },
      { id: 'scoring', version: '1.0.0' },
      { id: 'trajectory', version: '1.0.0' },
    ]);
    expect(registry.latestPins()).toEqual(registry.list());
  });

  it('builds one engine per id@version and reuses it', () => {
    const registry = RuleSetRegistry.loadOrThrow(dir);
    const first = registry.getOrThrow('attainment', '1.0.0');
    expect(registry.getOrThrow('attainment', '1.0.0')).toBe(first);
    expect(registry.latestOrThrow('attainment').engine).toBe(first.engine);
    expect(registry.getByPinOrThrow({ id: 'escalation', version: '1.0.0' }).engine).not.toBe(first.engine);
  });

  it('keeps versions side by side: latest for pinning, get for pinned versions', async () => {
    addAttainmentV2();
    const registry = RuleSetRegistry.loadOrThrow(dir);
    expect(registry.latestOrThrow('attainment').pin).toEqual({ id: 'attainment', version: '2.0.0' });
    expect(registry.latestPins()).toContainEqual({ id: 'attainment', version: '2.0.0' });

    // 70 of about 60: above 66 (±10 %, v1), inside 48..72 (±20 %, v2).
    const input = { kind: 'count', comparator: 'approx', target: 60, actual: 70 } as const;
    const pinned = await decideAttainment(registry.getOrThrow('attainment', '1.0.0'), input);
    const latest = await decideAttainment(registry, input);
    expect([pinned.ruleSet.version, pinned.outcome]).toEqual(['1.0.0', 'exceeded']);
    expect([latest.ruleSet.version, latest.outcome]).toEqual(['2.0.0', 'met']);
  });

  it('reports an unknown version with the known ones', () => {
    const registry = RuleSetRegistry.loadOrThrow(dir);
    expect(registry.get('attainment', '9.0.0')).toBeUndefined();
    expect(() => registry.getOrThrow('attainment', '9.0.0')).toThrow(
      new DomainError({ code: 'NOT_FOUND', message: 'rule set attainment@9.0.0 is not loaded (known: 1.0.0)' }),
    );
    expect(registry.latest('nope')).toBeUndefined();
  });

  it('refuses a directory holding an invalid rule set', () => {
    writeFileSync(join(dir, 'trajectory/trajectory.v2.rules.json'), '{ "id": "trajectory" ');
    expect(() => RuleSetRegistry.loadOrThrow(dir)).toThrow(/trajectory\.v2\.rules\.json: line 1 column \d+: invalid JSON/);
  });

  it('refuses a missing directory and the same id@version twice', () => {
    expect(() => RuleSetRegistry.loadOrThrow(join(dir, 'missing'))).toThrow(/no such rules directory/);
    const ruleSet = loadRuleSetFileOrThrow(join(dir, 'escalation/escalation.v1.rules.json'));
    expect(() => new RuleSetRegistry([ruleSet, { ...ruleSet }])).toThrow(/escalation@1\.0\.0 is also defined in/);
  });
});
