import fs from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { AssignmentStatus, CycleStatus } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { CycleDriver, sleep } from '../support/cycle-driver';
import { eventually, openTestClient, openTestRepositories, startTestWorker, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(120_000);

const historiesDir = path.join(__dirname, '..', 'histories');
/**
 * Recordings of today's code carry the generation in their name, so a new recording never
 * replaces the histories of earlier code (running cycles still need those to replay).
 */
const generation = 'local-writes';
const recordedName = (name: string) => `${name}.${generation}.json`;
/** The cycle's own generation: since its queue of its own, it starts its children on another queue. */
const cycleGeneration = 'cycle-queue';

async function recordHistory(driver: CycleDriver, assignmentId: string, file: string): Promise<void> {
  if (process.env['RECORD_HISTORIES'] !== '1') return;
  const history = await driver.assignmentHandle(assignmentId).fetchHistory();
  fs.writeFileSync(path.join(historiesDir, file), historyToJSON(history));
}

describe('plan cycle on a real worker and the Temporal dev server', () => {
  let client: Client;
  let closeClient: () => Promise<void>;
  let repositories: Repositories;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  const taskQueue = uniqueTaskQueue('cycle');

  beforeAll(async () => {
    ({ client, close: closeClient } = await openTestClient());
    repositories = openTestRepositories();
    worker = await startTestWorker({ taskQueue, repositories });
  });

  afterAll(async () => {
    await worker?.shutdown();
    await closeClient?.();
    await repositories?.close();
  });

  it('runs a whole year on a calendar of seconds: reports, reviews, evaluation, ranking, summary', async () => {
    const driver = await CycleDriver.createAndPublish({
      client,
      repositories,
      taskQueue,
      document: twoUnitPlan('年度全流程测试'),
      calendar: {
        kind: 'compressed',
        periodCount: 2,
        periodSeconds: 8,
        reminderSeconds: 3,
        graceSeconds: 2,
        escalationChecks: 2,
        evaluationAfterSeconds: 3,
      },
    });
    const scienceLead = await driver.assignmentOf(SCIENCE_BUREAU, 'lead');
    const financeCooperating = await driver.assignmentOf(FINANCE_BUREAU, 'cooperating');
    const financeLead = await driver.assignmentOf(FINANCE_BUREAU, 'lead');
    expect((await driver.assignments()).length).toBe(3);
    // The cycle runs on the cycles' queue; its assignments on the shared one.
    expect((await driver.cycleHandle().describe()).taskQueue).toBe(`${taskQueue}-cycles`);
    expect((await driver.assignmentHandle(scienceLead.id).describe()).taskQueue).toBe(taskQueue);

    for (const a of [scienceLead, financeCooperating, financeLead]) await driver.acknowledge(a);

    const figures = {
      P1: { science: 300, cooperating: 250, finance: 1_200_000_000 },
      P2: { science: 520, cooperating: 480, finance: 2_500_000_000 },
    };
    for (const periodKey of ['P1', 'P2'] as const) {
      if (periodKey === 'P2') {
        const opensAt = (await driver.cycleHandle().query<CycleStatus>('getCycleStatus')).calendar?.periods[1]?.opensAt ?? 0;
        await sleep(Math.max(0, opensAt - Date.now()) + 200);
      }
      const reports: [typeof scienceLead, number][] = [
        [scienceLead, figures[periodKey].science],
        [financeCooperating, figures[periodKey].cooperating],
        [financeLead, figures[periodKey].finance],
      ];
      for (const [assignment, value] of reports) {
        await driver.submit(assignment, driver.reportOf(assignment, { periodKey, value, key: `year-${periodKey}-${assignment.id}` }));
        const reviewed = await driver.review(assignment, { periodKey, decision: 'approve' });
        expect(reviewed.status).toBe('approved');
      }
    }

    const final = await driver.cycleHandle().result();
    expect(final.phase).toBe('closed');

    const evaluation = await repositories.evaluations.find(driver.cycleId);
    expect(evaluation?.status).toBe('completed');
    const result = evaluation?.result as {
      indicators: { metric: string; outcome: string; achieved: number; shareOfTarget: number }[];
      units: { unit: string; rank: number; score: number }[];
    };
    const enterprises = result.indicators.find((i) => i.metric === '入库科技型中小企业');
    expect(enterprises).toMatchObject({ outcome: 'exceeded', achieved: 520 });
    expect(enterprises?.shareOfTarget).toBeCloseTo(1.04, 5);
    const contracts = result.indicators.find((i) => i.metric === '技术合同交易额');
    expect(contracts).toMatchObject({ outcome: 'not_met', achieved: 2_500_000_000 });
    expect(result.units.map((u) => [u.unit, u.rank])).toEqual([
      [SCIENCE_BUREAU, 1],
      [FINANCE_BUREAU, 2],
    ]);
    expect(evaluation?.summaryText).toContain('入库科技型中小企业520家');
    expect(evaluation?.summaryText).toContain('技术合同交易额25亿元');
    expect(evaluation?.summaryText).toMatch(/第1名市科工局/);

    // Every assignment workflow finished its year with both periods approved.
    for (const assignment of [scienceLead, financeCooperating, financeLead]) {
      const status = (await driver.assignmentHandle(assignment.id).result()) as AssignmentStatus;
      expect(status.phase).toBe('closed');
      expect(status.periods.map((p) => p.status)).toEqual(['approved', 'approved']);
    }
    const decisions = await repositories.decisions.listDecisions({ cycleId: driver.cycleId, kind: 'attainment' });
    expect(decisions).toHaveLength(2);
    expect(decisions[0]).toMatchObject({ ruleSetId: 'attainment' });
    expect(decisions[0]?.ruleSetVersion).toMatch(/^\d+\.\d+\.\d+$/);

    if (process.env['RECORD_HISTORIES'] === '1') {
      fs.mkdirSync(historiesDir, { recursive: true });
      const cycleHistory = await driver.cycleHandle().fetchHistory();
      fs.writeFileSync(path.join(historiesDir, `plan-cycle.whole-year.${cycleGeneration}.json`), historyToJSON(cycleHistory));
      const assignmentHistory = await driver.assignmentHandle(scienceLead.id).fetchHistory();
      fs.writeFileSync(path.join(historiesDir, recordedName('assignment.whole-year')), historyToJSON(assignmentHistory));
    }
  });

  describe('within one reporting period', () => {
    let driver: CycleDriver;

    beforeAll(async () => {
      driver = await CycleDriver.createAndPublish({
        client,
        repositories,
        taskQueue,
        document: twoUnitPlan('单期测试'),
        calendar: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 10,
          reminderSeconds: 4,
          graceSeconds: 3,
          escalationChecks: 3,
          evaluationAfterSeconds: 40,
        },
      });
    });

    it('sends a reminder before the due date, then escalates a late report to 督办, and still takes it late', async () => {
      const late = await driver.assignmentOf(FINANCE_BUREAU, 'lead');
      await driver.acknowledge(late);
      const reminder = await eventually(
        async () => (await repositories.audit.list({ assignmentId: late.id, limit: 200 })).items.find((e) => e.action === 'reminder.sent'),
        20_000,
        'the reminder',
      );
      expect(reminder.details).toMatchObject({ periodKey: 'P1' });

      const supervision = await eventually(
        async () =>
          (await repositories.decisions.allEscalations({ cycleId: driver.cycleId })).find(
            (e) => e.assignmentId === late.id && e.level === 'supervision',
          ),
        25_000,
        'the 督办 escalation',
      );
      expect(supervision.reason).toContain('督办');
      const levels = (await repositories.decisions.allEscalations({ cycleId: driver.cycleId }))
        .filter((e) => e.assignmentId === late.id)
        .map((e) => e.level);
      expect(levels.slice(0, 2)).toEqual(['reminder', 'supervision']);
      const decision = (await repositories.decisions.listDecisions({ cycleId: driver.cycleId, assignmentId: late.id })).find(
        (d) => d.id === supervision.decisionId,
      );
      expect(decision).toMatchObject({ kind: 'escalation', ruleSetId: 'escalation', outcome: 'supervision' });
      expect(decision?.conditions).toBeTruthy();

      const accepted = await driver.submit(late, driver.reportOf(late, { periodKey: 'P1', value: 1e9, key: 'late-report-1' }));
      expect(accepted.version).toBe(1);
      const status = await driver.assignmentHandle(late.id).query<AssignmentStatus>('getAssignmentStatus');
      expect(status.periods[0]).toMatchObject({ status: 'submitted', overdue: true });
      await recordHistory(driver, late.id, recordedName('assignment.late-escalated'));
    });

    it('returns a report with a comment, takes the revision and approves it', async () => {
      const assignment = await driver.assignmentOf(SCIENCE_BUREAU, 'lead');
      await driver.acknowledge(assignment);
      await driver.submit(assignment, driver.reportOf(assignment, { periodKey: 'P1', value: 120, key: 'returned-v1' }));
      const returned = await driver.review(assignment, {
        periodKey: 'P1',
        decision: 'return',
        comment: '请补充入库企业名单',
      });
      expect(returned.status).toBe('returned');
      const afterReturn = await driver.assignmentHandle(assignment.id).query<AssignmentStatus>('getAssignmentStatus');
      expect(afterReturn.periods[0]).toMatchObject({ status: 'returned', lastReturnComment: '请补充入库企业名单' });

      const resubmitted = await driver.submit(assignment, driver.reportOf(assignment, { periodKey: 'P1', value: 130, key: 'returned-v2' }));
      expect(resubmitted.version).toBe(2);
      await driver.review(assignment, { periodKey: 'P1', decision: 'approve' });

      const reports = await repositories.assignments.listReports(assignment.id);
      expect(reports.map((r) => [r.version, r.status, r.review?.comment ?? null])).toEqual([
        [1, 'returned', '请补充入库企业名单'],
        [2, 'approved', null],
      ]);
      await recordHistory(driver, assignment.id, recordedName('assignment.returned-resubmitted'));

      // Each human step is answered in the workflow task that accepted it: its write runs as a
      // local activity (a marker), so no workflow task completes between accept and answer.
      const events = (await driver.assignmentHandle(assignment.id).fetchHistory()).events ?? [];
      const type = (e: (typeof events)[number]) => temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? '';
      const steps = events.flatMap((e, index) => (type(e) === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED' ? [index] : []));
      expect(steps.length).toBe(5); // acknowledge, submit, return, resubmit, approve (whose trajectory check is a remote activity)
      for (const start of steps.slice(0, 4)) {
        const answered = events.findIndex((e, index) => index > start && type(e) === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
        const between = events.slice(start, answered).map(type);
        expect(between).not.toContain('EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
        expect(between).toContain('EVENT_TYPE_MARKER_RECORDED');
      }
    });

    it('rejects bad reports in the validator, writing nothing, and records a retried submission once', async () => {
      const assignment = await driver.assignmentOf(FINANCE_BUREAU, 'cooperating');
      const beforeAck = driver.submit(assignment, driver.reportOf(assignment, { periodKey: 'P1', value: 1, key: 'early-key-1' }));
      await expect(beforeAck).rejects.toThrow(WorkflowUpdateFailedError);
      await driver.acknowledge(assignment);

      const bad = driver.submit(assignment, {
        periodKey: 'P1',
        idempotencyKey: 'bad-key-0001',
        narrative: '进展',
        values: [{ indicatorId: 'not-an-indicator', value: 5 }],
      });
      const failure = await bad.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (failure as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('VALIDATION_FAILED');
      expect(await repositories.assignments.countReports(assignment.id)).toBe(0);

      // A malformed shape is refused by the schema the worker built once and shares between
      // workflows (workflows/src/update-schemas.ts, preloaded): twice, so the second parse
      // uses the memo, with the field named.
      for (const attempt of [1, 2]) {
        const malformed = await driver
          .submit(assignment, { periodKey: 'P1', idempotencyKey: `short${attempt}`, narrative: ' ', values: [] } as never)
          .catch((error: unknown) => error);
        const malformedCause = (malformed as WorkflowUpdateFailedError).cause as ApplicationFailure;
        expect(malformedCause.type).toBe('VALIDATION_FAILED');
        const issues = (malformedCause.details?.[0] as { issues: { path: string }[] }).issues.map((issue) => issue.path);
        expect(issues).toEqual(expect.arrayContaining(['idempotencyKey', 'values', 'narrative']));
      }

      const report = driver.reportOf(assignment, { periodKey: 'P1', value: 40, key: 'same-key-twice' });
      const first = await driver.submit(assignment, report);
      const second = await driver.submit(assignment, report);
      expect(second.reportId).toBe(first.reportId);
      expect(await repositories.assignments.countReports(assignment.id)).toBe(1);
    });
  });
});
