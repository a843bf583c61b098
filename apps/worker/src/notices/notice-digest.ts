import { digestKey, digestText, digestWindowStart, noticeRetryDelayMs, type DigestSchedule } from '@plancycle/domain';
import type { Repositories } from '@plancycle/persistence';
import type { NoticeChannels } from './notice-channels';

/** How long a sender holds a digest it is sending (longer than a send can take). */
const CLAIM_MS = 60_000;

/**
 * Coordinators' digest e-mails. Each tick makes the digest of the current window (daily at
 * 08:30 Beijing time, or every N seconds) for each coordinator with notices waiting from before
 * the window's start, then sends the digests that are due. PostgreSQL keeps it safe across
 * workers and restarts: a digest is made once per (coordinator, window) under a unique key, a
 * notice joins one digest only, a sender claims a digest before sending, and a failed one is
 * tried again with the notices' backoff.
 */
export class NoticeDigests {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly repos: Repositories,
    private readonly channels: NoticeChannels,
    private readonly schedule: DigestSchedule,
    private readonly backoff = { baseMs: 30_000, maxMs: 3_600_000 },
  ) {}

  /** Makes this window's digests and sends those due; returns how many were sent. */
  async tick(now = Date.now()): Promise<number> {
    const send = this.channels.email;
    // A worker without a mail server leaves digests to those that have one.
    if (!send) return 0;
    const windowStart = digestWindowStart(now, this.schedule);
    for (const candidate of await this.repos.noticeDigests.candidates({ upTo: new Date(windowStart), limit: 1000 })) {
      const { subject, body } = digestText({ recipientName: candidate.recipientName, windowStart, items: candidate.notices });
      await this.repos.noticeDigests.create({
        idempotencyKey: digestKey(candidate.recipientPersonId, windowStart),
        recipientPersonId: candidate.recipientPersonId,
        address: candidate.address,
        windowStart: new Date(windowStart),
        noticeIds: candidate.notices.map((n) => n.id),
        subject,
        body,
      });
    }
    let sent = 0;
    for (const id of await this.repos.noticeDigests.due({ now: new Date(now), limit: 100 })) {
      const digest = await this.repos.noticeDigests.claim(id, CLAIM_MS);
      if (!digest) continue;
      try {
        await send({ to: digest.address, subject: digest.subject, body: digest.body });
      } catch (error) {
        await this.repos.noticeDigests.markFailed(digest, {
          error: error instanceof Error ? error.message : String(error),
          nextAttemptAt: new Date(Date.now() + noticeRetryDelayMs(digest.attempts + 1, this.backoff)),
        });
        continue;
      }
      await this.repos.noticeDigests.markSent(digest);
      sent += 1;
    }
    return sent;
  }

  /** Ticks every `intervalMs` (one tick at a time) until stopped. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => console.warn(`notice digest: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.running = null));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
