/**
 * Benchmark (not a test): the cost of a plancycle assignment over bare Temporal, in one run
 * against one Temporal dev server and one database (issue 12).
 *
 *   npx tsx scripts/benchmark-vs-bare-temporal.ts --n 200 [--db postgres|embedded|pglite] [--concurrency 20]
 *     [--only bare,floor,floor-api,plancycle] [--read-rate 100] [--read-seconds 10] [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * 1. Bare baseline: a parent workflow starts N children concurrently; each child takes an
 *    acknowledgement and a report as updates with validators; no activities, no database.
 * 2. The floor: the bare baseline with the two duties every step of plancycle has, and
 *    nothing else of plancycle. Each step is taken over HTTP by a minimal front that looks
 *    the caller's token up in the database (scripts/benchmark/floor-api.ts), and each update
 *    writes its step to PostgreSQL in a local activity (one INSERT) before it answers. No
 *    design that stores each step durably and takes it from a person over HTTP costs less,
 *    so floor ÷ bare bounds from below what any such design can reach against bare.
 *    `floor-api` (only when named in --only) moves the write out of the workflow: the front
 *    writes the step once the update has answered, and the workflow has no activity at all.
 * 3. plancycle's real path, through the HTTP API (worker and API in processes of their own,
 *    as deployed): a plan of N targets (one lead unit each) drafted and published; launch
 *    ends when every assignment workflow has loaded its context and recorded its status
 *    (ready to take a report); then acknowledge + report for each assignment.
 * 4. API reads with autocannon at a fixed rate for a bounded time: the inbox (/me/assignments),
 *    the cycle's assignment list, one assignment. p50 / p99.
 * --db: `postgres`, a scratch database on the PostgreSQL server at --postgres-url; `embedded`,
 * the embedded default (PostgreSQL 18 from npm, a temporary cluster); `pglite`, PGlite in memory.
 * The API and worker are built first (`npm run build`; `--skip-build` when dist/ is current).
 * Writes run `--concurrency` at a time in every arm. Figures go to docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client as PgClient } from 'pg';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { workerEnvSchema } from '@plancycle/config';
import { MAX_PAGE_SIZE, assignmentWorkflowId, planCycleWorkflowId } from '@plancycle/contracts';
import {
  applyMigrations,
  createScratchDatabase,
  dropScratchDatabase,
  freePort,
  repositoryRoot,
  spawnManaged,
  startEmbeddedDatabase,
  startTemporalDevServer,
  type ManagedProcess,
} from '@plancycle/devstack';
import { Repositories } from '@plancycle/persistence';
import { seedTestDirectory, testServiceToken, type TestCaller } from '../test/support/test-directory';
import {
  benchmarkPlan,
  inPool,
  loadAverage,
  log,
  logProfileMarks,
  monotonicMicroseconds,
  seconds,
  startCompiledPlancycle,
  sleep,
  waitForLog,
  waitForReadyAssignments,
} from './benchmark/shared';
import { cpuSnapshot, describeCpu, processesNamed, processTree, type CpuGroup } from './benchmark/cpu-accounting';
import { bareAcknowledgeUpdate, bareChildWorkflowId, bareReportUpdate, type bareParentWorkflow } from './benchmark/bare.workflows';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    db: { type: 'string', default: 'postgres' },
    'postgres-url': {
      type: 'string',
      default: process.env['PLANCYCLE_BENCH_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    concurrency: { type: 'string', default: '20' },
    only: { type: 'string' },
    'read-rate': { type: 'string', default: '100' },
    'read-seconds': { type: 'string', default: '10' },
    'keep-database': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    /** After the report path: wait for the period's due date and the cycle's evaluation, check it. */
    evaluate: { type: 'boolean', default: false },
    /** The one period's length; with --evaluate, long enough for launch, reports and approvals (about 2.5× launch and reports together). */
    'period-seconds': { type: 'string', default: '86400' },
    /**
     * The bare worker's workflow stack traces: on (the SDK's default, the baseline the issue
     * names) or off, as plancycle's worker runs by default (WORKER_WORKFLOW_STACK_TRACES).
     */
    'bare-stack-traces': { type: 'string', default: 'on' },
  },
});
const n = Number(options.n);
const concurrency = Number(options.concurrency);
const database = options.db === 'pglite' || options.db === 'embedded' ? options.db : 'postgres';
/** floor-api (the floor writing in its API instead of the workflow) runs only when named. */
const ARMS = ['bare', 'floor', 'floor-api', 'plancycle'] as const;
const arms = new Set((options.only ?? 'bare,floor,plancycle').split(','));
for (const arm of arms)
  if (!(ARMS as readonly string[]).includes(arm)) throw new Error(`--only: expected some of ${ARMS.join(',')}, got ${arm}`);
