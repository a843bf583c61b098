import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarSpecSchema, idempotencyKeySchema, planDocumentSchema } from '@plancycle/contracts';

export const createPlanRequestSchema = z.object({
  document: planDocumentSchema,
  /** The reporting calendar; quarterly (季度报送) when not given. */
  calendar: calendarSpecSchema.optional(),
});
export class CreatePlanRequest extends createZodDto(createPlanRequestSchema) {}

export const editDraftRequestSchema = z.object({
  /** The revision the edit is based on (from GET /plans/:id). */
  revision: z.number().int().min(1),
  document: planDocumentSchema,
  calendar: calendarSpecSchema.optional(),
});
export class EditDraftRequest extends createZodDto(editDraftRequestSchema) {}

export const publishPlanRequestSchema = z.object({
  calendar: calendarSpecSchema.optional(),
  /** Same key, same calendar: a retried publish answers with the first result. */
  idempotencyKey: idempotencyKeySchema.optional(),
});
export class PublishPlanRequest extends createZodDto(publishPlanRequestSchema) {}
