import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditActor, RuleSetPin } from '@plancycle/contracts';
import type { Prisma } from '../generated/prisma/client';
import { currentWorkflowSource } from './workflow-source';
import { asStoredJson, auditEventHash, decisionHash, genesisHash, type AuditEventContent, type DecisionContent } from './audit-chain';

type Tx = Prisma.TransactionClient;

/** An audit row as the repository that made the change describes it. */
export interface NewAuditEvent {
  actor: AuditActor;
  action: AuditAction;
  planId?: string | null;
  assignmentId?: string | null;
  reportId?: string | null;
  ruleSet?: RuleSetPin | null;
  details?: unknown;
  at?: Date;
  /** Same key, same event: a retried write records it once. */
  dedupeKey?: string;
}

export interface NewDecision {
  cycleId: string;
  assignmentId?: string | null;
  indicatorId?: string | null;
  periodKey?: string | null;
  kind: 'attainment' | 'trajectory' | 'escalation' | 'scoring';
  outcome: string;
  ruleSet: RuleSetPin;
  facts: unknown;
  conditions: unknown;
  /** Same key, same decision: a retried activity records it once. */
  dedupeKey: string;
}

/**
 * Appends audit events and decisions to a cycle's hash chain, inside the caller's
 * transaction (the one that makes the change they record). The cycle's chain head row is
 * locked (an upsert, which holds the row lock to the end of the transaction), so appends
 * to one cycle from any number of workers take turns and the chain stays one line; other
 * cycles are not held up. The lock is held to the commit: callers append last, after
 * their other writes. Rows whose dedupe key is already stored are
 * skipped. Returns the id of each decision by its dedupe key, new or not.
 */
export async function appendToAuditChain(
  tx: Tx,
  params: { cycleId: string; events?: NewAuditEvent[]; decisions?: NewDecision[] },
): Promise<Map<string, string>> {
  const events = params.events ?? [];
  const decisions = params.decisions ?? [];
  const decisionIds = new Map<string, string>();
  if (events.length === 0 && decisions.length === 0) return decisionIds;

  // What is already stored is looked up before the lock, so that the cycle's appends wait
  // on each other only for the inserts (a duplicate racing past it fails on the key's
  // unique index and its retry finds it stored).
  const eventKeys = events.flatMap((e) => (e.dedupeKey ? [e.dedupeKey] : []));
  const storedEventKeys = new Set(
    eventKeys.length === 0
      ? []
      : (await tx.auditEvent.findMany({ where: { dedupeKey: { in: eventKeys } }, select: { dedupeKey: true } })).map((r) => r.dedupeKey),
  );
  if (decisions.length > 0) {
    const stored = await tx.decision.findMany({
      where: { dedupeKey: { in: decisions.map((d) => d.dedupeKey) } },
      select: { id: true, dedupeKey: true },
    });
    for (const row of stored) decisionIds.set(row.dedupeKey, row.id);
  }

  const head = await lockChainHead(tx, params.cycleId);
  let { length, headHash } = head;
  const now = new Date();
  const source = currentWorkflowSource();
  const pointer = source ? { workflowId: source.workflowId, workflowRunId: source.workflowRunId, activityId: source.activityId } : {};
  const eventRows: Prisma.AuditEventCreateManyInput[] = [];
  for (const event of events) {
    if (event.dedupeKey && storedEventKeys.has(event.dedupeKey)) continue;
    if (event.dedupeKey) storedEventKeys.add(event.dedupeKey);
    const content: AuditEventContent = {
      id: randomUUID(),
      cycleId: params.cycleId,
      chainSeq: (length += 1),
      prevHash: headHash,
      at: event.at ?? now,
      actorId: event.actor.id,
      actorRole: event.actor.role,
      actorName: event.actor.name ?? undefined,
      actorUnit: event.actor.unit ?? undefined,
      actorTokenId: event.actor.tokenId ?? undefined,
      action: event.action,
      planId: event.planId ?? null,
      assignmentId: event.assignmentId ?? null,
      reportId: event.reportId ?? null,
      ruleSetId: event.ruleSet?.id ?? null,
      ruleSetVersion: event.ruleSet?.version ?? null,
      details: asStoredJson(event.details ?? {}),
      dedupeKey: event.dedupeKey ?? null,
    };
    headHash = auditEventHash(content);
    eventRows.push({ ...content, ...pointer, details: content.details as Prisma.InputJsonValue, hash: headHash });
  }
  const decisionRows: Prisma.DecisionCreateManyInput[] = [];
  for (const decision of decisions) {
    if (decisionIds.has(decision.dedupeKey)) continue;
    const content: DecisionContent = {
      id: randomUUID(),
      cycleId: params.cycleId,
      chainSeq: (length += 1),
      prevHash: headHash,
      decidedAt: now,
      assignmentId: decision.assignmentId ?? null,
      indicatorId: decision.indicatorId ?? null,
      periodKey: decision.periodKey ?? null,
      kind: decision.kind,
      outcome: decision.outcome,
      ruleSetId: decision.ruleSet.id,
      ruleSetVersion: decision.ruleSet.version,
      facts: asStoredJson(decision.facts),
      conditions: asStoredJson(decision.conditions),
      dedupeKey: decision.dedupeKey,
    };
    headHash = decisionHash(content);
    decisionIds.set(decision.dedupeKey, content.id);
    decisionRows.push({
      ...content,
      ...pointer,
      facts: content.facts as Prisma.InputJsonValue,
      conditions: content.conditions as Prisma.InputJsonValue,
      hash: headHash,
    });
  }
  if (eventRows.length > 0) await tx.auditEvent.createMany({ data: eventRows });
  if (decisionRows.length > 0) await tx.decision.createMany({ data: decisionRows });
  if (length !== head.length) {
    await tx.auditChain.update({ where: { cycleId: params.cycleId }, data: { length, headHash } });
  }
  return decisionIds;
}

/**
 * Creates the cycle's chain head on first use or else touches it, in one statement that
 * leaves the row locked until the transaction ends (as `SELECT … FOR UPDATE` would) and
 * returns its latest committed length and hash.
 */
async function lockChainHead(tx: Tx, cycleId: string): Promise<{ length: number; headHash: string }> {
  const rows = await tx.$queryRaw<{ length: number; headHash: string }[]>`
    INSERT INTO "AuditChain" ("cycleId", "length", "headHash", "startedAt", "updatedAt")
    VALUES (${cycleId}, 0, ${genesisHash(cycleId)}, now(), now())
    ON CONFLICT ("cycleId") DO UPDATE SET "updatedAt" = now()
    RETURNING "length", "headHash"`;
  const head = rows[0];
  if (!head) throw new Error(`the audit chain head of cycle ${cycleId} was not returned`);
  return head;
}