const runPlancycle = arms.has('plancycle');
const logDir = path.join(repositoryRoot, 'tmp', 'benchmark');
const tsxLoader = ['--import', 'tsx'];

interface Phase {
  launchMs: number;
  reportMs: number;
}

const processes: ManagedProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  if (runPlancycle && !options['skip-build']) execFileSync('npm', ['run', '-s', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  if (!['on', 'off'].includes(options['bare-stack-traces'])) throw new Error('--bare-stack-traces: expected on or off');
  // Read as the worker reads it.
  const plancycleStackTraces = workerEnvSchema.shape.WORKER_WORKFLOW_STACK_TRACES.parse(process.env['WORKER_WORKFLOW_STACK_TRACES'])
    ? 'on'
    : 'off';
  log(`N=${n}, database ${database}, ${concurrency} writes in flight, load average ${loadAverage()}`);
  log(`workflow stack traces: bare ${options['bare-stack-traces']}, plancycle ${plancycleStackTraces} (WORKER_WORKFLOW_STACK_TRACES)`);
  const temporal = await startTemporalDevServer({ uiPort: null, logFile: path.join(logDir, 'temporal.log') });
  processes.push(temporal);
  const databaseUrl = await startDatabase();
  await applyMigrations(databaseUrl);
  const connection = await Connection.connect({ address: temporal.address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection });

  const bare = arms.has('bare') ? await benchmarkBare(client, temporal) : null;
  const floor = arms.has('floor') ? await benchmarkBare(client, temporal, { databaseUrl, writesIn: 'worker' }) : null;
  const floorApi = arms.has('floor-api') ? await benchmarkBare(client, temporal, { databaseUrl, writesIn: 'api' }) : null;
  const plancycle = runPlancycle ? await benchmarkPlancycle(client, temporal, databaseUrl) : null;

  log(`load average at the end ${loadAverage()}`);
  console.log('\n| path | launch | per assignment | report path (ack + report) | per assignment |');
  console.log('|---|---|---|---|---|');
  for (const [name, phase] of [
    ['bare Temporal', bare],
    ['floor (bare + HTTP + one write a step)', floor],
    ['floor, the write in the API after the update', floorApi],
    ['plancycle', plancycle],
  ] as const) {
    if (!phase) continue;
    console.log(
      `| ${name} | ${seconds(phase.launchMs)} | ${(phase.launchMs / n).toFixed(1)} ms | ${seconds(phase.reportMs)} | ${(phase.reportMs / n).toFixed(1)} ms |`,
    );
  }
  const ratio = (over: Phase | null, under: Phase | null, name: string) => {
    if (!over || !under) return;
    console.log(
      `ratios ${name}: launch ${(over.launchMs / under.launchMs).toFixed(2)}×, report path ${(over.reportMs / under.reportMs).toFixed(2)}×`,
    );
  };
  console.log('');
  ratio(plancycle, bare, 'plancycle / bare');
  ratio(floor, bare, 'floor / bare');
  ratio(plancycle, floor, 'plancycle / floor');
  ratio(floorApi, bare, 'floor-api / bare');
}

async function startDatabase(): Promise<string> {
  if (database === 'pglite' || database === 'embedded') {
    const kind = database === 'pglite' ? 'pglite' : 'postgres';
    const embedded = await startEmbeddedDatabase({ kind, dataDir: 'temporary', logFile: path.join(logDir, `${kind}.log`) });
    processes.push(embedded);
    return embedded.url;
  }
  const adminUrl = options['postgres-url'];
  const name = `plancycle_bench_${process.pid}`;
  const url = await createScratchDatabase(adminUrl, name);
  if (!options['keep-database']) {
    cleanups.push(() => dropScratchDatabase(adminUrl, name));
  }
  return url;
}

// ── bare Temporal, and the floor ──────────────────────────────────────────────────────

/** The floor's database, and where it writes a step: in the workflow (a local activity) or in the API after the update. */
interface FloorShape {
  databaseUrl: string;
  writesIn: 'worker' | 'api';
}

/**
 * The bare baseline, or with `floor` the floor: the same workflows, every step taken over
 * HTTP through a minimal front that looks the caller's token up
 * (scripts/benchmark/floor-api.ts) and written to PostgreSQL, by the update in a local
 * activity (`writesIn: 'worker'`) or by the front once the update has answered (`'api'`).
 */
async function benchmarkBare(
  client: Client,
  temporal: ManagedProcess & { address: string },
  floor: FloorShape | null = null,
): Promise<Phase> {
  const { address } = temporal;
  const name = floor ? (floor.writesIn === 'api' ? 'floor-api' : 'floor') : 'bare';
  const taskQueue = `${name}-${process.pid}`;
  const floorEnv = floor?.writesIn === 'worker' ? { BARE_DATABASE_URL: floor.databaseUrl } : {};
  const worker = spawnManaged({
    command: process.execPath,
    args: [...tsxLoader, path.join(repositoryRoot, 'scripts', 'benchmark', 'bare-worker.ts')],
    env: {
      ...process.env,
      ...floorEnv,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      BARE_WORKFLOW_STACK_TRACES: options['bare-stack-traces'] === 'off' ? 'false' : 'true',
    },
    cwd: repositoryRoot,
    logFile: path.join(logDir, `${name}-worker.log`),
  });
  processes.push(worker);
  await waitForLog(path.join(logDir, `${name}-worker.log`), 'polling');

  const parentId = `${name}-parent-${process.pid}`;
  const unitOf = (index: number) => `unit-${index}`;
  const front = floor ? await startFloorFront(name, address, floor, n, unitOf) : null;
  const launchStart = performance.now();
  await client.workflow.execute<typeof bareParentWorkflow>('bareParentWorkflow', {
    workflowId: parentId,
    taskQueue,
    args: [{ count: n, writes: floor?.writesIn === 'worker' }],
  });
  const launchMs = performance.now() - launchStart;
  log(`${name}: ${n} children started in ${seconds(launchMs)}`);

  const cpuGroups: CpuGroup[] = [
    { name: 'Temporal server', pids: processTree(temporal.child.pid) },
    { name: `${name} worker`, pids: processTree(worker.child.pid) },
    ...(front
      ? [
          { name: 'floor API', pids: processTree(front.process.child.pid) },
          { name: 'PostgreSQL', pids: processesNamed('postgres') },
        ]
      : []),
    { name: 'this client', pids: () => [process.pid] },
  ];
  const cpuBefore = cpuSnapshot(cpuGroups);
  const reportStart = performance.now();
  await inPool(n, concurrency, async (index) => {
    const workflowId = bareChildWorkflowId(parentId, index);
    const unit = unitOf(index);
    const values = [{ indicatorId: 'i', value: index }];
    if (front) {
      const asUnit = http(front.base, front.tokens[index] as string);
      const route = `/children/${encodeURIComponent(workflowId)}`;
      await asUnit('POST', `${route}/acknowledge`, {});
      await asUnit('POST', `${route}/report`, { periodKey: 'P1', values });
      return;
    }
    const handle = client.workflow.getHandle(workflowId);
    await handle.executeUpdate(bareAcknowledgeUpdate, { args: [{ unit }] });
    await handle.executeUpdate(bareReportUpdate, { args: [{ actor: { unit }, periodKey: 'P1', values }] });
  });
  const reportMs = performance.now() - reportStart;
  log(`${name}: ${2 * n} updates in ${seconds(reportMs)}; worker peak RSS ${peakRssMb(worker)} MB`);
  log(`${name}, CPU over the report path (per assignment): ${describeCpu(cpuBefore, cpuSnapshot(cpuGroups), n)}`);
  if (floor) await checkFloorWrites(floor.databaseUrl, parentId);
  await profile(
    name,
    client.workflow.getHandle(parentId),
    Array.from({ length: n }, (_, index) => client.workflow.getHandle(bareChildWorkflowId(parentId, index))),
  );
  if (front) await stopProcess(front.process);
  await stopProcess(worker);
  return { launchMs, reportMs };
}

/** The floor's tables, one caller (a token) per child, and its HTTP front, listening. */
async function startFloorFront(
  name: string,
  address: string,
  { databaseUrl, writesIn }: FloorShape,
  count: number,
  unitOf: (index: number) => string,
): Promise<{ process: ManagedProcess; base: string; tokens: string[] }> {
  const tokens = Array.from({ length: count }, () => randomBytes(24).toString('base64url'));
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`DROP SCHEMA IF EXISTS bare_floor CASCADE; CREATE SCHEMA bare_floor;
      CREATE TABLE bare_floor.caller (token_sha256 text PRIMARY KEY, unit text NOT NULL);
      CREATE TABLE bare_floor.step (workflow_id text NOT NULL, kind text NOT NULL, body jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (workflow_id, kind))`);
    await db.query('INSERT INTO bare_floor.caller (token_sha256, unit) SELECT * FROM unnest($1::text[], $2::text[])', [
      tokens.map((token) => createHash('sha256').update(token).digest('hex')),
      tokens.map((_, index) => unitOf(index)),
    ]);
  } finally {
    await db.end();
  }
  const port = await freePort();
  const front = spawnManaged({
    command: process.execPath,
    args: [...tsxLoader, path.join(repositoryRoot, 'scripts', 'benchmark', 'floor-api.ts')],
    env: { ...process.env, TEMPORAL_ADDRESS: address, BARE_DATABASE_URL: databaseUrl, FLOOR_WRITES_IN: writesIn, PORT: String(port) },
    cwd: repositoryRoot,
    logFile: path.join(logDir, `${name}-front.log`),
  });
  processes.push(front);
  await waitForLog(path.join(logDir, `${name}-front.log`), 'listening');
  return { process: front, base: `http://127.0.0.1:${port}`, tokens };
}

