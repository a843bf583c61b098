import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { embeddedDatabaseKind, startEmbeddedDatabase } from './bundled-postgres';
import { applyMigrations } from './embedded-postgres';
import { IDENTITY_DEFAULTS } from './identity-defaults';
import { startIdentityProvider } from './identity-provider';
import { isPortOpen, spawnManaged, waitForPort, type ManagedProcess } from './processes';
import { repositoryRoot } from './repository-root';
import { signIn } from './sign-in';
import { supervise, type SupervisedProcess } from './supervisor';
import { startTemporalDevServer } from './temporal-dev-server';

/**
 * `npm run up`: the whole system on one machine. Starts only what is not given:
 * DATABASE_URL → else the embedded database (PLANCYCLE_EMBEDDED_DB) under .data/; OIDC_ISSUER → else the
 * embedded development identity provider (apps/identity); TEMPORAL_ADDRESS → else
 * the Temporal dev server with its SQLite file under .data/ (cycles survive a
 * restart). Then a worker, the API, and a demo plan published on a compressed calendar.
 */
const dataDir = path.resolve(process.env['PLANCYCLE_DATA_DIR'] ?? path.join(repositoryRoot, '.data'));
const logDir = path.join(dataDir, 'logs');
const apiPort = Number(process.env['PORT'] ?? 3000);
const demoDirectoryFile = path.join(repositoryRoot, 'config', 'demo', 'demo-directory.json');

