// globalSetup runs outside jest's module mapper: relative imports only.
import fs from 'node:fs';
import path from 'node:path';
import {
  applyMigrations,
  createScratchDatabase,
  repositoryRoot,
  startEmbeddedDatabase,
  type ManagedProcess,
} from '../../libs/devstack/src';

/**
 * The medium tier's one database, with the committed migrations: a scratch database on
 * PLANCYCLE_TEST_POSTGRES_URL's or DATABASE_URL's server when given (as the workflow
 * and e2e setup does), else a throw-away embedded database (PLANCYCLE_EMBEDDED_DB: PostgreSQL, the default, or
 * in-memory PGlite).
 * PLANCYCLE_MEDIUM_DATABASE_URL names an already migrated database to use as is. No
 * Temporal server: medium tests run repositories and activities (in
 * MockActivityEnvironment) on a real database, nothing more.
 */
const globalState = globalThis as { __plancycleMediumDatabase?: ManagedProcess };

export const mediumDatabaseFile = path.join(repositoryRoot, 'tmp', 'medium-database.json');

export default async function mediumSetup(): Promise<void> {
  let url = process.env['PLANCYCLE_MEDIUM_DATABASE_URL'];
  if (!url) {
    const adminUrl = process.env['PLANCYCLE_TEST_POSTGRES_URL'] ?? process.env['DATABASE_URL'];
    if (adminUrl) {
      url = await createScratchDatabase(adminUrl, `plancycle_medium_${process.pid}`);
    } else {
      const logs = path.join(repositoryRoot, 'tmp', 'logs');
      fs.mkdirSync(logs, { recursive: true });
      const embedded = await startEmbeddedDatabase({
        dataDir: 'temporary',
        logFile: path.join(logs, 'embedded-db-medium.log'),
        onFallback: (reason) => console.warn(`[medium setup] ${reason}`),
      });
      globalState.__plancycleMediumDatabase = embedded;
      url = embedded.url;
    }
    await applyMigrations(url);
  }
  fs.mkdirSync(path.dirname(mediumDatabaseFile), { recursive: true });
  fs.writeFileSync(mediumDatabaseFile, JSON.stringify({ url }));
  process.env['PLANCYCLE_MEDIUM_DATABASE'] = mediumDatabaseFile;
}
