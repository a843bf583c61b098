/** Pieces the benchmarks share: the plan of N targets, waiting for assignments, small helpers. */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PlanDocument } from '@plancycle/contracts';
import { repositoryRoot, spawnManaged, waitForPort, type ManagedProcess } from '@plancycle/devstack';

/**
 * The API and worker run compiled, as deployed (`npm run build`): under tsx, Nest sees no
 * decorator metadata, so request DTOs would go unvalidated (and without their defaults).
 */
export const distLoader = ['-r', path.join(repositoryRoot, 'scripts', 'register-dist-paths.js')];
export const compiledApi = path.join(repositoryRoot, 'dist', 'apps', 'api', 'src', 'main.js');
export const compiledWorker = path.join(repositoryRoot, 'dist', 'apps', 'worker', 'src', 'main.js');

/** A plan of `n` targets in tasks of ten, each target led by one unit, one count indicator each. */
export function benchmarkPlan(n: number, units: string[]): PlanDocument {
  const year = new Date().getFullYear();
  const tasks: PlanDocument['tasks'] = [];
  for (let i = 0; i < n; i += 1) {
    const taskIndex = Math.floor(i / 10);
    if (i % 10 === 0) {
      tasks.push({
        number: String(taskIndex + 1),
        category: '基准测试',
        title: `第${taskIndex + 1}项重点任务`,
        content: null,
        leader: null,
        targets: [],
      });
    }
    tasks[taskIndex]?.targets.push({
      text: `新增入库科技型中小企业${i + 1}家以上`,
      units: { lead: [units[i % units.length] as string], cooperating: [] },
      indicators: [{ metric: '新增入库科技型中小企业', kind: 'count', comparator: 'gte', value: i + 1, unit: '家', stretch: false }],
    });
  }
  return { jurisdiction: '基准市', year, title: `基准测试计划（${n}项目标）`, goals: [], tasks };
}

/** Every one of the cycle's `n` assignments has loaded its context and recorded its first status. */
export async function waitForReadyAssignments(databaseUrl: string, cycleId: string, n: number): Promise<void> {
  const { Client: PgClient } = await import('pg');
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    let lastReport = performance.now();
    for (;;) {
      const { rows } = await db.query<{ ready: string }>(
        'SELECT count(*) AS ready FROM "Assignment" WHERE "cycleId" = $1 AND "status" IS NOT NULL',
        [cycleId],
      );
      const ready = Number(rows[0]?.ready ?? 0);
      if (ready >= n) return;
      if (performance.now() - lastReport > 10_000) {
        log(`  … ${ready}/${n} ready`);
        lastReport = performance.now();
      }
      await sleep(200);
    }
  } finally {
    await db.end();
  }
}

/** Runs `work(0..count-1)` with at most `width` in flight. */
export async function inPool(count: number, width: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await work(index);
      }
    }),
  );
}

export async function waitForLog(file: string, text: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text)) return;
    await sleep(250);
  }
  throw new Error(`"${text}" did not appear in ${file}`);
}

export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** PLANCYCLE_BENCH_NODE_ARGS: extra node flags for the processes a benchmark starts, e.g. `--cpu-prof --cpu-prof-dir=tmp/profiles`. */
export function benchNodeArgs(): string[] {
  return process.env['PLANCYCLE_BENCH_NODE_ARGS']?.split(/\s+/).filter(Boolean) ?? [];
}

export function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** The clock V8 stamps CPU profiles with (monotonic, the same in every process), in µs. */
export function monotonicMicroseconds(): bigint {
  return process.hrtime.bigint() / 1000n;
}

/** When the processes are profiled: a phase's span on the profiles' clock, for scripts/benchmark/cpu-profile-summary.ts. */
export function logProfileMarks(phase: string, startMicroseconds: bigint): void {
  if (!process.env['PLANCYCLE_BENCH_NODE_ARGS']) return;
  log(`marks, ${phase}: --from ${startMicroseconds} --to ${monotonicMicroseconds()}`);
}

/**
 * The compiled worker and API (`npm run build`) in processes of their own, as deployed,
 * logging into `logDir`; resolves when the API answers on `env.PORT` and the worker polls.
 */
export async function startCompiledPlancycle(
  env: NodeJS.ProcessEnv,
  logDir: string,
): Promise<{ worker: ManagedProcess; api: ManagedProcess }> {
  const start = (entry: string, name: string) =>
    spawnManaged({
      command: process.execPath,
      args: [...benchNodeArgs(), ...distLoader, entry],
      env,
      cwd: repositoryRoot,
      logFile: path.join(logDir, `${name}.log`),
    });
  const worker = start(compiledWorker, 'worker');
  const api = start(compiledApi, 'api');
  try {
    await waitForPort({ host: '127.0.0.1', port: Number(env['PORT']), timeoutMs: 120_000, what: 'the API', child: api.child });
    await waitForLog(path.join(logDir, 'worker.log'), 'polling');
  } catch (error) {
    await Promise.all([api.stop(), worker.stop()]);
    throw error;
  }
  return { worker, api };
}
