/**
 * Benchmark (not a test): what the audit hash chain costs a write (issue 12). Every write of
 * a cycle appends to the cycle's chain under the lock of its head row, so the writes of one
 * cycle take turns there; this measures that turn alone, without Temporal or the API.
 *
 *   npx tsx scripts/benchmark-audit-append.ts [--db postgres|embedded|pglite] [--appends 2000] [--concurrency 20]
 *     [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * Each write is one transaction like a report's: an assignment-sized row update, then one
 * audit event appended (`appendToAuditChain`). Run twice: all writes on one cycle (they
 * contend for its chain head) and the same writes spread over `concurrency` cycles (no
 * contention), then the chain of the contended cycle is verified. Prints appends per second
 * and the ratio of the two. Figures go to docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  applyMigrations,
  createScratchDatabase,
  dropScratchDatabase,
  startEmbeddedDatabase,
  type ManagedProcess,
} from '@plancycle/devstack';
import { Repositories, openDatabase } from '@plancycle/persistence';
// The chain's append itself, which the library keeps internal to its repositories.
import { appendToAuditChain } from '../libs/persistence/src/audit/audit-trail';

const { values: options } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    appends: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '20' },
    'postgres-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
  },
});
const appends = Number(options.appends);
const concurrency = Number(options.concurrency);

async function startDatabase(): Promise<{ url: string; server: ManagedProcess | null; drop: () => Promise<void> }> {
  if (options.db === 'embedded' || options.db === 'pglite') {
    const server = await startEmbeddedDatabase({ kind: options.db === 'pglite' ? 'pglite' : 'postgres', dataDir: 'temporary' });
    return { url: server.url, server, drop: async () => undefined };
  }
  const adminUrl = options['postgres-url'] as string;
  const name = `plancycle_bench_audit_${process.pid}`;
  const url = await createScratchDatabase(adminUrl, name);
  const drop = () => dropScratchDatabase(adminUrl, name);
  return { url, server: null, drop };
}

async function main(): Promise<void> {
  const database = await startDatabase();
  try {
    await applyMigrations(database.url);
    const db = openDatabase({ url: database.url, poolSize: concurrency });
    const repos = new Repositories(db);
    // A row each write updates first, as a report updates its assignment's status projection.
    await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS bench_status (id int PRIMARY KEY, n int NOT NULL)`);
    await db.$executeRawUnsafe(`INSERT INTO bench_status SELECT g, 0 FROM generate_series(0, ${concurrency - 1}) g ON CONFLICT DO NOTHING`);

    const run = async (cycleOf: (i: number) => string): Promise<number> => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async (_, lane) => {
          for (let i = next++; i < appends; i = next++) {
            await db.$transaction(async (tx) => {
              await tx.$executeRawUnsafe(`UPDATE bench_status SET n = n + 1 WHERE id = $1`, lane);
              await appendToAuditChain(tx, {
                cycleId: cycleOf(i),
                events: [
                  {
                    actor: { id: 'bench', role: 'department', unit: '单位' },
                    action: 'report.submitted',
                    assignmentId: `assignment-${i}`,
                    details: { periodKey: '2026-Q1', version: 1 },
                    dedupeKey: `bench/${randomUUID()}`,
                  },
                ],
              });
            });
          }
        }),
      );
      return performance.now() - started;
    };

    const contended = randomUUID();
    const spread = Array.from({ length: concurrency }, () => randomUUID());
    // Warm the pool and the plans.
    await run(() => randomUUID());
    const oneCycleMs = await run(() => contended);
    const spreadMs = await run((i) => spread[i % concurrency] as string);
    const verdict = await repos.audit.verifyCycleChain(contended);

    const perSecond = (ms: number) => Math.round((appends / ms) * 1000);
    console.log(`database ${options.db}, ${appends} appends, ${concurrency} at a time`);
    console.log(`| writes | time | appends/s | per append |`);
    console.log(`|---|---|---|---|`);
    console.log(
      `| one cycle (one chain) | ${(oneCycleMs / 1000).toFixed(2)} s | ${perSecond(oneCycleMs)} | ${(oneCycleMs / appends).toFixed(2)} ms |`,
    );
    console.log(
      `| ${concurrency} cycles (no contention) | ${(spreadMs / 1000).toFixed(2)} s | ${perSecond(spreadMs)} | ${(spreadMs / appends).toFixed(2)} ms |`,
    );
    console.log(`one cycle / spread: ${(oneCycleMs / spreadMs).toFixed(2)}×; chain verified: ${verdict.valid} (${verdict.checked} rows)`);
    await repos.close();
  } finally {
    await database.drop();
    await database.server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
