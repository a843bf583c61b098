// globalSetup runs outside jest's module mapper: relative imports only.
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations, repositoryRoot, startEmbeddedPostgres, type ManagedProcess } from '../../libs/devstack/src';

/**
 * The medium tier's one database: an in-memory embedded PostgreSQL (PGlite) with the
 * committed migrations, or a scratch-free reuse of PLANCYCLE_MEDIUM_DATABASE_URL when
 * given (already migrated). No Temporal server: medium tests run repositories and
 * activities (in MockActivityEnvironment) on a real database, nothing more.
 */
const globalState = globalThis as { __plancycleMediumDatabase?: ManagedProcess };

export const mediumDatabaseFile = path.join(repositoryRoot, 'tmp', 'medium-database.json');

export default async function mediumSetup(): Promise<void> {
  let url = process.env['PLANCYCLE_MEDIUM_DATABASE_URL'];
  if (!url) {
    const logs = path.join(repositoryRoot, 'tmp', 'logs');
    fs.mkdirSync(logs, { recursive: true });
    const embedded = await startEmbeddedPostgres({ dataDir: 'memory', logFile: path.join(logs, 'pglite-medium.log') });
    globalState.__plancycleMediumDatabase = embedded;
    url = embedded.url;
    await applyMigrations(url);
  }
  fs.mkdirSync(path.dirname(mediumDatabaseFile), { recursive: true });
  fs.writeFileSync(mediumDatabaseFile, JSON.stringify({ url }));
  process.env['PLANCYCLE_MEDIUM_DATABASE'] = mediumDatabaseFile;
}
