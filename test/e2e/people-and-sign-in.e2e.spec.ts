import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { loadApiConfigOrThrow } from '@plancycle/config';
import type { PlanDocument } from '@plancycle/contracts';
import { signIn, startIdentityProvider } from '@plancycle/devstack';
import type { InboxItemView } from '@plancycle/persistence';
import { createApiApp, type ApiApp } from '../../apps/api/src/api-app';
import { eventually, openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(240_000);

/**
 * Issue 7's journey on the real components: people signed in through the embedded OpenID
 * Connect provider with real tokens (authorization code + PKCE), the directory in
 * PostgreSQL, the cycle on Temporal. Unit names carry this run's id: the test database is
 * shared by the files of a run.
 */
describe('people, units and sign-in: every user reaches their own work', () => {
  const run = randomUUID().slice(0, 6);
  const unitA = `科技局${run}`;
  const unitB = `财政局${run}`;
  const oldNameOfA = `科学技术局旧称${run}`;
  const email = (who: string) => `${who}-${run}@test.plancycle.local`;
  const taskQueue = uniqueTaskQueue('people');
  const workerRepositories = openTestRepositories();
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let api: ApiApp;
  let http: App;
  const tokens: Record<string, string> = {};
  let cycleId: string;
  let assignmentOfA: InboxItemView;

  const auth = (token: string | undefined) => ({ Authorization: `Bearer ${token ?? 'missing'}` });
  const signInAs = async (who: string) => {
    const { issuer, demoPassword } = testStack();
    tokens[who] = (await signIn({ issuer, email: email(who), password: demoPassword })).accessToken;
    return tokens[who] as string;
  };

  beforeAll(async () => {
    const stack = testStack();
    api = await createApiApp(
      loadApiConfigOrThrow({
        DATABASE_URL: stack.databaseUrl,
        DATABASE_POOL_SIZE: '3',
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        OIDC_ISSUER: stack.issuer,
      }),
      { logger: false },
    );
    await api.app.init();
    http = api.app.getHttpServer() as App;
    worker = await startTestWorker({ taskQueue, repositories: workerRepositories });
    // The first admin, as PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL would make them on a new deployment.
    await api.repositories.directory.createPerson(
      { id: 'test:seed', role: 'system' },
      { name: '管理员', email: email('admin'), role: 'admin' },
    );
  });

  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await workerRepositories.close();
  });

  it('the admin builds the directory; bad entries are refused whole; the people added sign in', async () => {
    const admin = await signInAs('admin');
    const me = await request(http).get('/me').set(auth(admin)).expect(200);
    expect(me.body).toMatchObject({ kind: 'person', name: '管理员', role: 'admin', can: { manageDirectory: true } });

    for (const [name, office] of [
      [unitA, 'kjj'],
      [unitB, 'czj'],
    ]) {
      await request(http)
        .post('/directory/units')
        .set(auth(admin))
        .send({ name, contactEmail: `${office}-${run}@example.gov.cn` })
        .expect(201);
    }
    const peopleBefore = (await request(http).get('/directory/people?limit=200').set(auth(admin)).expect(200)).body.items.length;
    const malformed = await request(http)
      .post('/directory/people')
      .set(auth(admin))
      .send({ name: '', email: 'not-an-email', role: 'department', unti: unitA })
      .expect(400);
    expect(malformed.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'name', 'unti']);
    const unknownUnit = await request(http)
      .post('/directory/people')
      .set(auth(admin))
      .send({ name: '无名', email: email('nobody'), role: 'department', unit: `不存在的局${run}` })
      .expect(400);
    expect(unknownUnit.body.error.issues).toEqual([{ path: 'unit', message: `不存在的局${run} is not a unit of the directory` }]);

    const add = (body: object) => request(http).post('/directory/people').set(auth(admin)).send(body).expect(201);
    await add({ name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await add({ name: '王芳', email: email('clerk-a'), role: 'department', unit: unitA });
    await add({ name: '赵磊', email: email('clerk-b'), role: 'department', unit: unitB });
    await add({ name: '钟兴旺', email: email('leader-a'), role: 'leader', leaderOf: [unitA] });
    await add({ name: '孙审计', email: email('auditor'), role: 'auditor' });
    const duplicate = await request(http)
      .post('/directory/people')
      .set(auth(admin))
      .send({ name: '王芳二', email: email('clerk-a').toUpperCase(), role: 'department', unit: unitA })
      .expect(409);
    expect(duplicate.body.error.issues).toEqual([{ path: 'email', message: 'already used by another person' }]);
    expect((await request(http).get('/directory/people?limit=200').set(auth(admin)).expect(200)).body.items.length).toBe(peopleBefore + 5);

    for (const who of ['coordinator', 'clerk-a', 'clerk-b', 'leader-a', 'auditor']) await signInAs(who);
    expect((await request(http).get('/me').set(auth(tokens['leader-a'])).expect(200)).body).toMatchObject({
      role: 'leader',
      leaderOf: [unitA],
    });
    // Every change is in the directory's change log, with who made it.
    const changes = (await request(http).get('/directory/changes?limit=50').set(auth(admin)).expect(200)).body.items as {
      action: string;
      actor: { name: string };
      after: { email?: string } | null;
    }[];
    expect(changes.find((c) => c.action === 'person.created' && c.after?.email === email('clerk-a'))?.actor.name).toBe('管理员');
  });

  it('publishing refuses unknown units by name; after mapping the name it publishes', async () => {
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `人员与登录测试计划${run}`,
      goals: [],
      tasks: [
        {
          number: '1',
          category: null,
          title: '培育科技型企业',
          content: null,
          leader: '钟兴旺',
          targets: [
            {
              text: '入库科技型中小企业500家以上',
              units: { lead: [oldNameOfA], cooperating: [] },
              indicators: [{ metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false }],
            },
          ],
        },
        {
          number: '2',
          category: null,
          title: '技术合同交易',
          content: null,
          leader: null,
          targets: [
            {
              text: '技术合同交易额达30亿元',
              units: { lead: [unitB], cooperating: [] },
              indicators: [
                { metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 3_000_000_000, unit: '元', stretch: false },
              ],
            },
          ],
        },
      ],
    };
    const coordinator = tokens['coordinator'];
    const created = await request(http).post('/plans').set(auth(coordinator)).send({ document: plan }).expect(201);
    const calendar = {
      kind: 'compressed',
      periodCount: 2,
      periodSeconds: 12,
      reminderSeconds: 4,
      graceSeconds: 2,
      escalationChecks: 2,
      evaluationAfterSeconds: 120,
    };
    const refused = await request(http).post(`/plans/${created.body.id}/publish`).set(auth(coordinator)).send({ calendar }).expect(422);
    expect(refused.body.error).toMatchObject({
      code: 'UNKNOWN_UNITS',
      issues: [{ path: `units.${oldNameOfA}`, message: 'not in the directory' }],
    });
    expect((await request(http).get(`/directory/units?status=proposed&limit=200`).set(auth(coordinator)).expect(200)).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: oldNameOfA, status: 'proposed' })]),
    );

    const mapped = await request(http)
      .post('/directory/unit-aliases')
      .set(auth(coordinator))
      .send({ alias: oldNameOfA, unit: unitA })
      .expect(200);
    expect(mapped.body.aliases).toContain(oldNameOfA);
    const draft = await request(http).get(`/plans/${created.body.id}`).set(auth(coordinator)).expect(200);
    expect(draft.body.tasks[0].targets[0].units.lead).toEqual([unitA]);
    await request(http).post(`/plans/${created.body.id}/publish`).set(auth(coordinator)).send({ calendar }).expect(200);
    cycleId = created.body.cycleId as string;
  });

  it('a department finds its work in its inbox with no ids given, acknowledges and reports; another unit cannot touch it', async () => {
    const clerkA = tokens['clerk-a'];
    assignmentOfA = await eventually(
      async () => {
        const inbox = await request(http).get('/me/assignments').set(auth(clerkA)).expect(200);
        const items = inbox.body.items as InboxItemView[];
        return items.length === 1 && items[0]?.status !== null ? items[0] : undefined;
      },
      30_000,
      'the assignment in the inbox',
    );
    expect(assignmentOfA).toMatchObject({
      unit: unitA,
      cycleId,
      planTitle: `人员与登录测试计划${run}`,
      light: expect.stringMatching(/red|yellow|green/),
    });
    const cycles = (await request(http).get('/cycles').set(auth(clerkA)).expect(200)).body.items as { id: string }[];
    expect(cycles.map((c) => c.id)).toEqual([cycleId]);
    await request(http).get(`/cycles/${cycleId}`).set(auth(clerkA)).expect(200);

    await request(http).post(`/assignments/${assignmentOfA.id}/acknowledge`).set(auth(clerkA)).send({}).expect(200);
    const period = assignmentOfA.status?.periods[0]?.key as string;
    await eventually(
      async () =>
        (
          await request(http)
            .post(`/assignments/${assignmentOfA.id}/reports`)
            .set(auth(clerkA))
            .send({
              periodKey: period,
              idempotencyKey: `people-${run}-p1`,
              narrative: '一季度入库企业120家',
              evidence: [],
              values: assignmentOfA.indicators.map((i) => ({ indicatorId: i.id, value: 120 })),
            })
        ).status === 201,
      20_000,
      'the first period to open',
    );

    const clerkB = tokens['clerk-b'];
    expect((await request(http).get(`/assignments/${assignmentOfA.id}`).set(auth(clerkB)).expect(403)).body.error.code).toBe('FORBIDDEN');
    await request(http).post(`/assignments/${assignmentOfA.id}/acknowledge`).set(auth(clerkB)).send({}).expect(403);
    const inboxB = (await request(http).get('/me/assignments').set(auth(clerkB)).expect(200)).body.items as InboxItemView[];
    expect(inboxB.map((a) => a.unit)).toEqual([unitB]);
    // Filters: nothing of A's is overdue yet; B's escalations come later.
    expect((await request(http).get(`/me/assignments?cycleId=${cycleId}&returned=true`).set(auth(clerkA)).expect(200)).body.items).toEqual(
      [],
    );
    const badFilter = await request(http).get('/me/assignments?overdue=maybe&dueBefore=tomorrow').set(auth(clerkA)).expect(400);
    expect(badFilter.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dueBefore', 'overdue']);
  });

  it('a leader sees the units and tasks they answer for and only their escalations', async () => {
    const coordinator = tokens['coordinator'];
    const leader = tokens['leader-a'];
    // B reports nothing: its period goes overdue and is escalated; the leader of A must not see it.
    const escalationsOfB = await eventually(
      async () => {
        const all = (await request(http).get(`/cycles/${cycleId}/escalations`).set(auth(coordinator)).expect(200)).body.items as {
          unit: string;
        }[];
        return all.some((e) => e.unit === unitB) ? all : undefined;
      },
      60_000,
      "B's escalation",
    );
    expect(escalationsOfB.length).toBeGreaterThan(0);
    // A reported its first period but not its second: that one is escalated, to A's leader.
    const leaders = await eventually(
      async () => {
        const own = (await request(http).get('/me/escalations').set(auth(leader)).expect(200)).body.items as { unit: string }[];
        return own.length > 0 ? own : undefined;
      },
      60_000,
      "an escalation of A's for its leader",
    );
    expect(leaders.every((e) => e.unit === unitA)).toBe(true);
    const leaderInbox = (await request(http).get('/me/assignments').set(auth(leader)).expect(200)).body.items as InboxItemView[];
    expect(leaderInbox.map((a) => a.unit)).toEqual([unitA]);
    await request(http).get(`/assignments/${assignmentOfA.id}`).set(auth(leader)).expect(200);
    await request(http).post(`/assignments/${assignmentOfA.id}/acknowledge`).set(auth(leader)).send({}).expect(403);
    // The task naming 钟兴旺 as 责任领导 is linked to the person at publish.
    expect(assignmentOfA.task?.leader).toBe('钟兴旺');
  });

  it('the audit trail names the person who acted', async () => {
    const history = await request(http).get(`/audit/assignments/${assignmentOfA.id}`).set(auth(tokens['auditor'])).expect(200);
    const acknowledged = (
      history.body.auditEvents as { action: string; actorName: string | null; actorUnit: string | null; actorRole: string }[]
    ).find((e) => e.action === 'assignment.acknowledged');
    expect(acknowledged).toMatchObject({ actorName: '王芳', actorUnit: unitA, actorRole: 'department' });
    const submitted = (history.body.auditEvents as { action: string; actorName: string | null }[]).find(
      (e) => e.action === 'report.submitted',
    );
    expect(submitted?.actorName).toBe('王芳');
    // The auditor changes nothing.
    await request(http)
      .post(`/assignments/${assignmentOfA.id}/reviews`)
      .set(auth(tokens['auditor']))
      .send({ periodKey: 'P1', decision: 'approve' })
      .expect(403);
  });

  it('a disabled person is refused at once, with the token they already hold; a tampered token is refused', async () => {
    const clerkB = tokens['clerk-b'] as string;
    const admin = tokens['admin'];
    const people = (
      await request(http)
        .get(`/directory/people?unit=${encodeURIComponent(unitB)}`)
        .set(auth(admin))
        .expect(200)
    ).body.items as {
      id: string;
    }[];
    await request(http).patch(`/directory/people/${people[0]?.id}`).set(auth(admin)).send({ status: 'disabled' }).expect(200);
    const refused = await request(http).get('/me/assignments').set(auth(clerkB)).expect(401);
    expect(refused.body.error.message).toBe('this account is disabled');
    const { issuer, demoPassword } = testStack();
    await expect(signIn({ issuer, email: email('clerk-b'), password: demoPassword })).rejects.toThrow();

    const [header, payload, signature] = (tokens['clerk-a'] as string).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, email: email('admin') }), 'base64url').toString('base64url');
    const tampered = await request(http)
      .get('/me')
      .set(auth(`${header}.${forged}.${signature}`))
      .expect(401);
    expect(tampered.headers['www-authenticate']).toBe('Bearer realm="plancycle"');
  });

  it('an expired token is refused; an unreachable identity provider is a 503 with a clear message', async () => {
    const stack = testStack();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-idp-short-'));
    const shortLived = await startIdentityProvider({
      databaseUrl: stack.databaseUrl,
      dataDir,
      accessTokenTtlSeconds: 1,
      logFile: path.join(dataDir, 'identity.log'),
    });
    const strict = await createApiApp(
      loadApiConfigOrThrow({
        DATABASE_URL: stack.databaseUrl,
        DATABASE_POOL_SIZE: '2',
        TEMPORAL_ADDRESS: stack.temporalAddress,
        OIDC_ISSUER: shortLived.issuer,
        OIDC_CLOCK_TOLERANCE_SECONDS: '0',
      }),
      { logger: false },
    );
    await strict.app.init();
    try {
      const { accessToken } = await signIn({ issuer: shortLived.issuer, email: email('clerk-a'), password: stack.demoPassword });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const expired = await request(strict.app.getHttpServer() as App)
        .get('/me')
        .set(auth(accessToken))
        .expect(401);
      expect(expired.body.error.message).toBe('the access token has expired; sign in again');
    } finally {
      await strict.close();
      await shortLived.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }

    const cut = await createApiApp(
      loadApiConfigOrThrow({
        DATABASE_URL: stack.databaseUrl,
        DATABASE_POOL_SIZE: '2',
        TEMPORAL_ADDRESS: stack.temporalAddress,
        OIDC_ISSUER: 'http://127.0.0.1:9',
      }),
      { logger: false },
    );
    await cut.app.init();
    try {
      const answer = await request(cut.app.getHttpServer() as App)
        .get('/me')
        .set(auth(tokens['clerk-a']))
        .expect(503);
      expect(answer.body.error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
      expect(answer.body.error.message).toContain('http://127.0.0.1:9');
    } finally {
      await cut.close();
    }
  });
});
