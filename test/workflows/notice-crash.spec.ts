import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { PlanDocument } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { CycleDriver } from '../support/cycle-driver';
import {
  eventually,
  openTestClient,
  openTestRepositories,
  spawnWorkerChild,
  startTestWorker,
  uniqueTaskQueue,
} from '../support/test-stack';

jest.setTimeout(240_000);

interface Received {
  to: string[];
  messageId: string | null;
  notice: string | null;
}

/**
 * A local SMTP server that can hold a transaction at RCPT TO (the sender is mid-send: the
 * message has not been transmitted) and keeps every message it accepted, with its
 * Message-ID and the notice it names.
 */
async function startHoldingSmtp(holdFor: string) {
  const accepted: Received[] = [];
  let holding = true;
  let held = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (holding && address.address === holdFor) {
        held = true; // never answered: the sender waits here until it dies
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(raw)?.[1]?.trim() ?? null;
        accepted.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: header('Message-ID'),
          notice: header('X-Plancycle-Notice'),
        });
        callback();
      });
    },
  });
  // The worker this test kills resets its held connection (read ECONNRESET): expected here,
  // and an SMTPServer without an error listener would throw it into the test.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    isHolding: () => held,
    release: () => (holding = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Issue 10: a worker killed in the middle of sending an e-mail notice (SIGKILL while the SMTP
 * transaction waits at RCPT TO), then another started: the notice is sent by the new worker
 * once its claim lapses, exactly once, and so is every later notice of the cycle. Each
 * message carries the notice's id as Message-ID, so even a crash between the server's
 * acceptance and the worker's record of it would repeat the same message, not a new one.
 */
describe('a worker killed mid-send', () => {
  const run = randomUUID().slice(0, 6);
  const unit = `通知崩溃测试局${run}`;
  const address = `clerk-crash-${run}@notices.plancycle.local`;
  let repositories: Repositories;

  beforeAll(async () => {
    repositories = openTestRepositories();
    const seed = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
    await repositories.directory.ensureActiveUnits(seed, [unit]);
    await repositories.directory.createPerson(seed, { name: '李通知', email: address, role: 'department', unit });
  });

  afterAll(async () => {
    await repositories?.close();
  });

  it('delivers each notice exactly once after the restart', async () => {
    const smtp = await startHoldingSmtp(address);
    const taskQueue = uniqueTaskQueue('notice-crash');
    const workerEnv = { SMTP_URL: smtp.url, NOTICES_CLAIM_MS: '3000', NOTICES_SWEEP_INTERVAL_MS: '500' };
    const { client, close } = await openTestClient();
    let doomed: Awaited<ReturnType<typeof spawnWorkerChild>> | null = await spawnWorkerChild({ taskQueue, env: workerEnv });
    let successor: Awaited<ReturnType<typeof startTestWorker>> | null = null;
    try {
      const document: PlanDocument = {
        jurisdiction: '沅江市',
        year: 2026,
        title: `通知崩溃测试${run}`,
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
      // The reminder goes out 6 s after publishing; the unit never reports (overdue, 提醒, 督办 follow).
      const driver = await CycleDriver.createAndPublish({
        client,
        repositories,
        taskQueue,
        document,
        calendar: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 10,
          reminderSeconds: 4,
          graceSeconds: 2,
          escalationChecks: 2,
          evaluationAfterSeconds: 600,
        },
      });

      const [assignment] = await driver.assignments();
      if (!assignment) throw new Error('no assignment');
      // The reminder's mail is mid-send: the worker dies with the transaction open.
      await eventually(async () => smtp.isHolding(), 60_000, 'the reminder mail to reach RCPT TO');
      await doomed.kill();
      doomed = null;
      const stranded = (await repositories.notices.listForAssignment(assignment.id)).filter((n) => n.channel === 'email');
      expect(stranded.map((n) => [n.event, n.state])).toEqual([['reminder', 'pending']]);
      expect(smtp.accepted.filter((m) => m.to.includes(address))).toEqual([]);

      // Another worker: the cycle goes on, and the stranded notice is sent once its claim lapses.
      smtp.release();
      successor = await startTestWorker({ taskQueue, repositories, env: workerEnv });
      const sent = await eventually(
        async () => {
          const notices = (await repositories.notices.listForAssignment(assignment.id)).filter((n) => n.channel === 'email');
          const events = new Set(notices.map((n) => n.event));
          return ['reminder', 'overdue', 'urge', 'supervision'].every((e) => events.has(e)) && notices.every((n) => n.state === 'sent')
            ? notices
            : undefined;
        },
        90_000,
        'the reminder, overdue and escalation mails to be sent',
      );
      // A few sweeps more: nothing is sent again.
      await new Promise((r) => setTimeout(r, 2_500));
      const mine = smtp.accepted.filter((m) => m.to.includes(address));
      expect(mine.map((m) => m.notice).sort()).toEqual(sent.map((n) => n.id).sort());
      expect(new Set(mine.map((m) => m.messageId)).size).toBe(mine.length);
      expect(mine.every((m) => m.messageId === `<notice-${m.notice ?? ''}@plancycle.local>`)).toBe(true);
      const reminder = sent.find((n) => n.event === 'reminder');
      expect(reminder?.attempts).toBe(1);
    } finally {
      await doomed?.kill();
      await successor?.shutdown();
      await close();
      await smtp.close();
    }
  });
});
