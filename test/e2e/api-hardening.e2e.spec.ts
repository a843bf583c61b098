import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';
import { loadApiConfigOrThrow, type ApiConfig } from '@plancycle/config';
import type { AssignmentView } from '@plancycle/persistence';
import { createApiApp, type ApiApp } from '../../apps/api/src/api-app';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { sleep } from '../support/cycle-driver';
import { multipartBody, rawRequest, type RawResponse } from '../support/raw-http';
import { seedTestDirectory, testServiceToken, type TestCaller } from '../support/test-directory';
import { eventually, openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../support/test-stack';
import { badInputCases } from './bad-input.cases';

jest.setTimeout(240_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  finance: testServiceToken(),
  auditor: testServiceToken(),
  leader: testServiceToken(),
  admin: testServiceToken(),
};
/** The callers of this file, seeded as service tokens in the directory. */
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'science', role: 'department', unit: SCIENCE_BUREAU },
  { token: tokens.finance, name: 'finance', role: 'department', unit: FINANCE_BUREAU },
  { token: tokens.auditor, name: 'auditor', role: 'auditor', unit: null },
  // A leader's token answers for the unit it names (市科工局, department A's).
  { token: tokens.leader, name: 'leader', role: 'leader', unit: SCIENCE_BUREAU },
  { token: tokens.admin, name: 'admin', role: 'admin', unit: null },
];
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const jsonHeaders = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });

function apiConfig(overrides: Record<string, string> = {}): ApiConfig {
  const stack = testStack();
  return loadApiConfigOrThrow({
    DATABASE_URL: stack.databaseUrl,
    DATABASE_POOL_SIZE: '3',
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_CALL_DEADLINE_MS: '8000',
    // The matrix and the bad-input suite fail authentication hundreds of times on purpose.
    PLANCYCLE_AUTH_FAILURES_PER_MINUTE: '100000',
    PLANCYCLE_IMPORTS_PER_MINUTE: '100000',
    ...overrides,
  });
}

/** An API listening on a free local port (raw HTTP needs a real socket). */
async function listeningApi(config: ApiConfig): Promise<{ api: ApiApp; baseUrl: string }> {
  const api = await createApiApp(config, { logger: false });
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  return { api, baseUrl: `http://127.0.0.1:${port}` };
}

/** Row counts of every table of the application's schema. */
async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const tables = await pg.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const counts: Record<string, number> = {};
    for (const { table_name: table } of tables.rows) {
      const result = await pg.query<{ count: string }>(`SELECT count(*) AS count FROM "${table.replace(/"/g, '""')}"`);
      counts[table] = Number(result.rows[0]?.count ?? -1);
    }
    return counts;
  } finally {
    await pg.end();
  }
}

