import { createZodDto } from 'nestjs-zod';
import { reportSubmissionSchema, reviewDecisionSchema } from '@plancycle/contracts';
import { idempotencyKeyField } from '../common/idempotency-key';

export class SubmitReportRequestDto extends createZodDto(reportSubmissionSchema) {}

/** The contract's (strict) review decision, plus the write's optional idempotency key. */
export const reviewRequestSchema = reviewDecisionSchema.safeExtend({ idempotencyKey: idempotencyKeyField });
export class ReviewReportRequestDto extends createZodDto(reviewRequestSchema) {}
