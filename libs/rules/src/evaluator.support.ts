import { DomainError, type RuleSetPin, toFieldIssues } from '@plancycle/contracts';
import type { z } from 'zod';
import type { RuleTrace } from './decision.explanation';
import type { CompiledRuleSet } from './rule-set.engine';
import { RuleSetRegistry } from './rule-set.registry';
import type { RuleSetKind } from './rule-set.vocabulary';

/** A compiled rule set, or a registry whose newest version of the kind's rule set is used. */
export type RuleSetSource = RuleSetRegistry | CompiledRuleSet;

/** What every decision carries, whatever it decides. */
export interface DecisionBase<F> {
  ruleSet: RuleSetPin;
  facts: F;
  /** The rule whose event gave the result; null when no rule fired. */
  decidedBy: string | null;
  firedRules: string[];
  explanation: RuleTrace[];
}

/** The compiled rule set to use, checked to be of `kind` and typed by it (e.g. for its parameters). */
export function resolveRuleSetOrThrow<K extends RuleSetKind>(source: RuleSetSource, kind: K): CompiledRuleSet<K> {
  const compiled = source instanceof RuleSetRegistry ? source.latestOrThrow(kind) : source;
  if (compiled.kind !== kind) {
    throw new DomainError({
      code: 'RULE_SET_INVALID',
      message: `rule set ${compiled.pin.id}@${compiled.pin.version} is of kind ${compiled.kind}, not ${kind}`,
    });
  }
  return compiled as unknown as CompiledRuleSet<K>;
}

export function parseInputOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error.issues);
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: `${what}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      issues,
    });
  }
  return parsed.data;
}

/**
 * Derived facts are rounded to 12 significant digits so that boundaries written in the
 * rules hold exactly: 70 × 0.9 is 63.00000000000001 in floating point, and a report of
 * 63 must sit on the edge of a ±10 % band around 70, not below it.
 */
export function roundDerived(value: number): number {
  return Number(value.toPrecision(12));
}

/** Compile-time check that two types match both ways, e.g. an evaluator's fact names and the vocabulary's. */
export type Equivalent<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