/** Every step of the floor's report path is stored, once. */
async function checkFloorWrites(databaseUrl: string, parentId: string): Promise<void> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ steps: string }>('SELECT count(*) AS steps FROM bare_floor.step WHERE workflow_id LIKE $1', [
      `${parentId}-%`,
    ]);
    const steps = Number(rows[0]?.steps);
    if (steps !== 2 * n) throw new Error(`floor: expected ${2 * n} steps stored, found ${steps}`);
  } finally {
    await db.end();
  }
}

// ── plancycle through the API ─────────────────────────────────────────────────────────

async function benchmarkPlancycle(client: Client, temporal: ManagedProcess & { address: string }, databaseUrl: string): Promise<Phase> {
  const { address } = temporal;
  const taskQueue = `plancycle-bench-${process.pid}`;
  const units = Array.from({ length: Math.min(n, 50) }, (_, i) => `基准单位${String(i + 1).padStart(2, '0')}`);
  const coordinatorToken = testServiceToken();
  const unitTokens = new Map(units.map((unit) => [unit, testServiceToken()]));
  const callers: TestCaller[] = [
    { token: coordinatorToken, name: 'benchmark coordinator', role: 'coordinator', unit: null },
    ...units.map((unit) => ({ token: unitTokens.get(unit) as string, name: `benchmark ${unit}`, role: 'department' as const, unit })),
  ];
  const repositories = Repositories.open({ url: databaseUrl, poolSize: 2 });
  cleanups.push(() => repositories.close());
  await seedTestDirectory(repositories, { units, callers });

  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: String(port),
    PLANCYCLE_API_DOCS: 'off',
  };
  const { worker, api } = await startCompiledPlancycle(env, logDir);
  processes.push(worker, api);
  const base = `http://127.0.0.1:${port}`;
  const asCoordinator = http(base, coordinatorToken);

  const document = benchmarkPlan(n, units);
  const body = JSON.stringify({ document });
  log(`plancycle: plan of ${n} targets, ${(body.length / 1024).toFixed(0)} kB as JSON`);
  const plan = (await asCoordinator('POST', '/plans', { document })) as { id: string; cycleId: string };

  const launchStart = performance.now();
  await asCoordinator('POST', `/plans/${plan.id}/publish`, {
    calendar: {
      kind: 'compressed',
      periodCount: 1,
      periodSeconds: Number(options['period-seconds']),
      reminderSeconds: 0,
      graceSeconds: 3_600,
    },
  });
  const publishedMs = performance.now() - launchStart;
  await waitForReadyAssignments(databaseUrl, plan.cycleId, n);
  const launchMs = performance.now() - launchStart;
  log(`plancycle: published in ${seconds(publishedMs)}, ${n} assignments ready in ${seconds(launchMs)}`);

  const assignments = await listAll(asCoordinator, `/cycles/${plan.cycleId}/assignments`);
  if (assignments.length !== n) throw new Error(`expected ${n} assignments, found ${assignments.length}`);

  const cpuGroups: CpuGroup[] = [
    { name: 'Temporal server', pids: processTree(temporal.child.pid) },
    { name: 'worker', pids: processTree(worker.child.pid) },
    { name: 'API', pids: processTree(api.child.pid) },
    { name: 'PostgreSQL', pids: processesNamed('postgres') },
    { name: 'this client', pids: () => [process.pid] },
  ];
  const cpuBefore = cpuSnapshot(cpuGroups);
  const reportStart = performance.now();
  const reportMonotonicStart = monotonicMicroseconds();
  await inPool(n, concurrency, async (index) => {
    const assignment = assignments[index] as ListedAssignment;
    const asUnit = http(base, unitTokens.get(assignment.unit) as string);
    await resendingLost(() =>
      asUnit('POST', `/assignments/${assignment.id}/acknowledge`, { idempotencyKey: `bench-ack-${assignment.id}` }),
    );
    await resendingLost(() =>
      asUnit('POST', `/assignments/${assignment.id}/reports`, {
        periodKey: 'P1',
        idempotencyKey: `bench-${assignment.id}`,
        narrative: `${assignment.unit}一季度进展`,
        evidence: [{ title: '佐证材料', uri: 'oa://bench/evidence' }],
        values: assignment.indicators.map((indicator) => ({ indicatorId: indicator.id, value: index + 1 })),
      }),
    );
  });
  const reportMs = performance.now() - reportStart;
  logProfileMarks('plancycle report path', reportMonotonicStart);
  log(
    `plancycle: ${n} acknowledgements + ${n} reports in ${seconds(reportMs)} (${pendingWrites} answered 202 and were fetched later, ${resentWrites} lost and sent again); worker peak RSS ${peakRssMb(worker)} MB`,
  );
  log(`plancycle, CPU over the report path (per assignment): ${describeCpu(cpuBefore, cpuSnapshot(cpuGroups), n)}`);

  if (options.evaluate) {
    // Only approved reports count at year end: the coordinator approves each one first.
    const reviewStart = performance.now();
    await inPool(n, concurrency, async (index) => {
      const assignment = assignments[index] as ListedAssignment;
      await resendingLost(() =>
        asCoordinator('POST', `/assignments/${assignment.id}/reviews`, {
          periodKey: 'P1',
          decision: 'approve',
          idempotencyKey: `bench-review-${assignment.id}`,
        }),
      ).catch((error: unknown) => {
        // An assignment ends when its period closes, and the API then refuses the review (409).
        if (!String(error).includes('INVALID_STATE')) throw error;
        const spent = seconds(launchMs + reportMs + performance.now() - reviewStart);
        throw new Error(
          `the period closed before every report was approved (${options['period-seconds']} s from publication; launch, reports and approvals so far took ${spent}): run again with a longer --period-seconds`,
          { cause: error },
        );
      });
    });
    log(`plancycle: ${n} reports approved in ${seconds(performance.now() - reviewStart)}`);
    await evaluateAndCheck(asCoordinator, plan.cycleId, units.length);
  }

  await profile(
    'plancycle',
    client.workflow.getHandle(planCycleWorkflowId(plan.cycleId)),
    assignments.map((a) => client.workflow.getHandle(assignmentWorkflowId(a.id))),
  );
  await measureReads({
    base,
    cycleId: plan.cycleId,
    coordinatorToken,
    unitToken: unitTokens.get(units[0] as string) as string,
    assignments,
  });
  await stopProcess(api);
  await stopProcess(worker);
  return { launchMs, reportMs };
}

