// globalSetup runs outside jest's module mapper: relative imports only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register as registerTsconfigPaths } from 'tsconfig-paths';
import {
  applyMigrations,
  assertMigrationsMatchSchema,
  createScratchDatabase,
  IDENTITY_DEFAULTS,
  repositoryRoot,
  startEmbeddedDatabase,
  startIdentityProvider,
  startTemporalDevServer,
  type ManagedProcess,
} from '../../libs/devstack/src';
import { bundleWorkflows } from '../../libs/temporal/src/workflow-bundle';

/**
 * Starts the real components once per jest run, shared by the workflow and e2e
 * projects: a Temporal dev server (in memory, its own port), a database (a scratch
 * database on PLANCYCLE_TEST_POSTGRES_URL's or DATABASE_URL's server when given, else
 * the embedded database PLANCYCLE_EMBEDDED_DB names) with the
 * committed migrations applied, the embedded OIDC provider (apps/identity) over that
 * database's people, and the workflow bundle built once.
 */
interface SharedStack {
  users: number;
  processes: ManagedProcess[];
}
const globalState = globalThis as { __plancycleStack?: SharedStack };

export const stackFile = path.join(repositoryRoot, 'tmp', 'test-stack.json');

export default async function globalSetup(): Promise<void> {
  if (globalState.__plancycleStack) {
    globalState.__plancycleStack.users += 1;
    return;
  }
  const stack: SharedStack = { users: 1, processes: [] };
  globalState.__plancycleStack = stack;
  const logs = path.join(repositoryRoot, 'tmp', 'logs');
  fs.mkdirSync(logs, { recursive: true });

  const temporal = await startTemporalDevServerWithRetries(path.join(logs, 'temporal.log'));
  stack.processes.push(temporal);

  let databaseUrl: string;
  const adminUrl = process.env['PLANCYCLE_TEST_POSTGRES_URL'] ?? process.env['DATABASE_URL'];
  if (adminUrl) {
    databaseUrl = await createScratchDatabase(adminUrl, `plancycle_test_${process.pid}`);
  } else {
    // PLANCYCLE_EMBEDDED_DB chooses PostgreSQL (a temporary cluster; the default) or PGlite (in memory).
    const embedded = await startEmbeddedDatabase({
      dataDir: 'temporary',
      logFile: path.join(logs, 'embedded-db.log'),
      onFallback: (reason) => console.warn(`[test setup] ${reason}`),
    });
    stack.processes.push(embedded);
    databaseUrl = embedded.url;
  }
  await applyMigrations(databaseUrl);
  await assertMigrationsMatchSchema(databaseUrl);

  // The embedded OIDC provider over this database's people, with keys of its own for the run.
  const identityDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-identity-'));
  const demoPassword = process.env['IDENTITY_DEMO_PASSWORD'] ?? IDENTITY_DEFAULTS.demoPassword;
  const identity = await startIdentityProvider({
    databaseUrl,
    dataDir: identityDataDir,
    logFile: path.join(logs, 'identity.log'),
    demoPassword,
  });
  stack.processes.push({
    child: identity.child,
    stop: async () => {
      await identity.stop();
      fs.rmSync(identityDataDir, { recursive: true, force: true });
    },
  });

  // The bundler finds the workflows package by resolving its import name, as the worker does.
  const unregisterPaths = registerTsconfigPaths({ baseUrl: repositoryRoot, paths: tsconfigPaths() });
  const bundle = await bundleWorkflows().finally(unregisterPaths);
  const bundlePath = path.join(repositoryRoot, 'tmp', 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);

  const state = {
    temporalAddress: temporal.address,
    databaseUrl,
    bundlePath,
    temporalPid: temporal.child.pid,
    issuer: identity.issuer,
    demoPassword,
  };
  fs.writeFileSync(stackFile, JSON.stringify(state, null, 2));
  process.env['PLANCYCLE_TEST_STACK'] = stackFile;
}

/**
 * The dev server picks its internal service ports itself; right after another server of
 * the same run stopped, one of them can still be taken ("bind: address already in use",
 * seen once in CI). A fresh start on fresh ports is the fix.
 */
async function startTemporalDevServerWithRetries(logFile: string, attempts = 3): ReturnType<typeof startTemporalDevServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startTemporalDevServer({ uiPort: null, logFile });
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`temporal dev server did not start (${(error as Error).message}); trying again on fresh ports`);
    }
  }
}

/** The @plancycle/* aliases of tsconfig.base.json. */
function tsconfigPaths(): Record<string, string[]> {
  const base = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return base.compilerOptions.paths;
}
