import { z } from 'zod';
import { pageQuerySchema } from '../paging/page';

/**
 * What a notice tells: a reminder before a due date, an overdue period, the escalation
 * ladder's 催办 / 督办 / 约谈, a returned report (with the reviewer's comment), an approved one.
 */
export const noticeEvents = ['reminder', 'overdue', 'urge', 'supervision', 'interview', 'returned', 'approved'] as const;
export type NoticeEvent = (typeof noticeEvents)[number];

/** How a notice travels: the console's list, e-mail, a unit's group-chat robot (钉钉 / 企业微信). */
export const noticeChannels = ['in_app', 'email', 'webhook'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

/**
 * pending: not yet delivered; sent: delivered once, never again; failed: retried with backoff;
 * digest: waits for its recipient's daily digest e-mail (coordinators), which sends it.
 */
export const noticeStates = ['pending', 'sent', 'failed', 'digest'] as const;
export type NoticeState = (typeof noticeStates)[number];

/**
 * Who the escalation rule set says is told (`event.params.recipient`): the unit's people,
 * the unit and its responsible leader (督办), the leader and the coordinators (约谈).
 */
export const noticeAudiences = ['unit', 'unit_and_leader', 'leader_and_task_force'] as const;
export type NoticeAudience = (typeof noticeAudiences)[number];

/** A notice in the caller's in-app list (`GET /me/notifications`). */
export interface NotificationView {
  id: string;
  event: NoticeEvent;
  cycleId: string;
  assignmentId: string | null;
  periodKey: string | null;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** A page of the caller's notifications with how many are unread in all. */
export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unread: number;
}

/** `?limit=&cursor=&unread=true` of `GET /me/notifications`. */
export const notificationQuerySchema = pageQuerySchema
  .extend({
    unread: z
      .enum(['true', 'false'], { error: 'expected true or false' })
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
export type NotificationQuery = z.infer<typeof notificationQuerySchema>;

/**
 * `POST /me/notifications/read-all`: marks the caller's unread notifications read, those made
 * up to `upTo` when given (the newest one the caller has seen, so one that arrived since stays unread).
 */
export const readAllNotificationsSchema = z
  .object({
    upTo: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant' }).optional(),
  })
  .strict();
export type ReadAllNotificationsRequest = z.infer<typeof readAllNotificationsSchema>;

/** `PUT /calendar/years/{year}`: an admin's holidays and 调休 working days of a year (ISO dates). */
export const holidayYearRequestSchema = z
  .object({
    holidays: z.array(z.string().max(10)).max(366),
    makeUpWorkdays: z.array(z.string().max(10)).max(366),
  })
  .strict();
export type HolidayYearRequest = z.infer<typeof holidayYearRequestSchema>;
