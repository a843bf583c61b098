import request from 'supertest';
import type { App } from 'supertest/types';
import { assignmentWorkflowId, planCycleWorkflowId } from '@plancycle/contracts';
import type { AssignmentView } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { sleep } from '../support/cycle-driver';
import { testServiceToken, type TestCaller } from '../support/test-directory';
import { eventually, openTestClient } from '../support/test-stack';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(180_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  finance: testServiceToken(),
  auditor: testServiceToken(),
};
/** The callers of this file, seeded as service tokens in the directory. */
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'science', role: 'department', unit: SCIENCE_BUREAU },
  { token: tokens.finance, name: 'finance', role: 'department', unit: FINANCE_BUREAU },
  { token: tokens.auditor, name: 'auditor', role: 'auditor', unit: null },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('plancycle through HTTP, with real PostgreSQL and Temporal', () => {
  let stack: HttpStack;
  let http: App;

  beforeAll(async () => {
    stack = await startHttpStack({ name: 'e2e', callers, config: { TEMPORAL_UI_URL: 'http://127.0.0.1:8233' } });
    http = stack.http;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('authenticates every call but the health probe', async () => {
    await request(http).get('/health').expect(200);
    const anonymous = await request(http).get('/plans').expect(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    await request(http).get('/plans').set(auth('not-a-known-token-at-all')).expect(401);
    await request(http).get('/plans').set(auth('plct_not-a-known-service-token')).expect(401);
    await request(http).get('/plans').set(auth(tokens.science)).expect(403);
    const me = await request(http).get('/me').set(auth(tokens.finance)).expect(200);
    expect(me.body).toMatchObject({ role: 'department', unit: FINANCE_BUREAU });
  });

  it('refuses a malformed plan with a 400 naming each bad field, and stores nothing', async () => {
    const before = (await request(http).get('/plans?limit=200').set(auth(tokens.coordinator)).expect(200)).body.items.length;
    const document = twoUnitPlan('坏计划');
    const broken = {
      ...document,
      tasks: [
        { ...document.tasks[0], targets: [] },
        { ...document.tasks[1], number: 2 },
      ],
    };
    const response = await request(http).post('/plans').set(auth(tokens.coordinator)).send({ document: broken }).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const paths = response.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['document.tasks.0.targets', 'document.tasks.1.number']));
    const after = (await request(http).get('/plans?limit=200').set(auth(tokens.coordinator)).expect(200)).body.items.length;
    expect(after).toBe(before);
  });

  it('runs a plan from publishing to the ranked, summarised evaluation', async () => {
    const created = await request(http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan('端到端测试计划') })
      .expect(201);
    const planId: string = created.body.id;
    const cycleId: string = created.body.cycleId;
    await request(http).post(`/plans/${planId}/publish`).set(auth(tokens.auditor)).send({}).expect(403);

    const published = await request(http)
      .post(`/plans/${planId}/publish`)
      .set(auth(tokens.coordinator))
      .send({
        calendar: {
          kind: 'compressed',
          periodCount: 2,
          periodSeconds: 12,
          reminderSeconds: 4,
          graceSeconds: 2,
          escalationChecks: 2,
          evaluationAfterSeconds: 60,
        },
      })
      .expect(200);
    expect(published.body.assignmentCount).toBe(3);
    // The API writes instants as ISO strings.
    const periods = (published.body.calendar.periods as { key: string; dueAt: string; opensAt: string }[]).map((p) => ({
      key: p.key,
      dueAt: Date.parse(p.dueAt),
      opensAt: Date.parse(p.opensAt),
    }));
    await request(http).post(`/plans/${planId}/publish`).set(auth(tokens.coordinator)).send({}).expect(409);

    const all = await eventually(
      async () => {
        const res = await request(http).get(`/cycles/${cycleId}/assignments`).set(auth(tokens.coordinator)).expect(200);
        const list = res.body.items as AssignmentView[];
        return list.length === 3 && list.every((a) => a.status !== null) ? list : undefined;
      },
      30_000,
      'assignments to start',
    );
    const scienceLead = all.find((a) => a.unit === SCIENCE_BUREAU) as AssignmentView;
    const financeLead = all.find((a) => a.unit === FINANCE_BUREAU && a.role === 'lead') as AssignmentView;
    const financeCooperating = all.find((a) => a.unit === FINANCE_BUREAU && a.role === 'cooperating') as AssignmentView;
    // The API starts the cycle on the cycles' task queue; the cycle starts its assignments on the shared one.
    const temporal = await openTestClient();
    try {
      const cycleRun = await temporal.client.workflow.getHandle(planCycleWorkflowId(cycleId)).describe();
      expect(cycleRun.taskQueue).toBe(`${stack.taskQueue}-cycles`);
      const assignmentRun = await temporal.client.workflow.getHandle(assignmentWorkflowId(scienceLead.id)).describe();
      expect(assignmentRun.taskQueue).toBe(stack.taskQueue);
    } finally {
      await temporal.close();
    }

    // A department sees its own assignments only.
    const own = await request(http).get(`/cycles/${cycleId}/assignments`).set(auth(tokens.science)).expect(200);
    expect(own.body.items.map((a: AssignmentView) => a.id)).toEqual([scienceLead.id]);
    const foreign = await request(http).get(`/assignments/${scienceLead.id}`).set(auth(tokens.finance)).expect(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN');
    await request(http).post(`/assignments/${scienceLead.id}/acknowledge`).set(auth(tokens.finance)).expect(403);
    // An auditor reads everything and changes nothing.
    await request(http).get(`/assignments/${scienceLead.id}/reports`).set(auth(tokens.coordinator)).expect(200);
    const auditorWrite = await request(http).post(`/assignments/${scienceLead.id}/acknowledge`).set(auth(tokens.auditor)).expect(403);
    expect(auditorWrite.body.error.code).toBe('FORBIDDEN');

    await request(http).post(`/assignments/${scienceLead.id}/acknowledge`).set(auth(tokens.science)).expect(200);
    await request(http).post(`/assignments/${financeLead.id}/acknowledge`).set(auth(tokens.finance)).expect(200);
    await request(http).post(`/assignments/${financeCooperating.id}/acknowledge`).set(auth(tokens.finance)).expect(200);

    const report = (assignment: AssignmentView, periodKey: string, value: number, key: string) => ({
      periodKey,
      idempotencyKey: key,
      narrative: `${assignment.unit}${periodKey}报送`,
      evidence: [{ title: '台账', uri: 'https://oa.example.gov.cn/files/1' }],
      values: assignment.indicators.map((i) => ({ indicatorId: i.id, value })),
    });
    const submit = (token: string, assignment: AssignmentView, body: object) =>
      request(http).post(`/assignments/${assignment.id}/reports`).set(auth(token)).send(body);

    // Malformed reports: 400 with the field, nothing written.
    const malformed = await submit(tokens.science, scienceLead, {
      ...report(scienceLead, 'P1', 1, 'malformed-1'),
      values: [{ indicatorId: scienceLead.indicators[0]?.id, value: 'three hundred' }],
    }).expect(400);
    expect(malformed.body.error.issues.map((i: { path: string }) => i.path)).toContain('values.0.value');
    const unknownIndicator = await submit(tokens.science, scienceLead, {
      ...report(scienceLead, 'P1', 1, 'malformed-2'),
      values: [{ indicatorId: 'no-such-indicator', value: 1 }],
    }).expect(400);
    expect(unknownIndicator.body.error.code).toBe('VALIDATION_FAILED');
    const noNarrative = await submit(tokens.science, scienceLead, { ...report(scienceLead, 'P1', 1, 'malformed-3'), narrative: '' }).expect(
      400,
    );
    expect(noNarrative.body.error.issues.map((i: { path: string }) => i.path)).toContain('narrative');
    expect((await request(http).get(`/assignments/${scienceLead.id}/reports`).set(auth(tokens.science))).body).toHaveLength(0);

    // The same submission twice is recorded once.
    const first = await submit(tokens.science, scienceLead, report(scienceLead, 'P1', 200, 'science-p1-v1')).expect(201);
    const again = await submit(tokens.science, scienceLead, report(scienceLead, 'P1', 200, 'science-p1-v1')).expect(201);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect((await request(http).get(`/assignments/${scienceLead.id}/reports`).set(auth(tokens.science))).body).toHaveLength(1);

    // Returned with a comment, revised, approved.
    await request(http)
      .post(`/assignments/${scienceLead.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'return' })
      .expect(400);
    await request(http)
      .post(`/assignments/${scienceLead.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'return', comment: '请附企业入库名单' })
      .expect(200);
    const revised = await submit(tokens.science, scienceLead, report(scienceLead, 'P1', 260, 'science-p1-v2')).expect(201);
    expect(revised.body.version).toBe(2);
    await request(http)
      .post(`/assignments/${scienceLead.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'approve' })
      .expect(200);

    await submit(tokens.finance, financeCooperating, report(financeCooperating, 'P1', 240, 'cooperating-p1')).expect(201);
    await request(http)
      .post(`/assignments/${financeCooperating.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'approve' })
      .expect(200);

    // The finance bureau's own target is reported late: reminder, then 督办.
    const escalated = await eventually(
      async () => {
        const res = await request(http).get(`/cycles/${cycleId}/escalations`).set(auth(tokens.coordinator)).expect(200);
        return (res.body.items as { assignmentId: string; level: string }[]).find(
          (e) => e.assignmentId === financeLead.id && e.level === 'supervision',
        );
      },
      40_000,
      'the 督办 escalation of the late report',
    );
    expect(escalated).toBeTruthy();
    const ownEscalations = await request(http).get(`/cycles/${cycleId}/escalations`).set(auth(tokens.science)).expect(200);
    expect((ownEscalations.body.items as { unit: string }[]).every((e) => e.unit === SCIENCE_BUREAU)).toBe(true);
    await submit(tokens.finance, financeLead, report(financeLead, 'P1', 900_000_000, 'finance-p1-late')).expect(201);
    await request(http)
      .post(`/assignments/${financeLead.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'approve' })
      .expect(200);

    // Second period.
    const p2 = periods[1] as { opensAt: number; dueAt: number };
    await sleep(Math.max(0, p2.opensAt - Date.now()) + 300);
    for (const [token, assignment, value] of [
      [tokens.science, scienceLead, 510],
      [tokens.finance, financeCooperating, 470],
      [tokens.finance, financeLead, 2_400_000_000],
    ] as const) {
      await submit(token, assignment, report(assignment, 'P2', value, `p2-${assignment.id}`)).expect(201);
      await request(http)
        .post(`/assignments/${assignment.id}/reviews`)
        .set(auth(tokens.coordinator))
        .send({ periodKey: 'P2', decision: 'approve' })
        .expect(200);
    }

    // Evaluation waits for the last due date, then runs on the coordinator's word.
    if (Date.now() < p2.dueAt - 1500) {
      const early = await request(http).post(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator)).expect(409);
      expect(early.body.error.code).toBe('INVALID_STATE');
    }
    await sleep(Math.max(0, p2.dueAt - Date.now()) + 300);
    await request(http).post(`/cycles/${cycleId}/evaluation`).set(auth(tokens.auditor)).expect(403);
    await request(http).post(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator)).expect(202);
    const evaluation = await eventually(
      async () => {
        const res = await request(http).get(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator));
        return res.status === 200 && res.body.status === 'completed' ? res.body : undefined;
      },
      40_000,
      'the evaluation',
    );
    expect(evaluation.result.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank])).toEqual([
      [SCIENCE_BUREAU, 1],
      [FINANCE_BUREAU, 2],
    ]);
    expect(evaluation.result.totals).toMatchObject({ indicators: 2, exceeded: 1, not_met: 1 });
    expect(evaluation.summaryText).toContain('年终考核');
    expect(evaluation.summaryText).toContain('入库科技型中小企业510家');
    expect(evaluation.summaryText).toContain('完成目标的102%');
    expect(evaluation.summaryText).toContain('第1名市科工局');

    // A department sees its own score and rank, not the other units'.
    const financeView = await request(http).get(`/cycles/${cycleId}/evaluation`).set(auth(tokens.finance)).expect(200);
    expect(financeView.body.result.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank])).toEqual([[FINANCE_BUREAU, 2]]);
    expect(financeView.body.result.unitsRanked).toBe(2);
    expect(financeView.body.summaryText).toBeNull();
    for (const indicator of financeView.body.result.indicators as { units: { unit: string }[] }[]) {
      expect(indicator.units.map((u) => u.unit)).toContain(FINANCE_BUREAU);
    }

    const cycle = await eventually(
      async () => {
        const res = await request(http).get(`/cycles/${cycleId}`).set(auth(tokens.coordinator)).expect(200);
        return res.body.phase === 'closed' ? res.body : undefined;
      },
      30_000,
      'the cycle to close',
    );
    expect(cycle.progress.decomposition).toMatchObject({ started: 3, total: 3 });

    // The auditor replays an assignment: who did what, when, which rule version decided.
    const history = await request(http).get(`/audit/assignments/${scienceLead.id}`).set(auth(tokens.auditor)).expect(200);
    const actions = history.body.auditEvents.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['assignment.acknowledged', 'report.submitted', 'report.returned', 'report.resubmitted', 'report.approved']),
    );
    const returnedEvent = history.body.auditEvents.find((e: { action: string }) => e.action === 'report.returned');
    expect(returnedEvent).toMatchObject({ actorRole: 'coordinator', actorName: 'coordinator', actorTokenId: expect.any(String) });
    expect(history.body.workflow.available).toBe(true);
    const updates = history.body.workflow.events.filter((e: { summary: string }) => e.summary.startsWith('update submitReport'));
    // Three reports and the retry of the first, answered with its result (duplicate: true).
    expect(updates.length).toBe(4);
    expect(updates[0].actor).toMatchObject({ role: 'department', name: 'science', unit: SCIENCE_BUREAU });
    // The timeline: each step with its person, and beside it the Temporal event of the activity that recorded it.
    const returnedStep = history.body.timeline.find((s: { action: string }) => s.action === 'report.returned');
    expect(returnedStep).toMatchObject({ kind: 'event', actor: { role: 'coordinator', name: 'coordinator' } });
    const scheduled = history.body.workflow.events.find((e: { eventId: number }) => e.eventId === returnedStep.workflowEvent.eventId);
    // A write run as a local activity (workflows started with the local-writes patch) leaves a marker, not a scheduled activity.
    expect(scheduled).toMatchObject({ type: 'MARKER_RECORDED', activityId: returnedStep.workflowEvent.activityId });
    expect(returnedStep.workflowEvent.url).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(scienceLead.workflowId)}/${history.body.workflow.runId}/history`,
    );
    const lateHistory = await request(http).get(`/audit/assignments/${financeLead.id}`).set(auth(tokens.auditor)).expect(200);
    const escalationDecision = lateHistory.body.decisions.find(
      (d: { kind: string; outcome: string }) => d.kind === 'escalation' && d.outcome === 'supervision',
    );
    expect(escalationDecision).toMatchObject({ ruleSetId: 'escalation' });
    expect(escalationDecision.ruleSetVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const escalationStep = lateHistory.body.timeline.find((s: { id: string }) => s.id === escalationDecision.id);
    expect(escalationStep).toMatchObject({ kind: 'decision', outcome: 'supervision', ruleSet: { id: 'escalation' } });
    expect(escalationStep.workflowEvent.eventId).toEqual(expect.any(Number));
    const cycleHistory = await request(http).get(`/audit/cycles/${cycleId}?limit=200`).set(auth(tokens.auditor)).expect(200);
    expect(cycleHistory.body.auditEvents.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['plan.created', 'plan.published', 'evaluation.completed']),
    );
    // Everything the API, the worker and the rules recorded for the cycle is one unbroken hash chain.
    const chain = await request(http).get(`/audit/cycles/${cycleId}/verify`).set(auth(tokens.auditor)).expect(200);
    expect(chain.body).toMatchObject({ valid: true, unchained: 0, firstBrokenAt: null });
    expect(chain.body.checked).toBeGreaterThanOrEqual(cycleHistory.body.auditEvents.length + cycleHistory.body.decisions.length);
  });
});
