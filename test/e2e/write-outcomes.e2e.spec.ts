import request from 'supertest';
import type { App } from 'supertest/types';
import { loadApiConfigOrThrow } from '@plancycle/config';
import type { AssignmentView } from '@plancycle/persistence';
import { createApiApp, type ApiApp } from '../../apps/api/src/api-app';
import { SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { seedTestDirectory, testServiceToken, type TestCaller } from '../support/test-directory';
import { eventually, openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(180_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
};
/** The callers of this file, seeded as service tokens in the directory. */
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'science', role: 'department', unit: SCIENCE_BUREAU },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

function apiConfig(overrides: Record<string, string>) {
  const stack = testStack();
  return loadApiConfigOrThrow({
    DATABASE_URL: stack.databaseUrl,
    DATABASE_POOL_SIZE: '3',
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_CALL_DEADLINE_MS: '6000',
    ...overrides,
  });
}

/**
 * What a write answers when the worker or the server is down: 202 with where to fetch the
 * outcome when Temporal may still apply it, 503 only when it surely did not happen.
 */
describe('write outcomes while the worker or the server is down', () => {
  const taskQueue = uniqueTaskQueue('e2e-outcomes');
  const workerRepositories = openTestRepositories();
  let api: ApiApp;
  let http: App;
  let worker: Awaited<ReturnType<typeof startTestWorker>> | null = null;

  beforeAll(async () => {
    api = await createApiApp(apiConfig({ TEMPORAL_TASK_QUEUE: taskQueue }), { logger: false });
    await seedTestDirectory(api.repositories, { units: [], callers });
    await api.app.init();
    http = api.app.getHttpServer() as App;
    worker = await startTestWorker({ taskQueue, repositories: workerRepositories });
  });
  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await workerRepositories.close();
  });

  it('answers 202 with an operation to fetch, applies the write once, and refuses a different write under its key', async () => {
    const created = await request(http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan('写入结果测试') })
      .expect(201);
    const { id: planId, cycleId } = created.body as { id: string; cycleId: string };
    const calendar = { kind: 'compressed', periodCount: 2, periodSeconds: 60, reminderSeconds: 0, graceSeconds: 30, escalationChecks: 1 };
    const published = await request(http)
      .post(`/plans/${planId}/publish`)
      .set(auth(tokens.coordinator))
      .send({ calendar, idempotencyKey: 'publish-outcomes-1' });
    expect(published.body).toMatchObject({ duplicate: false });
    expect(published.status).toBe(200);
    // The same publish again under its key: the first result; another calendar under it: 422.
    const again = await request(http)
      .post(`/plans/${planId}/publish`)
      .set(auth(tokens.coordinator))
      .send({ calendar, idempotencyKey: 'publish-outcomes-1' })
      .expect(200);
    expect(again.body).toMatchObject({ duplicate: true, assignmentCount: published.body.assignmentCount });
    const reused = await request(http)
      .post(`/plans/${planId}/publish`)
      .set(auth(tokens.coordinator))
      .send({ calendar: { ...calendar, periodSeconds: 90 }, idempotencyKey: 'publish-outcomes-1' })
      .expect(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const assignment = await eventually(
      async () => {
        const list = (await request(http).get(`/cycles/${cycleId}/assignments`).set(auth(tokens.science)).expect(200)).body
          .items as AssignmentView[];
        return list.find((a) => a.status !== null);
      },
      30_000,
      'the assignment to start',
    );
    await request(http).post(`/assignments/${assignment.id}/acknowledge`).set(auth(tokens.science)).expect(200);
    const report = {
      periodKey: 'P1',
      idempotencyKey: 'outcome-report-0001',
      narrative: '一季度进展',
      values: assignment.indicators.map((i) =>
        i.kind === 'milestone' ? { indicatorId: i.id, done: true } : { indicatorId: i.id, value: 10 },
      ),
    };
    await request(http).post(`/assignments/${assignment.id}/reports`).set(auth(tokens.science)).send(report).expect(201);
    const reusedReport = await request(http)
      .post(`/assignments/${assignment.id}/reports`)
      .set(auth(tokens.science))
      .send({ ...report, narrative: '另一份' })
      .expect(422);
    expect(reusedReport.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const duplicate = await request(http).post(`/assignments/${assignment.id}/reports`).set(auth(tokens.science)).send(report).expect(201);
    expect(duplicate.body.duplicate).toBe(true);

    // No worker: the approval is taken by Temporal but not applied in time.
    await worker!.shutdown();
    worker = null;
    const approve = { periodKey: 'P1', decision: 'approve', idempotencyKey: 'outcome-review-0001' };
    const pending = await request(http)
      .post(`/assignments/${assignment.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send(approve)
      .expect(202);
    expect(pending.body).toMatchObject({ status: 'pending', retryable: false });
    expect(pending.headers['location']).toBe(pending.body.statusUrl);
    expect(pending.body.statusUrl).toBe(`/assignments/${assignment.id}/operations/${pending.body.operationId}`);
    await request(http).get(pending.body.statusUrl).set(auth(tokens.coordinator)).expect(202);

    worker = await startTestWorker({ taskQueue, repositories: workerRepositories });
    const outcome = await eventually(
      async () => {
        const res = await request(http).get(pending.body.statusUrl).set(auth(tokens.coordinator));
        return res.status === 200 ? res.body : undefined;
      },
      30_000,
      'the approval to be applied',
    );
    expect(outcome).toMatchObject({ status: 'completed', result: { status: 'approved' } });
    // The retry under the same key answers with that result; a "return" sent instead is refused.
    const retried = await request(http)
      .post(`/assignments/${assignment.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send(approve)
      .expect(200);
    expect(retried.body).toMatchObject({ status: 'approved', duplicate: true });
    const different = await request(http)
      .post(`/assignments/${assignment.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'return', comment: '请补充材料', idempotencyKey: 'outcome-review-0001' })
      .expect(422);
    expect(different.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const reviews = (await request(http).get(`/assignments/${assignment.id}/reports`).set(auth(tokens.coordinator)).expect(200)).body;
    expect(JSON.stringify(reviews).match(/"decision":"approve"/g)).toHaveLength(1);
    // A department cannot read the coordinator's operations of another unit; an unknown operation is a 404.
    await request(http)
      .get(`/assignments/${assignment.id}/operations/00000000-0000-4000-8000-000000000000`)
      .set(auth(tokens.coordinator))
      .expect(404);
    await request(http)
      .post(`/cycles/${cycleId}/evaluation`)
      .set(auth(tokens.coordinator))
      .send({ idempotencyKey: 'bad key with spaces' })
      .expect(400);
  });

  it('answers 503, retryable, only when the write surely did not reach Temporal', async () => {
    const unreachable = await createApiApp(apiConfig({ TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: '127.0.0.1:1' }), {
      logger: false,
    });
    await unreachable.app.init();
    try {
      const cycles = (await workerRepositories.plans.listPlans({ limit: 200 })).items;
      const cycleId = cycles.find((p) => p.title === '写入结果测试')?.cycleId;
      const [assignment] = await workerRepositories.assignments.allAssignments({ cycleId: cycleId as string, unit: SCIENCE_BUREAU });
      const id = assignment!.id;
      const res = await request(unreachable.app.getHttpServer() as App)
        .post(`/assignments/${id}/acknowledge`)
        .set(auth(tokens.science));
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'WORKFLOW_UNAVAILABLE', retryable: true });
    } finally {
      await unreachable.close();
    }
  });
});
