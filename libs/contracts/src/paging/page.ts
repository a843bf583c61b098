import { z } from 'zod';

/** The most a list endpoint returns at once; every list pages. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * `?limit=&cursor=` of every list endpoint. The cursor is opaque to callers: it is the
 * `nextCursor` of the page before.
 */
export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