async function main(): Promise<void> {
  fs.mkdirSync(logDir, { recursive: true });
  const children: ManagedProcess[] = [];
  const supervised: SupervisedProcess[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const component of supervised.reverse()) await component.stop();
    for (const child of children.reverse()) await child.stop();
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  try {
    let databaseUrl = process.env['DATABASE_URL'];
    if (!databaseUrl) {
      // PLANCYCLE_EMBEDDED_DB: real PostgreSQL (data in .data/postgres, the default) or
      // PGlite (.data/pglite); unset, PGlite also stands in when PostgreSQL cannot start here.
      const kind = embeddedDatabaseKind();
      const portVariable = process.env['PLANCYCLE_EMBEDDED_DB_PORT'] ? 'PLANCYCLE_EMBEDDED_DB_PORT' : 'PLANCYCLE_PGLITE_PORT';
      const port = Number(process.env[portVariable] ?? 55432);
      if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} is taken; set PLANCYCLE_EMBEDDED_DB_PORT`);
      const pg = await startEmbeddedDatabase({
        dataDir,
        port,
        logFile: path.join(logDir, `${kind}.log`),
        onFallback: (reason) => log(reason),
      });
      children.push(pg);
      databaseUrl = pg.url;
      log(`PostgreSQL (${pg.description}): ${databaseUrl}`);
    } else {
      log(`PostgreSQL: ${redact(databaseUrl)}`);
    }
    await applyMigrations(databaseUrl);
    log('migrations applied');

    // Sign-in: OIDC_ISSUER if set, else the embedded development provider (it reads the
    // people of the migrated database).
    let oidcIssuer = process.env['OIDC_ISSUER'];
    const embeddedIdentity = !oidcIssuer;
    if (!oidcIssuer) {
      const port = Number(process.env['PLANCYCLE_IDENTITY_PORT'] ?? IDENTITY_DEFAULTS.port);
      if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} is taken; set PLANCYCLE_IDENTITY_PORT`);
      const identity = await startIdentityProvider({
        port,
        databaseUrl,
        dataDir: path.join(dataDir, 'identity'),
        logFile: path.join(logDir, 'identity.log'),
        // The web console, served by the API, signs in here and comes back to /auth/callback.
        redirectUris: [`http://127.0.0.1:${apiPort}/auth/callback`, `http://localhost:${apiPort}/auth/callback`],
      });
      children.push(identity);
      oidcIssuer = identity.issuer;
      const password = process.env['IDENTITY_DEMO_PASSWORD'] ?? IDENTITY_DEFAULTS.demoPassword;
      log(`identity provider (embedded, development only): ${oidcIssuer}   demo password: ${password}`);
      log(`sign in: TOKEN=$(npm run -s plancycle -- login --email coordinator@demo.plancycle.local)   (apps/identity/README.md)`);
    } else {
      log(`OIDC issuer: ${oidcIssuer}`);
    }

    let temporalAddress = process.env['TEMPORAL_ADDRESS'];
    let temporalUi: string | null = null;
    if (!temporalAddress) {
      const port = Number(process.env['PLANCYCLE_TEMPORAL_PORT'] ?? 7233);
      if (await isPortOpen('127.0.0.1', port)) throw new Error(`port ${port} is taken; set PLANCYCLE_TEMPORAL_PORT`);
      const temporal = await startTemporalDevServer({
        port,
        uiPort: Number(process.env['PLANCYCLE_TEMPORAL_UI_PORT'] ?? 8233),
        dbFile: path.join(dataDir, 'temporal.sqlite'),
        logFile: path.join(logDir, 'temporal.log'),
      });
      children.push(temporal);
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
      log(`Temporal dev server: ${temporalAddress}   web UI: ${temporalUi}`);
    } else {
      log(`Temporal: ${temporalAddress} (namespace ${process.env['TEMPORAL_NAMESPACE'] ?? 'default'})`);
    }

    // Notice e-mail: SMTP_URL if set, else the local mail catcher (it delivers nothing; its
    // mailbox is a web page and files under tmp/mail/).
    let smtpUrl = process.env['SMTP_URL'];
    if (!smtpUrl) {
      const smtpPort = Number(process.env['MAIL_CATCHER_SMTP_PORT'] ?? 1025);
      const httpPort = Number(process.env['MAIL_CATCHER_HTTP_PORT'] ?? 8025);
      for (const port of [smtpPort, httpPort]) {
        if (await isPortOpen('127.0.0.1', port))
          throw new Error(`port ${port} is taken; set MAIL_CATCHER_SMTP_PORT / MAIL_CATCHER_HTTP_PORT`);
      }
      const catcher = spawnManaged({
        command: process.execPath,
        args: [path.join(repositoryRoot, 'scripts', 'run-mail-catcher.js')],
        env: { ...process.env, MAIL_CATCHER_SMTP_PORT: String(smtpPort), MAIL_CATCHER_HTTP_PORT: String(httpPort) },
        cwd: repositoryRoot,
        logFile: path.join(logDir, 'mail-catcher.log'),
      });
      children.push(catcher);
      await waitForPort({ host: '127.0.0.1', port: httpPort, timeoutMs: 30_000, what: 'the mail catcher', child: catcher.child });
      smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
      log(`mail catcher (development only): ${smtpUrl}   mailbox: http://127.0.0.1:${httpPort}/   files: tmp/mail/`);
    } else {
      log(`SMTP: ${redact(smtpUrl)}`);
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SMTP_URL: smtpUrl,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      PORT: String(apiPort),
      OIDC_ISSUER: oidcIssuer,
      OIDC_AUDIENCE: process.env['OIDC_AUDIENCE'] ?? IDENTITY_DEFAULTS.audience,
      ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi } : {}),
    };
    // The demo needs people; with the embedded provider it makes them through the API,
    // as the first admin (made at the API's boot) would.
    const demo = embeddedIdentity && process.env['PLANCYCLE_DEMO'] !== '0';
    if (demo && !env['PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL']) env['PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL'] = 'admin@demo.plancycle.local';
    // The worker's heap limit bounds its workflow thread too; the worker sizes its workflow
    // cache from it (about 1,800 workflows at the default 2 GB).
    const workerHeapMb = Number(process.env['PLANCYCLE_WORKER_HEAP_MB'] ?? 2048);
    const node = (entry: string, name: string, nodeFlags: string[] = []) =>
      spawnManaged({
        command: process.execPath,
        args: [
          ...nodeFlags,
          '-r',
          path.join(repositoryRoot, 'scripts', 'register-dist-paths.js'),
          path.join(repositoryRoot, 'dist', entry),
        ],
        env,
        cwd: repositoryRoot,
        logFile: path.join(logDir, `${name}.log`),
      });
    // The worker and the API are restarted with backoff when they crash (out of memory, a bug):
    // a running cycle carries on where it was; the data services below them are not restarted.
    const keep = (entry: string, name: string, nodeFlags: string[] = []) =>
      supervise({
        name,
        start: () => node(entry, name, nodeFlags),
        report: (message) => log(`${message}; see ${path.join(logDir, `${name}.log`)}`),
      });
    const worker = keep('apps/worker/src/main.js', 'worker', [`--max-old-space-size=${workerHeapMb}`]);
    supervised.push(worker);
    const api = keep('apps/api/src/main.js', 'api');
    supervised.push(api);
    await waitForPort({ host: '127.0.0.1', port: apiPort, timeoutMs: 60_000, what: 'the API', child: api.current().child });
    const base = `http://127.0.0.1:${apiPort}`;
    log(`API: ${base}   OpenAPI: ${base}/docs   web console: ${base}/   logs: ${logDir}`);

    if (demo) {
      await seedDemo(base, oidcIssuer);
    } else if (!embeddedIdentity) {
      log('no demo: people sign in at your OIDC_ISSUER; set PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL to make the first admin');
    }
    log('Ctrl-C stops everything; data stays in ' + dataDir + '; a crashed worker or API is restarted');
    await new Promise<void>((resolve) => {
      for (const child of children) child.child.once('exit', () => resolve());
    });
    if (stopping) return; // Ctrl-C: the handler stops everything and exits
    log('a data service exited (database, Temporal, sign-in or mail); stopping the rest (see the logs)');
    await stopAll();
    process.exit(1);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll();
    process.exit(1);
  }
}

