import type { App } from 'supertest/types';
import { loadApiConfigOrThrow } from '@plancycle/config';
import { createApiApp, type ApiApp } from '../../../apps/api/src/api-app';
import { seedTestDirectory, type TestCaller } from '../../support/test-directory';
import { openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../../support/test-stack';

/** The API in-process (no port; supertest drives it) and a worker of its own, on the run's database and Temporal. */
export interface HttpStack {
  api: ApiApp;
  http: App;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * The system for an end-to-end spec over HTTP: the API on the run's PostgreSQL and Temporal
 * with a task queue of the spec's own, its service-token callers and units in the directory,
 * and a real worker. `config` adds or overrides API settings.
 */
export async function startHttpStack(params: {
  name: string;
  callers: TestCaller[];
  units?: string[];
  config?: Record<string, string>;
  /** More worker variables (SMTP_URL, NOTICES_SWEEP_INTERVAL_MS …). */
  workerEnv?: Record<string, string>;
}): Promise<HttpStack> {
  const stack = testStack();
  const taskQueue = uniqueTaskQueue(params.name);
  const workerRepositories = openTestRepositories();
  const api = await createApiApp(
    loadApiConfigOrThrow({
      DATABASE_URL: stack.databaseUrl,
      DATABASE_POOL_SIZE: '3',
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_CALL_DEADLINE_MS: '8000',
      ...params.config,
    }),
    { logger: false },
  );
  await seedTestDirectory(api.repositories, { units: params.units ?? [], callers: params.callers });
  await api.app.init();
  const worker = await startTestWorker({
    taskQueue,
    repositories: workerRepositories,
    ...(params.workerEnv ? { env: params.workerEnv } : {}),
  });
  return {
    api,
    http: api.app.getHttpServer() as App,
    taskQueue,
    async close() {
      await worker.shutdown();
      await api.close();
      await workerRepositories.close();
    },
  };
}
