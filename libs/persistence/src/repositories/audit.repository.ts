import type { AuditChainVerification, Page } from '@plancycle/contracts';
import { verifyAuditChain, type ChainedRow } from '../audit/audit-chain';
import { workflowSourceOf } from '../audit/workflow-source';
import type { AuditEvent } from '../generated/prisma/client';
import type { Database } from '../database';
import { cursorAfter, encodeCursor, offsetAfter, page } from '../paging';
import type { AuditEventView } from '../views';

/**
 * Reads the audit trail and checks its hash chain. Rows are written only by the
 * repository method that makes the change they record (`appendToAuditChain`, in the
 * same transaction); nothing here updates or deletes.
 */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  /** Audit events in the order they happened, a page at a time. */
  async list(filter: {
    planId?: string;
    cycleId?: string;
    assignmentId?: string;
    limit: number;
    cursor?: string;
  }): Promise<Page<AuditEventView>> {
    const after = cursorAfter(filter.cursor);
    const rows = await this.db.auditEvent.findMany({
      where: {
        ...(filter.planId ? { planId: filter.planId } : {}),
        ...(filter.cycleId ? { cycleId: filter.cycleId } : {}),
        ...(filter.assignmentId ? { assignmentId: filter.assignmentId } : {}),
        ...(after
          ? { OR: [{ at: { gt: new Date(String(after[0])) } }, { at: new Date(String(after[0])), id: { gt: String(after[1]) } }] }
          : {}),
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: filter.limit + 1,
    });
    const views = rows.map(toAuditEventView);
    return page(views, filter.limit, (v) => [v.at, v.id]);
  }

  /**
   * A window of a cycle's audit chain: the audit events and decisions at chain positions
   * after `cursor`, `limit` positions at a time (the chain orders both in one line). Rows
   * from before the chain existed come with the first window.
   */
  async chainWindow(params: { cycleId: string; limit: number; cursor?: string }): Promise<{
    auditEvents: AuditEventView[];
    decisionIds: { id: string; chainSeq: number | null }[];
    nextCursor: string | null;
  }> {
    const offset = offsetAfter(params.cursor);
    const window = { gt: offset, lte: offset + params.limit };
    const first = offset === 0;
    const [head, events, decisions] = await Promise.all([
      this.db.auditChain.findUnique({ where: { cycleId: params.cycleId } }),
      this.db.auditEvent.findMany({
        where: { cycleId: params.cycleId, OR: [{ chainSeq: window }, ...(first ? [{ chainSeq: null }] : [])] },
        orderBy: [{ chainSeq: { sort: 'asc', nulls: 'first' } }, { at: 'asc' }],
      }),
      this.db.decision.findMany({
        where: { cycleId: params.cycleId, OR: [{ chainSeq: window }, ...(first ? [{ chainSeq: null }] : [])] },
        select: { id: true, chainSeq: true },
        orderBy: [{ chainSeq: { sort: 'asc', nulls: 'first' } }, { decidedAt: 'asc' }],
      }),
    ]);
    return {
      auditEvents: events.map(toAuditEventView),
      decisionIds: decisions,
      nextCursor: head && head.length > offset + params.limit ? encodeCursor([offset + params.limit]) : null,
    };
  }

  /** Recomputes every hash of the cycle's chain and reports the first row that does not hold. */
  async verifyCycleChain(cycleId: string): Promise<AuditChainVerification> {
    // One snapshot: a head read after rows appended meanwhile would look like lost rows.
    const [head, events, decisions, unchainedEvents, unchainedDecisions] = await this.db.$transaction(
      [
        this.db.auditChain.findUnique({ where: { cycleId } }),
        this.db.auditEvent.findMany({ where: { cycleId, chainSeq: { not: null } } }),
        this.db.decision.findMany({ where: { cycleId, chainSeq: { not: null } } }),
        this.db.auditEvent.count({ where: { cycleId, chainSeq: null } }),
        this.db.decision.count({ where: { cycleId, chainSeq: null } }),
      ],
      { isolationLevel: 'RepeatableRead' },
    );
    const rows: ChainedRow[] = [
      ...events.map(
        (r): ChainedRow => ({
          table: 'AuditEvent',
          hash: r.hash ?? '',
          content: {
            id: r.id,
            cycleId,
            chainSeq: r.chainSeq ?? 0,
            prevHash: r.prevHash ?? '',
            at: r.at,
            actorId: r.actorId,
            actorRole: r.actorRole,
            actorName: r.actorName ?? undefined,
            actorUnit: r.actorUnit ?? undefined,
            actorTokenId: r.actorTokenId ?? undefined,
            action: r.action,
            planId: r.planId,
            assignmentId: r.assignmentId,
            reportId: r.reportId,
            ruleSetId: r.ruleSetId,
            ruleSetVersion: r.ruleSetVersion,
            details: r.details,
            dedupeKey: r.dedupeKey,
          },
        }),
      ),
      ...decisions.map(
        (r): ChainedRow => ({
          table: 'Decision',
          hash: r.hash ?? '',
          content: {
            id: r.id,
            cycleId,
            chainSeq: r.chainSeq ?? 0,
            prevHash: r.prevHash ?? '',
            decidedAt: r.decidedAt,
            assignmentId: r.assignmentId,
            indicatorId: r.indicatorId,
            periodKey: r.periodKey,
            kind: r.kind,
            outcome: r.outcome,
            ruleSetId: r.ruleSetId,
            ruleSetVersion: r.ruleSetVersion,
            facts: r.facts,
            conditions: r.conditions,
            dedupeKey: r.dedupeKey,
          },
        }),
      ),
    ];
    return verifyAuditChain({
      cycleId,
      head: head ? { length: head.length, headHash: head.headHash } : null,
      rows,
      unchained: unchainedEvents + unchainedDecisions,
    });
  }
}

function toAuditEventView(r: AuditEvent): AuditEventView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorRole: r.actorRole,
    actorName: r.actorName,
    actorUnit: r.actorUnit,
    actorTokenId: r.actorTokenId,
    action: r.action,
    planId: r.planId,
    cycleId: r.cycleId,
    assignmentId: r.assignmentId,
    reportId: r.reportId,
    ruleSet: r.ruleSetId && r.ruleSetVersion ? { id: r.ruleSetId, version: r.ruleSetVersion } : null,
    details: r.details,
    workflowSource: workflowSourceOf(r),
  };
}
