import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { submitReportUpdate, type AssignmentStatus } from '@plancycle/contracts';
import { freePort, startTemporalDevServer, type TemporalDevServer } from '@plancycle/devstack';
import type { Repositories } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { CycleDriver, departmentOf } from '../support/cycle-driver';
import { eventually, openTestClient, openTestRepositories, startTestWorker, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(180_000);

const calendar = {
  kind: 'compressed' as const,
  periodCount: 2,
  periodSeconds: 15,
  reminderSeconds: 5,
  graceSeconds: 3,
  escalationChecks: 2,
  evaluationAfterSeconds: 2,
};

describe('durability', () => {
  let repositories: Repositories;

  beforeAll(() => {
    repositories = openTestRepositories();
  });
  afterAll(async () => {
    await repositories.close();
  });

  it('goes on where it was when the worker stops mid-cycle; a submission meanwhile fails retryably and lands once on retry', async () => {
    const { client, close } = await openTestClient();
    const taskQueue = uniqueTaskQueue('durable-worker');
    let worker = await startTestWorker({ taskQueue, repositories });
    try {
      const driver = await CycleDriver.createAndPublish({ client, repositories, taskQueue, document: twoUnitPlan('停工人测试'), calendar });
      const assignment = await driver.assignmentOf(SCIENCE_BUREAU, 'lead');
      await driver.acknowledge(assignment);
      await worker.shutdown();

      const submission = driver.reportOf(assignment, { periodKey: 'P1', value: 100, key: 'while-no-worker' });
      const attempt = client.withDeadline(Date.now() + 3_000, () =>
        driver.assignmentHandle(assignment.id).executeUpdate(submitReportUpdate, {
          args: [{ actor: departmentOf(assignment.unit), submission: { evidence: [], ...submission } }],
        }),
      );
      await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateRPCTimeoutOrCancelledError);

      worker = await startTestWorker({ taskQueue, repositories });
      const retried = await driver.submit(assignment, submission);
      expect(retried.version).toBe(1);
      expect(await repositories.assignments.countReports(assignment.id)).toBe(1);

      // Timers that fired while no worker ran are handled now: the untouched assignment still escalates.
      const neglected = await driver.assignmentOf(FINANCE_BUREAU, 'lead');
      await eventually(
        async () => (await repositories.decisions.allEscalations({ cycleId: driver.cycleId })).some((e) => e.assignmentId === neglected.id),
        40_000,
        'an escalation of the neglected assignment',
      );
      const status = await driver.assignmentHandle(assignment.id).query<AssignmentStatus>('getAssignmentStatus');
      expect(status.periods[0]?.status).toBe('submitted');
    } finally {
      await worker.shutdown();
      await close();
    }
  });

  it('goes on where it was when the Temporal server restarts on its database file', async () => {
    const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-temporal-')), 'temporal.sqlite');
    const port = await freePort();
    let server: TemporalDevServer = await startTemporalDevServer({ port, uiPort: null, dbFile });
    const taskQueue = uniqueTaskQueue('durable-server');
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const worker = await startTestWorker({ taskQueue, repositories, address: server.address });
    try {
      const driver = await CycleDriver.createAndPublish({
        client,
        repositories,
        taskQueue,
        document: twoUnitPlan('服务重启测试'),
        calendar,
      });
      const assignment = await driver.assignmentOf(SCIENCE_BUREAU, 'lead');
      await driver.acknowledge(assignment);
      await driver.submit(assignment, driver.reportOf(assignment, { periodKey: 'P1', value: 100, key: 'before-restart' }));

      await server.stop();
      server = await startTemporalDevServer({ port, uiPort: null, dbFile });

      // The accepted report survived; the cycle takes the review and the next period.
      await eventually(
        async () =>
          (await driver.assignmentHandle(assignment.id).query<AssignmentStatus>('getAssignmentStatus')).periods[0]?.status === 'submitted',
        60_000,
        'the workflow to answer after the restart',
      );
      await driver.review(assignment, { periodKey: 'P1', decision: 'approve' });
      const status = await driver.assignmentHandle(assignment.id).query<AssignmentStatus>('getAssignmentStatus');
      expect(status.periods[0]).toMatchObject({ status: 'approved', submissions: 1 });
      expect(await repositories.assignments.countReports(assignment.id)).toBe(1);
      const final = await driver.cycleHandle().result();
      expect(final.phase).toBe('closed');
    } finally {
      await worker.shutdown();
      await connection.close();
      await server.stop();
    }
  });
});
