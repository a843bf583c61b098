import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mammoth from 'mammoth';
import request from 'supertest';
import type { App } from 'supertest/types';
import { loadApiConfigOrThrow } from '@plancycle/config';
import type { PlanDocument } from '@plancycle/contracts';
import { signIn, startMailCatcher } from '@plancycle/devstack';
import type { AssignmentView } from '@plancycle/persistence';
import { createApiApp, type ApiApp } from '../../apps/api/src/api-app';
import { eventually, openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../support/test-stack';

jest.setTimeout(240_000);

/** A local HTTP endpoint standing for a 钉钉 robot: answers `{errcode: 0}` and keeps the messages. */
async function startRobot(): Promise<{ url: string; messages: { query: string; body: unknown }[]; close(): Promise<void> }> {
  const messages: { query: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      messages.push({ query: req.url ?? '', body: JSON.parse(body) as unknown });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/robot/send?access_token=test`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Issue 10's notices on the real stack: a unit that does not report is reminded, told it is
 * overdue, and put under 督办 (its leader told too), by e-mail through a real SMTP server, in
 * the console's list and on its 钉钉 robot; a returned report reaches its unit with the
 * comment; a mail server that cannot be reached leaves notices failed and retried while the
 * cycle carries on.
 */
describe('notices reach people: e-mail, robot webhook, in-app', () => {
  const run = randomUUID().slice(0, 6);
  const unitA = `通知科技局${run}`;
  const unitB = `通知财政局${run}`;
  const email = (who: string) => `${who}-${run}@notices.plancycle.local`;
  const taskQueue = uniqueTaskQueue('notices');
  const workerRepositories = openTestRepositories();
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  let robot: Awaited<ReturnType<typeof startRobot>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let api: ApiApp;
  let server: App;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who] ?? 'missing'}` });
  const system = { id: 'test:seed', role: 'system' as const };

  const plan = (title: string): PlanDocument => ({
    jurisdiction: '沅江市',
    year: 2026,
    title: `${title}${run}`,
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
            units: { lead: [unitA], cooperating: [] },
            indicators: [{ metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', stretch: false }],
          },
          {
            text: '技术合同交易额达30亿元',
            units: { lead: [unitB], cooperating: [] },
            indicators: [{ metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 3_000_000_000, unit: '元', stretch: false }],
          },
        ],
      },
    ],
  });

  const publish = async (title: string, calendar: object) => {
    const created = await request(server)
      .post('/plans')
      .set(auth('coordinator'))
      .send({ document: plan(title) })
      .expect(201);
    await request(server)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth('coordinator'))
      .send({ calendar })
      .expect(200);
    const cycleId = created.body.cycleId as string;
    const assignments = await eventually(
      async () => {
        const res = await request(server).get(`/cycles/${cycleId}/assignments`).set(auth('coordinator')).expect(200);
        const list = res.body.items as AssignmentView[];
        return list.length === 2 && list.every((a) => a.status !== null) ? list : undefined;
      },
      60_000,
      'assignments to start',
    );
    const of = (unit: string) => assignments.find((a) => a.unit === unit) as AssignmentView;
    return { cycleId, a: of(unitA), b: of(unitB) };
  };

  beforeAll(async () => {
    const stack = testStack();
    catcher = await startMailCatcher();
    robot = await startRobot();
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
    server = api.app.getHttpServer() as App;
    const directory = api.repositories.directory;
    await directory.createUnit(system, { name: unitA, webhookUrl: robot.url });
    await directory.createUnit(system, { name: unitB });
    await directory.createPerson(system, { name: '周协调', email: email('coordinator'), role: 'coordinator' });
    await directory.createPerson(system, { name: '王芳', email: email('clerk-a'), role: 'department', unit: unitA });
    await directory.createPerson(system, { name: '赵磊', email: email('clerk-b'), role: 'department', unit: unitB });
    await directory.createPerson(system, { name: '钟兴旺', email: email('leader-a'), role: 'leader', leaderOf: [unitA] });
    for (const who of ['coordinator', 'clerk-a', 'clerk-b', 'leader-a']) {
      tokens[who] = (await signIn({ issuer: stack.issuer, email: email(who), password: stack.demoPassword })).accessToken;
    }
    worker = await startTestWorker({
      taskQueue,
      repositories: workerRepositories,
      env: { SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`, NOTICES_SWEEP_INTERVAL_MS: '500' },
    });
  });

  afterAll(async () => {
    await worker?.shutdown();
    await api?.close();
    await workerRepositories.close();
    await catcher?.close();
    await robot?.close();
  });

  const mailsTo = (who: string) => catcher.mails.filter((m) => m.to.includes(email(who)));

  it('a late unit is reminded, told it is overdue and put under 督办; its leader is told; a returned report carries its comment', async () => {
    const { a, b } = await publish('通知测试计划', {
      kind: 'compressed',
      periodCount: 1,
      periodSeconds: 10,
      reminderSeconds: 5,
      graceSeconds: 3,
      escalationChecks: 2,
      evaluationAfterSeconds: 120,
    });

    // The finance bureau reports; the coordinator returns it with a comment.
    await request(server).post(`/assignments/${b.id}/acknowledge`).set(auth('clerk-b')).send({}).expect(200);
    await request(server)
      .post(`/assignments/${b.id}/reports`)
      .set(auth('clerk-b'))
      .send({
        periodKey: 'P1',
        idempotencyKey: `b-p1-${run}`,
        narrative: '财政局报送',
        evidence: [],
        values: b.indicators.map((i) => ({ indicatorId: i.id, value: 1 })),
      })
      .expect(201);
    await request(server)
      .post(`/assignments/${b.id}/reviews`)
      .set(auth('coordinator'))
      .send({ periodKey: 'P1', decision: 'return', comment: '请补充合同登记台账' })
      .expect(200);

    // The science bureau never reports: reminder, overdue, 催办, then 督办 (unit and leader).
    const supervisionMail = await eventually(
      async () => mailsTo('leader-a').find((m) => m.subject.startsWith('【督办通知】')),
      90_000,
      'the 督办 mail to the leader',
    );
    // It carries the 督办通知单 (.docx) its text names by number; the file is what the API serves.
    const number = /督办〔2026〕\d+号/.exec(supervisionMail.text)?.[0] as string;
    expect(supervisionMail.text).toContain(`详见督办通知单（${number}）`);
    expect(supervisionMail.attachments).toHaveLength(1);
    const attachment = supervisionMail.attachments[0] as (typeof supervisionMail.attachments)[number];
    expect(attachment).toMatchObject({
      filename: `督办通知单-${number}-${unitA}.docx`,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    const word = (await mammoth.extractRawText({ buffer: attachment.content })).value;
    for (const expected of [
      number,
      '督办通知单',
      `${unitA}：`,
      '1 培育科技型企业',
      '入库科技型中小企业500家以上',
      '第1期（P1）',
      '沅江市科技创新工作专班办公室',
    ]) {
      expect(word).toContain(expected);
    }
    const escalations = await request(server).get(`/cycles/${a.cycleId}/escalations`).set(auth('leader-a')).expect(200);
    const supervision = (escalations.body.items as { id: string; level: string }[]).find((e) => e.level === 'supervision');
    const served = await request(server)
      .get(`/escalations/${supervision?.id ?? 'none'}/notice.docx`)
      .set(auth('leader-a'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((await mammoth.extractRawText({ buffer: served.body as Buffer })).value).toBe(word);
    // Only the 督办 mails carry a file (the in-app notice names its number, below).
    expect(
      mailsTo('clerk-a')
        .filter((m) => m.attachments.length > 0)
        .map((m) => m.subject.slice(0, 6)),
    ).toEqual(['【督办通知】']);
    const clerkA = await eventually(
      async () => {
        const subjects = mailsTo('clerk-a').map((m) => m.subject);
        return ['【报送提醒】', '【逾期提醒】', '【督办通知】'].every((t) => subjects.some((s) => s.startsWith(t))) ? subjects : undefined;
      },
      60_000,
      'the reminder, overdue and 督办 mails to the unit',
    );
    expect(clerkA.every((s) => s.includes(unitA))).toBe(true);
    // Once per (event, recipient, channel).
    expect(new Set(clerkA).size).toBe(clerkA.length);
    // The leader hears of 督办, not of the unit's reminders.
    expect(mailsTo('leader-a').some((m) => m.subject.startsWith('【报送提醒】'))).toBe(false);
    const returned = await eventually(
      async () => mailsTo('clerk-b').find((m) => m.subject.startsWith('【报送退回】')),
      60_000,
      'the returned mail',
    );
    expect(returned.text).toContain('请补充合同登记台账');
    expect(mailsTo('clerk-b').every((m) => m.subject.includes(unitB))).toBe(true);

    // The science bureau's robot got the 钉钉 markdown message of each unit event.
    const robotSubjects = await eventually(
      async () => {
        const titles = robot.messages.map((m) => (m.body as { markdown?: { title?: string } }).markdown?.title ?? '');
        return titles.some((t) => t.startsWith('【督办通知】')) ? titles : undefined;
      },
      30_000,
      'the 督办 robot message',
    );
    expect(robot.messages[0]?.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: expect.any(String), text: expect.stringContaining('###') },
    });
    expect(robotSubjects.some((t) => t.startsWith('【报送提醒】'))).toBe(true);

    // In-app: the unit's list, unread count, read; another department sees only its own.
    const list = await request(server).get('/me/notifications?limit=50').set(auth('clerk-a')).expect(200);
    const items = list.body.items as { id: string; event: string; assignmentId: string; body: string; readAt: string | null }[];
    expect(items.map((i) => i.event)).toEqual(expect.arrayContaining(['reminder', 'overdue', 'supervision']));
    expect(items.find((i) => i.event === 'supervision')?.body).toContain(`详见督办通知单（${number}）`);
    expect(items.every((i) => i.assignmentId === a.id)).toBe(true);
    expect(list.body.unread).toBe(items.length);
    const first = items[0] as { id: string };
    const read = await request(server).post(`/me/notifications/${first.id}/read`).set(auth('clerk-a')).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    await request(server).post(`/me/notifications/${first.id}/read`).set(auth('clerk-a')).expect(200);
    const after = await request(server).get('/me/notifications?unread=true').set(auth('clerk-a')).expect(200);
    expect(after.body.unread).toBe(items.length - 1);
    expect((after.body.items as { id: string }[]).some((i) => i.id === first.id)).toBe(false);
    // Someone else's notification is not found, and not marked.
    await request(server).post(`/me/notifications/${first.id}/read`).set(auth('clerk-b')).expect(404);
    const others = await request(server).get('/me/notifications').set(auth('clerk-b')).expect(200);
    expect((others.body.items as { assignmentId: string; event: string }[]).every((i) => i.assignmentId === b.id)).toBe(true);
    expect((others.body.items as { event: string }[]).map((i) => i.event)).toContain('returned');
    await request(server).get('/me/notifications?unread=maybe').set(auth('clerk-b')).expect(400);

    // Every notice is in the audit trail with its recipient and channel.
    const notices = await workerRepositories.notices.listForAssignment(a.id);
    expect(notices.filter((n) => n.channel !== 'in_app').every((n) => n.state === 'sent')).toBe(true);
    const audited = (await api.repositories.audit.list({ assignmentId: a.id, limit: 200 })).items;
    const queued = audited.filter((e) => e.action === 'notice.queued');
    expect(queued).toHaveLength(notices.length);
    expect(queued.map((e) => e.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'supervision', channel: 'email', address: email('leader-a') })]),
    );
    expect(audited.filter((e) => e.action === 'notice.sent')).toHaveLength(notices.filter((n) => n.channel !== 'in_app').length);
  });

  it('an unreachable mail server leaves notices failed and retried with backoff; the cycle carries on; they go once it is back', async () => {
    await worker.shutdown();
    // A port nothing listens on: connections are refused.
    const closed = await startMailCatcher();
    await closed.close();
    worker = await startTestWorker({
      taskQueue,
      repositories: workerRepositories,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${closed.smtpPort}`,
        NOTICES_SWEEP_INTERVAL_MS: '300',
        NOTICES_RETRY_BASE_MS: '500',
        NOTICES_RETRY_MAX_MS: '2000',
      },
    });
    const { cycleId, a } = await publish('邮件中断测试计划', {
      kind: 'compressed',
      periodCount: 1,
      periodSeconds: 6,
      reminderSeconds: 3,
      graceSeconds: 2,
      escalationChecks: 2,
      evaluationAfterSeconds: 120,
    });
    // The cycle goes on to 督办 whatever the mail server does.
    await eventually(
      async () => {
        const res = await request(server).get(`/cycles/${cycleId}/escalations`).set(auth('coordinator')).expect(200);
        return (res.body.items as { assignmentId: string; level: string }[]).some(
          (e) => e.assignmentId === a.id && e.level === 'supervision',
        );
      },
      60_000,
      'the 督办 of the late unit',
    );
    const failing = await eventually(
      async () => {
        const notices = await workerRepositories.notices.listForAssignment(a.id);
        const mail = notices.find((n) => n.channel === 'email' && n.event === 'supervision' && n.address === email('leader-a'));
        return mail && mail.state === 'failed' && mail.attempts >= 2 ? mail : undefined;
      },
      60_000,
      'the 督办 mail to fail and be tried again',
    );
    expect(failing.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failing.nextAttemptAt).not.toBeNull();
    // In-app and webhook notices are not held up by the mail server.
    const notices = await workerRepositories.notices.listForAssignment(a.id);
    expect(notices.filter((n) => n.channel !== 'email').every((n) => n.state === 'sent')).toBe(true);
    const audited = (await api.repositories.audit.list({ assignmentId: a.id, limit: 200 })).items;
    expect(audited.some((e) => e.action === 'notice.failed')).toBe(true);

    // The mail server is back: each failed notice goes once.
    await worker.shutdown();
    const before = catcher.mails.length;
    worker = await startTestWorker({
      taskQueue,
      repositories: workerRepositories,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
        NOTICES_SWEEP_INTERVAL_MS: '300',
        NOTICES_RETRY_BASE_MS: '500',
        NOTICES_RETRY_MAX_MS: '2000',
      },
    });
    await eventually(
      async () => {
        const all = await workerRepositories.notices.listForAssignment(a.id);
        return all.filter((n) => n.channel === 'email').every((n) => n.state === 'sent') ? all : undefined;
      },
      60_000,
      'every e-mail notice sent once the server is back',
    );
    const resent = catcher.mails.slice(before).filter((m) => m.subject.includes('邮件中断测试计划') || m.text.includes(unitA));
    const keys = resent.map((m) => `${m.to.join(',')}|${m.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(resent.some((m) => m.to.includes(email('leader-a')) && m.subject.startsWith('【督办通知】'))).toBe(true);
  });

  it('counts working days: an admin’s calendar of 2027 is used by a quarterly cycle published after it, and pinned', async () => {
    const admin = `admin-${run}`;
    await api.repositories.directory.createPerson(system, { name: '管理员', email: email(admin), role: 'admin' });
    tokens[admin] = (await signIn({ issuer: testStack().issuer, email: email(admin), password: testStack().demoPassword })).accessToken;
    const before = await request(server).get('/calendar/years/2027').set(auth(admin)).expect(200);
    expect(before.body.source).not.toBe('override');
    const packaged = await request(server).get('/calendar/years/2026').set(auth('coordinator')).expect(200);
    expect(packaged.body).toMatchObject({ year: 2026, source: 'chinese-days' });
    expect(packaged.body.makeUpWorkdays).toContain('2026-10-10');
    await request(server).put('/calendar/years/2027').set(auth('coordinator')).send({ holidays: [], makeUpWorkdays: [] }).expect(403);
    const bad = await request(server)
      .put('/calendar/years/2027')
      .set(auth(admin))
      .send({ holidays: ['2026-10-01'], makeUpWorkdays: [] })
      .expect(400);
    expect(bad.body.error.issues).toEqual([{ path: 'holidays.0', message: 'expected a date of 2027 as YYYY-MM-DD' }]);
    // 2027-01-11 (Monday) made a holiday: Q4 of 2026, due on the 10th (a Sunday), moves to the 12th.
    const override = await request(server)
      .put('/calendar/years/2027')
      .set(auth(admin))
      .send({ holidays: ['2027-01-01', '2027-01-11'], makeUpWorkdays: [] })
      .expect(200);
    expect(override.body).toMatchObject({ year: 2027, source: 'override', holidays: ['2027-01-01', '2027-01-11'] });

    const created = await request(server)
      .post('/plans')
      .set(auth('coordinator'))
      .send({ document: plan('工作日测试计划') })
      .expect(201);
    const published = await request(server)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth('coordinator'))
      .send({ calendar: { kind: 'quarterly', dueDayOfFollowingMonth: 10 }, confirmPastCalendar: true })
      .expect(200);
    const due = (published.body.calendar.periods as { key: string; dueAt: string }[]).map((p) => [p.key, p.dueAt]);
    expect(due).toEqual([
      ['Q1', '2026-04-10T15:59:59.000Z'],
      ['Q2', '2026-07-10T15:59:59.000Z'],
      ['Q3', '2026-10-10T15:59:59.000Z'],
      ['Q4', '2027-01-12T15:59:59.000Z'],
    ]);
    // The calendar counted with is pinned with the cycle, and the publication says which.
    const trail = (await api.repositories.audit.list({ cycleId: created.body.cycleId as string, limit: 10 })).items;
    expect(trail.find((e) => e.action === 'plan.published')?.details).toMatchObject({
      holidayCalendar: [
        { year: 2026, source: 'chinese-days' },
        { year: 2027, source: 'override' },
      ],
    });
  });
});
