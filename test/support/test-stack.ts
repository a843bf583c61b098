import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadWorkerConfigOrThrow, type WorkerEnv } from '@plancycle/config';
import { repositoryRoot } from '@plancycle/devstack';
import { Repositories } from '@plancycle/persistence';
import { createPlancycleWorker, type PlancycleWorker } from '../../apps/worker/src/plancycle-worker';
import { createRulesPort, shippedRuleSets } from '../../apps/worker/src/rules/rules.adapter';

// Worker logs only what matters in test output; install once per test process.
const runtimeState = globalThis as { __plancycleRuntime?: boolean };
if (!runtimeState.__plancycleRuntime) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeState.__plancycleRuntime = true;
}

export interface TestStackState {
  temporalAddress: string;
  databaseUrl: string;
  bundlePath: string;
  temporalPid: number;
  /** The embedded OIDC provider's issuer (OIDC_ISSUER for the API); sign in with `signIn` from @plancycle/devstack. */
  issuer: string;
  /** The password of every directory person at that provider. */
  demoPassword: string;
}

/** What global-setup started for this run. */
export function testStack(): TestStackState {
  const file = process.env['PLANCYCLE_TEST_STACK'] ?? path.join(repositoryRoot, 'tmp', 'test-stack.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TestStackState;
}

/** A task queue of its own per test file, so workers of parallel files never mix. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}

export function workerEnv(overrides: Partial<Record<string, string>> = {}): WorkerEnv {
  const stack = testStack();
  return loadWorkerConfigOrThrow({
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_POOL_SIZE: '3',
    ...overrides,
  });
}

export async function openTestClient(address = testStack().temporalAddress): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), close: () => connection.close() };
}

export function openTestRepositories(): Repositories {
  return Repositories.open({ url: testStack().databaseUrl, poolSize: 3 });
}

/** A real worker on the test's task queue, with the workflow bundle built once per run. */
export async function startTestWorker(params: {
  taskQueue: string;
  repositories: Repositories;
  address?: string;
  /** Worker identity as Temporal records it in histories (default: pid@host). */
  identity?: string;
  /** More worker variables (SMTP_URL, NOTICES_SWEEP_INTERVAL_MS …). */
  env?: Partial<Record<string, string>>;
  /** Another bundle than the one built for the run (which has the default options). */
  workflowBundle?: { code: string };
}): Promise<PlancycleWorker & { running: Promise<void> }> {
  const env = workerEnv({
    ...params.env,
    TEMPORAL_TASK_QUEUE: params.taskQueue,
    ...(params.address ? { TEMPORAL_ADDRESS: params.address } : {}),
    ...(params.identity ? { WORKER_IDENTITY: params.identity } : {}),
  });
  const defaults = await shippedRuleSets(params.repositories.ruleSets, env.PLANCYCLE_RULES_DIR);
  await defaults.ensure();
  const worker = await createPlancycleWorker({
    env,
    repositories: params.repositories,
    rules: createRulesPort({ store: params.repositories.ruleSets, defaults }),
    workflowBundle: params.workflowBundle ?? { code: fs.readFileSync(testStack().bundlePath, 'utf8') },
  });
  const running = worker.run();
  return { ...worker, running };
}

/** Polls until `check` returns a value (not undefined/false) or the timeout passes. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** A worker in a process of its own (test/support/worker-child.ts), to be killed; resolves when it polls. */
export async function spawnWorkerChild(params: {
  taskQueue: string;
  env?: Record<string, string>;
}): Promise<{ child: ChildProcess; output: () => string; kill(): Promise<void> }> {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker-child.ts')], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      WORKER_CHILD_TASK_QUEUE: params.taskQueue,
      WORKER_CHILD_ENV: JSON.stringify(params.env ?? {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(
    async () => output.includes('worker-child ready') || (child.exitCode !== null ? Promise.reject(new Error(output)) : false),
    120_000,
    'the worker process to poll',
  );
  return {
    child,
    output: () => output,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
