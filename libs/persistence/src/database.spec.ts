import { isUniqueViolation } from './database';

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
