import type { RuleResult } from 'json-rules-engine';
import { isFactReference, type Scalar } from './rule-set.schema';

/**
 * The explanation stored with every decision: per rule whether it fired, and per
 * condition what the engine saw. Plain JSON (no class instances, no undefined) so it
 * can go into a jsonb column as is and be read back by an auditor years later.
 */

export interface LeafTrace {
  fact: string;
  operator: string;
  value: unknown;
  /** The fact's value when the condition ran. */
  factResult?: unknown;
  /** The compared value, when `value` is a reference to another fact. */
  valueResult?: unknown;
  path?: string;
  result: boolean | null;
}

export type ConditionTrace =
  | { all: ConditionTrace[]; result: boolean | null }
  | { any: ConditionTrace[]; result: boolean | null }
  | { not: ConditionTrace; result: boolean | null }
  | LeafTrace;

export interface RuleTrace {
  rule: string;
  priority: number;
  fired: boolean;
  /** The event type the rule emits (the outcome or level it stands for). */
  event: string;
  conditions: ConditionTrace;
}

export type DecisionFacts = Record<string, Scalar>;

/** The engine's condition objects after a run, as far as the explanation reads them. */
interface EvaluatedCondition {
  all?: EvaluatedCondition[];
  any?: EvaluatedCondition[];
  not?: EvaluatedCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  path?: string;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

function traceCondition(condition: EvaluatedCondition): ConditionTrace {
  const result = condition.result ?? null;
  if (condition.all !== undefined) return { all: condition.all.map(traceCondition), result };
  if (condition.any !== undefined) return { any: condition.any.map(traceCondition), result };
  if (condition.not !== undefined) return { not: traceCondition(condition.not), result };
  const leaf: LeafTrace = { fact: condition.fact ?? '', operator: condition.operator ?? '', value: condition.value ?? null, result };
  if (condition.path !== undefined) leaf.path = condition.path;
  if (condition.factResult !== undefined) leaf.factResult = condition.factResult;
  if (isFactReference(condition.value) && condition.valueResult !== undefined) leaf.valueResult = condition.valueResult;
  return leaf;
}

export function traceRule(result: RuleResult): RuleTrace {
  const fired = result.result === true;
  // The engine leaves `result` unset on a rule's top-level node: it is the rule's result.
  const conditions = traceCondition({ ...(result.conditions as unknown as EvaluatedCondition), result: fired });
  return { rule: result.name, priority: result.priority ?? 1, fired, event: result.event?.type ?? '', conditions };
}
