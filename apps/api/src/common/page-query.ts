import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { notificationQuerySchema, pageQuerySchema, roleSchema, unitStatusSchema } from '@plancycle/contracts';

/** `?limit=&cursor=` of a list (strict: an unknown query parameter is a 400 naming it). */
export class PageQuery extends createZodDto(pageQuerySchema) {}

const queryFlag = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');

/** The inbox's filters: `/me/assignments`. */
export const inboxQuerySchema = pageQuerySchema
  .extend({
    cycleId: z.uuid().optional(),
    phase: z.enum(['awaiting_acknowledgement', 'active', 'closed']).optional(),
    /** Only what falls due on or before this instant (ISO 8601). */
    dueBefore: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time, e.g. 2026-12-10T00:00:00+08:00' }).optional(),
    overdue: queryFlag.optional(),
    escalated: queryFlag.optional(),
    returned: queryFlag.optional(),
    /** Only assignments whose report waits for review (a coordinator's review queue, 审核). */
    awaitingReview: queryFlag.optional(),
  })
  .strict();
export class InboxQuery extends createZodDto(inboxQuerySchema) {}

/** A cycle's assignments: `/cycles/{cycleId}/assignments`, optionally one unit's. */
export const cycleAssignmentsQuerySchema = pageQuerySchema.extend({ unit: z.string().min(1).max(64).optional() }).strict();
export class CycleAssignmentsQuery extends createZodDto(cycleAssignmentsQuerySchema) {}

export const unitListQuerySchema = pageQuerySchema.extend({ status: unitStatusSchema.optional() }).strict();
export class UnitListQuery extends createZodDto(unitListQuerySchema) {}

export const peopleQuerySchema = pageQuerySchema
  .extend({ role: roleSchema.optional(), unit: z.string().min(1).max(64).optional(), status: z.enum(['active', 'disabled']).optional() })
  .strict();
export class PeopleQuery extends createZodDto(peopleQuerySchema) {}

export const changeQuerySchema = pageQuerySchema.extend({ entityId: z.string().min(1).max(64).optional() }).strict();
export class ChangeQuery extends createZodDto(changeQuerySchema) {}

/** The page arguments a repository takes, without undefined members. */
export function pageArgs(query: { limit: number; cursor?: string | undefined }): { limit: number; cursor?: string } {
  return query.cursor === undefined ? { limit: query.limit } : { limit: query.limit, cursor: query.cursor };
}

/** The caller's notifications: `/me/notifications`, optionally only unread ones. */
export class NotificationQuery extends createZodDto(notificationQuerySchema) {}
