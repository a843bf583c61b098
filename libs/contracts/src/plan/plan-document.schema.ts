import { z } from 'zod';
import { comparatorSchema, indicatorKindSchema } from './plan-vocabulary';

/**
 * The plan interchange document (../shared/schemas/plan.schema.json): what the
 * importer emits and what the API accepts when a coordinator creates a plan.
 * Unknown properties are refused by name (a misspelt `indicators` would otherwise
 * publish a target without them); the JSON schema's extra properties are not accepted.
 */

export const indicatorSchema = z
  .strictObject({
    metric: z.string().nullable().optional(),
    kind: indicatorKindSchema,
    comparator: comparatorSchema,
    value: z.number().nullable(),
    max: z.number().nullable().optional(),
    unit: z.string().nullable(),
    stretch: z.boolean().optional(),
    /** Last year's value, for growth indicators reported as absolute figures. */
    baseline: z.number().nullable().optional(),
    /** Relative tolerance for `approx` (0.1 = ±10 %); the rule set's default applies when absent. */
    tolerance: z.number().min(0).max(1).nullable().optional(),
  })
  .superRefine((indicator, ctx) => {
    if (indicator.comparator === 'range') {
      if (indicator.max === null || indicator.max === undefined) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'a range indicator needs max', params: { reason: 'range_needs_max' } });
      } else if (indicator.value !== null && indicator.max < indicator.value) {
        ctx.addIssue({
          code: 'custom',
          path: ['max'],
          message: 'max must not be below value',
          params: { reason: 'range_max_below_value' },
        });
      }
    }
    if ((indicator.kind === 'milestone') !== (indicator.comparator === 'done')) {
      ctx.addIssue({
        code: 'custom',
        path: ['comparator'],
        message: 'a milestone uses comparator "done", and only a milestone does',
        params: { reason: 'milestone_comparator' },
      });
    }
  });
export type Indicator = z.infer<typeof indicatorSchema>;

export const responsibleUnitsSchema = z.strictObject({
  lead: z.array(z.string().trim().min(1)),
  cooperating: z.array(z.string().trim().min(1)),
});
export type ResponsibleUnits = z.infer<typeof responsibleUnitsSchema>;

export const targetSchema = z.strictObject({
  text: z.string(),
  units: responsibleUnitsSchema,
  indicators: z.array(indicatorSchema),
});
export type Target = z.infer<typeof targetSchema>;

export const taskSchema = z.strictObject({
  number: z.string(),
  category: z.string().nullable().optional(),
  title: z.string(),
  content: z.string().nullable().optional(),
  leader: z.string().nullable().optional(),
  targets: z.array(targetSchema).min(1),
});
export type Task = z.infer<typeof taskSchema>;

export const planDocumentSchema = z.strictObject({
  jurisdiction: z.string().nullable().optional(),
  year: z.number().int().nullable().optional(),
  title: z.string().nullable().optional(),
  goals: z.array(targetSchema).optional(),
  tasks: z.array(taskSchema),
});
export type PlanDocument = z.infer<typeof planDocumentSchema>;
