import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { loadApiConfigOrThrow } from '@plancycle/config';
import { createApiApp, type ApiApp } from '../../apps/api/src/api-app';
import { SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { testStack, uniqueTaskQueue } from '../support/test-stack';
import { seedTestDirectory, testServiceToken, type TestCaller } from '../support/test-directory';

jest.setTimeout(120_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  auditor: testServiceToken(),
};
/** The callers of this file, seeded as service tokens in the directory. */
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'science', role: 'department', unit: SCIENCE_BUREAU },
  { token: tokens.auditor, name: 'auditor', role: 'auditor', unit: null },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The auditor's check of the tamper-evident trail, over HTTP on the real database: the
 * rows the API's writes leave are chained, and a row changed or removed directly in SQL
 * is reported at that row.
 */
describe('GET /audit/cycles/:id/verify', () => {
  let api: ApiApp;
  let http: App;
  let sql: Client;

  beforeAll(async () => {
    const stack = testStack();
    const config = loadApiConfigOrThrow({
      DATABASE_URL: stack.databaseUrl,
      DATABASE_POOL_SIZE: '2',
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('audit-chain'),
      TEMPORAL_CALL_DEADLINE_MS: '3000',
    });
    api = await createApiApp(config, { logger: false });
    await seedTestDirectory(api.repositories, { units: [], callers });
    await api.app.init();
    http = api.app.getHttpServer() as App;
    sql = new Client({ connectionString: stack.databaseUrl });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await api?.close();
  });

  /** A draft created and edited twice through the API: three chained audit rows. */
  async function draftWithHistory(): Promise<{ cycleId: string; rowIds: string[] }> {
    const created = await request(http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan('审计链测试') })
      .expect(201);
    let revision: number = created.body.revision;
    for (const title of ['审计链测试（二稿）', '审计链测试（三稿）']) {
      const edited = await request(http)
        .put(`/plans/${created.body.id}`)
        .set(auth(tokens.coordinator))
        .send({ revision, document: twoUnitPlan(title) })
        .expect(200);
      revision = edited.body.revision;
    }
    const rows = await sql.query<{ id: string }>(`SELECT id FROM "AuditEvent" WHERE "cycleId" = $1 ORDER BY "chainSeq"`, [
      created.body.cycleId,
    ]);
    return { cycleId: created.body.cycleId, rowIds: rows.rows.map((r) => r.id) };
  }

  it('lets the auditor and the coordinator check a cycle, not a department', async () => {
    const { cycleId, rowIds } = await draftWithHistory();
    expect(rowIds).toHaveLength(3);
    const verdict = await request(http).get(`/audit/cycles/${cycleId}/verify`).set(auth(tokens.auditor)).expect(200);
    expect(verdict.body).toEqual({ cycleId, valid: true, checked: 3, unchained: 0, firstBrokenAt: null });
    await request(http).get(`/audit/cycles/${cycleId}/verify`).set(auth(tokens.coordinator)).expect(200);
    const refused = await request(http).get(`/audit/cycles/${cycleId}/verify`).set(auth(tokens.science)).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await request(http).get('/audit/cycles/00000000-0000-4000-8000-000000000000/verify').set(auth(tokens.auditor)).expect(404);
  });

  it('reports a row changed in SQL at that row', async () => {
    const { cycleId, rowIds } = await draftWithHistory();
    await sql.query(`UPDATE "AuditEvent" SET "actorId" = 'someone-else' WHERE id = $1`, [rowIds[1]]);
    const verdict = await request(http).get(`/audit/cycles/${cycleId}/verify`).set(auth(tokens.auditor)).expect(200);
    expect(verdict.body).toMatchObject({ valid: false, checked: 1, firstBrokenAt: { id: rowIds[1] } });
    expect(verdict.body.firstBrokenAt.reason).toMatch(/changed/);
  });

  it('reports a row deleted in SQL at the row after it', async () => {
    const { cycleId, rowIds } = await draftWithHistory();
    await sql.query(`DELETE FROM "AuditEvent" WHERE id = $1`, [rowIds[1]]);
    const verdict = await request(http).get(`/audit/cycles/${cycleId}/verify`).set(auth(tokens.auditor)).expect(200);
    expect(verdict.body.firstBrokenAt).toEqual({ id: rowIds[2], at: expect.any(String), reason: 'row 2 is missing before this one' });
  });
});
