import { readFileSync } from 'node:fs';
import { DomainError } from '@plancycle/contracts';
import { goldenFileFor, loadGoldenCasesOrThrow } from './golden-cases.loader';
import { runGoldenCases } from './golden-cases.runner';
import type { CompiledRuleSet } from './rule-set.engine';
import { displayPath, parseJsonOrThrow } from './rule-set.loader';
import { RuleSetRegistry } from './rule-set.registry';

/** A rule-set version shipped under rules/, as the store keeps it. */
export interface ShippedRuleSet {
  ruleSetId: string;
  version: string;
  kind: string;
  /** The file's JSON as written (description, parameters, rules). */
  ruleFile: unknown;
  goldenCases: unknown;
  file: string;
}

/**
 * Every rule-set file under `directory` with its golden cases, validated (schema, file
 * name) and checked (every golden case passes): the defaults the store starts from. A bad
 * file or a failing case stops the caller with the file's path.
 */
export async function readShippedRuleSetsOrThrow(directory?: string): Promise<ShippedRuleSet[]> {
  const registry = RuleSetRegistry.loadOrThrow(directory);
  const shipped: ShippedRuleSet[] = [];
  for (const pin of registry.list()) {
    const compiled: CompiledRuleSet = registry.getByPinOrThrow(pin);
    const file = compiled.ruleSet.file;
    const goldenFile = goldenFileFor(file);
    const golden = loadGoldenCasesOrThrow(goldenFile, compiled.kind);
    const outcome = await runGoldenCases(compiled, golden);
    if (!outcome.passed) {
      const failing = outcome.cases.filter((c) => !c.passed);
      throw new DomainError({
        code: 'RULE_SET_INVALID',
        message: `${displayPath(goldenFile)}: ${failing.length} golden case(s) fail: ${failing.map((c) => `"${c.name}": ${c.reason}`).join('; ')}`,
        issues: failing.map((c) => ({ path: c.name, message: c.reason ?? 'fails' })),
      });
    }
    shipped.push({
      ruleSetId: pin.id,
      version: pin.version,
      kind: compiled.kind,
      ruleFile: parseJsonOrThrow(readFileSync(file, 'utf8'), file),
      goldenCases: parseJsonOrThrow(readFileSync(goldenFile, 'utf8'), goldenFile),
      file,
    });
  }
  return shipped;
}