describe('the API under probing: authorisation, strict bodies, limits, headers, outages, bad input', () => {
  const taskQueue = uniqueTaskQueue('hardening');
  const workerRepositories = openTestRepositories();
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let api: ApiApp;
  let baseUrl: string;
  let planId: string;
  let cycleId: string;
  let assignments: AssignmentView[];
  let scienceLead: AssignmentView;
  /** A cycle still reporting (published late, with confirmation, in a test below). */
  let openCycleId: string | undefined;
  let personId: string;

  const call = (method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}) =>
    rawRequest({
      baseUrl,
      method,
      path,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.body === undefined
        ? {}
        : { body: Buffer.isBuffer(options.body) || typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });

  beforeAll(async () => {
    ({ api, baseUrl } = await listeningApi(apiConfig({ TEMPORAL_TASK_QUEUE: taskQueue })));
    await seedTestDirectory(api.repositories, { units: [], callers });
    personId = (
      await api.repositories.directory.createPerson(
        { id: 'test:seed', role: 'system' },
        { name: '矩阵测试', email: `matrix-${Date.now()}@test.plancycle.local`, role: 'department', unit: SCIENCE_BUREAU },
      )
    ).id;
    worker = await startTestWorker({ taskQueue, repositories: workerRepositories });

    // One short cycle, settled before the probes: reported, reviewed, escalated, evaluated, closed.
    const created = await call('POST', '/plans', {
      headers: jsonHeaders(tokens.coordinator),
      body: { document: twoUnitPlan('加固测试计划') },
    });
    expect(created.status).toBe(201);
    ({ id: planId, cycleId } = created.json as { id: string; cycleId: string });
    const published = await call('POST', `/plans/${planId}/publish`, {
      headers: jsonHeaders(tokens.coordinator),
      body: {
        calendar: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 10,
          reminderSeconds: 2,
          graceSeconds: 1,
          escalationChecks: 1,
          evaluationAfterSeconds: 1,
        },
      },
    });
    expect(published.status).toBe(200);
    assignments = await eventually(
      async () => {
        const list = (
          (await call('GET', `/cycles/${cycleId}/assignments`, { headers: bearer(tokens.coordinator) })).json as { items: AssignmentView[] }
        ).items;
        return list.length === 3 && list.every((a) => a.status !== null) ? list : undefined;
      },
      30_000,
      'assignments to start',
    );
    scienceLead = assignments.find((a) => a.unit === SCIENCE_BUREAU) as AssignmentView;
    expect((await call('POST', `/assignments/${scienceLead.id}/acknowledge`, { headers: bearer(tokens.science) })).status).toBe(200);
    const report = await call('POST', `/assignments/${scienceLead.id}/reports`, {
      headers: jsonHeaders(tokens.science),
      body: {
        periodKey: 'P1',
        idempotencyKey: 'hardening-science-p1',
        narrative: '市科工局第1期报送',
        values: scienceLead.indicators.map((indicator) => ({ indicatorId: indicator.id, value: 520 })),
      },
    });
    expect(report.status).toBe(201);
    const review = await call('POST', `/assignments/${scienceLead.id}/reviews`, {
      headers: jsonHeaders(tokens.coordinator),
      body: { periodKey: 'P1', decision: 'approve' },
    });
    expect(review.status).toBe(200);
    await eventually(
      async () => {
        const cycle = (await call('GET', `/cycles/${cycleId}`, { headers: bearer(tokens.coordinator) })).json as { phase: string };
        const evaluation = await call('GET', `/cycles/${cycleId}/evaluation`, { headers: bearer(tokens.coordinator) });
        return cycle.phase === 'closed' && (evaluation.json as { status?: string })?.status === 'completed';
      },
      60_000,
      'the cycle to be evaluated and closed',
    );
  });

  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await workerRepositories.close();
  });

  describe('route × role authorisation', () => {
    type Caller = 'coordinator' | 'departmentA' | 'departmentB' | 'leaderA' | 'admin' | 'auditor' | 'noToken' | 'badToken';
    const roleCallers = ['coordinator', 'departmentA', 'departmentB', 'leaderA', 'admin', 'auditor'] as const;
    const callerList: Caller[] = [...roleCallers, 'noToken', 'badToken'];
    const headersOf = (caller: Caller): Record<string, string> => {
      switch (caller) {
        case 'coordinator':
          return bearer(tokens.coordinator);
        case 'departmentA':
          return bearer(tokens.science);
        case 'departmentB':
          return bearer(tokens.finance);
        case 'leaderA':
          return bearer(tokens.leader);
        case 'admin':
          return bearer(tokens.admin);
        case 'auditor':
          return bearer(tokens.auditor);
        case 'noToken':
          return {};
        case 'badToken':
          return bearer('plct_not-a-service-token-000000');
      }
    };
    /**
     * Expected statuses for [coordinator, department A, department B, leader of A's unit,
     * admin, auditor]; 401 without a good token.
     */
    type Row = { expected: [number, number, number, number, number, number]; write?: 'json' | 'multipart' };
    // Writes send a body with an unknown key: a 400 proves the guard let the caller through,
    // and nothing is written. Path ids are department A's (市科工局) assignment, plan and cycle.
    const matrix: Record<string, Row> = {
      'GET /health': { expected: [200, 200, 200, 200, 200, 200] },
      'GET /me': { expected: [200, 200, 200, 200, 200, 200] },
      'GET /me/assignments': { expected: [200, 200, 200, 200, 403, 200] },
      'GET /me/escalations': { expected: [200, 200, 200, 200, 403, 200] },
      // Everyone has a list of their own (a service token's is empty); another's notification is
      // 404; an auditor writes nothing (and is told nothing).
      'GET /me/notifications': { expected: [200, 200, 200, 200, 200, 200] },
      'POST /me/notifications/{notificationId}/read': { expected: [404, 404, 404, 404, 404, 403] },
      'POST /me/notifications/read-all': { expected: [400, 400, 400, 400, 400, 403], write: 'json' },
      // These callers are service tokens: no person, so no preferences (403); a bad body is a 400 first.
      'GET /me/notification-preferences': { expected: [403, 403, 403, 403, 403, 403] },
      'PUT /me/notification-preferences': { expected: [400, 400, 400, 400, 400, 403], write: 'json' },
      'POST /plans': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      'GET /plans': { expected: [200, 403, 403, 403, 403, 200] },
      'POST /plans/import': { expected: [400, 403, 403, 403, 403, 403], write: 'multipart' },
      'GET /plans/{planId}': { expected: [200, 403, 403, 403, 403, 200] },
      'PUT /plans/{planId}': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      'GET /plans/{planId}/export.xlsx': { expected: [200, 403, 403, 403, 403, 200] },
      'POST /plans/{planId}/publish': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      'GET /cycles': { expected: [200, 200, 200, 200, 403, 200] },
      'GET /cycles/{cycleId}': { expected: [200, 200, 200, 200, 403, 200] },
      'GET /cycles/{cycleId}/assignments': { expected: [200, 200, 200, 200, 403, 200] },
      'GET /cycles/{cycleId}/escalations': { expected: [200, 200, 200, 200, 403, 200] },
      'GET /cycles/{cycleId}/board': { expected: [200, 200, 200, 200, 403, 200] },
      // Amending a running cycle's rule set: the coordinator only; everyone who sees the cycle reads the amendments.
      'POST /cycles/{cycleId}/rule-set-amendments': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      'GET /cycles/{cycleId}/rule-set-amendments': { expected: [200, 200, 200, 200, 403, 200] },
      'POST /cycles/{cycleId}/evaluation': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      'GET /cycles/{cycleId}/evaluation': { expected: [200, 200, 200, 403, 403, 200] },
      'GET /cycles/{cycleId}/evaluation.xlsx': { expected: [200, 200, 200, 403, 403, 200] },
      // The office's documents: a 季通报, the 工作总结 and the 台账 name every unit (coordinators and
      // auditors); a 督办通知单 goes to its unit and whoever answers for it (department B's escalation here).
      'GET /cycles/{cycleId}/periods/{periodKey}/bulletin.docx': { expected: [200, 403, 403, 403, 403, 200] },
      'GET /cycles/{cycleId}/summary.docx': { expected: [200, 403, 403, 403, 403, 200] },
      'GET /cycles/{cycleId}/ledger.xlsx': { expected: [200, 403, 403, 403, 403, 200] },
      'GET /escalations/{escalationId}/notice.docx': { expected: [409, 403, 409, 403, 403, 409] },
      'GET /assignments/{assignmentId}': { expected: [200, 200, 403, 200, 403, 200] },
      'POST /assignments/{assignmentId}/acknowledge': { expected: [403, 400, 400, 403, 403, 403], write: 'json' },
      'POST /assignments/{assignmentId}/reports': { expected: [403, 400, 400, 403, 403, 403], write: 'json' },
      'GET /assignments/{assignmentId}/reports': { expected: [200, 200, 403, 200, 403, 200] },
      'POST /assignments/{assignmentId}/reviews': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      // An operation id Temporal never saw: 404 for whoever may look.
      'GET /cycles/{cycleId}/operations/{operationId}': { expected: [404, 403, 403, 403, 403, 404] },
      'GET /assignments/{assignmentId}/operations/{operationId}': { expected: [404, 404, 403, 403, 403, 404] },
      'GET /audit/cycles/{cycleId}': { expected: [200, 403, 403, 403, 403, 200] },
      'GET /audit/cycles/{cycleId}/verify': { expected: [200, 403, 403, 403, 403, 200] },
      'GET /audit/assignments/{assignmentId}': { expected: [200, 403, 403, 403, 403, 200] },
      'GET /directory/units': { expected: [200, 403, 403, 403, 200, 200] },
      'POST /directory/units': { expected: [403, 403, 403, 403, 400, 403], write: 'json' },
      'GET /directory/units/{name}': { expected: [200, 403, 403, 403, 200, 200] },
      'PATCH /directory/units/{name}': { expected: [403, 403, 403, 403, 400, 403], write: 'json' },
      'POST /directory/unit-aliases': { expected: [400, 403, 403, 403, 400, 403], write: 'json' },
      'GET /directory/people': { expected: [403, 403, 403, 403, 200, 200] },
      'POST /directory/people': { expected: [403, 403, 403, 403, 400, 403], write: 'json' },
      'GET /directory/people/{personId}': { expected: [403, 403, 403, 403, 200, 200] },
      'PATCH /directory/people/{personId}': { expected: [403, 403, 403, 403, 400, 403], write: 'json' },
      'GET /directory/service-tokens': { expected: [403, 403, 403, 403, 200, 200] },
      'POST /directory/service-tokens': { expected: [403, 403, 403, 403, 400, 403], write: 'json' },
      // A token id that does not exist: the admin is let through (404), nothing is revoked.
      'POST /directory/service-tokens/{tokenId}/revoke': { expected: [403, 403, 403, 403, 404, 403] },
      'GET /directory/changes': { expected: [403, 403, 403, 403, 200, 200] },
      // Rule sets: everyone signed in reads them; coordinators and admins write.
      'GET /rule-sets': { expected: [200, 200, 200, 200, 200, 200] },
      'GET /rule-sets/changes': { expected: [200, 403, 403, 403, 200, 200] },
      'GET /rule-sets/{ruleSetId}': { expected: [200, 200, 200, 200, 200, 200] },
      'GET /rule-sets/{ruleSetId}/diff': { expected: [400, 400, 400, 400, 400, 400] },
      'GET /rule-sets/{ruleSetId}/versions/{version}': { expected: [200, 200, 200, 200, 200, 200] },
      'GET /rule-sets/{ruleSetId}/versions/{version}/golden-run': { expected: [200, 200, 200, 200, 200, 200] },
      'POST /rule-sets/{ruleSetId}/versions/{version}/drafts': { expected: [400, 403, 403, 403, 400, 403], write: 'json' },
      'PUT /rule-sets/{ruleSetId}/versions/{version}': { expected: [400, 403, 403, 403, 400, 403], write: 'json' },
      // What-if over a cycle's decisions: the coordinator's tool (it reads every unit's decisions).
      'POST /rule-sets/{ruleSetId}/versions/{version}/simulate': { expected: [400, 403, 403, 403, 403, 403], write: 'json' },
      'POST /rule-sets/{ruleSetId}/versions/{version}/publish': { expected: [400, 403, 403, 403, 400, 403], write: 'json' },
      'GET /calendar/years/{year}': { expected: [200, 403, 403, 403, 200, 200] },
      'PUT /calendar/years/{year}': { expected: [403, 403, 403, 403, 400, 403], write: 'json' },
    };

    it('covers every route the API registers (a new route without a matrix entry fails here)', async () => {
      const document = (await call('GET', '/docs/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
      const registered = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(registered.sort()).toEqual(Object.keys(matrix).sort());
    });

    it('answers each caller with the expected status, and never shows a department another unit’s data', async () => {
      const other = { departmentA: FINANCE_BUREAU, departmentB: SCIENCE_BUREAU } as const;
      const idsOf = (unit: string) => assignments.filter((a) => a.unit === unit).map((a) => a.id);
      const foreignIds = { departmentA: idsOf(FINANCE_BUREAU), departmentB: idsOf(SCIENCE_BUREAU) } as const;
      const failures: string[] = [];
      // Department B missed P1: its escalation is a reminder (one check), which has no 督办通知单:
      // whoever may read it is let through to a 409, anyone else is refused first.
      const reminder = (await workerRepositories.decisions.allEscalations({ cycleId })).find((e) => e.unit === FINANCE_BUREAU);
      expect(reminder?.level).toBe('reminder');
      for (const [route, row] of Object.entries(matrix)) {
        const [method = 'GET', template = '/'] = route.split(' ');
        const path = template
          .replace('{planId}', planId)
          .replace('{cycleId}', cycleId)
          .replace('{assignmentId}', scienceLead.id)
          .replace('{operationId}', '00000000-0000-4000-8000-00000000abcd')
          .replace('{name}', encodeURIComponent(SCIENCE_BUREAU))
          .replace('{personId}', personId)
          .replace('{tokenId}', '00000000-0000-4000-8000-00000000dcba')
          .replace('{ruleSetId}', 'escalation')
          .replace('{version}', '1.0.0')
          .replace('{notificationId}', '00000000-0000-4000-8000-00000000beef')
          .replace('{year}', '2026')
          .replace('{periodKey}', 'P1')
          .replace('{escalationId}', reminder?.id ?? '00000000-0000-4000-8000-00000000e5ca');
        for (const caller of callerList) {
          const index = (roleCallers as readonly string[]).indexOf(caller);
          const expected = route === 'GET /health' ? 200 : index === -1 ? 401 : row.expected[index];
          let response: RawResponse;
          if (row.write === 'multipart') {
            const upload = multipartBody({ field: 'not-file', filename: 'x.txt', content: Buffer.from('x') });
            response = await call(method, path, {
              headers: { ...headersOf(caller), 'Content-Type': upload.contentType },
              body: upload.body,
            });
          } else if (row.write === 'json') {
            response = await call(method, path, {
              headers: { ...headersOf(caller), 'Content-Type': 'application/json' },
              body: { probe: true },
            });
          } else {
            response = await call(method, path, { headers: headersOf(caller) });
          }
          if (response.status !== expected) failures.push(`${route} as ${caller}: ${response.status}, expected ${expected}`);
          if (response.status === 401 && response.headers['www-authenticate'] !== 'Bearer realm="plancycle"') {
            failures.push(`${route} as ${caller}: 401 without WWW-Authenticate: Bearer`);
          }
          if ((caller === 'departmentA' || caller === 'departmentB') && response.status < 300 && route !== 'GET /me') {
            const leaked = [other[caller], ...foreignIds[caller]].filter((needle) => response.text.includes(needle));
            if (leaked.length > 0) failures.push(`${route} as ${caller} shows another unit's data: ${leaked.join(', ')}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('refuses a department’s valid write on another unit’s assignment before it reaches Temporal', async () => {
      const ack = await call('POST', `/assignments/${scienceLead.id}/acknowledge`, { headers: bearer(tokens.finance) });
      expect(ack.status).toBe(403);
      const report = await call('POST', `/assignments/${scienceLead.id}/reports`, {
        headers: jsonHeaders(tokens.finance),
        body: {
          periodKey: 'P1',
          idempotencyKey: 'finance-on-science',
          narrative: '越权报送',
          values: [{ indicatorId: scienceLead.indicators[0]?.id, value: 1 }],
        },
      });
      expect(report.status).toBe(403);
    });

    it('shows a department its own evaluation figures only: its own share of each indicator, no totals, no summary', async () => {
      const view = (await call('GET', `/cycles/${cycleId}/evaluation`, { headers: bearer(tokens.finance) })).json as {
        summaryText: string | null;
        result: { indicators: { units: { unit: string }[] }[]; units: { unit: string }[]; unitsRanked: number; totals?: unknown };
      };
      expect(view.summaryText).toBeNull();
      expect(view.result.totals).toBeUndefined();
      expect(view.result.unitsRanked).toBe(2);
      expect(view.result.units.map((u) => u.unit)).toEqual([FINANCE_BUREAU]);
      expect(view.result.indicators.length).toBe(2);
      for (const indicator of view.result.indicators) expect(indicator.units.map((u) => u.unit)).toEqual([FINANCE_BUREAU]);
    });
  });

  describe('strict bodies and past calendars', () => {
    it('names each unknown key, at any depth, with a 400 and stores nothing', async () => {
      const before = ((await call('GET', '/plans?limit=200', { headers: bearer(tokens.coordinator) })).json as { items: unknown[] }).items
        .length;
      const document = twoUnitPlan('未知字段');
      const response = await call('POST', '/plans', {
        headers: jsonHeaders(tokens.coordinator),
        body: {
          document: { ...document, tasks: [{ ...document.tasks[0], owner: 'x' }, document.tasks[1]] },
          calender: { kind: 'quarterly' },
        },
      });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: { code: 'VALIDATION_FAILED', retryable: false } });
      const issues = (response.json as { error: { issues: { path: string; message: string }[] } }).error.issues;
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: 'calender', message: 'unknown field "calender"', code: 'unknown_field' },
          { path: 'document.tasks.0.owner', message: 'unknown field "owner"', code: 'unknown_field' },
        ]),
      );
      expect(
        ((await call('GET', '/plans?limit=200', { headers: bearer(tokens.coordinator) })).json as { items: unknown[] }).items.length,
      ).toBe(before);
    });

    it('refuses a misspelt publish body by name and leaves the plan a draft', async () => {
      const draft = (
        await call('POST', '/plans', { headers: jsonHeaders(tokens.coordinator), body: { document: twoUnitPlan('拼写错误') } })
      ).json as { id: string };
      const response = await call('POST', `/plans/${draft.id}/publish`, {
        headers: jsonHeaders(tokens.coordinator),
        body: { calender: { kind: 'compressed', periodSeconds: 60, reminderSeconds: 1, graceSeconds: 1 } },
      });
      expect(response.status).toBe(400);
      expect((response.json as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['calender']);
      expect(((await call('GET', `/plans/${draft.id}`, { headers: bearer(tokens.coordinator) })).json as { status: string }).status).toBe(
        'draft',
      );
    });

    it('refuses to publish a calendar entirely in the past (the default quarterly calendar of a 2024 plan) unless confirmed', async () => {
      const draft = (
        await call('POST', '/plans', { headers: jsonHeaders(tokens.coordinator), body: { document: twoUnitPlan('去年的计划') } })
      ).json as { id: string; cycleId: string };
      const refused = await call('POST', `/plans/${draft.id}/publish`, { headers: jsonHeaders(tokens.coordinator), body: {} });
      expect(refused.status).toBe(422);
      const error = (refused.json as { error: { code: string; message: string; issues: { path: string }[]; retryable: boolean } }).error;
      expect(error).toMatchObject({ code: 'CALENDAR_IN_PAST', retryable: false, issues: [{ path: 'calendar' }] });
      expect(error.message).toContain('every reporting period is already due');
      expect(error.message).toContain('confirmPastCalendar');
      expect(((await call('GET', `/plans/${draft.id}`, { headers: bearer(tokens.coordinator) })).json as { status: string }).status).toBe(
        'draft',
      );
      expect(
        ((await call('GET', `/cycles/${draft.cycleId}`, { headers: bearer(tokens.coordinator) })).json as { phase: string }).phase,
      ).toBe('drafting');
    });

    it('refuses a calendar that starts more than one period in the past, and publishes it when confirmed', async () => {
      const draft = (
        await call('POST', '/plans', { headers: jsonHeaders(tokens.coordinator), body: { document: twoUnitPlan('迟发布的计划') } })
      ).json as { id: string };
      const at = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();
      const calendar = {
        kind: 'explicit',
        periods: [
          { key: 'P1', label: '第1期', opensAt: at(-3_600), dueAt: at(-1_800) },
          { key: 'P2', label: '第2期', opensAt: at(-1_800), dueAt: at(3_600) },
        ],
        reminderBeforeDueMs: 60_000,
        graceMs: 60_000,
        evaluationAt: at(7_200),
      };
      const refused = await call('POST', `/plans/${draft.id}/publish`, { headers: jsonHeaders(tokens.coordinator), body: { calendar } });
      expect(refused.status).toBe(422);
      expect((refused.json as { error: { message: string } }).error.message).toContain('1 of 2 periods');
      const confirmed = await call('POST', `/plans/${draft.id}/publish`, {
        headers: jsonHeaders(tokens.coordinator),
        body: { calendar, confirmPastCalendar: true, idempotencyKey: 'publish-late-plan' },
      });
      expect(confirmed.status).toBe(200);
      expect((confirmed.json as { assignmentCount: number }).assignmentCount).toBe(3);
      openCycleId = (confirmed.json as { cycleId: string }).cycleId;
    });
  });

  describe('body limits and media types', () => {
    it('answers 413 (not retryable) over a route’s limit and 415 for another media type or charset', async () => {
      const hugePlan = JSON.stringify({ document: { ...twoUnitPlan(), title: '长'.repeat(2_000_000) } });
      const tooLarge = await call('POST', '/plans', { headers: jsonHeaders(tokens.coordinator), body: hugePlan });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', retryable: false } });
      expect((tooLarge.json as { error: { message: string } }).error.message).toContain('5 MB');

      const longReview = await call('POST', `/assignments/${scienceLead.id}/reviews`, {
        headers: jsonHeaders(tokens.coordinator),
        body: { periodKey: 'P1', decision: 'return', comment: 'x'.repeat(300 * 1024) },
      });
      expect(longReview.status).toBe(413);
      expect((longReview.json as { error: { message: string } }).error.message).toContain('256 kB');

      const latin1 = await call('POST', '/plans', {
        headers: { ...bearer(tokens.coordinator), 'Content-Type': 'application/json; charset=latin1' },
        body: JSON.stringify({ document: twoUnitPlan() }),
      });
      expect(latin1.status).toBe(415);
      expect(latin1.json).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', retryable: false } });
      expect((latin1.json as { error: { message: string } }).error.message).toContain('UTF-8');

      const form = await call('POST', '/plans', {
        headers: { ...bearer(tokens.coordinator), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'document=x',
      });
      expect(form.status).toBe(415);

      const bigUpload = multipartBody({ field: 'file', filename: 'plan.txt', content: Buffer.alloc(6 * 1024 * 1024, 0x41) });
      const uploadTooLarge = await call('POST', '/plans/import', {
        headers: { ...bearer(tokens.coordinator), 'Content-Type': bigUpload.contentType },
        body: bigUpload.body,
      });
      expect(uploadTooLarge.status).toBe(413);
      expect(uploadTooLarge.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', retryable: false } });
    });

    it('takes a plan of 3,000 targets as JSON (it is parsed and validated, then refused only as not a draft)', async () => {
      const base = twoUnitPlan('三千个目标');
      const template = base.tasks[0]!.targets[0]!;
      const tasks = Array.from({ length: 300 }, (_, task) => ({
        ...base.tasks[0]!,
        number: String(task + 1),
        title: `第${task + 1}项重点任务：深入实施科技型企业精准培育计划`,
        targets: Array.from({ length: 10 }, (_, target) => ({ ...template, text: `${template.text}（${task + 1}-${target + 1}）` })),
      }));
      const body = JSON.stringify({ revision: 1, document: { ...base, tasks } });
      // 3,000 targets with their indicators and units: about 0.6 MB, well inside the 5 MB limit.
      expect(body.length).toBeGreaterThan(500_000);
      const response = await call('PUT', `/plans/${planId}`, { headers: jsonHeaders(tokens.coordinator), body });
      expect(response.status).toBe(409);
      expect(response.json).toMatchObject({ error: { code: 'INVALID_STATE' } });
    });
  });

  describe('security headers, docs switch and rate limits', () => {
    it('sends helmet’s headers (nosniff, frame denial, a same-origin CSP), no-store, no ETag, no X-Powered-By and no HSTS over plain HTTP', async () => {
      const response = await call('GET', '/me', { headers: bearer(tokens.coordinator) });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['etag']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['strict-transport-security']).toBeUndefined();
      const docs = await call('GET', '/docs/');
      expect(docs.status).toBe(200);
      expect(docs.headers['content-security-policy']).toBeDefined();
    });

    it('sends HSTS on HTTPS requests through a trusted proxy (PLANCYCLE_TRUST_PROXY), and only there', async () => {
      const proxied = await listeningApi(apiConfig({ PLANCYCLE_TRUST_PROXY: 'true' }));
      try {
        const https = await rawRequest({
          baseUrl: proxied.baseUrl,
          method: 'GET',
          path: '/me',
          headers: { ...bearer(tokens.coordinator), 'X-Forwarded-Proto': 'https' },
        });
        expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
        const http = await rawRequest({ baseUrl: proxied.baseUrl, method: 'GET', path: '/me', headers: bearer(tokens.coordinator) });
        expect(http.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await proxied.api.close();
      }
      // Without a trusted proxy, a client's own X-Forwarded-Proto changes nothing.
      const spoofed = await call('GET', '/me', { headers: { ...bearer(tokens.coordinator), 'X-Forwarded-Proto': 'https' } });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    });

    it('turns /docs off with PLANCYCLE_API_DOCS=off', async () => {
      const off = await listeningApi(apiConfig({ PLANCYCLE_API_DOCS: 'off' }));
      try {
        expect((await rawRequest({ baseUrl: off.baseUrl, method: 'GET', path: '/docs/openapi.json' })).status).toBe(404);
        expect((await rawRequest({ baseUrl: off.baseUrl, method: 'GET', path: '/docs' })).status).toBe(404);
      } finally {
        await off.api.close();
      }
    });

    it('answers 429 with Retry-After past the failed-authentication and import limits of a client', async () => {
      const limited = await listeningApi(apiConfig({ PLANCYCLE_AUTH_FAILURES_PER_MINUTE: '5', PLANCYCLE_IMPORTS_PER_MINUTE: '3' }));
      try {
        const upload = multipartBody({ field: 'file', filename: 'empty.txt', content: Buffer.from('   ') });
        const imports: RawResponse[] = [];
        for (let attempt = 0; attempt < 5; attempt += 1) {
          imports.push(
            await rawRequest({
              baseUrl: limited.baseUrl,
              method: 'POST',
              path: '/plans/import?save=false',
              headers: { ...bearer(tokens.coordinator), 'Content-Type': upload.contentType },
              body: upload.body,
            }),
          );
        }
        expect(imports.map((r) => r.status)).toEqual([400, 400, 400, 429, 429]);
        expect(Number(imports[4]?.headers['retry-after'])).toBeGreaterThan(0);
        expect(imports[4]?.json).toMatchObject({ error: { code: 'RATE_LIMITED' } });
        // Failed authentications last: once blocked, the client is refused whatever it sends.
        const statuses: number[] = [];
        let last: RawResponse | undefined;
        for (let attempt = 0; attempt < 8; attempt += 1) {
          last = await rawRequest({
            baseUrl: limited.baseUrl,
            method: 'GET',
            path: '/plans',
            headers: bearer(`guess-${attempt}-000000000000000`),
          });
          statuses.push(last.status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
        expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
        expect(last?.json).toMatchObject({ error: { code: 'RATE_LIMITED', retryable: true } });
      } finally {
        await limited.api.close();
      }
    });
  });

  describe('health and reads while a dependency is down', () => {
    it('reports both dependencies up', async () => {
      const health = await call('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.json).toEqual({ status: 'ok', dependencies: { database: 'up', temporal: 'up' } });
      // A running cycle's own status, when its worker answers within the read's 1 s.
      const cycle = await eventually(
        async () => {
          const answer = (await call('GET', `/cycles/${openCycleId}`, { headers: bearer(tokens.coordinator) })).json as {
            liveStatus: string;
            live: { cycleId: string } | null;
          };
          return answer.liveStatus === 'available' ? answer : undefined;
        },
        15_000,
        'the live status of a running cycle',
      );
      expect(cycle.live?.cycleId).toBe(openCycleId);
    });

    it('with Temporal unreachable: /health is a 503 naming temporal, and GET /cycles/:id answers from PostgreSQL within 2 s', async () => {
      const cut = await listeningApi(apiConfig({ TEMPORAL_ADDRESS: '127.0.0.1:9' }));
      try {
        const health = await rawRequest({ baseUrl: cut.baseUrl, method: 'GET', path: '/health' });
        expect(health.status).toBe(503);
        expect(health.json).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE', issues: [{ path: 'temporal' }], retryable: true } });
        const cycle = await rawRequest({
          baseUrl: cut.baseUrl,
          method: 'GET',
          path: `/cycles/${cycleId}`,
          headers: bearer(tokens.coordinator),
        });
        expect(cycle.status).toBe(200);
        expect(cycle.elapsedMs).toBeLessThan(2_000);
        expect(cycle.json).toMatchObject({ id: cycleId, phase: 'closed', liveStatus: 'unavailable', live: null });
        // The auditor's replay answers from PostgreSQL too, the workflow history marked unavailable.
        const audit = await rawRequest({
          baseUrl: cut.baseUrl,
          method: 'GET',
          path: `/audit/cycles/${cycleId}`,
          headers: bearer(tokens.auditor),
        });
        // Status and body together, so a failure shows the error the API answered with.
        expect({ status: audit.status, body: audit.json }).toMatchObject({ status: 200 });
        expect(audit.elapsedMs).toBeLessThan(3_000);
        expect(audit.json).toMatchObject({ workflow: { available: false } });
      } finally {
        // The SDK retries a failed call on a timer (backoff up to seconds); closing the
        // connection under a pending retry throws from that timer, in whatever test runs next.
        await sleep(6_000);
        await cut.api.close();
      }
    });

    it('with the database unreachable: /health is a 503 naming the database', async () => {
      const cut = await listeningApi(apiConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/none' }));
      try {
        const health = await rawRequest({ baseUrl: cut.baseUrl, method: 'GET', path: '/health' });
        expect(health.status).toBe(503);
        expect(health.json).toMatchObject({ error: { code: 'DEPENDENCY_UNAVAILABLE', issues: [{ path: 'database' }] } });
        expect((health.json as { error: { message: string } }).error.message).toBe('database unreachable');
      } finally {
        await cut.api.close();
      }
    });
  });

  describe('bad input', () => {
    it('answers every one of 1,000+ malformed writes with a 4xx, and no table changes', async () => {
      const databaseUrl = testStack().databaseUrl;
      // The cycles above are settled; wait for the late-published one's first writes to end.
      let before = await rowCounts(databaseUrl);
      await eventually(
        async () => {
          await sleep(1_500);
          const again = await rowCounts(databaseUrl);
          const stable = JSON.stringify(again) === JSON.stringify(before);
          before = again;
          return stable;
        },
        60_000,
        'the database to be quiet',
      );

      const cases = badInputCases({
        planId,
        cycleId,
        assignmentId: scienceLead.id,
        indicatorId: scienceLead.indicators[0]?.id ?? 'none',
        tokens: { coordinator: tokens.coordinator, department: tokens.science },
      });
      expect(cases.length).toBeGreaterThanOrEqual(1_000);
      const outcomes: { name: string; status: number; retryable: unknown; body: string }[] = [];
      const started = Date.now();
      for (let index = 0; index < cases.length; index += 8) {
        const batch = cases.slice(index, index + 8);
        const answers = await Promise.all(batch.map((c) => rawRequest({ baseUrl, ...c.request })));
        answers.forEach((answer, i) =>
          outcomes.push({
            name: batch[i]?.name ?? '?',
            status: answer.status,
            retryable: (answer.json as { error?: { retryable?: unknown } } | undefined)?.error?.retryable,
            body: answer.text.slice(0, 300),
          }),
        );
      }
      const elapsed = Date.now() - started;
      const not4xx = outcomes.filter((o) => o.status < 400 || o.status >= 500);
      expect(not4xx).toEqual([]);
      expect(outcomes.filter((o) => o.retryable !== false)).toEqual([]);
      expect(await rowCounts(databaseUrl)).toEqual(before);
      // Printed for the record: how many, how long, which statuses.
      const byStatus = outcomes.reduce<Record<number, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});
      console.log(`bad input: ${outcomes.length} requests in ${elapsed} ms, statuses ${JSON.stringify(byStatus)}`);
    });
  });
});
