import { z } from 'zod';

// Strict objects: an unknown key (a typo) is refused by name, never silently dropped.

export const evidenceReferenceSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** Where the evidence lives (document system, file store); not uploaded here. */
  uri: z.string().trim().min(1).max(2000),
});
export type EvidenceReference = z.infer<typeof evidenceReferenceSchema>;

export const reportedValueSchema = z
  .strictObject({
    indicatorId: z.string().min(1),
    /** Value reached so far this year, in the indicator's unit; null when not known yet. */
    value: z.number().refine(Number.isFinite, 'must be a finite number').nullable().optional(),
    /** For milestones: whether it is done. */
    done: z.boolean().optional(),
  })
  .refine((v) => v.value !== undefined || v.done !== undefined, {
    message: 'give value (a number or null) or done (for a milestone)',
    path: ['value'],
    params: { reason: 'value_or_done_required' },
  });
export type ReportedValue = z.infer<typeof reportedValueSchema>;

/**
 * The client's name for one write: the same key with the same body is applied once
 * (a retry answers with the first result); the same key with another body is refused.
 */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/** What a department sends for one period of one assignment (季度报送). */
export const reportSubmissionSchema = z.strictObject({
  periodKey: z.string().min(1).max(32),
  /** Same key, same report: a retried request is recorded once. */
  idempotencyKey: idempotencyKeySchema,
  values: z.array(reportedValueSchema).min(1),
  narrative: z.string().trim().min(1, 'a narrative is required').max(20_000),
  evidence: z.array(evidenceReferenceSchema).max(50).default([]),
});
export type ReportSubmission = z.infer<typeof reportSubmissionSchema>;
export type ReportSubmissionInput = z.input<typeof reportSubmissionSchema>;

export const reviewDecisionSchema = z
  .strictObject({
    periodKey: z.string().min(1).max(32),
    decision: z.enum(['approve', 'return']),
    comment: z.string().trim().max(5_000).optional(),
  })
  .refine((r) => r.decision !== 'return' || (r.comment !== undefined && r.comment.length > 0), {
    message: 'a returned report needs a comment saying what to revise',
    path: ['comment'],
    params: { reason: 'comment_required_on_return' },
  });
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
