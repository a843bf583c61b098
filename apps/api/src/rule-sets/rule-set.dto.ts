import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  createRuleSetDraftSchema,
  editRuleSetDraftSchema,
  pageQuerySchema,
  publishRuleSetDraftSchema,
  ruleSetIdSchema,
  ruleSetVersionSchema,
  simulateRuleSetSchema,
} from '@plancycle/contracts';

export class CreateRuleSetDraftRequest extends createZodDto(createRuleSetDraftSchema) {}
export class EditRuleSetDraftRequest extends createZodDto(editRuleSetDraftSchema) {}
export class SimulateRuleSetRequest extends createZodDto(simulateRuleSetSchema) {}
export class PublishRuleSetDraftRequest extends createZodDto(publishRuleSetDraftSchema) {}

/** `?from=&to=` of a diff. */
export const ruleSetDiffQuerySchema = z.strictObject({ from: ruleSetVersionSchema, to: ruleSetVersionSchema });
export class RuleSetDiffQuery extends createZodDto(ruleSetDiffQuerySchema) {}

export const ruleSetChangeQuerySchema = pageQuerySchema.extend({ ruleSetId: ruleSetIdSchema.optional() }).strict();
export class RuleSetChangeQuery extends createZodDto(ruleSetChangeQuerySchema) {}
