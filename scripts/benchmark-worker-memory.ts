/**
 * What one cached assignment workflow costs the worker's heap (issue 12).
 *
 *   TEMPORAL_CLI=/path/to/temporal npx tsx --expose-gc scripts/benchmark-worker-memory.ts [--n 300]
 *
 * Starts a Temporal dev server (in memory) and a worker in debug mode, so that workflows run
 * on this thread and its heap can be measured after a full GC; starts N assignment workflows
 * of a quarterly calendar (four periods waiting, as in a real cycle between deadlines) and
 * measures the heap before and after they are all cached. The activities answer as the real
 * ones do for a new assignment, without a database: what is measured is the workflow side,
 * which is what the sticky cache holds. Prints the heap per cached workflow, which sizes
 * `WORKER_MAX_CACHED_WORKFLOWS` for a memory budget (docs/benchmarks.md, "Worker memory").
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import {
  assignmentWorkflowId,
  type AssignmentActivities,
  type AssignmentContext,
  type AssignmentWorkflowInput,
} from '@plancycle/contracts';
import { startTemporalDevServer } from '@plancycle/devstack';
import { resolveReportingCalendar } from '@plancycle/domain';
import { bundleWorkflows } from '@plancycle/temporal';
import { assignmentWorkflow } from '@plancycle/workflows';

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '300' } } });
const n = Number(args.n);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npx tsx --expose-gc scripts/benchmark-worker-memory.ts)');

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Answers as the worker's activities do for an assignment that has just started. */
function newAssignmentActivities(): AssignmentActivities {
  const none = async () => undefined;
  return {
    loadAssignmentContext: async ({ assignmentId }: { assignmentId: string }): Promise<AssignmentContext> => ({
      assignmentId,
      cycleId: 'memory-probe',
      unit: '基准单位01',
      role: 'lead',
      leader: '张三',
      indicators: [
        { indicatorId: randomUUID(), metric: '新增入库科技型中小企业', kind: 'count', comparator: 'gte', value: 50, max: null, unit: '家' },
      ],
    }),
    recordAssignmentStatus: none,
    recordAcknowledgement: none,
    saveReport: async () => ({ reportId: randomUUID() }),
    saveReview: none,
    sendDeadlineReminder: async () => ({ outcome: 'sent' }),
    markOverdue: none,
    decideEscalation: async () => ({ level: null, ruleSet: null }),
    assessTrajectory: async () => ({ lagging: false }),
  } as unknown as AssignmentActivities;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startTemporalDevServer({ uiPort: null });
  try {
    const connection = await NativeConnection.connect({ address: server.address });
    const taskQueue = `memory-probe-${process.pid}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await bundleWorkflows(),
      activities: newAssignmentActivities(),
      // Workflows on this thread, so that its heap is theirs to measure.
      debugMode: process.env['PROBE_THREADED'] !== '1',
      maxCachedWorkflows: n + 10,
    });
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const calendar = resolveReportingCalendar({
      spec: { kind: 'quarterly', dueDayOfFollowingMonth: 10 },
      publishedAt: Date.now(),
      planYear: 2027,
    } as never);
    const running = worker.run();
    // Warm up: the bundle, the first workflow's modules, the SDK's own state.
    const started: string[] = [];
    const start = async (count: number) => {
      await Promise.all(
        Array.from({ length: count }, async () => {
          const assignmentId = randomUUID();
          const input: AssignmentWorkflowInput = { cycleId: 'memory-probe', assignmentId, unit: '基准单位01', role: 'lead', calendar };
          await client.workflow.start(assignmentWorkflow, { taskQueue, workflowId: assignmentWorkflowId(assignmentId), args: [input] });
          started.push(assignmentId);
        }),
      );
      const target = started.length;
      while (worker.getStatus().numCachedWorkflows < target || worker.getStatus().numInFlightWorkflowActivations > 0) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await start(10);
    const before = heapMb();
    const t0 = performance.now();
    await start(n);
    const after = heapMb();
    const perWorkflowKb = ((after - before) * 1024) / n;
    console.log(
      `[memory] ${n} assignment workflows cached in ${((performance.now() - t0) / 1000).toFixed(1)} s: heap ${before.toFixed(0)} → ${after.toFixed(0)} MB, ` +
        `${perWorkflowKb.toFixed(0)} kB per cached workflow (${worker.getStatus().numCachedWorkflows} cached)`,
    );
    worker.shutdown();
    await running;
    await connection.close();
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
