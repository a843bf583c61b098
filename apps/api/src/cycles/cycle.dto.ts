import { createZodDto } from 'nestjs-zod';
import { amendCycleRuleSetSchema } from '@plancycle/contracts';

export class AmendCycleRuleSetRequest extends createZodDto(amendCycleRuleSetSchema) {}
