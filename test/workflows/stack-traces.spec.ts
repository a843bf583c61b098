import type { Client } from '@temporalio/client';
import type { Repositories } from '@plancycle/persistence';
import { bundleWorkflows } from '@plancycle/temporal';
import { SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { CycleDriver } from '../support/cycle-driver';
import { eventually, openTestClient, openTestRepositories, startTestWorker, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(180_000);

/** The SDK's built-in query: the stack of every promise the workflow waits on (the Temporal UI's "Stack Trace" tab). */
const STACK_TRACE_QUERY = '__stack_trace';

/**
 * Workflow code runs without stack traces unless WORKER_WORKFLOW_STACK_TRACES is set
 * (workflows/src/stack-traces-off.ts): the SDK would capture one for every promise a workflow
 * creates. Both bundles run the same workflows; only what the query can show differs.
 */
describe('stack traces of workflow code', () => {
  let client: Client;
  let closeClient: () => Promise<void>;
  let repositories: Repositories;
  const workers: Awaited<ReturnType<typeof startTestWorker>>[] = [];

  beforeAll(async () => {
    ({ client, close: closeClient } = await openTestClient());
    repositories = openTestRepositories();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.shutdown();
    await closeClient?.();
    await repositories?.close();
  });

  /** A running assignment's answer to the stack-trace query, and that it still takes an acknowledgement. */
  async function stackOfARunningAssignment(params: { stackTraces: boolean }): Promise<string> {
    const taskQueue = uniqueTaskQueue(params.stackTraces ? 'stacks-on' : 'stacks-off');
    workers.push(
      await startTestWorker({
        taskQueue,
        repositories,
        // The run's shared bundle has the default (off); the other is built here as the worker builds it.
        ...(params.stackTraces ? { workflowBundle: await bundleWorkflows({ stackTraces: true }) } : {}),
      }),
    );
    const driver = await CycleDriver.createAndPublish({
      client,
      repositories,
      taskQueue,
      document: twoUnitPlan(params.stackTraces ? '堆栈开启测试' : '堆栈关闭测试'),
      calendar: {
        kind: 'compressed',
        periodCount: 1,
        periodSeconds: 60,
        reminderSeconds: 10,
        graceSeconds: 10,
        escalationChecks: 1,
        evaluationAfterSeconds: 120,
      },
    });
    const assignment = await driver.assignmentOf(SCIENCE_BUREAU);
    const handle = driver.assignmentHandle(assignment.id);
    // Waiting in its period (after the status it records at start).
    const stack = await eventually(async () => {
      const answer = await handle.query<string>(STACK_TRACE_QUERY);
      return (await handle.describe()).status.name === 'RUNNING' && typeof answer === 'string' ? answer : undefined;
    });
    const acknowledged = await driver.acknowledge(assignment);
    expect(acknowledged.alreadyAcknowledged).toBe(false);
    await driver.cycleHandle().terminate('stack-trace test done');
    for (const each of await driver.assignments()) await driver.assignmentHandle(each.id).terminate('stack-trace test done');
    return stack;
  }

  it('are off by default: the query answers no frames, and the workflow works as ever', async () => {
    const stack = await stackOfARunningAssignment({ stackTraces: false });
    expect(stack).not.toMatch(/\bat\s/);
  });

  it('are there with WORKER_WORKFLOW_STACK_TRACES: the query names where the workflow waits', async () => {
    const stack = await stackOfARunningAssignment({ stackTraces: true });
    expect(stack).toMatch(/\bat\s/);
    // Frames of our sources (through the bundle's source map): the period runner waiting on its clock.
    expect(stack).toContain('workflows/src/assignment/period.runner.ts');
    expect(stack).toContain('workflows/src/assignment.workflow.ts');
  });
});