type ApiCall = (method: string, url: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Calls the API as one signed-in person; `allow` lists statuses that are not errors. */
function apiAs(base: string, accessToken: string, allow: number[] = []): ApiCall {
  return async (method, url, body) => {
    const response = await fetch(base + url, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = (await response.json()) as unknown;
    if (!response.ok && !allow.includes(response.status)) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json as Record<string, unknown>;
  };
}

/**
 * The demo: its directory (config/demo/demo-directory.json), made through the API by the
 * first admin, then the demo plan drafted and published by the demo coordinator. Both
 * sign in at the embedded provider like anyone would. Safe to run again (409s are kept).
 */
async function seedDemo(base: string, issuer: string): Promise<void> {
  const password = process.env['IDENTITY_DEMO_PASSWORD'] ?? IDENTITY_DEFAULTS.demoPassword;
  const directory = JSON.parse(fs.readFileSync(demoDirectoryFile, 'utf8')) as {
    units: Record<string, unknown>[];
    aliases: { alias: string; unit: string }[];
    people: { email: string; role: string }[];
  };
  const admin = apiAs(base, (await signIn({ issuer, email: 'admin@demo.plancycle.local', password })).accessToken, [409]);
  // Parents first: a unit names its parent by name.
  for (const unit of [...directory.units].sort((a, b) => Number('parent' in a) - Number('parent' in b)))
    await admin('POST', '/directory/units', unit);
  for (const alias of directory.aliases) await admin('POST', '/directory/unit-aliases', alias);
  for (const person of directory.people.filter((p) => p.role !== 'admin')) await admin('POST', '/directory/people', person);
  log(`demo directory: ${directory.units.length} units, ${directory.people.length} people (password ${password})`);

  const call = apiAs(base, (await signIn({ issuer, email: 'coordinator@demo.plancycle.local', password })).accessToken);
  const plans = (await call('GET', '/plans?limit=200'))['items'] as { id: string; cycleId: string; title: string }[];
  let plan = plans.find((p) => p.title === '创新提升行动实施方案');
  if (!plan) {
    const document = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'config', 'demo', 'demo-plan.json'), 'utf8'));
    const created = await call('POST', '/plans', { document });
    plan = { id: String(created['id']), cycleId: String(created['cycleId']), title: String(created['title']) };
    // A year compressed to four periods of three minutes, so every stage can be seen.
    const published = await call('POST', `/plans/${plan.id}/publish`, {
      calendar: {
        kind: 'compressed',
        periodCount: 4,
        periodSeconds: 180,
        reminderSeconds: 60,
        graceSeconds: 60,
        escalationChecks: 3,
        evaluationAfterSeconds: 120,
      },
    });
    log(`demo plan published: ${published['assignmentCount']} assignments, four periods of 3 minutes`);
    await showDecompositionProgress(call, plan.cycleId);
  } else {
    log('demo plan already there (data kept from the last run)');
  }
  log(`demo plan ${plan.id}, cycle ${plan.cycleId}`);
  log('people: coordinator@ · kgj@ (市科工局) · czj@ (市财政局) · leader@ · auditor@ · admin@ demo.plancycle.local');
  log(`try: TOKEN=$(npm run -s plancycle -- login --email kgj@demo.plancycle.local --issuer ${issuer})`);
  log(`     curl -s -H "Authorization: Bearer $TOKEN" ${base}/me/assignments`);
}

/** Follows the cycle's decomposition (one child workflow per assignment) to the end. */
async function showDecompositionProgress(
  call: (method: string, url: string) => Promise<Record<string, unknown>>,
  cycleId: string,
): Promise<void> {
  const bar = new SingleBar(
    { format: '[plancycle] decomposing {bar} {value}/{total} assignment workflows', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  for (let attempt = 0; attempt < 240; attempt++) {
    const cycle = await call('GET', `/cycles/${cycleId}`);
    const decomposition = (cycle['progress'] as { decomposition: { started: number; total: number } }).decomposition;
    if (!started && decomposition.total > 0) {
      bar.start(decomposition.total, 0);
      started = true;
    }
    if (started) bar.update(decomposition.started);
    if (decomposition.total > 0 && decomposition.started >= decomposition.total) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (started) bar.stop();
}

function log(message: string): void {
  console.log(`[plancycle] ${message}`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

void main();
