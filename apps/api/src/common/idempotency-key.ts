import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { idempotencyKeySchema } from '@plancycle/contracts';

/**
 * The optional idempotency key of a write's body (acknowledge, review, publish,
 * evaluation): the contract's key, which reports require.
 */
export const idempotencyKeyField = idempotencyKeySchema.optional();

/**
 * Body of a write that needs nothing but an optional idempotency key. A request without
 * a body is an empty one.
 */
export const keyOnlyRequestSchema = z.preprocess((body) => body ?? {}, z.strictObject({ idempotencyKey: idempotencyKeyField }));
export class KeyOnlyRequest extends createZodDto(keyOnlyRequestSchema) {}
