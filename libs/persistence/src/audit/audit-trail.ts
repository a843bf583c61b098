import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditActor, RuleSetPin } from '@plancycle/contracts';
import type { Prisma } from '../generated/prisma/client';
import { currentWorkflowSource } from './workflow-source';
import {
  asStoredJson,
  auditEventHashTemplate,
  decisionHashTemplate,
  genesisHash,
  type AuditEventContent,
  type ChainTokens,
  type DecisionContent,
} from './audit-chain';

/** A row for the database to chain: its columns but the chain's, and the canonical JSON its hash covers. */
interface ChainItem {
  row: Record<string, unknown>;
  template: string;
}

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
 * transaction (the one that makes the change they record). One statement does it in the
 * database (`plancycle_append_to_audit_chain`): it locks the cycle's chain head row (an
 * upsert, which holds the row lock to the end of the transaction), chains and inserts the
 * rows and moves the head, so appends to one cycle from any number of workers take turns
 * and the chain stays one line; other cycles are not held up. The lock is held to the
 * commit: callers append last, after their other writes. Rows whose dedupe key is already
 * stored are skipped. Returns the id of each decision by its dedupe key, new or not.
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

  const now = new Date();
  const source = currentWorkflowSource();
  const pointer = {
    workflowId: source?.workflowId ?? null,
    workflowRunId: source?.workflowRunId ?? null,
    activityId: source?.activityId ?? null,
  };
  const tokens: ChainTokens = { seq: `plancycle-seq-${randomUUID()}`, prev: `plancycle-prev-${randomUUID()}` };
  const eventItems: ChainItem[] = [];
  for (const event of events) {
    if (event.dedupeKey && storedEventKeys.has(event.dedupeKey)) continue;
    if (event.dedupeKey) storedEventKeys.add(event.dedupeKey);
    const content: Omit<AuditEventContent, 'chainSeq' | 'prevHash'> = {
      id: randomUUID(),
      cycleId: params.cycleId,
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
    eventItems.push({
      row: {
        ...content,
        at: content.at.toISOString(),
        actorName: content.actorName ?? null,
        actorUnit: content.actorUnit ?? null,
        actorTokenId: content.actorTokenId ?? null,
        ...pointer,
      },
      template: auditEventHashTemplate(content, tokens),
    });
  }
  const decisionItems: ChainItem[] = [];
  for (const decision of decisions) {
    if (decisionIds.has(decision.dedupeKey)) continue;
    const content: Omit<DecisionContent, 'chainSeq' | 'prevHash'> = {
      id: randomUUID(),
      cycleId: params.cycleId,
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
    decisionIds.set(decision.dedupeKey, content.id);
    decisionItems.push({
      row: { ...content, decidedAt: content.decidedAt.toISOString(), ...pointer },
      template: decisionHashTemplate(content, tokens),
    });
  }
  // Everything was stored before: nothing to chain, so no lock either.
  if (eventItems.length === 0 && decisionItems.length === 0) return decisionIds;
  // One statement locks the head, chains and inserts the rows and moves the head
  // (migration 20261130160000_audit_chain_append_function); the lock lasts to the commit.
  await tx.$queryRaw`SELECT plancycle_append_to_audit_chain(
    ${params.cycleId}, ${genesisHash(params.cycleId)}, ${tokens.seq}, ${tokens.prev},
    ${JSON.stringify(eventItems)}::jsonb, ${JSON.stringify(decisionItems)}::jsonb)::text AS "length"`;
  return decisionIds;
}
