import { audienceOf, noticeRetryDelayMs, planNotices, type NoticeSubjectMatter } from '@plancycle/domain';
import type { NoticeEvent } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import type { ClaimedNotice } from '@plancycle/persistence';
import type { MailAttachment, NoticeChannels } from './notice-channels';

/** An event of an assignment that people are told of. */
export interface NoticeEventInput {
  event: NoticeEvent;
  /** Names the event once: the same event notified again makes no new notices. */
  eventKey: string;
  assignmentId: string;
  periodKey: string | null;
  /** The rule set's `recipient` (escalations); absent: the default rule. */
  ruleRecipient?: string | null;
  about?: Partial<Pick<NoticeSubjectMatter, 'deadlineAt' | 'comment' | 'reason' | 'documentNumber'>>;
}

/**
 * Makes the notices of an event (from the directory and the rule set's recipients) and sends
 * the e-mail and webhook ones. Sending never fails the caller: a channel that fails marks
 * its notice failed, and the sweep tries it again with backoff.
 */
export class NoticeDelivery {
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly repos: Repositories,
    private readonly channels: NoticeChannels,
    private readonly timing = { baseMs: 30_000, maxMs: 3_600_000, claimMs: 60_000 },
    /** The files an e-mail notice carries (the 督办通知单 of a 督办 or 约谈); none when absent. */
    private readonly attachmentsOf: (notice: ClaimedNotice) => Promise<MailAttachment[]> = async () => [],
  ) {}

  /** Creates the event's notices (idempotent) and starts sending them; returns once they are stored. */
  async notify(input: NoticeEventInput): Promise<void> {
    const audience = await this.repos.notices.audienceOfOrThrow(input.assignmentId);
    const notices = planNotices({
      event: input.event,
      eventKey: input.eventKey,
      audience: audienceOf(input.event, input.ruleRecipient),
      about: { ...audience.about, periodKey: input.periodKey, ...input.about },
      people: audience.people,
      unit: audience.unit,
      email: this.channels.email !== null,
    });
    const unsent = await this.repos.notices.createNotices({
      cycleId: audience.cycleId,
      assignmentId: input.assignmentId,
      periodKey: input.periodKey,
      notices,
    });
    this.track(this.deliver(unsent));
  }

  /** Sends each notice that nobody else holds and is not sent; records the outcome. */
  async deliver(ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        const notice = await this.repos.notices.claim(id, this.timing.claimMs);
        if (!notice) continue;
        try {
          if (notice.channel === 'email') {
            if (!this.channels.email) throw new Error('no mail server is configured (SMTP_URL)');
            const attachments = await this.attachmentsOf(notice);
            await this.channels.email({
              to: notice.address,
              subject: notice.subject,
              body: notice.body,
              idempotencyKey: notice.id,
              attachments,
            });
          } else {
            await this.channels.webhook({ url: notice.address, subject: notice.subject, body: notice.body });
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await this.repos.notices.markFailed(notice, {
            error: message,
            nextAttemptAt: new Date(Date.now() + noticeRetryDelayMs(notice.attempts + 1, this.timing)),
          });
          continue;
        }
        await this.repos.notices.markSent(notice);
      } catch (error) {
        // The database is away: the claim lapses and the sweep sends it later.
        console.warn(`notice ${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Tries unsent notices whose time has come, every `intervalMs`, until stopped. */
  startSweep(intervalMs: number): void {
    if (this.sweepTimer) return;
    const tick = async (): Promise<void> => {
      try {
        // A worker without a mail server leaves e-mail to those that have one.
        const due = await this.repos.notices.dueForDelivery({
          limit: 100,
          channels: this.channels.email ? ['email', 'webhook'] : ['webhook'],
        });
        await this.deliver(due);
      } catch (error) {
        console.warn(`notice sweep: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    this.sweepTimer = setInterval(() => this.track(tick()), intervalMs);
    this.sweepTimer.unref();
  }

  /** Stops the sweep and waits for sends in flight. */
  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await Promise.allSettled([...this.inFlight]);
    this.channels.close();
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
