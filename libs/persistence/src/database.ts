import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = PrismaClient;

/** Opens the one Prisma client of a process, on the pg driver adapter. */
export function openDatabase(params: { url: string; poolSize?: number }): Database {
  const adapter = new PrismaPg({ connectionString: params.url, max: params.poolSize ?? 5 });
  // Transactions wait for a connection longer than Prisma's 2 s default: under load (and on
  // embedded PGlite, which runs one statement at a time) a short wait fails good work.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}

/**
 * True when the error is a unique-constraint violation (a retried write found its row): P2002
 * from Prisma's own queries, P2010 with PostgreSQL's code 23505 from a raw statement.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: string; meta?: { code?: string } };
  return code === 'P2002' || (code === 'P2010' && meta?.code === '23505');
}
