/**
 * The worker of the bare baseline (a process of its own, as plancycle's worker is):
 *   TEMPORAL_ADDRESS=… TEMPORAL_TASK_QUEUE=… npx tsx scripts/benchmark/bare-worker.ts
 * Same workflow-task concurrency as plancycle's worker; no activities. With
 * BARE_DATABASE_URL it is the floor's worker: the children's updates write their step to that
 * database in a local activity (one INSERT over a pool of 5 connections, plancycle's default). With
 * BARE_WORKFLOW_STACK_TRACES=false its workflows run without stack traces, as plancycle's do
 * by default (workflows/src/stack-traces-off.ts, preloaded the same way); otherwise with the
 * SDK's defaults.
 */
import path from 'node:path';
import { NativeConnection, Worker, DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { Pool } from 'pg';
import { FLOOR_STEP_INSERT, type BareStepActivities } from './bare.workflows';

/** The floor's write: one statement, idempotent (a step already stored is left as it is). */
function floorActivities(databaseUrl: string): BareStepActivities & { pool: Pool } {
  const pool = new Pool({ connectionString: databaseUrl, max: 5 });
  return {
    pool,
    async recordBareStep({ workflowId, kind, body }) {
      const result = await pool.query(FLOOR_STEP_INSERT, [workflowId, kind, JSON.stringify(body)]);
      return result.rowCount ?? 0;
    },
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  const taskQueue = process.env['TEMPORAL_TASK_QUEUE'] ?? 'bare-benchmark';
  const stackTraces = process.env['BARE_WORKFLOW_STACK_TRACES'] !== 'false';
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bare.workflows'),
    ...(stackTraces ? {} : { preloadModules: [path.join(__dirname, '..', '..', 'workflows', 'src', 'stack-traces-off.ts')] }),
    logger: new DefaultLogger('WARN'),
  });
  const databaseUrl = process.env['BARE_DATABASE_URL'];
  const floor = databaseUrl ? floorActivities(databaseUrl) : null;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: bundle,
    ...(floor ? { activities: { recordBareStep: floor.recordBareStep } } : {}),
    maxConcurrentWorkflowTaskExecutions: Number(process.env['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'] ?? 40),
    ...(process.env['WORKER_MAX_CACHED_WORKFLOWS'] ? { maxCachedWorkflows: Number(process.env['WORKER_MAX_CACHED_WORKFLOWS']) } : {}),
  });
  console.log(
    `bare worker polling "${taskQueue}" at ${address}, workflow stack traces ${stackTraces ? 'on' : 'off'}, ${floor ? 'one write per step' : 'no writes'}`,
  );
  await worker.run();
  await connection.close();
  await floor?.pool.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
