/**
 * Benchmark (not a test): how long a coordinator waits for a what-if simulation (issue 9:
 * 1,000 assignments × 4 periods in under 2 s).
 *
 *   npx tsx scripts/benchmark-simulation.ts [--n 1000] [--periods 4] [--runs 5]
 *     [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * 1. A scratch database with the API in-process (listening on a port; the simulation does not
 *    touch Temporal, so none is started), a coordinator's service token and 50 units.
 * 2. A plan of N targets posted through the API and published straight through the repository
 *    (the decomposition the publish activity does), so the cycle has N assignment rows.
 * 3. The decisions a year of that cycle records, made by the shipped rule sets on varied facts
 *    and appended to the cycle's audit chain as the worker does: per assignment and period one
 *    trajectory decision, and for the late ones (about one in three) escalation checks at grace
 *    units 0, 1 and 2 with the overdue periods counted up.
 * 4. A draft of the escalation ladder with 督办 raised to two grace units, then POST …/simulate
 *    over HTTP `--runs` times: every run's wall time, the median, and the ratio to the 2 s aim.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadApiConfigOrThrow } from '@plancycle/config';
import type { EscalationFacts } from '@plancycle/contracts';
import { applyMigrations, createScratchDatabase, freePort } from '@plancycle/devstack';
import { decomposePlan, resolveReportingCalendar } from '@plancycle/domain';
import type { NewDecision } from '@plancycle/persistence';
import { RuleSetRegistry, assessTrajectory, decideEscalation } from '@plancycle/rules';
import { createApiApp } from '../apps/api/src/api-app';
import { seedTestDirectory, testServiceToken } from '../test/support/test-directory';
import { benchmarkPlan, loadAverage, log, seconds } from './benchmark/shared';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    periods: { type: 'string', default: '4' },
    runs: { type: 'string', default: '5' },
    'postgres-url': {
      type: 'string',
      default: process.env['PLANCYCLE_BENCH_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const n = Number(options.n);
const periodCount = Number(options.periods);
const runs = Number(options.runs);
const AIM_MS = 2_000;

async function main(): Promise<void> {
  log(`N=${n} assignments × ${periodCount} periods, ${os.cpus().length} cores, load average ${loadAverage()}`);
  const databaseName = `plancycle_simulation_bench_${process.pid}`;
  const databaseUrl = await createScratchDatabase(options['postgres-url'], databaseName);
  const cleanups: (() => Promise<void>)[] = [() => dropDatabase(databaseName)];
  try {
    await applyMigrations(databaseUrl);
    const api = await createApiApp(
      loadApiConfigOrThrow({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '4', TEMPORAL_ADDRESS: '127.0.0.1:1' }),
      process.env['BENCH_API_LOG'] === '1' ? {} : { logger: false },
    );
    cleanups.unshift(() => api.close());
    const units = Array.from({ length: Math.min(n, 50) }, (_, i) => `基准单位${String(i + 1).padStart(2, '0')}`);
    const token = testServiceToken();
    await seedTestDirectory(api.repositories, {
      units,
      callers: [{ token, name: 'benchmark coordinator', role: 'coordinator', unit: null }],
    });
    const port = await freePort();
    await api.app.listen(port, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(base + route, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${(await response.text()).slice(0, 300)}`);
      return (await response.json()) as Record<string, unknown>;
    };

    // The cycle: posted through the API, published as the publish activity does.
    const plan = await call('POST', '/plans', { document: benchmarkPlan(n, units) });
    const cycleId = String(plan['cycleId']);
    await call('GET', '/rule-sets'); // stores the shipped defaults
    const repos = api.repositories;
    const stored = await repos.plans.findPlanOrThrow(String(plan['id']));
    const publishedAt = Date.now();
    const calendar = resolveReportingCalendar({
      spec: {
        kind: 'compressed',
        periodCount,
        periodSeconds: 86_400,
        reminderSeconds: 3_600,
        graceSeconds: 3_600,
        escalationChecks: 3,
        evaluationAfterSeconds: 86_400,
      },
      publishedAt,
      planYear: stored.year,
    });
    const pins = await repos.ruleSets.latestPublishedPins();
    const assignments = await repos.cycles.publishOnce({
      cycleId,
      actor: { id: 'benchmark', role: 'coordinator', unit: null },
      calendar,
      ruleSets: pins,
      publishedAt,
      assignments: decomposePlan(stored),
    });

    // A year of recorded decisions, made by the shipped rule sets.
    const registry = RuleSetRegistry.loadOrThrow();
    const escalation = registry.latestOrThrow('escalation');
    const trajectory = registry.latestOrThrow('trajectory');
    const decisions: NewDecision[] = [];
    const started = performance.now();
    for (const [index, assignment] of assignments.entries()) {
      let overduePeriods = 0;
      for (let period = 1; period <= periodCount; period += 1) {
        const periodKey = `P${period}`;
        const target = index + 1;
        const late = (index * 7 + period * 3) % 3 === 0;
        if (!late) {
          const reached = Math.round(target * (period / periodCount) * (0.4 + ((index * 13 + period) % 9) / 10));
          const decision = await assessTrajectory(trajectory, {
            kind: 'count',
            comparator: 'gte',
            periodIndex: period,
            periodCount,
            annualTarget: target,
            reached,
          });
          decisions.push({
            cycleId,
            assignmentId: assignment.assignmentId,
            indicatorId: null,
            periodKey,
            kind: 'trajectory',
            outcome: decision.outcome,
            ruleSet: decision.ruleSet,
            facts: decision.facts,
            conditions: { decidedBy: decision.decidedBy, firedRules: decision.firedRules, rules: decision.explanation },
            dedupeKey: `bench/trajectory/${assignment.assignmentId}/${periodKey}`,
          });
          continue;
        }
        overduePeriods += 1;
        for (let grace = 0; grace <= 2; grace += 1) {
          const facts: EscalationFacts = {
            overdueGraceUnits: grace,
            overduePeriods,
            returnedCount: (index + period) % 11 === 0 ? 3 : 0,
            trajectoryRatio: null,
            role: assignment.role,
            trigger: 'overdue',
          };
          const decision = await decideEscalation(escalation, facts);
          decisions.push({
            cycleId,
            assignmentId: assignment.assignmentId,
            periodKey,
            kind: 'escalation',
            outcome: decision.level ?? 'none',
            ruleSet: decision.ruleSet,
            facts: decision.facts,
            conditions: { decidedBy: decision.decidedBy, firedRules: decision.firedRules, rules: decision.explanation },
            dedupeKey: `bench/escalation/${assignment.assignmentId}/${periodKey}/${grace}`,
          });
        }
      }
    }
    const made = performance.now();
    for (let i = 0; i < decisions.length; i += 2_000) await repos.decisions.saveDecisions(decisions.slice(i, i + 2_000));
    const escalations = decisions.filter((d) => d.kind === 'escalation').length;
    log(
      `${decisions.length} decisions (${escalations} escalation, ${decisions.length - escalations} trajectory) made in ${seconds(made - started)}, stored in ${seconds(performance.now() - made)}`,
    );

    // The draft: 督办 after two grace units instead of one.
    const draft = await call('POST', `/rule-sets/escalation/versions/${escalation.pin.version}/drafts`, {
      changeNote: '基准：督办门槛提高',
    });
    const ruleFile = structuredClone(draft['ruleFile']) as {
      rules: { name: string; conditions: { all: { fact: string; value: unknown }[] } }[];
    };
    const leaf = ruleFile.rules.find((r) => r.name === 'overdue: supervision')?.conditions.all.find((c) => c.fact === 'overdueGraceUnits');
    if (!leaf) throw new Error('the shipped ladder changed');
    leaf.value = 2;
    await call('PUT', `/rule-sets/escalation/versions/${String(draft['version'])}`, {
      revision: draft['revision'],
      ruleFile,
      goldenCases: draft['goldenCases'],
    });

    const times: number[] = [];
    let last: Record<string, unknown> = {};
    for (let run = 0; run < runs; run += 1) {
      const t0 = performance.now();
      last = await call('POST', `/rule-sets/escalation/versions/${String(draft['version'])}/simulate`, { cycleId, limit: 500 });
      times.push(performance.now() - t0);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    log(`load average at the end ${loadAverage()}`);
    console.log(`\n| simulation (escalation draft, ${n} assignments × ${periodCount} periods) | value |`);
    console.log('|---|---|');
    console.log(`| decisions re-run | ${String(last['examined'])} (${String(last['distinctFacts'])} distinct fact sets) |`);
    console.log(
      `| decisions that change | ${String(last['changedTotal'])} (first ${(last['changed'] as unknown[]).length} listed in detail) |`,
    );
    console.log(`| wall time per call, ${runs} runs | ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} |`);
    console.log(`| median | ${median.toFixed(0)} ms (server-side ${String(last['elapsedMs'])} ms in the last run) |`);
    console.log(`| median / aim of ${AIM_MS} ms | ${(median / AIM_MS).toFixed(2)} |`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

async function dropDatabase(name: string): Promise<void> {
  const { Client: PgClient } = await import('pg');
  const admin = new PgClient({ connectionString: options['postgres-url'] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
