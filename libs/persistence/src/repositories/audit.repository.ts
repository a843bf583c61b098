import type { RuleSetPin } from '@plancycle/contracts';
import { isUniqueViolation, type Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import type { AuditEventView } from '../views';

export interface NewAuditEvent {
  actorId: string;
  actorRole: string;
  action: string;
  planId?: string | null;
  cycleId?: string | null;
  assignmentId?: string | null;
  reportId?: string | null;
  ruleSet?: RuleSetPin | null;
  details?: unknown;
  at?: Date;
  dedupeKey?: string;
}

/** The audit trail: append-only; nothing here updates or deletes. */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async record(event: NewAuditEvent): Promise<void> {
    try {
      await this.db.auditEvent.create({
        data: {
          actorId: event.actorId,
          actorRole: event.actorRole,
          action: event.action,
          planId: event.planId ?? null,
          cycleId: event.cycleId ?? null,
          assignmentId: event.assignmentId ?? null,
          reportId: event.reportId ?? null,
          ruleSetId: event.ruleSet?.id ?? null,
          ruleSetVersion: event.ruleSet?.version ?? null,
          details: (event.details ?? {}) as Prisma.InputJsonValue,
          ...(event.at ? { at: event.at } : {}),
          ...(event.dedupeKey ? { dedupeKey: event.dedupeKey } : {}),
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async list(filter: { planId?: string; cycleId?: string; assignmentId?: string }): Promise<AuditEventView[]> {
    const rows = await this.db.auditEvent.findMany({
      where: {
        ...(filter.planId ? { planId: filter.planId } : {}),
        ...(filter.cycleId ? { cycleId: filter.cycleId } : {}),
        ...(filter.assignmentId ? { assignmentId: filter.assignmentId } : {}),
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorRole: r.actorRole,
      action: r.action,
      planId: r.planId,
      cycleId: r.cycleId,
      assignmentId: r.assignmentId,
      reportId: r.reportId,
      ruleSet: r.ruleSetId && r.ruleSetVersion ? { id: r.ruleSetId, version: r.ruleSetVersion } : null,
      details: r.details,
    }));
  }
}
