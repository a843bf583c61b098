/**
 * A plancycle worker in a process of its own, for tests that kill it (SIGKILL: no drain, no
 * cleanup), as a machine or container dies. Started by `spawnWorkerChild` in test-stack with
 * the run's test stack; `WORKER_CHILD_TASK_QUEUE` and `WORKER_CHILD_ENV` (JSON) choose the
 * queue and more worker variables. Prints `worker-child ready` when it polls.
 */
import { openTestRepositories, startTestWorker } from './test-stack';

async function main(): Promise<void> {
  const taskQueue = process.env['WORKER_CHILD_TASK_QUEUE'];
  if (!taskQueue) throw new Error('WORKER_CHILD_TASK_QUEUE is not set');
  const env = JSON.parse(process.env['WORKER_CHILD_ENV'] ?? '{}') as Record<string, string>;
  const worker = await startTestWorker({ taskQueue, repositories: openTestRepositories(), env });
  console.log('worker-child ready');
  await worker.running;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
