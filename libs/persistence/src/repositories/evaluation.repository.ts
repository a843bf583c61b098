import { evaluationResultSchema, type AuditActor, type EvaluationResult, type RuleSetPin } from '@plancycle/contracts';
import { appendToAuditChain } from '../audit/audit-trail';
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { parseStored } from '../stored-json';
import type { EvaluationView } from '../views';

export class EvaluationRepository {
  constructor(private readonly db: Database) {}

  async start(params: { cycleId: string; total: number }): Promise<string> {
    const row = await this.db.evaluation.upsert({
      where: { cycleId: params.cycleId },
      create: { cycleId: params.cycleId, status: 'running', progressTotal: params.total },
      update: { status: 'running', progressTotal: params.total, progressDone: 0, completedAt: null },
    });
    return row.id;
  }

  async progress(params: { cycleId: string; done: number }): Promise<void> {
    await this.db.evaluation.update({ where: { cycleId: params.cycleId }, data: { progressDone: params.done } });
  }

  /** Stores the result and records who completed the evaluation under which rule set, in one transaction. */
  async complete(params: {
    cycleId: string;
    result: EvaluationResult;
    summaryText: string;
    actor: AuditActor;
    ruleSet: RuleSetPin;
    /** What the audit row shows of the result. */
    totals: unknown;
  }): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const row = await tx.evaluation.update({
        where: { cycleId: params.cycleId },
        data: {
          status: 'completed',
          result: params.result as Prisma.InputJsonValue,
          summaryText: params.summaryText,
          completedAt: new Date(),
        },
        include: { cycle: { select: { planId: true } } },
      });
      await appendToAuditChain(tx, {
        cycleId: params.cycleId,
        events: [
          {
            actor: params.actor,
            action: 'evaluation.completed',
            planId: row.cycle.planId,
            ruleSet: params.ruleSet,
            details: { evaluationId: row.id, totals: params.totals },
            dedupeKey: `evaluation/${params.cycleId}`,
          },
        ],
      });
    });
  }

  async find(cycleId: string): Promise<EvaluationView | null> {
    const row = await this.db.evaluation.findUnique({ where: { cycleId } });
    if (!row) return null;
    return {
      id: row.id,
      cycleId: row.cycleId,
      status: row.status as EvaluationView['status'],
      progress: { done: row.progressDone, total: row.progressTotal },
      result: parseStored({
        schema: evaluationResultSchema.nullable(),
        value: row.result,
        column: 'evaluation.result',
      }),
      summaryText: row.summaryText,
      startedAt: row.startedAt.toISOString(),
      completedAt: row.completedAt?.toISOString() ?? null,
    };
  }
}
