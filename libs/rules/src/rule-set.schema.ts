import { attainmentOutcomeSchema, escalationLevelSchema, rankStyleSchema, tieBreakKeySchema } from '@plancycle/contracts';
import { z } from 'zod';
import {
  builtInOperatorDecorators,
  builtInOperators,
  escalationRecipients,
  factNamesByKind,
  listOperators,
  numericOperators,
  type RuleSetKind,
  trajectoryOutcomes,
} from './rule-set.vocabulary';

/**
 * The schema of a rule-set file (`rules/<id>/<id>.v<major>.rules.json`): metadata,
 * kind-specific parameters, and json-rules-engine rules restricted to what the engine
 * runs here (built-in operators, facts the evaluator of the kind provides, no shared
 * condition references, no condition priorities so every leaf is evaluated and explained).
 */

export type Scalar = string | number | boolean | null;

export interface FactReference {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
}

export interface LeafCondition {
  fact: string;
  operator: string;
  value: Scalar | Scalar[] | FactReference;
  path?: string;
  params?: Record<string, unknown>;
}

export type RuleCondition = { all: RuleCondition[] } | { any: RuleCondition[] } | { not: RuleCondition } | LeafCondition;
export type TopLevelRuleCondition = Exclude<RuleCondition, LeafCondition>;

const conditionForms = ['all', 'any', 'not', 'fact'] as const;
const leafOnlyKeys = ['operator', 'value', 'path', 'params'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** json-rules-engine treats any object value with a `fact` key as a reference to another fact. */
export function isFactReference(value: unknown): value is FactReference {
  return isPlainObject(value) && 'fact' in value;
}

export function isKnownOperator(operator: string): boolean {
  const parts = operator.split(':');
  const base = parts.pop() ?? '';
  return (
    (builtInOperators as readonly string[]).includes(base) &&
    parts.every((decorator) => (builtInOperatorDecorators as readonly string[]).includes(decorator))
  );
}

function unknownFactMessage(kind: RuleSetKind, fact: string): string {
  return `unknown fact "${fact}"; the ${kind} evaluator provides: ${factNamesByKind[kind].join(', ')}`;
}

const factReferenceSchema = z.strictObject({
  fact: z.string().min(1),
  path: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

function conditionSchemaFor(kind: RuleSetKind): z.ZodType<RuleCondition> {
  const facts = factNamesByKind[kind];
  const schema: z.ZodType<RuleCondition> = z.lazy(() =>
    z
      .strictObject({
        all: z.array(schema).min(1).optional(),
        any: z.array(schema).min(1).optional(),
        not: schema.optional(),
        fact: z.string().min(1).optional(),
        operator: z.string().min(1).optional(),
        value: z.unknown().optional(),
        path: z.string().optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .superRefine((condition, ctx) => {
        const forms = conditionForms.filter((form) => condition[form] !== undefined);
        if (forms.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: `a condition is exactly one of all, any, not, or a leaf {fact, operator, value}; found ${forms.length === 0 ? 'none' : forms.join(', ')}`,
          });
          return;
        }
        if (forms[0] !== 'fact') {
          for (const key of leafOnlyKeys) {
            if (condition[key] !== undefined) {
              ctx.addIssue({ code: 'custom', path: [key], message: `only a leaf condition takes "${key}"` });
            }
          }
          return;
        }
        if (condition.fact !== undefined && !facts.includes(condition.fact)) {
          ctx.addIssue({ code: 'custom', path: ['fact'], message: unknownFactMessage(kind, condition.fact) });
        }
        const operator = condition.operator;
        if (operator === undefined) {
          ctx.addIssue({ code: 'custom', path: ['operator'], message: 'a leaf condition needs an operator' });
        } else if (!isKnownOperator(operator)) {
          ctx.addIssue({
            code: 'custom',
            path: ['operator'],
            message: `unknown operator "${operator}"; json-rules-engine's built-ins are ${builtInOperators.join(', ')} (decorators: ${builtInOperatorDecorators.join(', ')})`,
          });
        }
        checkValue(condition.value, operator, facts, kind, ctx);
      }),
  ) as unknown as z.ZodType<RuleCondition>;
  return schema;
}

function checkValue(value: unknown, operator: string | undefined, facts: readonly string[], kind: RuleSetKind, ctx: z.RefinementCtx): void {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'a leaf condition needs a value (null is allowed)' });
    return;
  }
  if (isFactReference(value)) {
    const parsed = factReferenceSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
      }
    } else if (!facts.includes(parsed.data.fact)) {
      ctx.addIssue({ code: 'custom', path: ['value', 'fact'], message: unknownFactMessage(kind, parsed.data.fact) });
    }
    return;
  }
  const isList = Array.isArray(value);
  if (!(isScalar(value) || (isList && value.every(isScalar)))) {
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message: 'a value is a number, string, boolean, null, a list of these, or a fact reference { "fact": … }',
    });
    return;
  }
  if (operator !== undefined && numericOperators.includes(operator) && typeof value !== 'number') {
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      message: `"${operator}" compares numbers: the value must be a number or a fact reference`,
    });
  }
  if (operator !== undefined && listOperators.includes(operator) && !isList) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `"${operator}" needs a list value or a fact reference` });
  }
}

