import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import {
  dueProcessCeiling,
  escalationRank,
  reviewReportUpdate,
  submitReportUpdate,
  type AssignmentStatus,
  type EscalationLevel,
} from '@plancycle/contracts';
import { freePort, startTemporalDevServer, type TemporalDevServer } from '@plancycle/devstack';
import type { AssignmentView, EscalationView, Repositories } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { CycleDriver, coordinator, departmentOf, sleep } from '../support/cycle-driver';
import { eventually, openTestClient, openTestRepositories, startTestWorker, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(240_000);
// These tests stop and start servers and workers on a loaded machine (CI runs every tier side
// by side): a failed test runs once more, on a fresh server and port, and must pass then (its
// first failure is logged). The failures once put down to a slow worker after the server's
// restart were the server-outage test waiting for a P1 level that due process had skipped.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const historiesDir = path.join(__dirname, '..', 'histories');

/** The failure type (domain error code) an update was refused with. */
async function refusalOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) return error.cause.type ?? '';
    throw error;
  }
  throw new Error('the update was accepted');
}

const levelsOf = (escalations: EscalationView[], assignmentId: string, periodKey: string) =>
  escalations.filter((e) => e.assignmentId === assignmentId && e.periodKey === periodKey);

/**
 * A period's levels climb, one grace unit apart. With `perPeriodLadder` (the default) they are
 * the ladder's rungs in order; without it a rung may be skipped where the unit was given it in
 * another period (see expectUnitDueProcess).
 */
function expectDueProcess(escalations: EscalationView[], graceMs: number, options: { perPeriodLadder?: boolean } = {}): void {
  const levels = escalations.map((e) => e.level);
  if (options.perPeriodLadder ?? true) {
    const order: EscalationLevel[] = ['reminder', 'supervision', 'interview'];
    expect(levels).toEqual(order.slice(0, escalations.length));
  } else {
    levels.slice(1).forEach((level, i) => expect(escalationRank(level)).toBeGreaterThan(escalationRank(levels[i]!)));
  }
  for (let i = 1; i < escalations.length; i += 1) {
    const gap = Date.parse(escalations[i]!.raisedAt) - Date.parse(escalations[i - 1]!.raisedAt);
    // One grace unit between levels. raisedAt is when the activity wrote the row, so a loaded
    // machine that delays one write and not the next shortens the gap (seen: 2.3 s of 3 s);
    // levels raised together (the fault this guards against) are milliseconds apart.
    expect(gap).toBeGreaterThanOrEqual(graceMs / 2);
  }
}

/** Due process across a unit's periods: each level raised is at most one rung above the highest the unit had been given before it. */
function expectUnitDueProcess(escalations: EscalationView[]): void {
  let highest: EscalationLevel | null = null;
  for (const escalation of [...escalations].sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt))) {
    expect(escalationRank(escalation.level)).toBeLessThanOrEqual(escalationRank(dueProcessCeiling(highest)));
    if (escalationRank(escalation.level) > escalationRank(highest)) highest = escalation.level;
  }
}

