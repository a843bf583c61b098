import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';

/**
 * The optional idempotency key of a write's body (acknowledge, review, publish,
 * evaluation). Declared here so strict bodies accept it; reports carry their own,
 * stricter key in the contract.
 */
export const idempotencyKeyField = z.string().min(1).max(200).optional();

/**
 * Body of a write that needs nothing but an optional idempotency key. A request without
 * a body is an empty one.
 */
export const keyOnlyRequestSchema = z.preprocess(
  (body) => body ?? {},
  z.strictObject({ idempotencyKey: idempotencyKeyField }),
);
export class KeyOnlyRequest extends createZodDto(keyOnlyRequestSchema) {}
