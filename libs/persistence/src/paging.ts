import { DomainError, type Page } from '@plancycle/contracts';

/** Keyset paging: the cursor a page hands out is the sort position of its last row. */

/** Encodes a keyset position (the sort values of the last item) as an opaque cursor. */
export function encodeCursor(position: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The keyset position of a cursor, or null when it is not one this API made. */
export function decodeCursor(cursor: string): (string | number | null)[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || !value.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) return null;
    return value as (string | number | null)[];
  } catch {
    return null;
  }
}

/** The keyset position of a `cursor` query parameter; a cursor this API did not make is a 400. */
export function cursorAfter(cursor: string | undefined): (string | number | null)[] | null {
  if (cursor === undefined) return null;
  const position = decodeCursor(cursor);
  if (!position)
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: 'not a cursor of this list',
      issues: [{ path: 'cursor', message: 'use the nextCursor of the page before' }],
    });
  return position;
}

export function page<T>(rows: T[], limit: number, position: (last: T) => (string | number | null)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null };
}

/**
 * Offset paging, for lists in an order a keyset cannot follow (a cycle's assignments in
 * plan order). The cursor is still opaque to callers.
 */
export function offsetAfter(cursor: string | undefined): number {
  const position = cursorAfter(cursor);
  if (position === null) return 0;
  const [offset] = position;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: 'not a cursor of this list',
      issues: [{ path: 'cursor', message: 'use the nextCursor of the page before' }],
    });
  }
  return offset;
}

export function offsetPage<T>(rows: T[], limit: number, offset: number): Page<T> {
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? encodeCursor([offset + limit]) : null };
}
