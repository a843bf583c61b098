import { escalationLevelSchema, type EscalationLevel, type RuleSetPin } from '@plancycle/contracts';
import { isUniqueViolation, type Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { parseStored } from '../stored-json';
import type { DecisionView, EscalationView } from '../views';

export interface NewDecision {
  cycleId: string;
  assignmentId?: string | null;
  indicatorId?: string | null;
  periodKey?: string | null;
  kind: 'attainment' | 'trajectory' | 'escalation';
  outcome: string;
  ruleSet: RuleSetPin;
  facts: unknown;
  conditions: unknown;
  /** Same key, same decision: a retried activity records it once. */
  dedupeKey: string;
}

/** Rule-engine decisions and the escalations (督办) they raise. */
export class DecisionRepository {
  constructor(private readonly db: Database) {}

  async saveDecision(decision: NewDecision): Promise<string> {
    const existing = await this.db.decision.findUnique({ where: { dedupeKey: decision.dedupeKey } });
    if (existing) return existing.id;
    try {
      const row = await this.db.decision.create({ data: toDecisionRow(decision) });
      return row.id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return (await this.db.decision.findUniqueOrThrow({ where: { dedupeKey: decision.dedupeKey } })).id;
    }
  }

  /** Bulk insert for the evaluation; rows already written by an earlier attempt are skipped. */
  async saveDecisions(decisions: NewDecision[]): Promise<Map<string, string>> {
    if (decisions.length > 0) {
      await this.db.decision.createMany({ data: decisions.map(toDecisionRow), skipDuplicates: true });
    }
    const rows = await this.db.decision.findMany({
      where: { dedupeKey: { in: decisions.map((d) => d.dedupeKey) } },
      select: { id: true, dedupeKey: true },
    });
    return new Map(rows.map((r) => [r.dedupeKey, r.id]));
  }

  /** Records an escalation once per assignment, period and level, with its audit event. */
  async raiseEscalation(params: {
    assignmentId: string;
    periodKey: string;
    level: EscalationLevel;
    recipient: string | null;
    reason: string;
    decisionId: string;
    ruleSet: RuleSetPin;
  }): Promise<void> {
    try {
      await this.db.$transaction(async (tx) => {
        const assignment = await tx.assignment.findUniqueOrThrow({ where: { id: params.assignmentId } });
        await tx.escalation.create({
          data: {
            assignmentId: params.assignmentId,
            periodKey: params.periodKey,
            level: params.level,
            recipient: params.recipient,
            reason: params.reason,
            decisionId: params.decisionId,
          },
        });
        await tx.auditEvent.create({
          data: {
            actorId: 'system:rules',
            actorRole: 'system',
            action: `escalation.${params.level}`,
            cycleId: assignment.cycleId,
            assignmentId: params.assignmentId,
            ruleSetId: params.ruleSet.id,
            ruleSetVersion: params.ruleSet.version,
            details: { periodKey: params.periodKey, recipient: params.recipient, reason: params.reason, decisionId: params.decisionId },
            dedupeKey: `escalation/${params.assignmentId}/${params.periodKey}/${params.level}`,
          },
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async listEscalations(params: { cycleId: string; unit?: string }): Promise<EscalationView[]> {
    const rows = await this.db.escalation.findMany({
      where: { assignment: { cycleId: params.cycleId, ...(params.unit ? { unit: { name: params.unit } } : {}) } },
      include: { assignment: { include: { unit: true, target: true } } },
      orderBy: { raisedAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id,
      assignmentId: r.assignmentId,
      unit: r.assignment.unit.name,
      targetText: r.assignment.target.text,
      periodKey: r.periodKey,
      level: parseStored({ schema: escalationLevelSchema, value: r.level, column: 'escalation.level' }),
      recipient: r.recipient,
      reason: r.reason,
      decisionId: r.decisionId,
      raisedAt: r.raisedAt.toISOString(),
    }));
  }

  async listDecisions(params: { cycleId: string; assignmentId?: string; kind?: string }): Promise<DecisionView[]> {
    const rows = await this.db.decision.findMany({
      where: {
        cycleId: params.cycleId,
        ...(params.assignmentId ? { assignmentId: params.assignmentId } : {}),
        ...(params.kind ? { kind: params.kind } : {}),
      },
      orderBy: { decidedAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id,
      cycleId: r.cycleId,
      assignmentId: r.assignmentId,
      indicatorId: r.indicatorId,
      periodKey: r.periodKey,
      kind: r.kind,
      outcome: r.outcome,
      ruleSetId: r.ruleSetId,
      ruleSetVersion: r.ruleSetVersion,
      facts: r.facts,
      conditions: r.conditions,
      decidedAt: r.decidedAt.toISOString(),
    }));
  }
}

function toDecisionRow(decision: NewDecision): Prisma.DecisionCreateManyInput {
  return {
    cycleId: decision.cycleId,
    assignmentId: decision.assignmentId ?? null,
    indicatorId: decision.indicatorId ?? null,
    periodKey: decision.periodKey ?? null,
    kind: decision.kind,
    outcome: decision.outcome,
    ruleSetId: decision.ruleSet.id,
    ruleSetVersion: decision.ruleSet.version,
    facts: decision.facts as Prisma.InputJsonValue,
    conditions: decision.conditions as Prisma.InputJsonValue,
    dedupeKey: decision.dedupeKey,
  };
}
