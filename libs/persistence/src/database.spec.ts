import { isUniqueViolation, preparedStatementNames } from './database';

describe('isUniqueViolation', () => {
  it("knows Prisma's own P2002 and a raw statement's P2010 whose driver-adapter cause is 23505 (the shape Prisma 7 gives)", () => {
    expect(isUniqueViolation({ code: 'P2002' })).toBe(true);
    expect(
      isUniqueViolation({
        code: 'P2010',
        meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '23505', kind: 'UniqueConstraintViolation' } } },
      }),
    ).toBe(true);
  });

  it('is false for other failures of a raw statement and for anything else', () => {
    expect(
      isUniqueViolation({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { originalCode: '23503', kind: 'ForeignKeyConstraintViolation' } } },
      }),
    ).toBe(false);
    expect(isUniqueViolation({ code: 'P2025' })).toBe(false);
    expect(isUniqueViolation(new Error('boom'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});

describe('preparedStatementNames', () => {
  it('names a statement by its text, the same text the same name, and leaves statements without parameters unnamed', () => {
    const nameOf = preparedStatementNames();
    const list = { sql: 'SELECT * FROM "Assignment" WHERE "cycleId" = $1 LIMIT $2', args: ['c-1', 51] };
    const name = nameOf(list);
    expect(name).toMatch(/^plancycle_[0-9a-f]{40}$/);
    expect(nameOf({ ...list, args: ['c-2', 21] })).toBe(name);
    expect(nameOf({ sql: `${list.sql} OFFSET $3`, args: ['c-1', 51, 0] })).not.toBe(name);
    // The simple protocol: BEGIN, COMMIT, several commands at once.
    expect(nameOf({ sql: 'BEGIN', args: [] })).toBeUndefined();
  });

  it('names no more than `limit` texts, and keeps naming those it named', () => {
    const nameOf = preparedStatementNames({ limit: 2 });
    const first = nameOf({ sql: 'SELECT $1::int', args: [1] });
    const second = nameOf({ sql: 'SELECT $1::text', args: ['a'] });
    expect(nameOf({ sql: 'SELECT $1::date', args: ['2026-12-01'] })).toBeUndefined();
    expect([nameOf({ sql: 'SELECT $1::int', args: [2] }), nameOf({ sql: 'SELECT $1::text', args: ['b'] })]).toEqual([first, second]);
  });
});
