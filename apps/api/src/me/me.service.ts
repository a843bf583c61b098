import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  type Actor,
  type NotificationPreferences,
  type NotificationPreferencesRequest,
  type NotificationQuery,
  type ReadAllNotificationsRequest,
} from '@plancycle/contracts';
import { inboxLight } from '@plancycle/domain';
import type { Repositories } from '@plancycle/persistence';
import { assignmentScopeOf } from '../auth/assignment-scope';
import { auditActor } from '../common/actor-ref';
import { pageArgs } from '../common/page-query';
import { REPOSITORIES } from '../common/tokens';
import { withExplanations } from '../common/decision-explanations';
import { statusOnTheWire, withInstantsWritten } from '../common/wire-instants';

/** Where each signed-in person starts: who they are and their own work. */
@Injectable()
export class MeService {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  me(actor: Actor) {
    return {
      id: actor.id,
      kind: actor.kind,
      name: actor.displayName,
      role: actor.role,
      unit: actor.unit,
      tokenId: actor.tokenId,
      leaderOf: actor.leaderUnits,
      /** What the role may do, for clients that show or hide controls. */
      can: {
        report: actor.role === 'department',
        review: actor.role === 'coordinator',
        publish: actor.role === 'coordinator',
        manageDirectory: actor.role === 'admin',
        readEverything: actor.role === 'auditor' || actor.role === 'coordinator',
      },
    };
  }

  /**
   * The inbox (待办): the caller's assignments across every cycle, nearest deadline first,
   * each with its traffic light (红 overdue or escalated, 黄 due within a week or returned, 绿).
   */
  async assignments(
    actor: Actor,
    query: {
      limit: number;
      cursor?: string | undefined;
      cycleId?: string | undefined;
      phase?: string | undefined;
      dueBefore?: string | undefined;
      overdue?: boolean | undefined;
      escalated?: boolean | undefined;
      returned?: boolean | undefined;
      awaitingReview?: boolean | undefined;
    },
  ) {
    const page = await this.repos.assignments.listInbox({
      scope: assignmentScopeOf(actor),
      cycleId: query.cycleId,
      phase: query.phase,
      dueBefore: query.dueBefore === undefined ? undefined : new Date(query.dueBefore),
      overdue: query.overdue,
      escalated: query.escalated,
      returned: query.returned,
      awaitingReview: query.awaitingReview,
      ...pageArgs(query),
    });
    const now = Date.now();
    return withInstantsWritten({
      nextCursor: page.nextCursor,
      // The new key comes before the spread: a spread followed by new keys is copied on V8's
      // slow path (see listInbox).
      items: page.items.map((item) => ({
        light: inboxLight(
          {
            nextDeadlineAt: item.nextDeadlineAt === null ? null : Date.parse(item.nextDeadlineAt),
            overdue: item.overdue,
            returned: item.returned,
            escalated: item.escalationLevel !== null,
          },
          now,
        ),
        ...item,
        status: statusOnTheWire(item.status),
      })),
    });
  }

  /** Escalations raised on the caller's work: a unit's own, a leader's units and tasks. */
  async escalations(actor: Actor, query: { limit: number; cursor?: string | undefined }) {
    return withExplanations(
      this.repos,
      await this.repos.decisions.listEscalations({ scope: assignmentScopeOf(actor), ...pageArgs(query) }),
    );
  }

  /** The caller's in-app notices; a service token is told nothing. */
  notifications(actor: Actor, query: NotificationQuery) {
    if (actor.kind !== 'person') return Promise.resolve({ items: [], nextCursor: null, unread: 0 });
    return this.repos.notices.listForPerson(actor.id, query);
  }

  readNotification(actor: Actor, notificationId: string) {
    if (actor.kind !== 'person') throw new DomainError({ code: 'NOT_FOUND', message: `no notification ${notificationId}` });
    return this.repos.notices.markReadOrThrow(actor.id, notificationId);
  }

  /** Marks all the caller's notifications read; a service token has none (nothing marked). */
  async readAllNotifications(actor: Actor, body: ReadAllNotificationsRequest) {
    if (actor.kind !== 'person') return { marked: 0, readAt: new Date().toISOString() };
    return this.repos.notices.markAllRead(actor.id, { upTo: body.upTo === undefined ? undefined : new Date(body.upTo) });
  }

  /** The caller's channels; a service token has no person, so none (403). */
  async notificationPreferences(actor: Actor): Promise<NotificationPreferences> {
    return (await this.repos.directory.findPersonOrThrow(personIdOrThrow(actor))).notifications;
  }

  /** Sets the caller's own channels (logged in the directory's change log as their change). */
  async setNotificationPreferences(actor: Actor, body: NotificationPreferencesRequest): Promise<NotificationPreferences> {
    return (await this.repos.directory.updatePerson(auditActor(actor), personIdOrThrow(actor), { notifications: body })).notifications;
  }
}

/** Preferences belong to people: a service token is refused rather than told of a person it is not. */
function personIdOrThrow(actor: Actor): string {
  if (actor.kind !== 'person') {
    throw new DomainError({ code: 'FORBIDDEN', message: 'a service token has no person and no notification preferences' });
  }
  return actor.id;
}
