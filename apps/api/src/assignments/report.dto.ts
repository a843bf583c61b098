import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { idempotencyKeySchema, reportSubmissionSchema, reviewDecisionSchema } from '@plancycle/contracts';

export class SubmitReportRequestDto extends createZodDto(reportSubmissionSchema) {}

/** A review, with the key that makes a retried review count once. */
export const reviewRequestSchema = z
  .object({ idempotencyKey: idempotencyKeySchema.optional() })
  .and(reviewDecisionSchema);
export class ReviewReportRequestDto extends createZodDto(reviewRequestSchema) {}

/** The body of writes that carry nothing but, optionally, their idempotency key (the body itself is optional). */
export const keyOnlyRequestSchema = z.preprocess(
  (body) => body ?? {},
  z.object({ idempotencyKey: idempotencyKeySchema.optional() }).strict(),
);
export class KeyOnlyRequestDto extends createZodDto(keyOnlyRequestSchema) {}