/**
 * The year-end evaluation the benchmark's cycle runs by itself once its period is due: every
 * indicator evaluated (each reported, so none missing) and every unit scored and ranked.
 */
async function evaluateAndCheck(asCoordinator: ApiCall, cycleId: string, unitCount: number): Promise<void> {
  const cycle = (await asCoordinator('GET', `/cycles/${cycleId}`)) as { calendar: { periods: { dueAt: string | number }[] } | null };
  const dueAt = Math.max(...(cycle.calendar?.periods ?? []).map((p) => new Date(p.dueAt).getTime()));
  const wait = dueAt - Date.now() + 1_000;
  if (wait > 0) {
    log(`plancycle: waiting ${seconds(wait)} for the period's due date before the evaluation`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  // The calendar evaluates the cycle by itself at its due date (evaluationAfterSeconds 0).
  const start = performance.now();
  for (;;) {
    const evaluation = (await asCoordinator('GET', `/cycles/${cycleId}/evaluation`).catch(() => null)) as {
      result: { indicators: { outcome: string }[]; units: { unit: string; rank: number }[] } | null;
      startedAt: string;
      completedAt: string | null;
    } | null;
    if (evaluation?.result && evaluation.completedAt) {
      const ranMs = new Date(evaluation.completedAt).getTime() - new Date(evaluation.startedAt).getTime();
      const { indicators, units } = evaluation.result;
      const outcomes = new Map<string, number>();
      for (const indicator of indicators) outcomes.set(indicator.outcome, (outcomes.get(indicator.outcome) ?? 0) + 1);
      log(
        `plancycle: evaluated in ${seconds(ranMs)} (found ${seconds(performance.now() - start)} after the due date): ${indicators.length} indicators ` +
          `(${[...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(', ')}), ${units.length} units ranked`,
      );
      if (indicators.length !== n) throw new Error(`expected ${n} indicators evaluated, found ${indicators.length}`);
      if (units.length !== unitCount) throw new Error(`expected ${unitCount} units scored, found ${units.length}`);
      const unmet = indicators.length - (outcomes.get('met') ?? 0);
      if (unmet > 0) throw new Error(`every reported value meets its target, but ${unmet} indicators are not met`);
      // Then the cycle closes its assignments (most have closed by themselves at the due date).
      for (;;) {
        const { phase } = (await asCoordinator('GET', `/cycles/${cycleId}`)) as { phase: string };
        if (phase === 'closed') break;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
      log(`plancycle: cycle closed ${seconds(performance.now() - start)} after the due date`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

interface ListedAssignment {
  id: string;
  unit: string;
  indicators: { id: string }[];
}

async function listAll(call: ApiCall, route: string): Promise<ListedAssignment[]> {
  const all: ListedAssignment[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${MAX_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await call('GET', route + query)) as { items: ListedAssignment[]; nextCursor: string | null };
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

// ── where the time goes (from the histories) ──────────────────────────────────────────

const EventType = temporal.api.enums.v1.EventType;

/**
 * Per child (up to 200 of them): workflow tasks and activities, the time they waited in
 * the task queue and ran; for the parent, how long it took to start every child.
 */
async function profile(name: string, parent: WorkflowHandle, children: WorkflowHandle[]): Promise<void> {
  const sample = children.slice(0, 200);
  const rows: Record<'wfts' | 'wftQueueMs' | 'wftRunMs' | 'activities' | 'activityQueueMs' | 'activityRunMs', number>[] = [];
  await inPool(sample.length, 10, async (index) => {
    const history = await (sample[index] as WorkflowHandle).fetchHistory();
    const at = new Map<number, number>();
    const row = { wfts: 0, wftQueueMs: 0, wftRunMs: 0, activities: 0, activityQueueMs: 0, activityRunMs: 0 };
    for (const event of history.events ?? []) {
      const id = Number(event.eventId);
      const time = tsToMs(event.eventTime);
      at.set(id, time);
      const type = event.eventType;
      if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        row.wftQueueMs += time - (at.get(Number(event.workflowTaskStartedEventAttributes?.scheduledEventId)) ?? time);
      } else if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        row.wfts += 1;
        row.wftRunMs += time - (at.get(Number(event.workflowTaskCompletedEventAttributes?.startedEventId)) ?? time);
      } else if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        row.activityQueueMs += time - (at.get(Number(event.activityTaskStartedEventAttributes?.scheduledEventId)) ?? time);
      } else if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        row.activities += 1;
        row.activityRunMs += time - (at.get(Number(event.activityTaskCompletedEventAttributes?.startedEventId)) ?? time);
      }
    }
    rows.push(row);
  });
  const median = (key: keyof (typeof rows)[number]) => {
    const sorted = rows.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  log(
    `${name}, per child (median of ${rows.length}): ${median('wfts')} workflow tasks (queued ${median('wftQueueMs')} ms, ran ${median('wftRunMs')} ms), ` +
      `${median('activities')} activities (queued ${median('activityQueueMs')} ms, ran ${median('activityRunMs')} ms)`,
  );
  const events = (await parent.fetchHistory()).events ?? [];
  const times = (type: number) => events.filter((e) => e.eventType === type).map((e) => tsToMs(e.eventTime));
  const started = times(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)[0] ?? 0;
  const childStarts = times(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
  const activities = times(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length;
  log(
    `${name}, parent (last run): ${childStarts.length} children started over ${seconds(Math.max(...childStarts) - Math.min(...childStarts))}, ` +
      `${activities} activities, last child ${seconds(Math.max(...childStarts) - started)} after the run began`,
  );
}

// ── API reads ─────────────────────────────────────────────────────────────────────────

async function measureReads(params: {
  base: string;
  cycleId: string;
  coordinatorToken: string;
  unitToken: string;
  assignments: ListedAssignment[];
}): Promise<void> {
  const rate = Number(options['read-rate']);
  const duration = Number(options['read-seconds']);
  const one = params.assignments[0] as ListedAssignment;
  const routes = [
    { name: 'GET /me/assignments (a department, first page)', path: '/me/assignments', token: params.unitToken },
    {
      name: 'GET /cycles/:id/assignments (coordinator, first page)',
      path: `/cycles/${params.cycleId}/assignments`,
      token: params.coordinatorToken,
    },
    { name: 'GET /assignments/:id (its department)', path: `/assignments/${one.id}`, token: params.unitToken },
  ];
  log(`API reads: ${rate} requests/s for ${duration} s each, ${n} assignments in the database`);
  for (const route of routes) {
    const result = await autocannon({
      url: params.base + route.path,
      headers: { authorization: `Bearer ${route.token}` },
      connections: 10,
      overallRate: rate,
      duration,
    });
    const errors = result.non2xx + result.errors + result.timeouts;
    console.log(
      `  ${route.name}: ${result.requests.total} requests, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms${errors ? `, ${errors} failed` : ''}`,
    );
  }
}

// ── helpers ───────────────────────────────────────────────────────────────────────────

type ApiCall = (method: string, route: string, body?: unknown) => Promise<unknown>;
/** Writes answered 202 (outcome later) and fetched from their status URL. */
let pendingWrites = 0;
/** Writes whose outcome was lost (404 on the status URL) and sent again under the same idempotency key. */
let resentWrites = 0;

class LostWrite extends Error {}

/** Sends a write again under the same idempotency key when its outcome was lost, as a client should. */
async function resendingLost(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      if (!(error instanceof LostWrite) || attempt >= 5) throw error;
      resentWrites += 1;
    }
  }
}

function http(base: string, token: string): ApiCall {
  return async (method, route, body) => {
    const response = await fetch(base + route, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status === 202) {
      // The outcome did not come back within the API's deadline: fetch it, as a client should.
      pendingWrites += 1;
      const { statusUrl } = JSON.parse(text) as { statusUrl: string };
      for (;;) {
        const poll = await fetch(base + statusUrl, { headers: { authorization: `Bearer ${token}` } });
        // The update was lost with a workflow task that timed out on an overloaded worker.
        if (poll.status === 404) throw new LostWrite(`${method} ${route}`);
        const outcome = (await poll.json()) as { status: string };
        if (outcome.status === 'completed') return outcome;
        if (outcome.status === 'failed') throw new Error(`${method} ${route}: ${JSON.stringify(outcome)}`);
        await sleep(500);
      }
    }
    if (response.status !== 200 && response.status !== 201) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  };
}

/** Peak resident memory of a process and its children (tsx runs node under it), from /proc. */
function peakRssMb(managed: ManagedProcess): string {
  const pid = String(managed.child.pid);
  let children: string[] = [];
  try {
    children = execFileSync('pgrep', ['-P', pid], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    // pgrep exits 1 when the process has no children.
  }
  const kb = [pid, ...children]
    .map((p) => {
      try {
        return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        return 0;
      }
    })
    .reduce((max, v) => Math.max(max, v), 0);
  return kb === 0 ? '?' : (kb / 1024).toFixed(0);
}

async function stopProcess(managed: ManagedProcess): Promise<void> {
  await managed.stop();
  processes.splice(processes.indexOf(managed), 1);
}

async function shutdown(): Promise<void> {
  for (const managed of processes.reverse()) await managed.stop().catch(() => undefined);
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

main()
  .then(shutdown)
  .catch(async (error: unknown) => {
    console.error(error);
    await shutdown();
    process.exit(1);
  });
