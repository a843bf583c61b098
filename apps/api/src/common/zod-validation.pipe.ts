import { createZodValidationPipe } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { DomainError, toFieldIssues } from '@plancycle/contracts';

/** Every request DTO is a zod schema; a failure is a 400 naming each bad field. */
export const PlancycleValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown) =>
    new DomainError({
      code: 'VALIDATION_FAILED',
      message: 'the request is invalid',
      issues: toFieldIssues((error as ZodError).issues, { withCodes: true }),
    }),
});
