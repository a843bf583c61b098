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

/** True when the error is a unique-constraint violation (a retried write found its row). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