describe('idempotent writes, and outages of the worker and the server', () => {
  let repositories: Repositories;

  beforeAll(() => {
    repositories = openTestRepositories();
  });
  afterAll(async () => {
    await repositories.close();
  });

  it('a report or review retried under its key is applied once; the key with another body is refused', async () => {
    const { client, close } = await openTestClient();
    const taskQueue = uniqueTaskQueue('retries');
    const worker = await startTestWorker({ taskQueue, repositories });
    try {
      const driver = await CycleDriver.createAndPublish({
        client,
        repositories,
        taskQueue,
        document: twoUnitPlan('重试测试'),
        calendar: {
          kind: 'compressed',
          periodCount: 2,
          periodSeconds: 60,
          reminderSeconds: 0,
          graceSeconds: 30,
          escalationChecks: 1,
          evaluationAfterSeconds: 0,
        },
      });
      const assignment = await driver.assignmentOf(SCIENCE_BUREAU, 'lead');
      await driver.acknowledge(assignment);
      const report = driver.reportOf(assignment, { periodKey: 'P1', value: 120, key: 'science-p1-first' });
      const first = await driver.submit(assignment, report);
      expect(first).toMatchObject({ version: 1, duplicate: false });

      // The same key and body again: the first result, marked as a duplicate.
      expect(await driver.submit(assignment, report)).toEqual({ ...first, duplicate: true });
      // The same key with another body, or for another period: refused, nothing written.
      expect(await refusalOf(driver.submit(assignment, { ...report, narrative: '另一份报告' }))).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await refusalOf(driver.submit(assignment, { ...report, periodKey: 'P2' }))).toBe('IDEMPOTENCY_KEY_REUSED');
      // Ten different bodies under one fresh key at once: one is taken, nine refused.
      const other = await driver.assignmentOf(FINANCE_BUREAU, 'lead');
      await driver.acknowledge(other);
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          driver.submit(other, {
            ...driver.reportOf(other, { periodKey: 'P1', value: i, key: 'finance-p1-racing' }),
            narrative: `第${i}稿`,
          }),
        ),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      expect(await repositories.assignments.countReports(assignment.id)).toBe(1);
      expect(await repositories.assignments.countReports(other.id)).toBe(1);

      // Reviews: the retried approval answers as the first; a "return" under its key is refused;
      // a "return" under a new key finds nothing waiting for review.
      const review = (decision: 'approve' | 'return', key: string) =>
        driver.assignmentHandle(assignment.id).executeUpdate(reviewReportUpdate, {
          args: [
            {
              actor: coordinator,
              idempotencyKey: key,
              review: decision === 'approve' ? { periodKey: 'P1', decision } : { periodKey: 'P1', decision, comment: '请补充' },
            },
          ],
        });
      const approved = await review('approve', 'review-p1-0001');
      expect(approved).toMatchObject({ status: 'approved', duplicate: false });
      expect(await review('approve', 'review-p1-0001')).toEqual({ ...approved, duplicate: true });
      expect(await refusalOf(review('return', 'review-p1-0001'))).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await refusalOf(review('return', 'review-p1-0002'))).toBe('INVALID_STATE');
      const status = await driver.assignmentHandle(assignment.id).query<AssignmentStatus>('getAssignmentStatus');
      expect(status.periods[0]).toMatchObject({ status: 'approved', submissions: 1 });
      await driver.cycleHandle().terminate('test over');
    } finally {
      await worker.shutdown();
      await close();
    }
  });

  it('after the worker was down across a reminder and a due date, the record is what the calendar says', async () => {
    const { client, close } = await openTestClient();
    const taskQueue = uniqueTaskQueue('worker-outage');
    const graceMs = 3_000;
    let worker = await startTestWorker({ taskQueue, repositories });
    try {
      // P1: reminder at 24 s, due at 40 s, checks at 40, 43, 46 s; P2: reminder at 64 s, due at 80 s.
      const driver = await CycleDriver.createAndPublish({
        client,
        repositories,
        taskQueue,
        document: twoUnitPlan('工作进程停机测试'),
        calendar: {
          kind: 'compressed',
          periodCount: 2,
          periodSeconds: 40,
          reminderSeconds: 16,
          graceSeconds: 3,
          escalationChecks: 3,
          evaluationAfterSeconds: 60,
        },
      });
      const publishedAt = (await repositories.cycles.findCycleOrThrow(driver.cycleId)).calendar!.periods[0]!.opensAt;
      const at = (seconds: number) => sleep(Math.max(0, publishedAt + seconds * 1_000 - Date.now()));
      const reporting = await driver.assignmentOf(SCIENCE_BUREAU, 'lead');
      const neglected = await driver.assignmentOf(FINANCE_BUREAU, 'lead');
      await driver.acknowledge(reporting);

      await at(8);
      await worker.shutdown();
      // A report sent while no worker runs times out (the API answers 202), and is applied once later.
      const report = driver.reportOf(reporting, { periodKey: 'P1', value: 100, key: 'sent-during-outage' });
      const attempt = client.withDeadline(Date.now() + 3_000, () =>
        driver.assignmentHandle(reporting.id).executeUpdate(submitReportUpdate, {
          args: [{ actor: departmentOf(reporting.unit), submission: { evidence: [], ...report } }],
        }),
      );
      await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateRPCTimeoutOrCancelledError);
      await at(42);
      worker = await startTestWorker({ taskQueue, repositories });

      // P1 of the neglected unit: reminder skipped with its reason, overdue, three levels one grace apart.
      const p1 = await eventually(
        async () => {
          const found = levelsOf(await repositories.decisions.allEscalations({ cycleId: driver.cycleId }), neglected.id, 'P1');
          return found.length === 3 ? found : undefined;
        },
        30_000,
        'three escalation levels of P1',
      );
      expectDueProcess(p1, graceMs);
      expect(Date.parse(p1[0]!.raisedAt)).toBeGreaterThanOrEqual(publishedAt + 42_000);
      const audit = (await repositories.audit.list({ assignmentId: neglected.id, limit: 200 })).items;
      const p1Reminder = audit.filter((e) => e.action.startsWith('reminder.') && (e.details as { periodKey?: string }).periodKey === 'P1');
      expect(p1Reminder).toEqual([expect.objectContaining({ action: 'reminder.skipped' })]);
      expect((p1Reminder[0]!.details as { reason?: string }).reason).toMatch(/deadline passed/);

      // The report sent during the outage is there exactly once; its retry is a duplicate.
      expect(await repositories.assignments.countReports(reporting.id)).toBe(1);
      expect(await driver.submit(reporting, report)).toMatchObject({ version: 1, duplicate: true });

      // P2: the worker is down across the reminder only; it is sent late, before the deadline.
      expect(Date.now()).toBeLessThan(publishedAt + 60_000); // the machine kept up: the outage below starts before P2's reminder
      await at(60);
      await worker.shutdown();
      await at(70);
      worker = await startTestWorker({ taskQueue, repositories });
      const p2Reminder = await eventually(
        async () =>
          (await repositories.audit.list({ assignmentId: neglected.id, limit: 200 })).items.find(
            (e) => e.action === 'reminder.sent' && (e.details as { periodKey?: string }).periodKey === 'P2',
          ),
        15_000,
        'the late reminder of P2',
      );
      expect(p2Reminder.details).toMatchObject({ late: true });
      expect(Date.parse(p2Reminder.at)).toBeLessThan(publishedAt + 80_000);
      const status = await driver.assignmentHandle(neglected.id).query<AssignmentStatus>('getAssignmentStatus');
      expect(status.periods[0]).toMatchObject({ overdue: true, reminderOutcome: 'skipped', escalationLevel: 'interview' });
      expect(status.periods[1]).toMatchObject({ reminderOutcome: 'sent_late' });

      if (process.env['RECORD_HISTORIES'] === '1') {
        await driver.cycleHandle().terminate('recorded');
        fs.writeFileSync(
          path.join(historiesDir, 'assignment.worker-outage.catch-up.json'),
          historyToJSON(await driver.assignmentHandle(neglected.id).fetchHistory()),
        );
      } else {
        await driver.cycleHandle().terminate('test over');
      }
    } finally {
      await worker.shutdown();
      await close();
    }
  });

  it('after the server was down across a period close, the unreported period is overdue, escalated, then missed', async () => {
    const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-temporal-')), 'temporal.sqlite');
    const port = await freePort();
    let server: TemporalDevServer = await startTemporalDevServer({ port, uiPort: null, dbFile });
    const taskQueue = uniqueTaskQueue('server-outage');
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const worker = await startTestWorker({ taskQueue, repositories, address: server.address });
    let neglected: AssignmentView | undefined;
    try {
      // P1 due at 10 s (checks at 10, 13, 16 s), closes at 20 s when P2 is due.
      const driver = await CycleDriver.createAndPublish({
        client,
        repositories,
        taskQueue,
        document: twoUnitPlan('服务停机测试'),
        calendar: {
          kind: 'compressed',
          periodCount: 2,
          periodSeconds: 10,
          reminderSeconds: 2,
          graceSeconds: 3,
          escalationChecks: 3,
          evaluationAfterSeconds: 60,
        },
      });
      const publishedAt = (await repositories.cycles.findCycleOrThrow(driver.cycleId)).calendar!.periods[0]!.opensAt;
      neglected = await driver.assignmentOf(FINANCE_BUREAU, 'lead');
      await sleep(Math.max(0, publishedAt + 5_000 - Date.now()));
      await server.stop();
      await sleep(Math.max(0, publishedAt + 22_000 - Date.now()));
      server = await startTemporalDevServer({ port, uiPort: null, dbFile });

      const id = neglected.id;
      const unitLevels = async () =>
        (await repositories.decisions.allEscalations({ cycleId: driver.cycleId })).filter((e) => e.assignmentId === id);
      const diagnose = async () =>
        outageDiagnostics({
          client,
          taskQueue,
          worker: worker.worker,
          workflowId: driver.assignmentHandle(id).workflowId,
          levels: await unitLevels(),
        });
      // P2 fell due (at 20 s) while the server was down too, so after the restart both periods'
      // checks run side by side, and the unit's due process is one ladder across them: P1 may go
      // from 提醒 to 约谈 when P2's 督办 came between (which of the two checks runs first is the
      // timers' order). Wait for P1 to reach the top; the worker's polls back off while the
      // server is down, and on a loaded machine it takes a while to catch up.
      const escalations = await eventually(
        async () => {
          const all = await unitLevels();
          return levelsOf(all, id, 'P1').some((e) => e.level === 'interview') ? all : undefined;
        },
        120_000,
        'P1 to reach 约谈 after the restart',
      ).catch(async (error: unknown) => {
        console.warn(await diagnose());
        throw error;
      });
      expectUnitDueProcess(escalations);
      const p1 = levelsOf(escalations, id, 'P1');
      expect(p1[0]?.level).toBe('reminder');
      expectDueProcess(p1, 3_000, { perPeriodLadder: false });
      const status = await eventually(
        async () => {
          const s = await driver.assignmentHandle(id).query<AssignmentStatus>('getAssignmentStatus');
          return s.periods[0]?.status === 'missed' ? s : undefined;
        },
        20_000,
        'P1 to be settled as missed',
      );
      expect(status.periods[0]).toMatchObject({ status: 'missed', overdue: true, reminderOutcome: 'skipped' });
      await driver.cycleHandle().terminate('test over');
    } finally {
      await worker.shutdown();
      await connection.close();
      await server.stop();
    }
  });
});

