import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadApiConfigOrThrow } from '@plancycle/config';
import { freePort, repositoryRoot, signIn, startIdentityProvider, type IdentityProvider } from '@plancycle/devstack';
import type { Repositories } from '@plancycle/persistence';
import { createApiApp, type ApiApp } from '../../../apps/api/src/api-app';
import { openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../../support/test-stack';

/**
 * The whole system for a browser test: the console built from apps/web (once per test run,
 * shared by every browser spec), served by a real API on real PostgreSQL and Temporal with
 * a worker of its own, an embedded OIDC provider whose console redirect URI is that API's,
 * and Debian's Chromium. People sign in through the console's and the provider's pages.
 */
export interface BrowserStack {
  base: string;
  api: ApiApp;
  repositories: Repositories;
  identity: IdentityProvider;
  browser: Browser;
  /** A new browser tab signed in as `email`; waits until the header names `expected`. */
  signInInBrowser(
    email: string,
    expected: string,
    options?: { viewport?: { width: number; height: number } },
  ): Promise<{ context: BrowserContext; page: Page }>;
  /** A call to the API as the person with `email`, signed in at the provider; throws on an error answer. */
  call(email: string, method: string, url: string, body?: unknown): Promise<Record<string, unknown>>;
  /** A screenshot into tmp/screenshots/<name>.png. */
  shoot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export const CHROMIUM = process.env['PLANCYCLE_CHROMIUM'] ?? '/usr/bin/chromium';
export const screenshotDir = path.join(repositoryRoot, 'tmp', 'screenshots');

/** The console built once per test run (the stack's run id), whichever browser spec comes first. */
function builtConsole(): string {
  const runId = String(testStack().temporalPid);
  const dir = path.join(repositoryRoot, 'tmp', `web-dist-run-${runId}`);
  const done = path.join(dir, '.built');
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (fs.existsSync(done)) return dir;
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another spec is building it: wait for its marker.
      if (Date.now() > deadline) throw new Error(`the console build in ${dir} did not finish`);
      execFileSync('sleep', ['1']);
      continue;
    }
    try {
      execFileSync(
        process.execPath,
        [
          path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'apps/web/vite.config.mts',
          '--outDir',
          dir,
          '--emptyOutDir',
          '--logLevel',
          'warn',
        ],
        { cwd: repositoryRoot, stdio: 'inherit' },
      );
      fs.writeFileSync(done, new Date().toISOString());
      return dir;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

export async function startBrowserStack(params: { name: string }): Promise<BrowserStack> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const webDir = builtConsole();
  const stack = testStack();
  const identityDir = fs.mkdtempSync(path.join(os.tmpdir(), `plancycle-${params.name}-identity-`));
  const workerRepositories = openTestRepositories();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // A provider of its own: the console's redirect URI (and CORS origin) is this API's.
  const identity = await startIdentityProvider({
    databaseUrl: stack.databaseUrl,
    dataDir: identityDir,
    demoPassword: stack.demoPassword,
    redirectUris: [`${base}/auth/callback`],
    logFile: path.join(repositoryRoot, 'tmp', 'logs', `identity-${params.name}.log`),
  });
  const taskQueue = uniqueTaskQueue(params.name);
  const api = await createApiApp(
    loadApiConfigOrThrow({
      DATABASE_URL: stack.databaseUrl,
      DATABASE_POOL_SIZE: '3',
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
      OIDC_ISSUER: identity.issuer,
      PLANCYCLE_WEB_DIR: webDir,
      PORT: String(port),
    }),
    { logger: false },
  );
  await api.app.listen(port, '127.0.0.1');
  const worker = await startTestWorker({ taskQueue, repositories: workerRepositories });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  const tokens = new Map<string, { token: string; until: number }>();
  const tokenOf = async (email: string) => {
    const cached = tokens.get(email);
    if (cached && cached.until > Date.now()) return cached.token;
    const token = (await signIn({ issuer: identity.issuer, email, password: stack.demoPassword })).accessToken;
    tokens.set(email, { token, until: Date.now() + 60_000 });
    return token;
  };

  return {
    base,
    api,
    repositories: api.repositories,
    identity,
    browser,
    async signInInBrowser(email, expected, options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${base}/inbox`);
      await page.getByRole('button', { name: '通过统一身份认证登录' }).click();
      await page.getByLabel('电子邮箱').fill(email);
      await page.getByLabel('密码').fill(stack.demoPassword);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${base}/inbox`);
      await page.getByTestId('signed-in-as').filter({ hasText: expected }).waitFor();
      return { context, page };
    },
    async call(email, method, url, body) {
      const response = await fetch(base + url, {
        method,
        headers: { authorization: `Bearer ${await tokenOf(email)}`, 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    async shoot(page, name, options = {}) {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? true });
    },
    async close() {
      await browser.close();
      await worker.shutdown();
      await api.close();
      await identity.stop();
      await workerRepositories.close();
      fs.rmSync(identityDir, { recursive: true, force: true });
    },
  };
}

/** One accessibility finding of axe-core: the rule, how bad, where. */
export interface AxeFinding {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is and returns the serious and
 * critical findings (missing labels, contrast, keyboard traps, names of controls).
 */
export async function accessibilityFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') stays as it is.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await page.evaluate(async () => {
    const page = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> }; document: unknown };
    return (await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
    };
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`),
    }));
}
