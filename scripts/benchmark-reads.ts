/**
 * Benchmark (not a test): API reads with a large cycle in the database (issue 12's aim: p99
 * under 100 ms at 100 requests/s with 10,000 assignments).
 *
 *   npx tsx scripts/benchmark-reads.ts [--n 10000] [--units 50] [--rate 100] [--seconds 10] [--warmup 3]
 *     [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres] [--skip-build] [--keep-database]
 *     [--baseline-dir ../other-checkout] [--api-processes 1]
 *
 * 1. A scratch database on the PostgreSQL server (dropped at the end), the committed migrations.
 * 2. A cycle of N assignments written directly, without Temporal: the plan drafted with the
 *    plan repository (tasks of ten targets, one to three indicators each, a lead and a
 *    cooperating unit per target, `--units` units), published with the cycle repository's
 *    `publishOnce` and the domain's decomposition and quarterly calendar (the plan's year is
 *    this year, so Q1–Q3 are past due and Q4 is open), then, per assignment, the status a
 *    running assignment workflow would have recorded (acknowledged or not; each past quarter
 *    approved, waiting for review, returned or missed; some escalated) through the assignment
 *    repository's `recordStatus`, and the reports (with values and reviews) behind those
 *    statuses in batched SQL.
 * 3. The API, built and run as deployed (`npm run build`; `--skip-build` when dist/ is current),
 *    in a process of its own (`--api-processes N`: N processes on its port, PLANCYCLE_API_PROCESSES),
 *    with no Temporal server (these reads do not need one); callers
 *    are service tokens (a department clerk of one unit, a coordinator).
 * 4. autocannon at a fixed rate for a bounded time per route, after a warm-up of every route
 *    at the same rate: the inbox (`/me/assignments`, the clerk), the cycle's list (coordinator, the first
 *    page and one in the middle), one assignment (the clerk's). p50 / p90 / p99 / max and the
 *    rate achieved, and the API process's CPU time per request (from /proc: what the machine's
 *    load does not change much). `--baseline-dir` runs a second API, built in another checkout
 *    (e.g. a worktree of the commit before a change), against the same database: the two
 *    take turns on each route.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { MAX_PAGE_SIZE, calendarSpecSchema, type AssignmentStatus, type PeriodState, type PlanDocument } from '@plancycle/contracts';
import { decomposePlan, holidayCalendarFor, quarterlyYear, resolveReportingCalendar } from '@plancycle/domain';
import {
  applyMigrations,
  createScratchDatabase,
  freePort,
  repositoryRoot,
  spawnManaged,
  waitForPort,
  type ManagedProcess,
} from '@plancycle/devstack';
import { Repositories } from '@plancycle/persistence';
import { seedTestDirectory, testServiceToken, type TestCaller } from '../test/support/test-directory';
import { cpuSnapshot, describeCpu, processesNamed, processTree, type CpuGroup } from './benchmark/cpu-accounting';
import { benchNodeArgs, inPool, loadAverage, log, logProfileMarks, monotonicMicroseconds, seconds, sleep } from './benchmark/shared';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    units: { type: 'string', default: '50' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'postgres-url': {
      type: 'string',
      default: process.env['PLANCYCLE_BENCH_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
    'baseline-dir': { type: 'string' },
    'keep-database': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'api-processes': { type: 'string', default: '1' },
  },
});
const n = Number(options.n);
const unitCount = Number(options.units);
const rate = Number(options.rate);
const duration = Number(options.seconds);
const warmup = Number(options.warmup);
const logDir = path.join(repositoryRoot, 'tmp', 'benchmark-reads');
const AIM_P99_MS = 100;

const processes: ManagedProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });
  if (!options['skip-build']) execFileSync('npm', ['run', '-s', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  log(`N=${n} assignments over ${unitCount} units, ${options['api-processes']} API process(es), load average ${loadAverage()}`);
  const databaseUrl = await scratchDatabase();
  await applyMigrations(databaseUrl);
  const repositories = Repositories.open({ url: databaseUrl, poolSize: 8 });
  cleanups.push(() => repositories.close());

  const seedStart = performance.now();
  const seeded = await seedCycle(repositories, databaseUrl);
  log(`seeded in ${seconds(performance.now() - seedStart)}: ${seeded.summary}`);

  const apis = [await startApi('this checkout', repositoryRoot, databaseUrl)];
  if (options['baseline-dir']) apis.push(await startApi('baseline', path.resolve(options['baseline-dir']), databaseUrl));

  const half = Math.floor(n / 2);
  const routesOf = async (base: string) => [
    { name: 'GET /me/assignments (department clerk, first page)', path: '/me/assignments', token: seeded.clerkToken },
    {
      name: 'GET /cycles/:id/assignments (coordinator, first page)',
      path: `/cycles/${seeded.cycleId}/assignments`,
      token: seeded.coordinatorToken,
    },
    {
      name: `GET /cycles/:id/assignments (coordinator, page at ${half})`,
      // Each API's own cursor: the baseline's may be of another kind.
      path: `/cycles/${seeded.cycleId}/assignments?cursor=${encodeURIComponent(
        await cursorAt(base, seeded.coordinatorToken, `/cycles/${seeded.cycleId}/assignments`, half),
      )}`,
      token: seeded.coordinatorToken,
    },
    { name: 'GET /assignments/:id (department clerk)', path: `/assignments/${seeded.clerkAssignmentId}`, token: seeded.clerkToken },
  ];
  const targets = await Promise.all(apis.map(async (api) => ({ api, routes: await routesOf(api.base) })));
  log(`API reads: ${rate} requests/s for ${duration} s each, after ${warmup} s of warm-up each, 10 connections`);
  // Every route warmed first (a running API has compiled its hot paths), then each measured;
  // with a baseline, the two APIs take turns on each route, so both see the same machine.
  for (const { api, routes } of targets) {
    for (const route of routes) {
      const url = api.base + route.path;
      const headers = { authorization: `Bearer ${route.token}` };
      const check = await fetch(url, { headers });
      if (check.status !== 200) throw new Error(`${api.name}, ${route.name}: ${check.status} ${(await check.text()).slice(0, 300)}`);
      if (warmup > 0) await autocannon({ url, headers, connections: 10, overallRate: rate, duration: warmup });
    }
  }
  const rows: string[] = [];
  const routeCount = targets[0]?.routes.length ?? 0;
  for (let index = 0; index < routeCount; index += 1) {
    // Who goes first alternates from route to route, and each run starts after a pause: neither
    // API measures in the wake of the other's load.
    for (const { api, routes } of index % 2 === 0 ? targets : [...targets].reverse()) {
      await sleep(2_000);
      const route = routes[index] as (typeof routes)[number];
      const url = api.base + route.path;
      const headers = { authorization: `Bearer ${route.token}` };
      const before = loadAverage();
      const cpuBefore = cpuSnapshot(cpuGroups(api.pid));
      const startMicroseconds = monotonicMicroseconds();
      const result = await autocannon({ url, headers, connections: 10, overallRate: rate, duration });
      logProfileMarks(`${route.name}, ${api.name}`, startMicroseconds);
      const cpuAfter = cpuSnapshot(cpuGroups(api.pid));
      const requests = Math.max(1, result.requests.total);
      const cpuPerRequest = (((cpuAfter.groups.get('API') ?? 0) - (cpuBefore.groups.get('API') ?? 0)) * 1000) / requests;
      const everyPart = describeCpu(cpuBefore, cpuAfter, requests);
      const failed = result.non2xx + result.errors + result.timeouts;
      const achieved = result.requests.total / duration;
      const l = result.latency;
      const name = apis.length > 1 ? `${route.name}, ${api.name}` : route.name;
      rows.push(
        `| ${name} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${achieved.toFixed(1)} | ${cpuPerRequest.toFixed(1)} | ${failed} | ${l.p99 < AIM_P99_MS ? 'yes' : 'no'} | ${before.split(' ')[0]} |`,
      );
      log(
        `${name}: p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms, ${achieved.toFixed(1)} req/s, API CPU ${cpuPerRequest.toFixed(1)} ms/request, ${failed} failed; CPU per request: ${everyPart}`,
      );
    }
  }
  log(`load average at the end ${loadAverage()}`);
  console.log(`\nN = ${n}, ${rate} requests/s for ${duration} s each (aim: p99 < ${AIM_P99_MS} ms)\n`);
  console.log('| route | p50 ms | p90 ms | p99 ms | max ms | req/s | API CPU ms/req | failed | p99 < 100 ms | load (1 min) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

/** The compiled API of a checkout (`dir`, with its dist/ built) in a process of its own, without Temporal. */
async function startApi(name: string, dir: string, databaseUrl: string): Promise<{ name: string; base: string; pid: number }> {
  const port = await freePort();
  const api = spawnManaged({
    command: process.execPath,
    args: [
      ...benchNodeArgs(),
      '-r',
      path.join(dir, 'scripts', 'register-dist-paths.js'),
      path.join(dir, 'dist', 'apps', 'api', 'src', 'main.js'),
    ],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      // Nothing listens there: the API connects to Temporal lazily, and these reads never ask it.
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      PORT: String(port),
      HOST: '127.0.0.1',
      PLANCYCLE_API_DOCS: 'off',
      PLANCYCLE_API_PROCESSES: options['api-processes'],
    },
    cwd: dir,
    logFile: path.join(logDir, `api-${name.replace(/\W+/g, '-')}.log`),
  });
  processes.push(api);
  await waitForPort({ host: '127.0.0.1', port, timeoutMs: 120_000, what: `the API (${name})`, child: api.child });
  return { name, base: `http://127.0.0.1:${port}`, pid: api.child.pid as number };
}

