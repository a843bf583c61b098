import { DomainError, systemActors, type NoticeEvent, type NotificationPage, type NotificationQuery } from '@plancycle/contracts';
import type { NoticePerson, NoticeSubjectMatter, PlannedNotice } from '@plancycle/domain';
import { appendToAuditChain } from '../audit/audit-trail';
import type { Database } from '../database';
import { cursorAfter, page } from '../paging';

/** A notice a sender holds: where it goes and what it says. */
export interface ClaimedNotice {
  id: string;
  cycleId: string;
  assignmentId: string | null;
  /** reminder | overdue | urge | supervision | interview | returned | approved */
  event: string;
  periodKey: string | null;
  channel: 'email' | 'webhook';
  address: string;
  subject: string;
  body: string;
  attempts: number;
}

/** Who may be told of an assignment's events, and what they are told about. */
export interface NoticeAudienceFacts {
  cycleId: string;
  about: Omit<NoticeSubjectMatter, 'periodKey' | 'deadlineAt' | 'comment' | 'reason'>;
  unit: { id: string; webhookUrl: string | null };
  people: NoticePerson[];
}

/** Notices (in-app, e-mail, webhook): made once per idempotency key, sent once, audited. */
export class NoticeRepository {
  constructor(private readonly db: Database) {}

