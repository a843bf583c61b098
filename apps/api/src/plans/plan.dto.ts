import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarSpecSchema, planDocumentSchema } from '@plancycle/contracts';
import { idempotencyKeyField } from '../common/idempotency-key';

// Request bodies are strict: an unknown key is a 400 naming it, never silently dropped.

export const createPlanRequestSchema = z.strictObject({
  document: planDocumentSchema,
  /** The reporting calendar; quarterly (季度报送) when not given. */
  calendar: calendarSpecSchema.optional(),
});
export class CreatePlanRequest extends createZodDto(createPlanRequestSchema) {}

export const editDraftRequestSchema = z.strictObject({
  /** The revision the edit is based on (from GET /plans/:id). */
  revision: z.number().int().min(1),
  document: planDocumentSchema,
  calendar: calendarSpecSchema.optional(),
});
export class EditDraftRequest extends createZodDto(editDraftRequestSchema) {}

export const publishPlanRequestSchema = z.strictObject({
  calendar: calendarSpecSchema.optional(),
  /**
   * Publish even though every period is already due or the calendar starts more than one
   * period in the past (those periods are recorded as missed at once).
   */
  confirmPastCalendar: z.boolean().optional(),
  idempotencyKey: idempotencyKeyField,
});
export class PublishPlanRequest extends createZodDto(publishPlanRequestSchema) {}
