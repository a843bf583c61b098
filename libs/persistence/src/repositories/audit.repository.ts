import type { AuditChainVerification } from '@plancycle/contracts';
import { verifyAuditChain, type ChainedRow } from '../audit/audit-chain';
import type { Database } from '../database';
import type { AuditEventView } from '../views';

/**
 * Reads the audit trail and checks its hash chain. Rows are written only by the
 * repository method that makes the change they record (`appendToAuditChain`, in the
 * same transaction); nothing here updates or deletes.
 */
export class AuditRepository {
  constructor(private readonly db: Database) {}

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
