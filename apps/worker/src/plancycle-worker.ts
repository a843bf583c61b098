import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { WorkerEnv } from '@plancycle/config';
import { dailyDigestScheduleOrThrow } from '@plancycle/domain';
import type { Repositories } from '@plancycle/persistence';
import { bundleWorkflows, temporalConnectionSettings } from '@plancycle/temporal';
import { createAssignmentActivities } from './activities/assignment.activities';
import { createPlanCycleActivities } from './activities/plan-cycle.activities';
import { auditSourceInterceptor } from './interceptors/audit-source.interceptor';
import { noticeAttachments } from './notices/notice-attachments';
import { createNoticeChannels } from './notices/notice-channels';
import { NoticeDigests } from './notices/notice-digest';
import { NoticeDelivery } from './notices/notice-delivery';
import type { RulesPort } from './rules/rules.port';
import { workflowCacheBudget } from './workflow-cache-budget';

export interface PlancycleWorker {
  worker: Worker;
  /** Workflows kept cached at most (WORKER_MAX_CACHED_WORKFLOWS, or sized from the heap limit). */
  cacheSize: number;
  /** Runs until shutdown; resolves once in-flight tasks have finished. */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * A worker polls the plancycle task queue for both workflow and activity tasks. Any
 * number of them may run side by side, on any number of machines.
 */
export async function createPlancycleWorker(params: {
  env: WorkerEnv;
  repositories: Repositories;
  rules: RulesPort;
  /** Built once and shared (tests); otherwise bundled here. */
  workflowBundle?: WorkflowBundle;
}): Promise<PlancycleWorker> {
  const settings = temporalConnectionSettings(params.env);
  const connectionOptions = {
    address: settings.address,
    tls: settings.tls,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
  const nativeConnection = await NativeConnection.connect(connectionOptions);
  // Activities that signal other workflows use an ordinary client.
  const clientConnection = Connection.lazy(connectionOptions);
  const client = new Client({ connection: clientConnection, namespace: settings.namespace });
  const notices = new NoticeDelivery(
    params.repositories,
    createNoticeChannels({ smtpUrl: params.env.SMTP_URL, from: params.env.SMTP_FROM }),
    { baseMs: params.env.NOTICES_RETRY_BASE_MS, maxMs: params.env.NOTICES_RETRY_MAX_MS, claimMs: params.env.NOTICES_CLAIM_MS },
    noticeAttachments(params.repositories, {
      issuingOffice: params.env.PLANCYCLE_ISSUING_OFFICE,
      responseWorkingDays: params.env.PLANCYCLE_SUPERVISION_RESPONSE_WORKING_DAYS,
    }),
  );
  const digestChannels = createNoticeChannels({ smtpUrl: params.env.SMTP_URL, from: params.env.SMTP_FROM });
  const digests = new NoticeDigests(
    params.repositories,
    digestChannels,
    params.env.NOTICES_DIGEST_INTERVAL_SECONDS
      ? { kind: 'interval', seconds: params.env.NOTICES_DIGEST_INTERVAL_SECONDS }
      : dailyDigestScheduleOrThrow(params.env.NOTICES_DIGEST_AT),
    { baseMs: params.env.NOTICES_RETRY_BASE_MS, maxMs: params.env.NOTICES_RETRY_MAX_MS },
  );
  // Worker threads take the process's heap limit (--max-old-space-size), as the workflow thread does.
  const cacheSize = params.env.WORKER_MAX_CACHED_WORKFLOWS ?? workflowCacheBudget(v8.getHeapStatistics().heap_size_limit);
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowBundle: params.workflowBundle ?? (await bundleWorkflows()),
    activities: {
      ...createPlanCycleActivities({ repositories: params.repositories, rules: params.rules, temporal: client }),
      ...createAssignmentActivities({ repositories: params.repositories, rules: params.rules, notices }),
    },
    interceptors: { activity: [auditSourceInterceptor] },
    maxConcurrentActivityTaskExecutions: params.env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    // Sized from the heap the workflow thread may use and what a cached workflow was measured
    // to hold (issue 12): evicted workflows replay, the worker never runs out of memory.
    maxCachedWorkflows: cacheSize,
    maxConcurrentWorkflowTaskExecutions: Math.min(params.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, cacheSize),
    shutdownGraceTime: '10 seconds',
    ...(params.env.WORKER_IDENTITY ? { identity: params.env.WORKER_IDENTITY } : {}),
  });
  let running: Promise<void> | null = null;
  return {
    worker,
    cacheSize,
    run() {
      if (running) return running;
      notices.startSweep(params.env.NOTICES_SWEEP_INTERVAL_MS);
      // Digests are looked for as often as unsent notices.
      digests.start(params.env.NOTICES_SWEEP_INTERVAL_MS);
      const statusLog = startStatusLog(worker, params.env.WORKER_STATUS_LOG_SECONDS);
      running = worker.run().finally(async () => {
        clearInterval(statusLog);
        await notices.stop();
        await digests.stop();
        digestChannels.close();
        await nativeConnection.close();
        await clientConnection.close();
      });
      return running;
    },
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/**
 * One line every `seconds`: the process's resident memory and heap (the workflow threads'
 * heaps are inside the resident figure), and the workflows cached and in flight. It is how
 * the cache budget was measured (docs/benchmarks.md) and how an operator sees it hold.
 */
function startStatusLog(worker: Worker, seconds: number): NodeJS.Timeout | undefined {
  if (seconds === 0) return undefined;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const timer = setInterval(() => {
    const memory = process.memoryUsage();
    const status = worker.getStatus();
    console.log(
      `worker status: rss ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB, cached workflows ${status.numCachedWorkflows}, ` +
        `activations in flight ${status.numInFlightWorkflowActivations}, activities in flight ${status.numInFlightActivities}`,
    );
  }, seconds * 1000);
  timer.unref();
  return timer;
}
