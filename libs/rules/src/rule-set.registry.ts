import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainError, type RuleSetPin } from '@plancycle/contracts';
import { CompiledRuleSet } from './rule-set.engine';
import { displayPath, type LoadedRuleSet, loadRuleSetFileOrThrow } from './rule-set.loader';
import { compareVersions } from './rule-set.versions';

/**
 * The repository's `rules/` folder, found by walking up from this file to the folder
 * that holds package.json and rules/ (works from the sources and from a dist build).
 */
export function defaultRulesDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) {
      return join(dir, 'rules');
    }
    if (dirname(dir) === dir) {
      throw new DomainError({ code: 'NOT_FOUND', message: `no rules/ folder above ${__dirname}; pass the directory explicitly` });
    }
  }
}

/** Every `*.rules.json` one folder deep: `<dir>/<id>/<id>.v<major>.rules.json`. */
export function findRuleSetFiles(directory: string): string[] {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new DomainError({ code: 'NOT_FOUND', message: `${displayPath(directory)}: no such rules directory` });
  }
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(directory, entry.name))
        .filter((name) => name.endsWith('.rules.json'))
        .map((name) => join(directory, entry.name, name)),
    )
    .sort();
}

const keyOf = (id: string, version: string) => `${id}@${version}`;

/**
 * All rule-set versions known to a process. A cycle pins id@version when it is
 * published and later decisions ask for exactly that version; `latest` is only for
 * choosing the pins. Engines are built on first use and kept.
 */
export class RuleSetRegistry {
  private readonly ruleSets = new Map<string, LoadedRuleSet>();
  private readonly compiled = new Map<string, CompiledRuleSet>();

  constructor(ruleSets: readonly LoadedRuleSet[]) {
    for (const ruleSet of ruleSets) {
      const key = keyOf(ruleSet.id, ruleSet.version);
      const existing = this.ruleSets.get(key);
      if (existing !== undefined) {
        throw new DomainError({
          code: 'RULE_SET_INVALID',
          message: `${displayPath(ruleSet.file)}: version: ${key} is also defined in ${displayPath(existing.file)}`,
          issues: [{ path: 'version', message: `${key} is defined twice` }],
        });
      }
      this.ruleSets.set(key, ruleSet);
    }
  }

  /** Loads and validates every rule set under `directory` (default: the repository's rules/). */
  static loadOrThrow(directory: string = defaultRulesDirectory()): RuleSetRegistry {
    const root = resolve(directory);
    const files = findRuleSetFiles(root);
    if (files.length === 0) {
      throw new DomainError({ code: 'NOT_FOUND', message: `${displayPath(root)}: no *.rules.json files` });
    }
    return new RuleSetRegistry(files.map(loadRuleSetFileOrThrow));
  }

  get(id: string, version: string): CompiledRuleSet | undefined {
    const key = keyOf(id, version);
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    const ruleSet = this.ruleSets.get(key);
    if (ruleSet === undefined) return undefined;
    const compiled = new CompiledRuleSet(ruleSet);
    this.compiled.set(key, compiled);
    return compiled;
  }

  getOrThrow(id: string, version: string): CompiledRuleSet {
    const compiled = this.get(id, version);
    if (compiled === undefined) {
      const known = this.versionsOf(id);
      throw new DomainError({
        code: 'NOT_FOUND',
        message: `rule set ${keyOf(id, version)} is not loaded${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      });
    }
    return compiled;
  }

  getByPinOrThrow(pin: RuleSetPin): CompiledRuleSet {
    return this.getOrThrow(pin.id, pin.version);
  }

  latest(id: string): CompiledRuleSet | undefined {
    const newest = this.versionsOf(id).at(-1);
    return newest === undefined ? undefined : this.get(id, newest);
  }

  latestOrThrow(id: string): CompiledRuleSet {
    const compiled = this.latest(id);
    if (compiled === undefined) {
      throw new DomainError({ code: 'NOT_FOUND', message: `no rule set with id "${id}" is loaded` });
    }
    return compiled;
  }

  /** The newest version of every rule set: what a cycle pins when it is published. */
  latestPins(): RuleSetPin[] {
    return this.ids().map((id) => this.latestOrThrow(id).pin);
  }

  /** Every loaded id@version, oldest version first within an id. */
  list(): RuleSetPin[] {
    return this.ids().flatMap((id) => this.versionsOf(id).map((version) => ({ id, version })));
  }

  private ids(): string[] {
    return [...new Set([...this.ruleSets.values()].map((ruleSet) => ruleSet.id))].sort();
  }

  private versionsOf(id: string): string[] {
    return [...this.ruleSets.values()]
      .filter((ruleSet) => ruleSet.id === id)
      .map((ruleSet) => ruleSet.version)
      .sort(compareVersions);
  }
}
