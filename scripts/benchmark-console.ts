/**
 * Benchmark (not a test): how fast the web console loads, and how big it is (issue 8).
 *
 *   npx tsx scripts/benchmark-console.ts [--n 1000] [--runs 3] [--skip-build]
 *     [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * 1. The production bundle (`vite build`): gzipped size of what the first page loads
 *    (index.html, its entry script, its style sheets and their static imports) and of the
 *    chunks loaded later (charts, pages).
 * 2. The whole system on a scratch database (Temporal dev server, the embedded identity
 *    provider, the compiled API serving the console, the compiled worker) with a cycle of N
 *    assignments over 50 units, published through the API.
 * 3. In Debian's Chromium, signed in through the provider's page: the inbox on a cold cache
 *    (browser cache cleared, navigation to the first row of the list), as a department clerk;
 *    the board of the N-assignment cycle on a cold cache, as the coordinator (navigation to
 *    the unit × period grid drawn). `--runs` times each; every run and the median printed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  applyMigrations,
  createScratchDatabase,
  freePort,
  repositoryRoot,
  startIdentityProvider,
  startTemporalDevServer,
  type ManagedProcess,
} from '@plancycle/devstack';
import { Repositories } from '@plancycle/persistence';
import { seedTestDirectory, testServiceToken } from '../test/support/test-directory';
import { benchmarkPlan, loadAverage, log, seconds, startCompiledPlancycle, waitForReadyAssignments } from './benchmark/shared';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'postgres-url': {
      type: 'string',
      default: process.env['PLANCYCLE_BENCH_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    'skip-build': { type: 'boolean', default: false },
    chromium: { type: 'string', default: process.env['PLANCYCLE_CHROMIUM'] ?? '/usr/bin/chromium' },
  },
});
const n = Number(options.n);
const runs = Number(options.runs);
const logDir = path.join(repositoryRoot, 'tmp', 'benchmark-console');
const webDir = path.join(repositoryRoot, 'apps', 'web', 'dist');
const password = 'benchmark-password';
const processes: ManagedProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  if (!options['skip-build']) {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
    execFileSync(
      process.execPath,
      [
        path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'apps/web/vite.config.mts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: repositoryRoot,
        stdio: 'inherit',
      },
    );
  }
  reportBundle();
  log(`N=${n}, load average ${loadAverage()}`);

  const temporal = await startTemporalDevServer({ uiPort: null, logFile: path.join(logDir, 'temporal.log') });
  processes.push(temporal);
  const databaseName = `plancycle_console_bench_${process.pid}`;
  const databaseUrl = await createScratchDatabase(options['postgres-url'], databaseName);
  cleanups.push(() => dropDatabase(databaseName));
  await applyMigrations(databaseUrl);

  const units = Array.from({ length: Math.min(n, 50) }, (_, i) => `基准单位${String(i + 1).padStart(2, '0')}`);
  const coordinatorToken = testServiceToken();
  const repositories = Repositories.open({ url: databaseUrl, poolSize: 2 });
  cleanups.push(() => repositories.close());
  await seedTestDirectory(repositories, {
    units,
    callers: [{ token: coordinatorToken, name: 'benchmark coordinator', role: 'coordinator', unit: null }],
  });
  const seed = { id: 'benchmark:seed', role: 'system' as const, name: 'benchmark seed' };
  await repositories.directory.createPerson(seed, { name: '基准协调员', email: 'coordinator@bench.plancycle.local', role: 'coordinator' });
  await repositories.directory.createPerson(seed, {
    name: '基准科员',
    email: 'clerk@bench.plancycle.local',
    role: 'department',
    unit: units[0] as string,
  });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const identityDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-bench-identity-'));
  cleanups.push(async () => fs.rmSync(identityDir, { recursive: true, force: true }));
  const identity = await startIdentityProvider({
    databaseUrl,
    dataDir: identityDir,
    demoPassword: password,
    redirectUris: [`${base}/auth/callback`],
    logFile: path.join(logDir, 'identity.log'),
  });
  cleanups.push(() => identity.stop());

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `console-bench-${process.pid}`,
    PORT: String(port),
    OIDC_ISSUER: identity.issuer,
    PLANCYCLE_WEB_DIR: webDir,
  };
  const { worker, api } = await startCompiledPlancycle(env, logDir);
  processes.push(worker, api);

  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(base + route, {
      method,
      headers: { authorization: `Bearer ${coordinatorToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const plan = await call('POST', '/plans', { document: benchmarkPlan(n, units) });
  const cycleId = String(plan['cycleId']);
  const started = performance.now();
  await call('POST', `/plans/${String(plan['id'])}/publish`, {
    calendar: { kind: 'compressed', periodCount: 4, periodSeconds: 86_400, reminderSeconds: 0, graceSeconds: 3_600 },
  });
  await waitForReadyAssignments(databaseUrl, cycleId, n);
  log(`cycle of ${n} assignments ready in ${seconds(performance.now() - started)}`);

  const browser = await chromium.launch({
    executablePath: options.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  cleanups.push(() => browser.close());

  const clerk = await signedIn(browser, base, 'clerk@bench.plancycle.local', '基准科员');
  const inbox = await timeColdLoads(clerk, `${base}/inbox`, async (page) => {
    await page
      .getByRole('link', { name: /新增入库科技型中小企业/ })
      .first()
      .waitFor();
  });
  const coordinator = await signedIn(browser, base, 'coordinator@bench.plancycle.local', '基准协调员');
  const board = await timeColdLoads(coordinator, `${base}/cycle-board/${cycleId}`, async (page) => {
    await page
      .getByTestId('board-grid')
      .getByText(units[units.length - 1] as string)
      .first()
      .waitFor();
  });

  log(`load average at the end ${loadAverage()}`);
  console.log(`\n| page (cold cache) | runs | median | each |`);
  console.log('|---|---|---|---|');
  console.log(
    `| inbox (department, ${Math.ceil(n / units.length)} assignments) | ${runs} | ${ms(median(inbox))} | ${inbox.map(ms).join(', ')} |`,
  );
  console.log(
    `| cycle board (coordinator, ${n} assignments, ${units.length} units × 4 periods) | ${runs} | ${ms(median(board))} | ${board.map(ms).join(', ')} |`,
  );
}

/** A browser context signed in as `email` through the console's and the provider's login pages. */
async function signedIn(browser: Browser, base: string, email: string, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${base}/inbox`);
  await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/inbox`);
  await page.getByTestId('signed-in-as').filter({ hasText: name }).waitFor();
  return { context, page };
}

