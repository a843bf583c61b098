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
 * from Prisma's own queries; from a raw statement P2010, whose driver-adapter cause carries
 * PostgreSQL's code 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
  };
  if (code === 'P2002') return true;
  if (code !== 'P2010') return false;
  const cause = meta?.driverAdapterError?.cause;
  return meta?.code === '23505' || cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation';
}
