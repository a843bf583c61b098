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
