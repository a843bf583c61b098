import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, spawnManaged, waitForPort, type ManagedProcess } from './processes';
import { repositoryRoot } from './repository-root';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgres extends ManagedProcess {
  url: string;
}

/**
 * PGlite (PostgreSQL compiled to WebAssembly) served on the Postgres wire protocol, so
 * a new user needs no database install. `dataDir` persists it; 'memory' does not.
 */
export async function startEmbeddedPostgres(params: {
  dataDir: string | 'memory';
  port?: number;
  logFile?: string | null;
}): Promise<EmbeddedPostgres> {
  const port = params.port ?? (await freePort());
  const managed = spawnManaged({
    command: process.execPath,
    args: [path.join(repositoryRoot, 'scripts', 'pglite-server.js'), '--data', params.dataDir, '--port', String(port)],
    logFile: params.logFile ?? null,
  });
  await waitForPort({ host: '127.0.0.1', port, timeoutMs: 60_000, what: 'embedded PostgreSQL (PGlite)', child: managed.child });
  return { ...managed, url: `postgresql://postgres@127.0.0.1:${port}/postgres` };
}

/** Applies the committed migrations with Prisma's migrate (scripts/prisma.js). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  await execFileAsync(process.execPath, [path.join(repositoryRoot, 'scripts', 'prisma.js'), 'migrate', 'deploy'], {
    cwd: repositoryRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/**
 * Fails when schema.prisma describes a database the committed migrations do not
 * build: a model changed without `npm run prisma -- migrate dev`.
 */
export async function assertMigrationsMatchSchema(migratedDatabaseUrl: string): Promise<void> {
  try {
    await execFileAsync(
      process.execPath,
      [
        path.join(repositoryRoot, 'scripts', 'prisma.js'),
        'migrate',
        'diff',
        '--from-config-datasource',
        '--to-schema',
        path.join(repositoryRoot, 'libs', 'persistence', 'prisma', 'schema.prisma'),
        '--exit-code',
      ],
      { cwd: repositoryRoot, env: { ...process.env, DATABASE_URL: migratedDatabaseUrl } },
    );
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`schema.prisma and the committed migrations differ; create a migration.\n${output}`);
  }
}

/** Drops a database made by `createScratchDatabase`, closing its connections first. */
export async function dropScratchDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Creates an empty database next to the one the admin URL names; returns its URL. */
export async function createScratchDatabase(adminUrl: string, name: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
