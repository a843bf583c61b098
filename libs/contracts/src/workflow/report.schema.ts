import type { z } from 'zod';
import {
  newEvidenceReferenceSchema,
  newIdempotencyKeySchema,
  newReportedValueSchema,
  newReportSubmissionSchema,
  newReviewDecisionSchema,
} from './schema-factories';

// Defined in schema-factories.ts (workflow code builds them there on demand); built once here.

export const evidenceReferenceSchema = newEvidenceReferenceSchema();
export type EvidenceReference = z.infer<typeof evidenceReferenceSchema>;

export const reportedValueSchema = newReportedValueSchema();
export type ReportedValue = z.infer<typeof reportedValueSchema>;

export const idempotencyKeySchema = newIdempotencyKeySchema();

export const reportSubmissionSchema = newReportSubmissionSchema();
export type ReportSubmission = z.infer<typeof reportSubmissionSchema>;
export type ReportSubmissionInput = z.input<typeof reportSubmissionSchema>;

export const reviewDecisionSchema = newReviewDecisionSchema();
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