  /**
   * The people who may hear of an assignment: its unit's active people, its leaders (the
   * unit's LeaderScope and the task's 责任领导) and the active coordinators.
   */
  async audienceOfOrThrow(assignmentId: string): Promise<NoticeAudienceFacts> {
    const row = await this.db.assignment.findUnique({
      where: { id: assignmentId },
      include: {
        unit: {
          include: {
            people: { where: { status: 'active' } },
            leaders: { include: { person: true } },
          },
        },
        target: { include: { task: { include: { leaderPerson: true } } } },
      },
    });
    if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `no assignment ${assignmentId}` });
    const coordinators = await this.db.person.findMany({ where: { role: 'coordinator', status: 'active' }, orderBy: { email: 'asc' } });
    const leaders = [
      ...row.unit.leaders.map((l) => l.person),
      ...(row.target.task?.leaderPerson ? [row.target.task.leaderPerson] : []),
    ].filter((p) => p.status === 'active');
    const people: NoticePerson[] = [
      ...row.unit.people
        .filter((p) => p.role === 'department')
        .map((p) => ({ id: p.id, email: p.email, as: 'unit' as const, emailNotices: p.emailNotices })),
      ...leaders.map((p) => ({ id: p.id, email: p.email, as: 'leader' as const, emailNotices: p.emailNotices })),
      ...coordinators.map((p) => ({ id: p.id, email: p.email, as: 'coordinator' as const, emailNotices: p.emailNotices })),
    ];
    return {
      cycleId: row.cycleId,
      about: {
        unit: row.unit.name,
        taskNumber: row.target.task?.number ?? null,
        taskTitle: row.target.task?.title ?? null,
        target: row.target.text,
      },
      unit: { id: row.unit.id, webhookUrl: row.unit.webhookUrl },
      people,
    };
  }

  /**
   * Creates the notices whose keys are new, with a `notice.queued` audit row each (recipient,
   * channel), in one transaction. In-app notices are delivered by being stored. Returns the
   * ids of the e-mail and webhook notices still to send (new or not yet sent); one that waits
   * for a digest (state digest) is sent by the digest.
   */
  async createNotices(params: {
    cycleId: string;
    assignmentId: string | null;
    periodKey: string | null;
    notices: PlannedNotice[];
  }): Promise<string[]> {
    if (params.notices.length === 0) return [];
    return this.db.$transaction(async (tx) => {
      const keys = params.notices.map((n) => n.idempotencyKey);
      const existing = new Set(
        (await tx.notice.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } })).map(
          (r) => r.idempotencyKey,
        ),
      );
      const fresh = params.notices.filter((n) => !existing.has(n.idempotencyKey));
      const now = new Date();
      await tx.notice.createMany({
        data: fresh.map((n) => ({
          idempotencyKey: n.idempotencyKey,
          event: n.event,
          cycleId: params.cycleId,
          assignmentId: params.assignmentId,
          periodKey: params.periodKey,
          recipientPersonId: n.recipientPersonId,
          recipientUnitId: n.recipientUnitId,
          address: n.address,
          channel: n.channel,
          state: n.channel === 'in_app' ? ('sent' as const) : n.digest ? ('digest' as const) : ('pending' as const),
          sentAt: n.channel === 'in_app' ? now : null,
          subject: n.subject,
          body: n.body,
        })),
        skipDuplicates: true,
      });
      await appendToAuditChain(tx, {
        cycleId: params.cycleId,
        events: fresh.map((n) => ({
          actor: systemActors.notices,
          action: 'notice.queued' as const,
          assignmentId: params.assignmentId,
          details: {
            event: n.event,
            channel: n.channel,
            periodKey: params.periodKey,
            recipient: n.recipientPersonId ? { personId: n.recipientPersonId } : { unitId: n.recipientUnitId },
            address: n.address,
          },
          dedupeKey: `notice/${n.idempotencyKey}`,
        })),
      });
      const unsent = await tx.notice.findMany({
        where: { idempotencyKey: { in: keys }, channel: { in: ['email', 'webhook'] }, state: { in: ['pending', 'failed'] } },
        select: { id: true },
      });
      return unsent.map((r) => r.id);
    });
  }

  /**
   * Takes a notice to send for `leaseMs`, unless it is sent or another sender holds it:
   * of two senders (a retried activity, the retry sweep) only one sends.
   */
  async claim(id: string, leaseMs: number, now = new Date()): Promise<ClaimedNotice | null> {
    const taken = await this.db.notice.updateMany({
      where: { id, state: { in: ['pending', 'failed'] }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimedUntil: new Date(now.getTime() + leaseMs) },
    });
    if (taken.count === 0) return null;
    const row = await this.db.notice.findUniqueOrThrow({ where: { id } });
    if ((row.channel !== 'email' && row.channel !== 'webhook') || !row.address) return null;
    return {
      id: row.id,
      cycleId: row.cycleId,
      assignmentId: row.assignmentId,
      event: row.event,
      periodKey: row.periodKey,
      channel: row.channel,
      address: row.address,
      subject: row.subject,
      body: row.body,
      attempts: row.attempts,
    };
  }

  async markSent(notice: ClaimedNotice): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.notice.update({
        where: { id: notice.id },
        data: { state: 'sent', sentAt: new Date(), attempts: { increment: 1 }, lastError: null, nextAttemptAt: null, claimedUntil: null },
      });
      await appendToAuditChain(tx, {
        cycleId: notice.cycleId,
        events: [
          {
            actor: systemActors.notices,
            action: 'notice.sent',
            assignmentId: notice.assignmentId,
            details: { noticeId: notice.id, channel: notice.channel, address: notice.address, attempt: notice.attempts + 1 },
            dedupeKey: `notice-sent/${notice.id}`,
          },
        ],
      });
    });
  }

  async markFailed(notice: ClaimedNotice, params: { error: string; nextAttemptAt: Date }): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.notice.update({
        where: { id: notice.id },
        data: {
          state: 'failed',
          attempts: { increment: 1 },
          lastError: params.error.slice(0, 2000),
          nextAttemptAt: params.nextAttemptAt,
          claimedUntil: null,
        },
      });
      await appendToAuditChain(tx, {
        cycleId: notice.cycleId,
        events: [
          {
            actor: systemActors.notices,
            action: 'notice.failed',
            assignmentId: notice.assignmentId,
            details: {
              noticeId: notice.id,
              channel: notice.channel,
              address: notice.address,
              attempt: notice.attempts + 1,
              error: params.error.slice(0, 500),
              nextAttemptAt: params.nextAttemptAt.toISOString(),
            },
            dedupeKey: `notice-failed/${notice.id}/${notice.attempts + 1}`,
          },
        ],
      });
    });
  }

  /** E-mail and webhook notices not sent whose next try is due and that nobody holds. */
  async dueForDelivery(params: { now?: Date; limit: number; channels: ('email' | 'webhook')[] }): Promise<string[]> {
    const now = params.now ?? new Date();
    const rows = await this.db.notice.findMany({
      where: {
        channel: { in: params.channels },
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

  /** The caller's in-app notices, newest first, with how many are unread. */
  async listForPerson(personId: string, query: NotificationQuery): Promise<NotificationPage> {
    const after = cursorAfter(query.cursor);
    const where = { recipientPersonId: personId, channel: 'in_app' as const, ...(query.unread ? { readAt: null } : {}) };
    const [at, id] = after ?? [];
    const rows = await this.db.notice.findMany({
      where: {
        ...where,
        ...(typeof at === 'string' && typeof id === 'string'
          ? { OR: [{ createdAt: { lt: new Date(at) } }, { createdAt: new Date(at), id: { lt: id } }] }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const unread = await this.db.notice.count({ where: { recipientPersonId: personId, channel: 'in_app', readAt: null } });
    const paged = page(rows, query.limit, (last) => [last.createdAt.toISOString(), last.id]);
    return {
      items: paged.items.map((r) => ({
        id: r.id,
        event: r.event as NoticeEvent,
        cycleId: r.cycleId,
        assignmentId: r.assignmentId,
        periodKey: r.periodKey,
        subject: r.subject,
        body: r.body,
        createdAt: r.createdAt.toISOString(),
        readAt: r.readAt?.toISOString() ?? null,
      })),
      nextCursor: paged.nextCursor,
      unread,
    };
  }

  /** Marks one of the caller's in-app notices read; someone else's is not found. */
  async markReadOrThrow(personId: string, id: string): Promise<{ id: string; readAt: string }> {
    const row = await this.db.notice.findFirst({ where: { id, recipientPersonId: personId, channel: 'in_app' } });
    if (!row) throw new DomainError({ code: 'NOT_FOUND', message: `no notification ${id}` });
    const readAt = row.readAt ?? new Date();
    if (!row.readAt) await this.db.notice.update({ where: { id }, data: { readAt } });
    return { id, readAt: readAt.toISOString() };
  }

  /** Marks the caller's unread in-app notices read (those made up to `upTo`, when given); answers how many. */
  async markAllRead(personId: string, params: { upTo?: Date | undefined } = {}): Promise<{ marked: number; readAt: string }> {
    const readAt = new Date();
    const marked = await this.db.notice.updateMany({
      where: {
        recipientPersonId: personId,
        channel: 'in_app',
        readAt: null,
        ...(params.upTo ? { createdAt: { lte: params.upTo } } : {}),
      },
      data: { readAt },
    });
    return { marked: marked.count, readAt: readAt.toISOString() };
  }

  /** Every notice of an assignment (tests, the auditor). */
  async listForAssignment(assignmentId: string) {
    return this.db.notice.findMany({ where: { assignmentId }, orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }] });
  }
}
