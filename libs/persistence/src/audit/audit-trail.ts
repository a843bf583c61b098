import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditActor, RuleSetPin } from '@plancycle/contracts';
import { Prisma } from '../generated/prisma/client';
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
  const decisions = params.decisions ?? [];
  const decisionIds = new Map<string, string>();
  // Decisions already stored are looked up first, for their ids (callers link to them).
  if (decisions.length > 0) {
    const stored = await tx.decision.findMany({
      where: { dedupeKey: { in: decisions.map((d) => d.dedupeKey) } },
      select: { id: true, dedupeKey: true },
    });
    for (const row of stored) decisionIds.set(row.dedupeKey, row.id);
  }
  const call = auditChainAppendCall({ ...params, storedDecisions: decisionIds });
  if (call) await tx.$queryRaw`SELECT ${call.sql}::text AS "length"`;
  for (const [key, id] of call?.decisionIds ?? []) decisionIds.set(key, id);
  return decisionIds;
}

/**
 * The append of `appendToAuditChain` as an SQL expression, for a write that makes its
 * change and appends in one statement (no transaction of several round trips): the call of
 * `plancycle_append_to_audit_chain`, which leaves out events whose dedupe key is stored
 * already (migration 20261130200000_audit_append_skips_stored) and, when nothing is left,
 * returns without taking the chain's lock. Decisions are left out here only when their key
 * is in `storedDecisions`. Null when there is nothing to append.
 */
export function auditChainAppendCall(params: {
  cycleId: string;
  events?: NewAuditEvent[];
  decisions?: NewDecision[];
  storedDecisions?: ReadonlyMap<string, string>;
}): { sql: Prisma.Sql; decisionIds: Map<string, string> } | null {
  const events = params.events ?? [];
  const decisions = params.decisions ?? [];
  if (events.length === 0 && decisions.length === 0) return null;

  const now = new Date();
  const source = currentWorkflowSource();
  const pointer = {
    workflowId: source?.workflowId ?? null,
    workflowRunId: source?.workflowRunId ?? null,
    activityId: source?.activityId ?? null,
  };
  const tokens: ChainTokens = { seq: `plancycle-seq-${randomUUID()}`, prev: `plancycle-prev-${randomUUID()}` };
  const eventItems: ChainItem[] = [];
  const eventKeys = new Set<string>();
  for (const event of events) {
    if (event.dedupeKey) {
      if (eventKeys.has(event.dedupeKey)) continue;
      eventKeys.add(event.dedupeKey);
    }
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
  const decisionIds = new Map<string, string>();
  const decisionItems: ChainItem[] = [];
  for (const decision of decisions) {
    if (params.storedDecisions?.has(decision.dedupeKey) || decisionIds.has(decision.dedupeKey)) continue;
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
  if (eventItems.length === 0 && decisionItems.length === 0) return null;
  return {
    sql: Prisma.sql`plancycle_append_to_audit_chain(
      ${params.cycleId}, ${genesisHash(params.cycleId)}, ${tokens.seq}, ${tokens.prev},
      ${JSON.stringify(eventItems)}::jsonb, ${JSON.stringify(decisionItems)}::jsonb)`,
    decisionIds,
  };
}
