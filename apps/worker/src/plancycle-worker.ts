import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions, type WorkflowBundle } from '@temporalio/worker';
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
  /** Polls the shared task queue: assignments, their activities, and cycles started before the cycles' queue. */
  worker: Worker;
  /** Polls the cycles' task queue: cycle workflows and their activities (publish, evaluate, close). */
  cycleWorker: Worker;
  /** Assignment workflows kept cached at most (WORKER_MAX_CACHED_WORKFLOWS, or sized from the heap limit). */
  cacheSize: number;
  /** Runs until shutdown; resolves once in-flight tasks have finished. */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Cycle workflows are few (one a plan and year): a small cache and a few tasks at a time. */
const CYCLES_CACHED = 100;
const CYCLE_WORKFLOW_TASKS_IN_FLIGHT = 10;
/** Publishing, evaluating and closing cycles: long activities, a few at a time. */
const CYCLE_ACTIVITIES_IN_FLIGHT = 10;

/**
 * A worker polls the plancycle task queue (assignments) and the cycles' task queue, for
 * both workflow and activity tasks. Any number of them may run side by side, on any number
 * of machines.
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
  const workflowBundle = params.workflowBundle ?? (await bundleWorkflows({ stackTraces: params.env.WORKER_WORKFLOW_STACK_TRACES }));
  const activities = {
    ...createPlanCycleActivities({ repositories: params.repositories, rules: params.rules, temporal: client }),
    ...createAssignmentActivities({ repositories: params.repositories, rules: params.rules, notices }),
  };
  const common: Omit<WorkerOptions, 'taskQueue'> = {
    connection: nativeConnection,
    namespace: settings.namespace,
    workflowBundle,
    activities,
    interceptors: { activity: [auditSourceInterceptor] },
    shutdownGraceTime: '10 seconds',
    ...(params.env.WORKER_IDENTITY ? { identity: params.env.WORKER_IDENTITY } : {}),
  };
  const worker = await Worker.create({
    ...common,
    taskQueue: settings.taskQueue,
    maxConcurrentActivityTaskExecutions: params.env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    // Sized from the heap the workflow thread may use and what a cached workflow was measured
    // to hold (issue 12): evicted workflows replay, the worker never runs out of memory.
    maxCachedWorkflows: cacheSize,
    maxConcurrentWorkflowTaskExecutions: Math.min(params.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, cacheSize),
  });
  // A worker of its own (its own workflow thread and pollers) for the few cycle workflows: when
  // thousands of assignments fall due together, the cycle's next step is not queued behind them.
  const cycleWorker = await Worker.create({
    ...common,
    taskQueue: settings.cycleTaskQueue,
    maxConcurrentActivityTaskExecutions: CYCLE_ACTIVITIES_IN_FLIGHT,
    maxCachedWorkflows: CYCLES_CACHED,
    maxConcurrentWorkflowTaskExecutions: CYCLE_WORKFLOW_TASKS_IN_FLIGHT,
  });
  let running: Promise<void> | null = null;
  const shutdownBoth = () => {
    for (const each of [worker, cycleWorker]) if (each.getState() === 'RUNNING') each.shutdown();
  };
  return {
    worker,
    cycleWorker,
    cacheSize,
    run() {
      if (running) return running;
      notices.startSweep(params.env.NOTICES_SWEEP_INTERVAL_MS);
      // Digests are looked for as often as unsent notices.
      digests.start(params.env.NOTICES_SWEEP_INTERVAL_MS);
      const statusLog = startStatusLog(worker, cycleWorker, params.env.WORKER_STATUS_LOG_SECONDS);
      // Both run or neither: when one stops (shutdown or failure), the other is shut down too.
      const runs = [worker, cycleWorker].map((each) => each.run().finally(shutdownBoth));
      running = Promise.all(runs)
        .then(() => undefined)
        .finally(async () => {
          await Promise.allSettled(runs);
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
      shutdownBoth();
      await running;
    },
  };
}

/**
 * One line every `seconds`: the process's resident memory and heap (the workflow threads'
 * heaps are inside the resident figure), and the workflows cached and in flight. It is how
 * the cache budget was measured (docs/benchmarks.md) and how an operator sees it hold.
 */
function startStatusLog(worker: Worker, cycleWorker: Worker, seconds: number): NodeJS.Timeout | undefined {
  if (seconds === 0) return undefined;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const timer = setInterval(() => {
    const memory = process.memoryUsage();
    const status = worker.getStatus();
    const cycles = cycleWorker.getStatus();
    console.log(
      `worker status: rss ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB, cached workflows ${status.numCachedWorkflows}, ` +
        `activations in flight ${status.numInFlightWorkflowActivations}, activities in flight ${status.numInFlightActivities}; ` +
        `cycles: cached ${cycles.numCachedWorkflows}, activations ${cycles.numInFlightWorkflowActivations}, activities ${cycles.numInFlightActivities}`,
    );
  }, seconds * 1000);
  timer.unref();
  return timer;
}
