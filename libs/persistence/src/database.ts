import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = PrismaClient;

/** Opens the one Prisma client of a process, on the pg driver adapter. */
export function openDatabase(params: { url: string; poolSize?: number }): Database {
  const adapter = new PrismaPg({ connectionString: params.url, max: params.poolSize ?? 5 });
  return new PrismaClient({ adapter });
}

/** True when the error is a unique-constraint violation (a retried write found its row). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
