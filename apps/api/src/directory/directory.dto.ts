import { createZodDto } from 'nestjs-zod';
import {
  createPersonSchema,
  createServiceTokenSchema,
  createUnitSchema,
  unitAliasSchema,
  updatePersonSchema,
  updateUnitSchema,
} from '@plancycle/contracts';

export class CreateUnitRequest extends createZodDto(createUnitSchema) {}
export class UpdateUnitRequest extends createZodDto(updateUnitSchema) {}
export class UnitAliasRequest extends createZodDto(unitAliasSchema) {}
export class CreatePersonRequest extends createZodDto(createPersonSchema) {}
export class UpdatePersonRequest extends createZodDto(updatePersonSchema) {}
export class CreateServiceTokenRequest extends createZodDto(createServiceTokenSchema) {}
