import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { PlanDocument } from '@plancycle/contracts';
import { signIn, startMailCatcher } from '@plancycle/devstack';
import type { ApiApp } from '../../apps/api/src/api-app';
import { eventually, testStack } from '../support/test-stack';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(240_000);

/**
 * Issue 10's channel preferences on the real stack: a clerk turns e-mail off for themself
 * (PUT /me/notification-preferences), an admin turns it off for another (PATCH
 * /directory/people/{id}); when their unit is reminded, they get the in-app notice only while
 * a third clerk gets the mail too. A service token has no preferences (403); both changes are
 * in the directory's change log, naming who made them.
 */
describe('notice channel preferences per person', () => {
  const run = randomUUID().slice(0, 6);
  const unit = `偏好科技局${run}`;
  const email = (who: string) => `${who}-${run}@prefs.plancycle.local`;
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  let stack: HttpStack;
  let api: ApiApp;
  let server: App;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who] ?? 'missing'}` });
  const system = { id: 'test:seed', role: 'system' as const };

  beforeAll(async () => {
    catcher = await startMailCatcher();
    stack = await startHttpStack({
      name: 'notice-prefs',
      callers: [],
      config: { OIDC_ISSUER: testStack().issuer },
      workerEnv: { SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`, NOTICES_SWEEP_INTERVAL_MS: '500' },
    });
    api = stack.api;
    server = stack.http;
    const directory = api.repositories.directory;
    await directory.createUnit(system, { name: unit });
    await directory.createPerson(system, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await directory.createPerson(system, { name: '管理员', email: email('admin'), role: 'admin' });
    for (const [who, name] of [
      ['clerk-on', '王芳'],
      ['clerk-self', '李强'],
      ['clerk-admin', '陈静'],
    ] as const) {
      ids[who] = (await directory.createPerson(system, { name, email: email(who), role: 'department', unit })).id;
    }
    for (const who of ['coordinator', 'admin', 'clerk-on', 'clerk-self', 'clerk-admin']) {
      tokens[who] = (await signIn({ issuer: testStack().issuer, email: email(who), password: testStack().demoPassword })).accessToken;
    }
    tokens['service'] = (
      await directory.createServiceToken(system, { name: `偏好测试${run}`, role: 'coordinator', expiresInDays: 1 })
    ).token;
  });

  afterAll(async () => {
    await stack?.close();
    await catcher?.close();
  });

  it('a person who turned e-mail off (themself, or by an admin) is told in-app only', async () => {
    // Self-service: e-mail on by default; off; a malformed body names the field.
    const before = await request(server).get('/me/notification-preferences').set(auth('clerk-self')).expect(200);
    expect(before.body).toEqual({ inApp: true, email: true });
    const off = await request(server).put('/me/notification-preferences').set(auth('clerk-self')).send({ email: false }).expect(200);
    expect(off.body).toEqual({ inApp: true, email: false });
    const bad = await request(server).put('/me/notification-preferences').set(auth('clerk-self')).send({ email: 'no' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('email');
    // A service token has no person, so no preferences.
    await request(server).get('/me/notification-preferences').set(auth('service')).expect(403);
    await request(server).put('/me/notification-preferences').set(auth('service')).send({ email: false }).expect(403);
    // The admin turns it off for another; the directory shows it.
    const patched = await request(server)
      .patch(`/directory/people/${ids['clerk-admin'] as string}`)
      .set(auth('admin'))
      .send({ notifications: { email: false } })
      .expect(200);
    expect(patched.body).toMatchObject({ notifications: { inApp: true, email: false } });
    const listed = await request(server)
      .get(`/directory/people/${ids['clerk-on'] as string}`)
      .set(auth('admin'))
      .expect(200);
    expect(listed.body).toMatchObject({ notifications: { inApp: true, email: true } });
    await request(server).get('/me/notification-preferences').set(auth('clerk-admin')).expect(200, { inApp: true, email: false });
    // Both changes are logged with who made them.
    const changes = await request(server)
      .get(`/directory/changes?entityId=${ids['clerk-self'] as string}`)
      .set(auth('admin'))
      .expect(200);
    expect(changes.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'person.updated',
          actor: expect.objectContaining({ id: ids['clerk-self'] }),
          after: expect.objectContaining({ notifications: { inApp: true, email: false } }),
        }),
      ]),
    );

    // The unit is reminded a few seconds after publishing.
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `偏好测试计划${run}`,
      goals: [],
      tasks: [
        {
          number: '1',
          category: null,
          title: '培育科技型企业',
          content: null,
          leader: null,
          targets: [
            {
              text: '入库科技型中小企业500家以上',
              units: { lead: [unit], cooperating: [] },
              indicators: [{ metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false }],
            },
          ],
        },
      ],
    };
    const created = await request(server).post('/plans').set(auth('coordinator')).send({ document: plan }).expect(201);
    await request(server)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth('coordinator'))
      .send({
        calendar: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 300,
          reminderSeconds: 295,
          graceSeconds: 60,
          evaluationAfterSeconds: 900,
        },
      })
      .expect(200);
    await eventually(
      async () => catcher.mails.find((m) => m.to.includes(email('clerk-on')) && m.subject.startsWith('【报送提醒】')),
      90_000,
      'the reminder mail to the clerk who keeps e-mail',
    );
    for (const who of ['clerk-on', 'clerk-self', 'clerk-admin']) {
      const list = await request(server).get('/me/notifications').set(auth(who)).expect(200);
      expect((list.body.items as { event: string }[]).map((n) => n.event)).toEqual(['reminder']);
    }
    // The sweep runs every half second: give it time to send anything it would.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(catcher.mails.filter((m) => m.to.includes(email('clerk-self')) || m.to.includes(email('clerk-admin')))).toEqual([]);
    const assignmentId = (
      (await request(server).get('/me/notifications').set(auth('clerk-on')).expect(200)).body.items as { assignmentId: string }[]
    )[0]?.assignmentId as string;
    const notices = await api.repositories.notices.listForAssignment(assignmentId);
    expect(notices.filter((n) => n.channel === 'email').map((n) => n.recipientPersonId)).toEqual([ids['clerk-on']]);
  });
});
