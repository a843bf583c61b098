/**
 * Benchmark (not a test): the embedded databases side by side (issue 12).
 *
 *   npx tsx scripts/benchmark-embedded-db.ts --db postgres|pglite|url [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]
 *
 * On a fresh data directory (a scratch database for `url`): start time, `prisma migrate
 * deploy`, 1,000 single-row Prisma creates one after another, 1,000 more 20 at a time over a
 * pool of 10 connections, 20 concurrent interactive transactions that each hold a row lock
 * for 50 ms, then stop and start again on the same directory (time, rows still there).
 * Figures go to docs/benchmarks.md ("Embedded PostgreSQL (issue 12)").
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  applyMigrations,
  createScratchDatabase,
  openTempDir,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
  type EmbeddedDatabaseKind,
} from '@plancycle/devstack';
import { openDatabase } from '@plancycle/persistence';

const { values: options } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    'postgres-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
  },
});

const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;

async function main(): Promise<void> {
  const db = options.db as EmbeddedDatabaseKind | 'url';
  const dataRoot = db === 'url' ? null : openTempDir('plancycle-bench-db-');
  const logFile = dataRoot ? path.join(dataRoot, `${db}.log`) : null;
  const start = async (): Promise<{ url: string; server: EmbeddedDatabase | null }> => {
    if (db === 'url')
      return { url: await createScratchDatabase(options['postgres-url'] as string, `plancycle_bench_${process.pid}`), server: null };
    const server = await startEmbeddedDatabase({ kind: db, dataDir: dataRoot as string, logFile });
    return { url: server.url, server };
  };
  try {
    let t = performance.now();
    const first = await start();
    console.log(`${db}: start on an empty directory ${ms(t)}`);
    t = performance.now();
    await applyMigrations(first.url);
    console.log(`${db}: prisma migrate deploy ${ms(t)}`);

    const prisma = openDatabase({ url: first.url, poolSize: 10 });
    t = performance.now();
    for (let i = 0; i < 1000; i += 1) await prisma.unit.create({ data: { name: `单位 ${i}` } });
    console.log(`${db}: 1,000 single-row creates, one after another ${ms(t)}`);

    t = performance.now();
    for (let batch = 0; batch < 50; batch += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => prisma.unit.create({ data: { name: `并发单位 ${batch * 20 + j}` } })));
    }
    console.log(`${db}: 1,000 single-row creates, 20 at a time (pool of 10) ${ms(t)}`);

    t = performance.now();
    const units = await prisma.unit.findMany({ take: 20, select: { id: true } });
    await Promise.all(
      units.map((unit) =>
        prisma.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Unit" WHERE id = ${unit.id} FOR UPDATE`;
          await new Promise((r) => setTimeout(r, 50));
          await tx.unit.update({ where: { id: unit.id }, data: { fullName: '已更新' } });
        }),
      ),
    );
    console.log(`${db}: 20 concurrent transactions holding a row lock for 50 ms each ${ms(t)}`);
    await prisma.$disconnect();

    if (first.server) {
      t = performance.now();
      await first.server.stop();
      console.log(`${db}: stop ${ms(t)}`);
      t = performance.now();
      const again = await start();
      console.log(`${db}: start again on the same directory ${ms(t)}`);
      const reopened = openDatabase({ url: again.url, poolSize: 1 });
      console.log(`${db}: rows kept across the restart: ${await reopened.unit.count()} of 2000`);
      await reopened.$disconnect();
      await again.server?.stop();
    }
  } finally {
    if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
