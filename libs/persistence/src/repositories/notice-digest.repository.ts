import { systemActors } from '@plancycle/contracts';
import type { DigestItem } from '@plancycle/domain';
import { appendToAuditChain } from '../audit/audit-trail';
import { isUniqueViolation, type Database } from '../database';

/** A coordinator's notices waiting for a digest, with what each is about. */
export interface DigestCandidate {
  recipientPersonId: string;
  recipientName: string;
  address: string;
  notices: (DigestItem & { id: string })[];
}

/** A digest a sender holds. */
export interface ClaimedDigest {
  id: string;
  recipientPersonId: string;
  address: string;
  windowStart: Date;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Coordinators' digest e-mails: the notices waiting for one (state digest), the digest of a
 * (recipient, window) made once under its idempotency key, claimed by one sender at a time,
 * sent once, audited in each cycle whose notices it carries.
 */
export class NoticeDigestRepository {
  constructor(private readonly db: Database) {}

  /** Notices waiting for a digest, made up to `upTo` and carried by none yet, by recipient. */
  async candidates(params: { upTo: Date; limit: number }): Promise<DigestCandidate[]> {
    const rows = await this.db.notice.findMany({
      where: { state: 'digest', digestId: null, createdAt: { lte: params.upTo }, recipientPersonId: { not: null } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: params.limit,
      include: { recipientPerson: true },
    });
    const assignmentIds = [...new Set(rows.flatMap((r) => (r.assignmentId ? [r.assignmentId] : [])))];
    const assignments = new Map(
      (
        await this.db.assignment.findMany({
          where: { id: { in: assignmentIds } },
          include: { unit: true, target: { include: { task: true } } },
        })
      ).map((a) => [a.id, a]),
    );
    const byPerson = new Map<string, DigestCandidate>();
    for (const row of rows) {
      const person = row.recipientPerson;
      if (!person) continue;
      const assignment = row.assignmentId ? assignments.get(row.assignmentId) : undefined;
      let candidate = byPerson.get(person.id);
      if (!candidate) {
        candidate = { recipientPersonId: person.id, recipientName: person.name, address: person.email, notices: [] };
        byPerson.set(person.id, candidate);
      }
      candidate.notices.push({
        id: row.id,
        event: row.event as DigestItem['event'],
        unit: assignment?.unit.name ?? '—',
        taskNumber: assignment?.target.task?.number ?? null,
        taskTitle: assignment?.target.task?.title ?? null,
        target: assignment?.target.text ?? row.subject,
        periodKey: row.periodKey,
        createdAt: row.createdAt.getTime(),
      });
    }
    return [...byPerson.values()];
  }

  /**
   * Makes the digest of a (recipient, window) carrying the notices no other digest carries;
   * null when that digest exists already (another worker, or this one before a restart).
   */
  async create(params: {
    idempotencyKey: string;
    recipientPersonId: string;
    address: string;
    windowStart: Date;
    noticeIds: string[];
    subject: string;
    body: string;
  }): Promise<string | null> {
    try {
      return await this.db.$transaction(async (tx) => {
        if (await tx.noticeDigest.findUnique({ where: { idempotencyKey: params.idempotencyKey }, select: { id: true } })) return null;
        const digest = await tx.noticeDigest.create({
          data: {
            idempotencyKey: params.idempotencyKey,
            recipientPersonId: params.recipientPersonId,
            address: params.address,
            windowStart: params.windowStart,
            subject: params.subject,
            body: params.body,
          },
        });
        const attached = await tx.notice.updateMany({
          where: { id: { in: params.noticeIds }, state: 'digest', digestId: null },
          data: { digestId: digest.id },
        });
        // Another digest took them meanwhile: this one would list what it does not carry.
        if (attached.count !== params.noticeIds.length) throw new DigestRaceError();
        return digest.id;
      });
    } catch (error) {
      if (error instanceof DigestRaceError || isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** Digests not sent whose next try is due and that nobody holds. */
  async due(params: { now?: Date; limit: number }): Promise<string[]> {
    const now = params.now ?? new Date();
    const rows = await this.db.noticeDigest.findMany({
      where: {
        state: { in: ['pending', 'failed'] },
        AND: [
          { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
          { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
        ],
      },
      orderBy: { createdAt: 'asc' },
      take: params.limit,
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** Takes a digest to send for `leaseMs`, unless it is sent or another sender holds it. */
  async claim(id: string, leaseMs: number, now = new Date()): Promise<ClaimedDigest | null> {
    const taken = await this.db.noticeDigest.updateMany({
      where: { id, state: { in: ['pending', 'failed'] }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimedUntil: new Date(now.getTime() + leaseMs) },
    });
    if (taken.count === 0) return null;
    const row = await this.db.noticeDigest.findUniqueOrThrow({ where: { id } });
    return {
      id: row.id,
      recipientPersonId: row.recipientPersonId,
      address: row.address,
      windowStart: row.windowStart,
      subject: row.subject,
      body: row.body,
      attempts: row.attempts,
    };
  }

  /** The digest and the notices it carries are sent; each cycle's trail records it (recipient, channel). */
  async markSent(digest: ClaimedDigest): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const sentAt = new Date();
      await tx.noticeDigest.update({
        where: { id: digest.id },
        data: { state: 'sent', sentAt, attempts: { increment: 1 }, lastError: null, nextAttemptAt: null, claimedUntil: null },
      });
      const notices = await tx.notice.findMany({ where: { digestId: digest.id }, orderBy: { createdAt: 'asc' } });
      await tx.notice.updateMany({ where: { digestId: digest.id }, data: { state: 'sent', sentAt, attempts: { increment: 1 } } });
      for (const cycleId of [...new Set(notices.map((n) => n.cycleId))]) {
        const ofCycle = notices.filter((n) => n.cycleId === cycleId);
        await appendToAuditChain(tx, {
          cycleId,
          events: [
            {
              actor: systemActors.notices,
              action: 'notice.digest_sent',
              assignmentId: null,
              details: {
                digestId: digest.id,
                recipient: { personId: digest.recipientPersonId },
                channel: 'email',
                address: digest.address,
                windowStart: digest.windowStart.toISOString(),
                notices: ofCycle.length,
                attempt: digest.attempts + 1,
              },
              dedupeKey: `notice-digest-sent/${digest.id}/${cycleId}`,
            },
            ...ofCycle.map((n) => ({
              actor: systemActors.notices,
              action: 'notice.sent' as const,
              assignmentId: n.assignmentId,
              details: { noticeId: n.id, channel: 'email', address: digest.address, digestId: digest.id, attempt: digest.attempts + 1 },
              dedupeKey: `notice-sent/${n.id}`,
            })),
          ],
        });
      }
    });
  }

  /** The send failed: tried again after `nextAttemptAt` (the same digest, the same notices). */
  async markFailed(digest: ClaimedDigest, params: { error: string; nextAttemptAt: Date }): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.noticeDigest.update({
        where: { id: digest.id },
        data: {
          state: 'failed',
          attempts: { increment: 1 },
          lastError: params.error.slice(0, 2000),
          nextAttemptAt: params.nextAttemptAt,
          claimedUntil: null,
        },
      });
      const cycles = await tx.notice.findMany({ where: { digestId: digest.id }, distinct: ['cycleId'], select: { cycleId: true } });
      for (const { cycleId } of cycles) {
        await appendToAuditChain(tx, {
          cycleId,
          events: [
            {
              actor: systemActors.notices,
              action: 'notice.failed',
              assignmentId: null,
              details: {
                digestId: digest.id,
                recipient: { personId: digest.recipientPersonId },
                channel: 'email',
                address: digest.address,
                attempt: digest.attempts + 1,
                error: params.error.slice(0, 500),
                nextAttemptAt: params.nextAttemptAt.toISOString(),
              },
              dedupeKey: `notice-digest-failed/${digest.id}/${cycleId}/${digest.attempts + 1}`,
            },
          ],
        });
      }
    });
  }

  /** A recipient's digests, newest first (tests, the auditor). */
  async listForPerson(personId: string) {
    return this.db.noticeDigest.findMany({
      where: { recipientPersonId: personId },
      orderBy: { createdAt: 'desc' },
      include: { notices: true },
    });
  }
}

class DigestRaceError extends Error {}
