import { z } from 'zod';
import { idempotencyKeySchema } from '../workflow/report.schema';

/**
 * Rule sets as versioned records: what the API takes and answers about them. The rule
 * file's own schema lives in `@plancycle/rules` (it knows each kind's facts); here the
 * file and its golden cases are plain JSON.
 */

/** The rule sets plancycle decides with; each has one kind of the same name. */
export const ruleSetIds = ['attainment', 'trajectory', 'escalation', 'scoring'] as const;
export const ruleSetIdSchema = z.enum(ruleSetIds);
export type RuleSetId = z.infer<typeof ruleSetIdSchema>;

export const ruleSetVersionStatuses = ['draft', 'published'] as const;
export type RuleSetVersionStatus = (typeof ruleSetVersionStatuses)[number];

/** major.minor.patch, e.g. 1.1.0. */
export const ruleSetVersionSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/, 'a version is major.minor.patch, e.g. 1.1.0');

/** Who wrote a version: a person, or `system:defaults` for the files shipped under rules/. */
export interface RuleSetAuthor {
  id: string;
  name: string;
  role: string;
}

/** The author of the shipped defaults. */
export const shippedDefaultsAuthor = { id: 'system:defaults', role: 'system', name: 'rules/ (shipped defaults)' } as const;

/** One version without its content: what lists show. */
export interface RuleSetVersionSummary {
  ruleSetId: string;
  version: string;
  kind: string;
  status: RuleSetVersionStatus;
  author: RuleSetAuthor;
  changeNote: string;
  /** The version this one was drafted from; null for a shipped default. */
  derivedFrom: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: { id: string; name: string } | null;
}

/** One version with its rule file and golden cases. */
export interface RuleSetVersionView extends RuleSetVersionSummary {
  ruleFile: unknown;
  goldenCases: unknown;
}

export interface RuleSetSummary {
  id: string;
  kind: string;
  /** The newest published version: what a cycle published now pins. */
  latestPublished: string | null;
  /** Newest first. */
  versions: RuleSetVersionSummary[];
}

export interface RuleSetChangeView {
  id: string;
  at: string;
  actor: { id: string; name: string; role: string; tokenId: string | null };
  action: RuleSetChangeAction;
  ruleSetId: string;
  version: string;
  before: unknown;
  after: unknown;
}

export const ruleSetChangeActions = [
  'rule_set.default_loaded',
  'rule_set.draft_created',
  'rule_set.draft_edited',
  'rule_set.published',
] as const;
export type RuleSetChangeAction = (typeof ruleSetChangeActions)[number];

/** One changed value: where (dotted path, as field issues write it), before and after (absent = undefined). */
export interface ValueChange {
  path: string;
  old?: unknown;
  new?: unknown;
}

/** A rule (matched by name) or golden case (by name) that differs between two versions. */
export interface NamedItemChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** For `changed`: each field that differs inside the item. */
  fields: ValueChange[];
}

/** What changed from one version of a rule set to another, computed on the JSON. */
export interface RuleSetDiff {
  ruleSetId: string;
  from: string;
  to: string;
  /** Changes outside the rules: description, parameters, … (id and version left out). */
  fields: ValueChange[];
  rules: NamedItemChange[];
  goldenCases: NamedItemChange[];
}

/** The outcome of one golden case against a version. */
export interface GoldenCaseResult {
  name: string;
  passed: boolean;
  expected: unknown;
  /** What the rules gave, in the form of `expected`; null when the case could not run. */
  actual: unknown;
  decidedBy: string | null;
  firedRules: string[];
  /** Why it failed, in words. */
  reason: string | null;
}

export interface GoldenCaseRun {
  ruleSetId: string;
  version: string;
  revision: number;
  passed: boolean;
  total: number;
  failed: number;
  cases: GoldenCaseResult[];
  /** Rules no case made fire: a hint that a case is missing, not a failure. */
  rulesNeverFired: string[];
}

const changeNoteSchema = z.string().trim().min(1).max(2000);

/** POST /rule-sets/{id}/versions/{version}/drafts: a draft copied from that version. */
export const createRuleSetDraftSchema = z.strictObject({
  /** The new version; default: the next minor after the newest version of the rule set. */
  version: ruleSetVersionSchema.optional(),
  changeNote: changeNoteSchema,
});
export type CreateRuleSetDraftRequest = z.infer<typeof createRuleSetDraftSchema>;

/** PUT /rule-sets/{id}/versions/{version}: replaces the draft's content. */
export const editRuleSetDraftSchema = z.strictObject({
  /** The revision the edit is based on; a stale one is a 409. */
  revision: z.number().int().min(1),
  /** The whole rule file; validated by the rule-set schema (each offending field named). */
  ruleFile: z.record(z.string(), z.unknown()),
  /** The whole list of golden cases: [{ name, facts, expected }]. */
  goldenCases: z.array(z.unknown()),
  changeNote: changeNoteSchema.optional(),
});
export type EditRuleSetDraftRequest = z.infer<typeof editRuleSetDraftSchema>;

/** POST /rule-sets/{id}/versions/{version}/publish. */
export const publishRuleSetDraftSchema = z.preprocess(
  (body) => body ?? {},
  z.strictObject({
    /** When given, the draft must still be at this revision (what the coordinator tried). */
    revision: z.number().int().min(1).optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
  }),
);
export type PublishRuleSetDraftRequest = z.infer<typeof publishRuleSetDraftSchema>;

/** POST /rule-sets/{id}/versions/{version}/simulate: what-if over one cycle's recorded decisions. */
export const simulateRuleSetSchema = z.strictObject({
  cycleId: z.uuid(),
  /** How many changed decisions the answer lists (the counts always cover all). */
  limit: z.number().int().min(1).max(5000).default(500),
});
export type SimulateRuleSetRequest = z.infer<typeof simulateRuleSetSchema>;

/** POST /cycles/{id}/rule-set-amendments: a running cycle decides with another version from now on. */
export const amendCycleRuleSetSchema = z.strictObject({
  ruleSet: z.strictObject({ id: ruleSetIdSchema, version: ruleSetVersionSchema }),
  /** Why the cycle changes rules mid-year; kept in the audit trail. */
  reason: z.string().trim().min(2).max(2000),
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type AmendCycleRuleSetRequest = z.infer<typeof amendCycleRuleSetSchema>;
