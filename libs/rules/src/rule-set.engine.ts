import { Engine, type RuleProperties } from 'json-rules-engine';
import type { RuleSetPin } from '@plancycle/contracts';
import { type DecisionFacts, type RuleTrace, traceRule } from './decision.explanation';
import type { LoadedRuleSet, RuleSetOfKind } from './rule-set.loader';
import type { RuleDefinition } from './rule-set.schema';
import type { RuleSetKind } from './rule-set.vocabulary';

export interface FiredRule {
  name: string;
  priority: number;
  event: { type: string; params?: Record<string, unknown> };
}

export interface RuleSetRun {
  /** Rules whose conditions held, highest priority first, file order within a priority. */
  fired: FiredRule[];
  /** Every rule of the set in file order. */
  explanation: RuleTrace[];
}

function toEngineRule(rule: RuleDefinition): RuleProperties {
  return {
    name: rule.name,
    priority: rule.priority,
    conditions: rule.conditions as RuleProperties['conditions'],
    event: rule.event,
  };
}

/**
 * One rule-set version with its json-rules-engine Engine, built once and reused for
 * every evaluation (building per call costs more than the evaluation itself).
 */
export class CompiledRuleSet<K extends RuleSetKind = RuleSetKind> {
  readonly ruleSet: RuleSetOfKind<K>;
  readonly pin: RuleSetPin;
  readonly engine: Engine;
  private readonly order: Map<string, number>;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(ruleSet: RuleSetOfKind<K>) {
    this.ruleSet = ruleSet;
    this.pin = { id: ruleSet.id, version: ruleSet.version };
    this.order = new Map(ruleSet.rules.map((rule: RuleDefinition, index: number) => [rule.name, index]));
    // A missing fact is a bug in the evaluator, not a false condition: let the engine throw.
    this.engine = new Engine(ruleSet.rules.map(toEngineRule), { allowUndefinedFacts: false });
  }

  get kind(): K {
    return this.ruleSet.kind as K;
  }

  /**
   * Runs the rules over the facts. Runs on one Engine are queued: the Engine keeps a
   * single running/finished status, and a run that finishes while another is between
   * priority groups makes the other skip its remaining rules.
   */
  run(facts: DecisionFacts): Promise<RuleSetRun> {
    const result = this.tail.then(() => this.runNow(facts));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async runNow(facts: DecisionFacts): Promise<RuleSetRun> {
    const { results, failureResults } = await this.engine.run(facts);
    const all = [...results, ...failureResults];
    if (all.length !== this.order.size) {
      throw new Error(`${this.pin.id}@${this.pin.version}: the engine evaluated ${all.length} of ${this.order.size} rules`);
    }
    const byFileOrder = (a: { name: string }, b: { name: string }) => (this.order.get(a.name) ?? 0) - (this.order.get(b.name) ?? 0);
    const fired = results
      .map((result) => ({
        name: result.name,
        priority: result.priority ?? 1,
        event: { type: result.event?.type ?? '', ...(result.event?.params ? { params: result.event.params } : {}) },
      }))
      .sort((a, b) => b.priority - a.priority || byFileOrder(a, b));
    return { fired, explanation: all.sort(byFileOrder).map(traceRule) };
  }
}

export function compileRuleSet<K extends RuleSetKind>(ruleSet: RuleSetOfKind<K>): CompiledRuleSet<K>;
export function compileRuleSet(ruleSet: LoadedRuleSet): CompiledRuleSet;
export function compileRuleSet(ruleSet: LoadedRuleSet): CompiledRuleSet {
  return new CompiledRuleSet(ruleSet);
}