function ruleSchemaFor<E extends z.ZodType>(kind: RuleSetKind, eventSchema: E) {
  const conditionSchema = conditionSchemaFor(kind);
  return z
    .strictObject({
      name: z.string().min(1),
      /** Why the rule exists; stripped before the rule reaches the engine. */
      description: z.string().optional(),
      /** Higher runs first and wins ties between fired rules (json-rules-engine wants ≥ 1). */
      priority: z.number().int().min(1),
      conditions: conditionSchema,
      event: eventSchema,
    })
    .superRefine((rule, ctx) => {
      if ('fact' in rule.conditions) {
        ctx.addIssue({ code: 'custom', path: ['conditions'], message: 'the top level of a rule is all, any or not' });
      }
    });
}

export const attainmentParametersSchema = z.strictObject({
  /** Relative tolerance of `approx` indicators that carry none (0.1 = ±10 %). */
  defaultTolerance: z.number().min(0).max(1),
  scoring: z.strictObject({
    points: z.strictObject({ exceeded: z.number().min(0), met: z.number().min(0), noData: z.number().min(0) }),
    /** not_met scores shareOfTarget × pointsPerShareOfTarget, between 0 and maxPoints. */
    notMet: z.strictObject({ pointsPerShareOfTarget: z.number().min(0), maxPoints: z.number().min(0) }),
    roleWeights: z.strictObject({ lead: z.number().min(0), cooperating: z.number().min(0) }),
  }),
});
export type AttainmentParameters = z.infer<typeof attainmentParametersSchema>;

/** Trajectory thresholds live in the rules themselves; the evaluator needs nothing more. */
const share = z.number().min(0).max(1);

export const trajectoryParametersSchema = z.strictObject({
  /**
   * The share of the annual target expected by the end of each period, by the number of
   * periods in the year: `{ "4": [0.2, 0.45, 0.7, 1] }` (一季度20%、上半年45%…). A year with
   * a count not listed expects a straight line (period i of n: i / n).
   */
  expectedShares: z
    .record(
      z.string().regex(/^([1-9]|1[0-2])$/, 'a number of periods from 1 to 12'),
      z
        .array(share)
        .min(1)
        .superRefine((shares, ctx) => {
          shares.forEach((value, index) => {
            if (index > 0 && value < (shares[index - 1] as number)) {
              ctx.addIssue({ code: 'custom', path: [index], message: 'expected shares must not decrease from one period to the next' });
            }
          });
          if (shares.at(-1) !== 1)
            ctx.addIssue({ code: 'custom', path: [shares.length - 1], message: 'the last period expects the whole target (1)' });
        }),
    )
    .superRefine((byCount, ctx) => {
      for (const [count, shares] of Object.entries(byCount)) {
        if (shares.length !== Number(count)) {
          ctx.addIssue({ code: 'custom', path: [count], message: `${count} periods need ${count} expected shares, not ${shares.length}` });
        }
      }
    })
    .optional(),
});
export type TrajectoryParameters = z.infer<typeof trajectoryParametersSchema>;

export const escalationParametersSchema = z.strictObject({
  /** How notices name each recipient. */
  recipientLabels: z.strictObject({
    unit: z.string().min(1),
    unit_and_leader: z.string().min(1),
    leader_and_task_force: z.string().min(1),
  }),
});
export type EscalationParameters = z.infer<typeof escalationParametersSchema>;

const weight = z.number().min(0).max(100);

