import { z } from 'zod';

/**
 * The words of a plan, defined once: what an indicator measures, how its target is
 * compared, the role a unit takes on a target, and how an indicator came out at year
 * end. Each is a tuple (for the rule-set loader and tests), a zod enum (for every
 * boundary that parses one, database columns included) and a type.
 */

export const indicatorKinds = ['count', 'amount', 'quantity', 'growth', 'share', 'ratio', 'rank', 'rank_change', 'milestone'] as const;
export const indicatorKindSchema = z.enum(indicatorKinds);
export type IndicatorKind = z.infer<typeof indicatorKindSchema>;

export const comparators = ['gte', 'gt', 'lte', 'lt', 'eq', 'range', 'approx', 'done'] as const;
export const comparatorSchema = z.enum(comparators);
export type Comparator = z.infer<typeof comparatorSchema>;

/** 牵头单位 (lead) or 配合单位 (cooperating): the role a unit takes on a target. */
export const assignmentRoles = ['lead', 'cooperating'] as const;
export const assignmentRoleSchema = z.enum(assignmentRoles);
export type AssignmentRole = z.infer<typeof assignmentRoleSchema>;

/** How an indicator came out at year end (超额完成, 完成, 未完成, 无数据). */
export const attainmentOutcomes = ['exceeded', 'met', 'not_met', 'no_data'] as const;
export const attainmentOutcomeSchema = z.enum(attainmentOutcomes);
export type AttainmentOutcome = z.infer<typeof attainmentOutcomeSchema>;
