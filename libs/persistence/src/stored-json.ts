import type { z } from 'zod';

/**
 * Reads a JSON (or free-text) column back through the contracts' schema it was written
 * with, so a view never carries a shape the database did not actually hold. A mismatch
 * is corrupt or foreign data, not bad input: it fails loudly, naming the column.
 */
export function parseStored<S extends z.ZodType>(params: { schema: S; value: unknown; column: string }): z.output<S> {
  const { schema, value, column } = params;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new Error(`stored ${column} does not match its schema: ${issues}`);
}
