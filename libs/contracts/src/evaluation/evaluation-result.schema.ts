import { z } from 'zod';
import {
  assignmentRoleSchema,
  attainmentOutcomeSchema,
  comparatorSchema,
  indicatorKindSchema,
  type AttainmentOutcome,
} from '../plan/plan-vocabulary';

/**
 * The year-end evaluation of a cycle as the worker stores it and the API returns it.
 * Computed by libs/domain (scoreUnits, totalsOf, …); the schema lets persistence read it
 * back parsed instead of cast.
 */

const outcomeCounts = z.object({
  exceeded: z.number(),
  met: z.number(),
  not_met: z.number(),
  no_data: z.number(),
}) satisfies z.ZodType<Record<AttainmentOutcome, number>>;

/** One indicator judged at year end. */
export const indicatorEvaluationSchema = z.object({
  indicatorId: z.string(),
  targetId: z.string(),
  taskNumber: z.string().nullable(),
  targetText: z.string(),
  metric: z.string().nullable(),
  kind: indicatorKindSchema,
  comparator: comparatorSchema,
  target: z.number().nullable(),
  max: z.number().nullable(),
  unit: z.string().nullable(),
  stretch: z.boolean(),
  achieved: z.number().nullable(),
  done: z.boolean().nullable(),
  baseline: z.number().nullable(),
  /** Growth over the baseline in percent, where a baseline is known. */
  growth: z.number().nullable(),
  outcome: attainmentOutcomeSchema,
  shareOfTarget: z.number().nullable(),
  decisionId: z.string(),
  /** The units answering for it, each with the points this indicator gives it. */
  units: z.array(z.object({ unit: z.string(), role: assignmentRoleSchema, points: z.number(), weight: z.number() })),
});
export type IndicatorEvaluation = z.infer<typeof indicatorEvaluationSchema>;

/**
 * How equal unit scores rank. `competition` shares a rank and skips the next (1, 1, 3);
 * `dense` shares it without skipping (1, 1, 2).
 */
export const rankStyles = ['competition', 'dense'] as const;
export const rankStyleSchema = z.enum(rankStyles);
export type RankStyle = z.infer<typeof rankStyleSchema>;

/**
 * What separates units of equal score, tried in the order a scoring rule set lists them:
 * more exceeded indicators, a higher completion rate ((exceeded + met) / indicators), fewer
 * not-met indicators, more indicators led. Units equal on every listed key share a rank.
 */
export const tieBreakKeys = ['exceededCount', 'completionRate', 'notMetCount', 'leadCount'] as const;
export const tieBreakKeySchema = z.enum(tieBreakKeys);
export type TieBreakKey = z.infer<typeof tieBreakKeySchema>;

/** How units are ranked by score: the ranking part of a scoring rule set. */
export const unitRankingSchema = z.strictObject({
  style: rankStyleSchema,
  tieBreak: z.array(tieBreakKeySchema),
});
export type UnitRanking = z.infer<typeof unitRankingSchema>;

export const unitScoreSchema = z.object({
  unit: z.string(),
  score: z.number(),
  rank: z.number().int(),
  indicators: z.number().int(),
  outcomes: outcomeCounts,
});
export type UnitScore = z.infer<typeof unitScoreSchema>;

export const evaluationResultSchema = z.object({
  cycleId: z.string(),
  plan: z.object({ title: z.string(), jurisdiction: z.string().nullable(), year: z.number().int().nullable() }),
  evaluatedAt: z.string(),
  ruleSets: z.array(z.object({ id: z.string(), version: z.string() })),
  totals: outcomeCounts.extend({ indicators: z.number().int(), completionRate: z.number() }),
  indicators: z.array(indicatorEvaluationSchema),
  units: z.array(unitScoreSchema),
  /** Next year's draft goals: each quantitative indicator raised from what was reached. */
  nextYearDraftGoals: z.array(
    z.object({ metric: z.string().nullable(), value: z.number(), unit: z.string().nullable(), basis: z.string() }),
  ),
});
export type EvaluationResult = z.infer<typeof evaluationResultSchema>;