/** What the worker and the workflow were doing when the record was not reached after the server's restart: the worker's state, the levels written, the workflow's last events and pending work, the task queue's pollers. */
async function outageDiagnostics(params: {
  client: Client;
  taskQueue: string;
  worker: Worker;
  workflowId: string;
  levels: EscalationView[];
}): Promise<string> {
  const lines = [
    `after the server's restart: worker ${params.worker.getState()}, ${JSON.stringify(params.worker.getStatus())}`,
    `the unit's levels: ${params.levels.map((l) => `${l.periodKey} ${l.level}@${l.raisedAt}`).join(', ') || 'none'}`,
  ];
  const at = (time: Parameters<typeof optionalTsToMs>[0]) => {
    const ms = optionalTsToMs(time);
    return ms === undefined ? '-' : new Date(ms).toISOString();
  };
  try {
    const handle = params.client.workflow.getHandle(params.workflowId);
    const { raw, status } = await handle.describe();
    const task = raw.pendingWorkflowTask;
    lines.push(
      `workflow ${status.name}, pending activities ${raw.pendingActivities?.length ?? 0}, pending workflow task ` +
        (task
          ? `${temporal.api.enums.v1.PendingWorkflowTaskState[task.state ?? 0]} attempt ${task.attempt} scheduled ${at(task.scheduledTime)}`
          : 'none'),
    );
    const events = (await handle.fetchHistory()).events ?? [];
    lines.push(
      `last events: ${events
        .slice(-10)
        .map((e) => `${String(e.eventId)} ${temporal.api.enums.v1.EventType[e.eventType ?? 0]} ${at(e.eventTime)}`)
        .join(' | ')}`,
    );
    for (const taskQueueType of [
      temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    ]) {
      const queue = await params.client.workflowService.describeTaskQueue({
        namespace: params.client.options.namespace,
        taskQueue: { name: params.taskQueue },
        taskQueueType,
      });
      lines.push(
        `${temporal.api.enums.v1.TaskQueueType[taskQueueType]} pollers: ${(queue.pollers ?? []).map((p) => `${p.identity} last ${at(p.lastAccessTime)}`).join(', ') || 'none'}`,
      );
    }
  } catch (error) {
    lines.push(`the workflow could not be described: ${String(error)}`);
  }
  return lines.join('\n');
}
