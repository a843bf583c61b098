import { createZodDto } from 'nestjs-zod';
import { reportSubmissionSchema, reviewDecisionSchema } from '@plancycle/contracts';

export class SubmitReportRequestDto extends createZodDto(reportSubmissionSchema) {}

export const reviewRequestSchema = reviewDecisionSchema;
export class ReviewReportRequestDto extends createZodDto(reviewRequestSchema) {}