export const scoringParametersSchema = z.strictObject({
  /**
   * The weight of one indicator in a unit's weighted mean is the role's weight times the
   * target's: a cooperating share of a 力争 target weighs role.cooperating × target.stretch.
   */
  weights: z.strictObject({
    role: z.strictObject({ lead: weight, cooperating: weight }),
    /** binding: 确保 and plain targets; stretch: 力争 / 争取 targets. */
    target: z.strictObject({ binding: weight, stretch: weight }),
  }),
  /** How units of equal score rank: the tie-break keys in order, then the rank style. */
  ranking: z.strictObject({
    style: rankStyleSchema,
    tieBreak: z.array(tieBreakKeySchema).superRefine((keys, ctx) => {
      keys.forEach((key, index) => {
        if (keys.indexOf(key) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `"${key}" is listed twice` });
      });
    }),
  }),
});
export type ScoringParameters = z.infer<typeof scoringParametersSchema>;

const points = z.number().min(0).max(1000);

/**
 * A scoring rule's event: `points` gives a fixed number; `share_of_target` gives
 * shareOfTarget × pointsPerShareOfTarget held between minPoints and maxPoints, or
 * pointsWithoutShare when the indicator has no share of target (a milestone, no number).
 */
const scoringEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('points'), params: z.strictObject({ points }) }),
  z.strictObject({
    type: z.literal('share_of_target'),
    params: z
      .strictObject({ pointsPerShareOfTarget: points, minPoints: points, maxPoints: points, pointsWithoutShare: points })
      .superRefine((params, ctx) => {
        if (params.minPoints > params.maxPoints) {
          ctx.addIssue({ code: 'custom', path: ['maxPoints'], message: `maxPoints must not be below minPoints (${params.minPoints})` });
        }
      }),
  }),
]);
export type ScoringEvent = z.infer<typeof scoringEventSchema>;

const attainmentEventSchema = z.strictObject({ type: attainmentOutcomeSchema });
const trajectoryEventSchema = z.strictObject({ type: z.enum(trajectoryOutcomes) });
const escalationEventSchema = z.strictObject({
  type: escalationLevelSchema,
  params: z.strictObject({ recipient: z.enum(escalationRecipients) }),
});

export const ruleSetIdPattern = /^[a-z][a-z0-9-]*$/;
export const ruleSetVersionPattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function ruleSetFileSchemaFor<K extends RuleSetKind, P extends z.ZodType, E extends z.ZodType>(
  kind: K,
  parametersSchema: P,
  eventSchema: E,
) {
  return z
    .strictObject({
      id: z.string().regex(ruleSetIdPattern, 'an id is lower-case letters, digits and dashes'),
      version: z.string().regex(ruleSetVersionPattern, 'a version is major.minor.patch, e.g. 1.0.0'),
      kind: z.literal(kind),
      description: z.string().min(1),
      parameters: parametersSchema,
      rules: z.array(ruleSchemaFor(kind, eventSchema)).min(1),
    })
    .superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.rules.forEach((rule, index) => {
        if (seen.has(rule.name)) {
          ctx.addIssue({ code: 'custom', path: ['rules', index, 'name'], message: `duplicate rule name "${rule.name}"` });
        }
        seen.add(rule.name);
      });
    });
}

export const attainmentRuleSetFileSchema = ruleSetFileSchemaFor('attainment', attainmentParametersSchema, attainmentEventSchema);
export const trajectoryRuleSetFileSchema = ruleSetFileSchemaFor('trajectory', trajectoryParametersSchema, trajectoryEventSchema);
export const escalationRuleSetFileSchema = ruleSetFileSchemaFor('escalation', escalationParametersSchema, escalationEventSchema);

export const scoringRuleSetFileSchema = ruleSetFileSchemaFor('scoring', scoringParametersSchema, scoringEventSchema);

export const ruleSetFileSchema = z.discriminatedUnion('kind', [
  attainmentRuleSetFileSchema,
  trajectoryRuleSetFileSchema,
  escalationRuleSetFileSchema,
  scoringRuleSetFileSchema,
]);

export type RuleSetFile = z.infer<typeof ruleSetFileSchema>;
export type AttainmentRuleSetFile = z.infer<typeof attainmentRuleSetFileSchema>;
export type TrajectoryRuleSetFile = z.infer<typeof trajectoryRuleSetFileSchema>;
export type EscalationRuleSetFile = z.infer<typeof escalationRuleSetFileSchema>;
export type ScoringRuleSetFile = z.infer<typeof scoringRuleSetFileSchema>;
export type RuleDefinition = RuleSetFile['rules'][number];