/** Navigation to `url` until `ready`, with the browser's cache cleared before each run. */
async function timeColdLoads(
  session: { context: BrowserContext; page: Page },
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<number[]> {
  const cdp = await session.context.newCDPSession(session.page);
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    await session.page.goto('about:blank');
    await cdp.send('Network.clearBrowserCache');
    const start = performance.now();
    await session.page.goto(url);
    await ready(session.page);
    times.push(performance.now() - start);
  }
  await session.page.screenshot({ path: path.join(logDir, `${new URL(url).pathname.split('/')[1] ?? 'page'}.png`) });
  return times;
}

/** What the first page loads (entry script, style sheets, their static imports) and the rest, gzipped. */
function reportBundle(): void {
  const html = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1] as string);
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(webDir, file))).length;
  const assets = fs.readdirSync(path.join(webDir, 'assets')).map((f) => `assets/${f}`);
  const firstPage = new Set(['index.html', ...referenced]);
  const firstBytes = [...firstPage].reduce((sum, file) => sum + gz(file), 0);
  const later = assets.filter((a) => !firstPage.has(a) && /\.(js|css)$/.test(a));
  const laterBytes = later.reduce((sum, file) => sum + gz(file), 0);
  console.log('\n| bundle (gzip) | files | size |');
  console.log('|---|---|---|');
  console.log(`| first page (index.html, entry, styles, modulepreloads) | ${firstPage.size} | ${kb(firstBytes)} |`);
  console.log(`| loaded later (lazy pages, charts) | ${later.length} | ${kb(laterBytes)} |`);
  for (const file of later.sort((a, b) => gz(b) - gz(a)).slice(0, 3)) console.log(`|   ${file} | 1 | ${kb(gz(file))} |`);
  console.log('');
}

async function dropDatabase(name: string): Promise<void> {
  const { Client: PgClient } = await import('pg');
  const admin = new PgClient({ connectionString: options['postgres-url'] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

async function shutdown(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  for (const managed of processes.reverse()) await managed.stop().catch(() => undefined);
}

main()
  .then(shutdown)
  .catch(async (error: unknown) => {
    console.error(error);
    await shutdown();
    process.exit(1);
  });