/** CPU time (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
/** What the machine's CPU goes to while a route is read: the API, PostgreSQL and this process (autocannon). */
function cpuGroups(apiPid: number): CpuGroup[] {
  return [
    { name: 'API', pids: processTree(apiPid) },
    { name: 'PostgreSQL', pids: processesNamed('postgres') },
    { name: 'load generator', pids: () => [process.pid] },
  ];
}

/** Follows nextCursor (pages of MAX_PAGE_SIZE) to the page that starts at `position`; returns its cursor. */
async function cursorAt(base: string, token: string, route: string, position: number): Promise<string> {
  let cursor: string | null = null;
  let at = 0;
  while (at < position) {
    const limit = Math.min(MAX_PAGE_SIZE, position - at);
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(base + route + query, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${route}: ${response.status}`);
    const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    if (!page.nextCursor) throw new Error(`${route} ended after ${at + page.items.length} items`);
    cursor = page.nextCursor;
    at += page.items.length;
  }
  return cursor as string;
}

// ── the cycle ─────────────────────────────────────────────────────────────────────────

interface Seeded {
  cycleId: string;
  coordinatorToken: string;
  clerkToken: string;
  clerkAssignmentId: string;
  summary: string;
}

/** A plan of ⌈N/2⌉ targets, each with a lead and a cooperating unit: N assignments (one fewer when N is odd). */
function readsPlan(units: string[]): PlanDocument {
  const year = new Date().getFullYear();
  const tasks: PlanDocument['tasks'] = [];
  const targetCount = Math.ceil(n / 2);
  for (let i = 0; i < targetCount; i += 1) {
    const taskIndex = Math.floor(i / 10);
    if (i % 10 === 0) {
      tasks.push({
        number: String(taskIndex + 1),
        category: ['科技创新平台', '企业创新主体', '成果转化', '人才引育'][taskIndex % 4] as string,
        title: `第${taskIndex + 1}项重点任务：推进科技创新体系建设`,
        content: '围绕主导产业，加快关键核心技术攻关，提升企业技术创新能力。',
        leader: `责任领导${(taskIndex % 12) + 1}`,
        targets: [],
      });
    }
    const lead = units[i % units.length] as string;
    const cooperating = units[(i * 7 + 3) % units.length] as string;
    const indicators: PlanDocument['tasks'][number]['targets'][number]['indicators'] = [
      { metric: '新增入库科技型中小企业', kind: 'count', comparator: 'gte', value: 10 + (i % 40), unit: '家', stretch: false },
    ];
    if (i % 2 === 0)
      indicators.push({ metric: '研发投入增长', kind: 'growth', comparator: 'gte', value: 5 + (i % 10), unit: '%', stretch: i % 10 === 0 });
    if (i % 5 === 0) indicators.push({ metric: '完成平台认定', kind: 'milestone', comparator: 'done', value: null, unit: null });
    tasks[taskIndex]?.targets.push({
      text: `第${i + 1}项目标：新增入库科技型中小企业${10 + (i % 40)}家以上，研发投入持续增长`,
      units: { lead: [lead], cooperating: cooperating === lead ? [] : [cooperating] },
      indicators,
    });
  }
  return { jurisdiction: '基准市', year, title: `基准读取计划（${n}项分工）`, goals: [], tasks };
}

async function seedCycle(repositories: Repositories, databaseUrl: string): Promise<Seeded> {
  const units = Array.from({ length: unitCount }, (_, i) => `基准单位${String(i + 1).padStart(2, '0')}`);
  const coordinatorToken = testServiceToken();
  const clerkToken = testServiceToken();
  const callers: TestCaller[] = [
    { token: coordinatorToken, name: 'benchmark coordinator', role: 'coordinator', unit: null },
    { token: clerkToken, name: `benchmark clerk of ${units[0]}`, role: 'department', unit: units[0] as string },
  ];
  await seedTestDirectory(repositories, { units, callers });
  const actor = { id: 'bench:seed', role: 'coordinator' as const, name: 'benchmark seed' };

  const document = readsPlan(units);
  const calendarSpec = calendarSpecSchema.parse({ kind: 'quarterly' });
  const plan = await repositories.plans.createDraft({ document, calendarSpec, actor });
  const publishedAt = Date.UTC(plan.year ?? new Date().getFullYear(), 0, 20);
  const year = quarterlyYear({ publishedAt, planYear: plan.year });
  const holidays = holidayCalendarFor({ years: [year, year + 1], overrides: [] });
  const calendar = resolveReportingCalendar({ spec: calendarSpec, publishedAt, planYear: plan.year, holidays });
  const published = await repositories.cycles.publishOnce({
    cycleId: plan.cycleId,
    actor: { id: actor.id, role: 'coordinator', unit: null },
    calendar,
    ruleSets: [],
    holidayCalendar: holidays,
    publishedAt,
    assignments: decomposePlan(plan),
  });
  await repositories.cycles.recordProgress({
    cycleId: plan.cycleId,
    phase: 'reporting',
    childrenStarted: published.length,
    childrenTotal: published.length,
    closePlan: false,
  });

  // What each running assignment workflow would have recorded by now, and the reports behind it.
  const indicatorsOf = new Map(
    [...plan.goals, ...plan.tasks.flatMap((t) => t.targets)].map((target) => [target.id, target.indicators.map((i) => i.id)]),
  );
  const now = Date.now();
  const reports: ReportRow[] = [];
  const statuses: AssignmentStatus[] = published.map((assignment, index) => {
    const { status, reportsOf } = simulatedStatus({
      assignmentId: assignment.assignmentId,
      cycleId: plan.cycleId,
      unit: assignment.unit,
      role: assignment.role,
      index,
      now,
      periods: calendar.periods,
    });
    for (const report of reportsOf) reports.push({ ...report, indicatorIds: indicatorsOf.get(assignment.targetId) ?? [] });
    return status;
  });
  await insertReports(databaseUrl, reports, statuses);
  await inPool(statuses.length, 8, async (index) => repositories.assignments.recordStatus(statuses[index] as AssignmentStatus));
  // A database in its steady state: autovacuum would otherwise run over the rewritten rows during the first measurement.
  await vacuumAnalyze(databaseUrl);

  const clerkAssignment = published.find((a) => a.unit === units[0]);
  if (!clerkAssignment) throw new Error(`no assignment of ${units[0]}`);
  const byPhase = new Map<string, number>();
  for (const s of statuses) byPhase.set(s.phase, (byPhase.get(s.phase) ?? 0) + 1);
  return {
    cycleId: plan.cycleId,
    coordinatorToken,
    clerkToken,
    clerkAssignmentId: clerkAssignment.assignmentId,
    summary:
      `${published.length} assignments (${[...byPhase].map(([k, v]) => `${v} ${k}`).join(', ')}), ${plan.tasks.length} tasks, ` +
      `${indicatorsOf.size} targets, ${[...indicatorsOf.values()].reduce((a, b) => a + b.length, 0)} indicators, ${reports.length} reports, ` +
      `${units.length} units (${Math.round(published.length / units.length)} assignments each)`,
  };
}

interface ReportRow {
  assignmentId: string;
  periodKey: string;
  version: number;
  outcome: 'approved' | 'returned' | 'submitted';
  submittedAt: number;
  reviewedAt: number | null;
  indicatorIds?: string[];
  id: string;
}

/**
 * The status an assignment workflow would have recorded by `now`, deterministic in `index`:
 * 10 % never acknowledged; each past period approved (most), waiting for review, returned
 * and resubmitted or not, or missed; 3 % escalated. The reports it implies are returned too.
 */
function simulatedStatus(params: {
  assignmentId: string;
  cycleId: string;
  unit: string;
  role: AssignmentStatus['role'];
  index: number;
  now: number;
  periods: { key: string; label: string; opensAt: number; dueAt: number; closesAt: number }[];
}): { status: AssignmentStatus; reportsOf: ReportRow[] } {
  const { index, now } = params;
  const acknowledged = index % 10 !== 0;
  const reportsOf: ReportRow[] = [];
  const periods: PeriodState[] = params.periods.map((definition, p) => {
    const period: PeriodState = {
      key: definition.key,
      label: definition.label,
      dueAt: definition.dueAt,
      closesAt: definition.closesAt,
      status: definition.opensAt <= now ? 'open' : 'not_open',
      deadlineAt: definition.dueAt,
      overdue: false,
      reminderSentAt: definition.dueAt - 3 * 86_400_000 <= now ? definition.dueAt - 3 * 86_400_000 : null,
      reminderOutcome: definition.dueAt - 3 * 86_400_000 <= now ? 'sent' : null,
      submissions: 0,
      currentReportId: null,
      lastReturnComment: null,
      escalationLevel: null,
    };
    if (definition.dueAt > now || !acknowledged) {
      if (definition.dueAt <= now) {
        period.status = 'missed';
        period.overdue = true;
      }
      return period;
    }
    const roll = (index * 31 + p * 17) % 100;
    const submittedAt = definition.dueAt - 5 * 86_400_000;
    const report = (version: number, outcome: ReportRow['outcome'], at: number): ReportRow => {
      const row = {
        id: randomUUID(),
        assignmentId: params.assignmentId,
        periodKey: definition.key,
        version,
        outcome,
        submittedAt: at,
        reviewedAt: outcome === 'submitted' ? null : at + 2 * 86_400_000,
      };
      reportsOf.push(row);
      return row;
    };
    if (roll < 80) {
      period.status = 'approved';
      period.currentReportId = report(1, 'approved', submittedAt).id;
      period.submissions = 1;
    } else if (roll < 88) {
      period.status = 'submitted';
      period.currentReportId = report(1, 'submitted', submittedAt).id;
      period.submissions = 1;
    } else if (roll < 94) {
      const returned = report(1, 'returned', submittedAt);
      period.lastReturnComment = '数据口径与统计部门不一致，请核实后重新报送';
      period.submissions = 2;
      if (roll < 91) {
        period.status = 'approved';
        period.currentReportId = report(2, 'approved', submittedAt + 4 * 86_400_000).id;
      } else {
        period.status = 'returned';
        period.currentReportId = returned.id;
        period.submissions = 1;
        period.overdue = true;
      }
    } else {
      period.status = 'missed';
      period.overdue = true;
    }
    return period;
  });
  const escalationLevel = index % 33 === 0 ? (['reminder', 'supervision', 'interview'] as const)[index % 3] : null;
  const escalated = periods.find((p) => p.overdue);
  if (escalationLevel && escalated) escalated.escalationLevel = escalationLevel;
  const status: AssignmentStatus = {
    assignmentId: params.assignmentId,
    cycleId: params.cycleId,
    unit: params.unit,
    role: params.role,
    phase: acknowledged ? 'active' : 'awaiting_acknowledgement',
    acknowledgedAt: acknowledged ? (params.periods[0]?.opensAt ?? now) + 86_400_000 : null,
    escalationLevel: escalationLevel && escalated ? escalationLevel : null,
    periods,
  };
  return { status, reportsOf };
}

/** Reports, their values and reviews, and acknowledgements, in a few batched statements (unnest of arrays). */
async function insertReports(databaseUrl: string, reports: ReportRow[], statuses: AssignmentStatus[]): Promise<void> {
  const { Client: PgClient } = await import('pg');
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const batch = 5_000;
    for (let i = 0; i < reports.length; i += batch) {
      const slice = reports.slice(i, i + batch);
      await db.query(
        `INSERT INTO "Report" ("id", "assignmentId", "periodKey", "version", "idempotencyKey", "status", "narrative", "evidence", "submittedBy", "submittedAt")
         SELECT id, a, p, v, k, s::"ReportStatus", '本季度按计划推进，完成阶段性目标。', '[{"title":"佐证材料","uri":"oa://bench/evidence"}]'::jsonb, 'bench:clerk', t
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::timestamptz[]) AS x(id, a, p, v, k, s, t)`,
        [
          slice.map((r) => r.id),
          slice.map((r) => r.assignmentId),
          slice.map((r) => r.periodKey),
          slice.map((r) => r.version),
          slice.map((r) => `bench-${r.id}`),
          slice.map((r) => r.outcome),
          slice.map((r) => new Date(r.submittedAt).toISOString()),
        ],
      );
      const values = slice.flatMap((r) => (r.indicatorIds ?? []).map((indicatorId, k) => ({ reportId: r.id, indicatorId, k })));
      await db.query(
        `INSERT INTO "ReportValue" ("reportId", "indicatorId", "value", "done")
         SELECT r, i, CASE WHEN k = 2 THEN NULL ELSE v END, CASE WHEN k = 2 THEN true ELSE NULL END
         FROM unnest($1::text[], $2::text[], $3::int[], $4::float8[]) AS x(r, i, k, v)`,
        [values.map((v) => v.reportId), values.map((v) => v.indicatorId), values.map((v) => v.k), values.map((v, j) => 5 + (j % 50))],
      );
      const reviewed = slice.filter((r) => r.reviewedAt !== null);
      await db.query(
        `INSERT INTO "Review" ("id", "reportId", "decision", "comment", "reviewedBy", "reviewedAt")
         SELECT gen_random_uuid()::text, r, d, c, 'bench:coordinator', t
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(r, d, c, t)`,
        [
          reviewed.map((r) => r.id),
          reviewed.map((r) => (r.outcome === 'approved' ? 'approve' : 'return')),
          reviewed.map((r) => (r.outcome === 'approved' ? null : '数据口径与统计部门不一致，请核实后重新报送')),
          reviewed.map((r) => new Date(r.reviewedAt as number).toISOString()),
        ],
      );
    }
    const acknowledged = statuses.filter((s) => s.acknowledgedAt !== null);
    await db.query(
      `UPDATE "Assignment" a SET "acknowledgedAt" = x.t, "acknowledgedBy" = 'bench:clerk'
       FROM unnest($1::text[], $2::timestamptz[]) AS x(id, t) WHERE a."id" = x.id`,
      [acknowledged.map((s) => s.assignmentId), acknowledged.map((s) => new Date(s.acknowledgedAt as number).toISOString())],
    );
  } finally {
    await db.end();
  }
}

async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  const { Client: PgClient } = await import('pg');
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('VACUUM ANALYZE');
  } finally {
    await db.end();
  }
}

async function scratchDatabase(): Promise<string> {
  const adminUrl = options['postgres-url'];
  const name = `plancycle_reads_${process.pid}`;
  const url = await createScratchDatabase(adminUrl, name);
  if (!options['keep-database']) {
    cleanups.push(async () => {
      const { Client: PgClient } = await import('pg');
      const admin = new PgClient({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
  } else log(`database kept: ${url}`);
  return url;
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
