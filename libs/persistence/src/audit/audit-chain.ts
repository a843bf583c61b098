import { createHash } from 'node:crypto';
import type { AuditChainVerification } from '@plancycle/contracts';

/**
 * The tamper-evident audit trail: a cycle's audit events and rule decisions form one
 * hash chain. Row n carries `chainSeq = n`, the hash of row n−1 (`prevHash`; the
 * cycle's genesis hash for row 1) and `hash`, the SHA-256 of the canonical JSON of its
 * own content including `chainSeq` and `prevHash`. Changing, removing or reordering a row
 * breaks the chain at that row; the chain head (`AuditChain`) records the length and last
 * hash, so removing the newest rows shows too.
 */

/** The fields of an audit event that its hash covers (names as in the table). */
export interface AuditEventContent {
  id: string;
  cycleId: string;
  chainSeq: number;
  prevHash: string;
  at: Date;
  actorId: string;
  actorRole: string;
  /**
   * Who the actor is, by name, unit and service token (added with the directory). Left
   * out of the hash when absent, so rows written before still hash as they did.
   */
  actorName?: string | undefined;
  actorUnit?: string | undefined;
  actorTokenId?: string | undefined;
  action: string;
  planId: string | null;
  assignmentId: string | null;
  reportId: string | null;
  ruleSetId: string | null;
  ruleSetVersion: string | null;
  details: unknown;
  dedupeKey: string | null;
}

/** The fields of a rule decision that its hash covers (names as in the table). */
export interface DecisionContent {
  id: string;
  cycleId: string;
  chainSeq: number;
  prevHash: string;
  decidedAt: Date;
  assignmentId: string | null;
  indicatorId: string | null;
  periodKey: string | null;
  kind: string;
  outcome: string;
  ruleSetId: string;
  ruleSetVersion: string;
  facts: unknown;
  conditions: unknown;
  dedupeKey: string;
}

export type ChainedRow =
  | { table: 'AuditEvent'; content: AuditEventContent; hash: string }
  | { table: 'Decision'; content: DecisionContent; hash: string };

/** The hash row 1 of a cycle links to: fixed per cycle, so a row cannot move to another cycle's chain. */
export function genesisHash(cycleId: string): string {
  return sha256(`plancycle/audit-chain/v1/genesis/${cycleId}`);
}

export function auditEventHash(content: AuditEventContent): string {
  return sha256(canonicalJson({ table: 'AuditEvent', ...content, at: content.at.toISOString() }));
}

export function decisionHash(content: DecisionContent): string {
  return sha256(canonicalJson({ table: 'Decision', ...content, decidedAt: content.decidedAt.toISOString() }));
}

/**
 * What the database fills in when it appends a row (`plancycle_append_to_audit_chain`):
 * the row's chain position and the previous row's hash are known only under the chain's
 * lock, so the row's canonical JSON goes with two tokens in their place. Put in, the text is
 * exactly what `auditEventHash`/`decisionHash` hash. Tokens are random per append, so no
 * content can contain them.
 */
export interface ChainTokens {
  seq: string;
  prev: string;
}

export function auditEventHashTemplate(content: Omit<AuditEventContent, 'chainSeq' | 'prevHash'>, tokens: ChainTokens): string {
  return canonicalJson({ table: 'AuditEvent', ...content, chainSeq: tokens.seq, prevHash: tokens.prev, at: content.at.toISOString() });
}

export function decisionHashTemplate(content: Omit<DecisionContent, 'chainSeq' | 'prevHash'>, tokens: ChainTokens): string {
  return canonicalJson({
    table: 'Decision',
    ...content,
    chainSeq: tokens.seq,
    prevHash: tokens.prev,
    decidedAt: content.decidedAt.toISOString(),
  });
}

export function rowHash(row: ChainedRow): string {
  return row.table === 'AuditEvent' ? auditEventHash(row.content) : decisionHash(row.content);
}

/**
 * A JSON value as PostgreSQL's jsonb gives it back: what the row will hold once stored
 * (undefined members dropped, NaN and Infinity as null), so the hash computed before the
 * insert matches the one computed from the stored row.
 */
export function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Walks a cycle's chained rows in `chainSeq` order and reports the first row where the
 * chain does not hold. `head` is the cycle's chain head (null when nothing was chained).
 */
export function verifyAuditChain(params: {
  cycleId: string;
  head: { length: number; headHash: string } | null;
  rows: ChainedRow[];
  unchained: number;
}): AuditChainVerification {
  const rows = [...params.rows].sort((a, b) => a.content.chainSeq - b.content.chainSeq);
  const broken = (row: ChainedRow, reason: string, checked: number): AuditChainVerification => ({
    cycleId: params.cycleId,
    valid: false,
    checked,
    unchained: params.unchained,
    firstBrokenAt: { id: row.content.id, at: timeOf(row).toISOString(), reason },
  });

  let previousHash = genesisHash(params.cycleId);
  let expectedSeq = 1;
  for (const [index, row] of rows.entries()) {
    const seq = row.content.chainSeq;
    if (seq < expectedSeq) {
      return broken(row, `a second row claims position ${seq} in the chain`, index);
    }
    if (seq > expectedSeq) {
      const missing = seq === expectedSeq + 1 ? `row ${expectedSeq} is` : `rows ${expectedSeq}–${seq - 1} are`;
      return broken(row, `${missing} missing before this one`, index);
    }
    if (row.content.prevHash !== previousHash) {
      return broken(row, `its link to row ${seq - 1} does not match that row's hash`, index);
    }
    if (rowHash(row) !== row.hash) {
      return broken(row, `its content does not match its hash (the ${row.table} row was changed)`, index);
    }
    previousHash = row.hash;
    expectedSeq += 1;
  }

  const last = rows[rows.length - 1];
  const headLength = params.head?.length ?? 0;
  if (last && (headLength !== last.content.chainSeq || params.head?.headHash !== last.hash)) {
    const reason =
      headLength > last.content.chainSeq
        ? `the chain head records ${headLength} rows; rows after this one (${last.content.chainSeq}) are missing`
        : 'the chain head does not end at this row';
    return broken(last, reason, rows.length);
  }
  if (!last && headLength > 0) {
    return {
      cycleId: params.cycleId,
      valid: false,
      checked: 0,
      unchained: params.unchained,
      firstBrokenAt: {
        id: params.cycleId,
        at: new Date(0).toISOString(),
        reason: `the chain head records ${headLength} rows; none is left`,
      },
    };
  }
  return { cycleId: params.cycleId, valid: true, checked: rows.length, unchained: params.unchained, firstBrokenAt: null };
}

function timeOf(row: ChainedRow): Date {
  return row.table === 'AuditEvent' ? row.content.at : row.content.decidedAt;
}
