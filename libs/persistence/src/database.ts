import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Database = PrismaClient;

/** Opens the one Prisma client of a process, on the pg driver adapter. */
export function openDatabase(params: { url: string; poolSize?: number; preparedStatements?: boolean }): Database {
  const statementNames =
    params.preparedStatements === false ? null : preparedStatementNames({ enabled: keepsStatementsPerConnection(params.url) });
  const adapter = new PrismaPg(
    { connectionString: params.url, max: params.poolSize ?? 5 },
    // The adapter hands the name to pg's query as it is; undefined leaves a statement unnamed.
    statementNames ? { statementNameGenerator: statementNames as (query: { sql: string }) => string } : {},
  );
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

/**
 * Names for the statements the application sends, so that pg prepares each once per
 * connection and PostgreSQL keeps its plan, instead of parsing and planning it again on
 * every call (an unnamed statement). Planning a list page's query took PostgreSQL 1.5–3.7 ms,
 * more than running it. A statement is named by a hash of its text (the same text is the
 * same statement, parameters included); statements without parameters stay unnamed (they go
 * by the simple protocol, which also takes several commands at once), and so does any text
 * past the first `limit` distinct ones, so that what a connection keeps stays bounded, and
 * every statement while `enabled()` says no.
 */
export function preparedStatementNames(
  options: { limit?: number; enabled?: () => boolean } = {},
): (query: { sql: string; args: readonly unknown[] }) => string | undefined {
  const limit = options.limit ?? 256;
  const names = new Map<string, string>();
  return ({ sql, args }) => {
    if (args.length === 0 || (options.enabled && !options.enabled())) return undefined;
    const known = names.get(sql);
    if (known !== undefined || names.size >= limit) return known;
    const name = `plancycle_${createHash('sha1').update(sql).digest('hex')}`;
    names.set(sql, name);
    return name;
  };
}

/**
 * Whether the server keeps each connection's prepared statements to itself, as PostgreSQL
 * does. The embedded fallback, PGlite behind its socket server, runs every connection in one
 * session, where two connections preparing one name collide. No until the server has said
 * which it is: the first call asks it (`version()`), and asks again later if that failed.
 */
export function keepsStatementsPerConnection(url: string): () => boolean {
  let answer: boolean | null = null;
  let asking = false;
  return () => {
    if (answer === null && !asking) {
      asking = true;
      serverVersion(url).then(
        (version) => {
          answer = !version.includes('PGlite');
          asking = false;
        },
        () => {
          asking = false;
        },
      );
    }
    return answer === true;
  };
}

/** `version()` of the server at `url`, on a connection of its own. */
async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ version: string }>('SELECT version() AS version');
    return String(result.rows[0]?.version);
  } finally {
    await client.end();
  }
}
