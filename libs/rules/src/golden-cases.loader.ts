import { readFileSync } from 'node:fs';
import { attainmentOutcomeSchema, DomainError, escalationLevelSchema, toFieldIssues } from '@plancycle/contracts';
import { z } from 'zod';
import { attainmentInputSchema } from './attainment.evaluator';
import { escalationFactsSchema } from './escalation.evaluator';
import { displayPath, parseJsonOrThrow, ruleSetInvalid } from './rule-set.loader';
import { type RuleSetKind, trajectoryOutcomes } from './rule-set.vocabulary';
import { scoringInputSchema } from './scoring.evaluator';
import { trajectoryInputSchema } from './trajectory.evaluator';

/**
 * Golden cases sit beside each rule-set file (`<id>.v<major>.golden.json`): facts in the
 * evaluator's input form and the result the rules must give. They are the rule set's
 * specification; a new version brings its own.
 */

function goldenFileSchema<F extends z.ZodType, E extends z.ZodType>(facts: F, expected: E) {
  return namedCases(z.strictObject({ name: z.string().min(1), facts, expected }));
}

function namedCases<C extends z.ZodType<{ name: string }>>(caseSchema: C) {
  return z
    .array(caseSchema)
    .min(1)
    .superRefine((cases, ctx) => {
      const seen = new Set<string>();
      cases.forEach((goldenCase, index) => {
        if (seen.has(goldenCase.name)) {
          ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate case name "${goldenCase.name}"` });
        }
        seen.add(goldenCase.name);
      });
    });
}

const scoringIndicatorCaseSchema = z.strictObject({
  name: z.string().min(1),
  facts: scoringInputSchema,
  expected: z.strictObject({ points: z.number(), weight: z.number() }),
});

/** Units, each with the shares it answers for, scored and ranked by the rule set: how ties rank. */
const scoringRankingCaseSchema = z.strictObject({
  name: z.string().min(1),
  facts: z.strictObject({
    units: z.array(z.strictObject({ unit: z.string().min(1), indicators: z.array(scoringInputSchema).min(1) })).min(1),
  }),
  expected: z.strictObject({
    ranking: z.array(z.strictObject({ unit: z.string().min(1), score: z.number(), rank: z.number().int().min(1) })),
  }),
});

export type ScoringGoldenCase = z.infer<typeof scoringIndicatorCaseSchema> | z.infer<typeof scoringRankingCaseSchema>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A scoring case is one share (facts: the scoring input; expected: points and weight) or a
 * ranking (facts.units; expected.ranking). The form is told by `facts.units`, so a bad
 * field is reported against the form it belongs to rather than as "matches no form".
 */
const scoringCaseSchema = z.unknown().transform((value, ctx): ScoringGoldenCase => {
  const ranking = isRecord(value) && isRecord(value['facts']) && 'units' in value['facts'];
  const parsed = (ranking ? scoringRankingCaseSchema : scoringIndicatorCaseSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as unknown as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

export const goldenFileSchemas = {
  attainment: goldenFileSchema(attainmentInputSchema, z.strictObject({ outcome: attainmentOutcomeSchema })),
  trajectory: goldenFileSchema(trajectoryInputSchema, z.strictObject({ outcome: z.enum(trajectoryOutcomes) })),
  escalation: goldenFileSchema(escalationFactsSchema, z.strictObject({ level: escalationLevelSchema.nullable() })),
  scoring: namedCases(scoringCaseSchema),
} satisfies Record<RuleSetKind, z.ZodType>;

export type GoldenCases =
  | { kind: 'attainment'; cases: z.infer<(typeof goldenFileSchemas)['attainment']> }
  | { kind: 'trajectory'; cases: z.infer<(typeof goldenFileSchemas)['trajectory']> }
  | { kind: 'escalation'; cases: z.infer<(typeof goldenFileSchemas)['escalation']> }
  | { kind: 'scoring'; cases: ScoringGoldenCase[] };

/** `rules/attainment/attainment.v1.rules.json` → `rules/attainment/attainment.v1.golden.json`. */
export function goldenFileFor(ruleSetFile: string): string {
  return ruleSetFile.replace(/\.rules\.json$/, '.golden.json');
}

export function loadGoldenCasesOrThrow(file: string, kind: RuleSetKind): GoldenCases {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new DomainError({ code: 'NOT_FOUND', message: `${displayPath(file)}: a rule set needs golden cases beside it` });
  }
  const json = parseJsonOrThrow(text, file);
  const invalid = (issues: z.core.$ZodIssue[]) => ruleSetInvalid(file, toFieldIssues(issues));
  switch (kind) {
    case 'attainment': {
      const parsed = goldenFileSchemas.attainment.safeParse(json);
      if (!parsed.success) throw invalid(parsed.error.issues);
      return { kind, cases: parsed.data };
    }
    case 'trajectory': {
      const parsed = goldenFileSchemas.trajectory.safeParse(json);
      if (!parsed.success) throw invalid(parsed.error.issues);
      return { kind, cases: parsed.data };
    }
    case 'escalation': {
      const parsed = goldenFileSchemas.escalation.safeParse(json);
      if (!parsed.success) throw invalid(parsed.error.issues);
      return { kind, cases: parsed.data };
    }
    case 'scoring': {
      const parsed = goldenFileSchemas.scoring.safeParse(json);
      if (!parsed.success) throw invalid(parsed.error.issues);
      return { kind, cases: parsed.data };
    }
  }
}
