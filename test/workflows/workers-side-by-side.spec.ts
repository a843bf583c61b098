import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PlanCycleWorkflowInput, PlanDocument } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { CycleDriver } from '../support/cycle-driver';
import { eventually, openTestClient, openTestRepositories, startTestWorker, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(180_000);

const UNITS = ['市科工局', '市财政局', '市发改局'];
const TASKS = 10;

/** Ten tasks, each led by one unit with another cooperating: 20 assignments. */
function tenTaskPlan(title: string): PlanDocument {
  return {
    jurisdiction: '沅江市',
    year: 2024,
    title,
    tasks: Array.from({ length: TASKS }, (_, index) => ({
      number: String(index + 1),
      category: '主体培育提级',
      title: `第${index + 1}项重点任务`,
      targets: [
        {
          text: `新增科技型企业${10 + index}家以上`,
          units: { lead: [UNITS[index % 3] as string], cooperating: [UNITS[(index + 1) % 3] as string] },
          indicators: [{ metric: '新增科技型企业', kind: 'count', comparator: 'gte', value: 10 + index, unit: '家' }],
        },
      ],
    })),
  };
}

describe('a cycle served by two workers side by side, decomposed over several runs', () => {
  let client: Client;
  let closeClient: () => Promise<void>;
  let repositories: Repositories;
  const taskQueue = uniqueTaskQueue('scale');
  const workers: Awaited<ReturnType<typeof startTestWorker>>[] = [];

  beforeAll(async () => {
    ({ client, close: closeClient } = await openTestClient());
    repositories = openTestRepositories();
    for (const identity of ['worker-a', 'worker-b']) workers.push(await startTestWorker({ taskQueue, repositories, identity }));
  });

  afterAll(async () => {
    for (const worker of workers) await worker.shutdown();
    await closeClient?.();
    await repositories?.close();
  });

  it('starts every assignment once across continue-as-new runs, and both workers share the work', async () => {
    const driver = await CycleDriver.createAndPublish({
      client,
      repositories,
      taskQueue,
      document: tenTaskPlan('两个工作进程并行测试'),
      // Six children per run: 20 assignments need four runs of the cycle workflow.
      childrenPerRun: 6,
      // The period is long enough for 20 reports on a loaded 2-core machine (20 s was not:
      // under load the period closed before the last report reached its workflow).
      calendar: {
        kind: 'compressed',
        periodCount: 1,
        periodSeconds: 45,
        reminderSeconds: 5,
        graceSeconds: 3,
        escalationChecks: 1,
        evaluationAfterSeconds: 2,
      },
    });
    const assignments = await eventually(
      async () => {
        const all = await driver.assignments();
        return all.length === TASKS * 2 && all.every((a) => a.status !== null) ? all : undefined;
      },
      60_000,
      'all 20 assignment workflows',
    );
    expect(new Set(assignments.map((a) => a.workflowId)).size).toBe(TASKS * 2);

    await Promise.all(
      assignments.map(async (assignment) => {
        await driver.acknowledge(assignment);
        await driver.submit(assignment, driver.reportOf(assignment, { periodKey: 'P1', value: 30, key: `scale-${assignment.id}` }));
        await driver.review(assignment, { periodKey: 'P1', decision: 'approve' });
      }),
    );

    const final = await driver.cycleHandle().result();
    expect(final.phase).toBe('closed');

    // The decomposition ran over several runs of the cycle workflow (continue-as-new).
    const runs: string[] = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${driver.cycleHandle().workflowId}'` }))
      runs.push(execution.runId);
    expect(runs.length).toBeGreaterThanOrEqual(4);
    // A continued run carries the count and a cursor, never the list of assignments (issue 12).
    const lastRun = (await driver.cycleHandle().fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    const carried = defaultPayloadConverter.fromPayload<PlanCycleWorkflowInput>(lastRun?.input?.payloads?.[0] ?? {}).carryOver;
    expect(carried).toMatchObject({ assignmentCount: TASKS * 2 });
    expect(carried).not.toHaveProperty('assignments');

    const cycle = await repositories.cycles.findCycleOrThrow(driver.cycleId);
    expect(cycle.progress).toEqual({ childrenStarted: TASKS * 2, childrenTotal: TASKS * 2 });
    const evaluation = await repositories.evaluations.find(driver.cycleId);
    expect(evaluation?.status).toBe('completed');
    const units = (evaluation?.result as { units: { unit: string }[] }).units.map((u) => u.unit).sort();
    expect(units).toEqual([...UNITS].sort());
    for (const assignment of assignments) {
      const reports = await repositories.assignments.listReports(assignment.id);
      expect(reports.map((r) => [r.periodKey, r.version, r.status])).toEqual([['P1', 1, 'approved']]);
    }

    // Both workers completed workflow tasks of this cycle.
    const identities = new Set<string>();
    for (const assignment of assignments) {
      const history = await driver.assignmentHandle(assignment.id).fetchHistory();
      for (const event of history.events ?? []) {
        if (event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
          const identity = event.workflowTaskCompletedEventAttributes?.identity;
          if (identity) identities.add(identity);
        }
      }
    }
    expect([...identities].sort()).toEqual(['worker-a', 'worker-b']);
  });
});
