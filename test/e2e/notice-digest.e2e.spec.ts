import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { PlanDocument } from '@plancycle/contracts';
import { digestKey } from '@plancycle/domain';
import { signIn, startMailCatcher } from '@plancycle/devstack';
import type { ApiApp } from '../../apps/api/src/api-app';
import { eventually, openTestRepositories, startTestWorker, testStack, uniqueTaskQueue } from '../support/test-stack';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(240_000);

/**
 * Issue 10's coordinators' digest on the real stack: three targets of two units stay late
 * until 约谈; the coordinator sees each in the console at once but gets no mail per event
 * (the leader does). A worker whose digest comes every two seconds then sends one mail
 * listing the three, marks them sent and audits it; restarted, it sends nothing again.
 */
describe("coordinators' daily digest", () => {
  const run = randomUUID().slice(0, 6);
  const unitA = `汇总科技局${run}`;
  const unitB = `汇总财政局${run}`;
  const email = (who: string) => `${who}-${run}@digest.plancycle.local`;
  const workerRepositories = openTestRepositories();
  let catcher: Awaited<ReturnType<typeof startMailCatcher>>;
  let stack: HttpStack;
  let api: ApiApp;
  let server: App;
  const tokens: Record<string, string> = {};
  let coordinatorId: string;
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who] ?? 'missing'}` });
  const system = { id: 'test:seed', role: 'system' as const };
  const smtp = () => `smtp://127.0.0.1:${catcher.smtpPort}`;
  /** A worker of its own task queue that only sends digests, every two seconds. */
  const digestWorker = () =>
    startTestWorker({
      taskQueue: uniqueTaskQueue('notice-digest-sender'),
      repositories: workerRepositories,
      env: { SMTP_URL: smtp(), NOTICES_SWEEP_INTERVAL_MS: '300', NOTICES_DIGEST_INTERVAL_SECONDS: '2' },
    });

  beforeAll(async () => {
    catcher = await startMailCatcher();
    // The cycle's worker keeps the default digest (daily at 08:30 Beijing time): what it queues
    // now waits for tomorrow morning.
    stack = await startHttpStack({
      name: 'notice-digest',
      callers: [],
      config: { OIDC_ISSUER: testStack().issuer },
      workerEnv: { SMTP_URL: smtp(), NOTICES_SWEEP_INTERVAL_MS: '500' },
    });
    api = stack.api;
    server = stack.http;
    const directory = api.repositories.directory;
    await directory.createUnit(system, { name: unitA });
    await directory.createUnit(system, { name: unitB });
    coordinatorId = (await directory.createPerson(system, { name: '周协调', email: email('coordinator'), role: 'coordinator' })).id;
    await directory.createPerson(system, { name: '钟兴旺', email: email('leader'), role: 'leader', leaderOf: [unitA, unitB] });
    for (const who of ['coordinator', 'leader']) {
      tokens[who] = (await signIn({ issuer: testStack().issuer, email: email(who), password: testStack().demoPassword })).accessToken;
    }
  });

  afterAll(async () => {
    await stack?.close();
    await workerRepositories.close();
    await catcher?.close();
  });

  const mailsTo = (who: string) => catcher.mails.filter((m) => m.to.includes(email(who)));

  it('one digest mail for several 约谈, their notices marked sent and audited, never sent twice', async () => {
    const target = (text: string, unit: string) => ({
      text,
      units: { lead: [unit], cooperating: [] },
      indicators: [
        { metric: '入库科技型中小企业', kind: 'count' as const, comparator: 'gte' as const, value: 500, unit: '家', stretch: false },
      ],
    });
    const plan: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `汇总测试计划${run}`,
      goals: [],
      tasks: [
        {
          number: '1',
          category: null,
          title: '培育科技型企业',
          content: null,
          leader: null,
          targets: [
            target('入库科技型中小企业500家以上', unitA),
            target('新增省级创新平台2家', unitA),
            target('技术合同交易额达30亿元', unitB),
          ],
        },
      ],
    };
    const created = await request(server).post('/plans').set(auth('coordinator')).send({ document: plan }).expect(201);
    const cycleId = created.body.cycleId as string;
    // Nobody reports: 提醒 at the due date, 督办 a grace unit later, 约谈 the next.
    await request(server)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth('coordinator'))
      .send({
        calendar: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 6,
          reminderSeconds: 3,
          graceSeconds: 3,
          escalationChecks: 3,
          evaluationAfterSeconds: 600,
        },
      })
      .expect(200);

    // In-app at once: the coordinator's list has the three 约谈.
    const interviews = await eventually(
      async () => {
        const list = await request(server).get('/me/notifications?limit=50').set(auth('coordinator')).expect(200);
        const items = (list.body.items as { event: string; cycleId: string }[]).filter(
          (n) => n.event === 'interview' && n.cycleId === cycleId,
        );
        return items.length === 3 ? items : undefined;
      },
      90_000,
      'the three 约谈 in the coordinator’s list',
    );
    expect(interviews).toHaveLength(3);
    // The leader is mailed per event; the coordinator's mails wait for the digest.
    await eventually(
      async () => (mailsTo('leader').filter((m) => m.subject.startsWith('【约谈通知】')).length === 3 ? true : undefined),
      30_000,
      'the leader’s 约谈 mails',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mailsTo('coordinator')).toEqual([]);
    const waiting = async () => {
      const page = await request(server).get('/me/notifications?limit=50').set(auth('coordinator')).expect(200);
      const assignmentIds = [...new Set((page.body.items as { assignmentId: string }[]).map((n) => n.assignmentId))];
      const notices = (await Promise.all(assignmentIds.map((id) => workerRepositories.notices.listForAssignment(id)))).flat();
      return notices.filter((n) => n.recipientPersonId === coordinatorId && n.channel === 'email');
    };
    expect((await waiting()).map((n) => [n.event, n.state])).toEqual([
      ['interview', 'digest'],
      ['interview', 'digest'],
      ['interview', 'digest'],
    ]);

    // The digest worker: one mail with the three, counted by kind, each with its unit and period.
    let sender = await digestWorker();
    const digestMail = await eventually(async () => mailsTo('coordinator')[0], 30_000, 'the digest mail');
    expect(digestMail.subject).toMatch(/^【通知汇总】\d{4}年\d{1,2}月\d{1,2}日：共 3 条（约谈通知 3 条）$/);
    expect(digestMail.text).toContain('周协调：');
    expect(digestMail.text).toContain('自上次汇总以来共有 3 条通知：约谈通知 3 条。');
    for (const [unit, text] of [
      [unitA, '入库科技型中小企业500家以上'],
      [unitA, '新增省级创新平台2家'],
      [unitB, '技术合同交易额达30亿元'],
    ]) {
      expect(digestMail.text).toContain(`【约谈通知】${unit}｜任务：1 培育科技型企业｜目标：${text}｜报送期：P1｜`);
    }
    const carried = await eventually(
      async () => {
        const notices = await waiting();
        return notices.every((n) => n.state === 'sent') ? notices : undefined;
      },
      10_000,
      'the notices marked sent',
    );
    expect(new Set(carried.map((n) => n.digestId)).size).toBe(1);
    const [digest] = await workerRepositories.noticeDigests.listForPerson(coordinatorId);
    expect(digest).toMatchObject({ state: 'sent', address: email('coordinator'), attempts: 1 });
    expect(digest?.notices).toHaveLength(3);

    // Restarted, and windows later: nothing again; the same (coordinator, window) is never made twice.
    await sender.shutdown();
    sender = await digestWorker();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await sender.shutdown();
    expect(mailsTo('coordinator')).toHaveLength(1);
    expect(
      await workerRepositories.noticeDigests.create({
        idempotencyKey: digestKey(coordinatorId, (digest?.windowStart as Date).getTime()),
        recipientPersonId: coordinatorId,
        address: email('coordinator'),
        windowStart: digest?.windowStart as Date,
        noticeIds: [],
        subject: 'again',
        body: 'again',
      }),
    ).toBeNull();

    // The cycle's trail has the digest (recipient, channel) and each notice sent.
    const trail: Awaited<ReturnType<typeof api.repositories.audit.list>>['items'] = [];
    for (let cursor: string | undefined; ; ) {
      const page = await api.repositories.audit.list({ cycleId, limit: 200, ...(cursor ? { cursor } : {}) });
      trail.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // (Other coordinators of the shared test directory are told of this cycle's 约谈 too: their own digests.)
    const ofCoordinator = trail.filter(
      (e) =>
        e.action === 'notice.digest_sent' && (e.details as { recipient?: { personId?: string } }).recipient?.personId === coordinatorId,
    );
    expect(ofCoordinator.map((e) => e.details)).toEqual([
      expect.objectContaining({ digestId: digest?.id, recipient: { personId: coordinatorId }, channel: 'email', notices: 3 }),
    ]);
    const sentOfDigest = trail.filter((e) => e.action === 'notice.sent' && (e.details as { digestId?: string }).digestId === digest?.id);
    expect(sentOfDigest).toHaveLength(3);
  });
});
