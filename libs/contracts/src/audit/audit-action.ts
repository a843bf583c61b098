import type { Role } from '../auth/roles';
import type { EscalationLevel } from '../workflow/escalation';

/**
 * Every action the audit trail records. A new kind of write adds its action here first,
 * so the trail's vocabulary is one list an auditor can read.
 */
export const auditActions = [
  'plan.created',
  'plan.edited',
  'plan.published',
  'assignment.acknowledged',
  'report.submitted',
  'report.resubmitted',
  'report.approved',
  'report.returned',
  'reminder.sent',
  'reminder.skipped',
  'period.overdue',
  'escalation.reminder',
  'escalation.supervision',
  'escalation.interview',
  'evaluation.completed',
  /** A running cycle decides with another rule-set version from now on. */
  'rules.amended',
  'notice.queued',
  'notice.sent',
  'notice.failed',
  /** A coordinator's daily digest e-mail went out, carrying notices of this cycle. */
  'notice.digest_sent',
] as const satisfies readonly string[];
export type AuditAction = (typeof auditActions)[number];

/** The audit action of an escalation step (提醒, 督办, 约谈). */
export function escalationAuditAction(level: EscalationLevel): AuditAction {
  return `escalation.${level}`;
}

/** Who an audit row names: a person in a role, or a part of the system. */
export interface AuditActor {
  id: string;
  role: Role | 'system';
  /** The person's (or service token's) name; absent for parts of the system. */
  name?: string;
  /** The unit the person acted for. */
  unit?: string | null;
  /** The service token that acted, when one did. */
  tokenId?: string;
}

/**
 * The parts of plancycle that act on their own, as audit rows name them: the period
 * clock (reminders, overdue periods, the year-end evaluation nobody asked for) and the
 * rule sets (escalations).
 */
export const systemActors = {
  calendar: { id: 'system:calendar', role: 'system' },
  rules: { id: 'system:rules', role: 'system' },
  notices: { id: 'system:notices', role: 'system' },
} as const satisfies Record<string, AuditActor>;

/** What an auditor learns from checking a cycle's hash chain. */
export interface AuditChainVerification {
  cycleId: string;
  /** True when every chained row hashes to what it carries and links to the row before it. */
  valid: boolean;
  /** Chained rows checked (audit events and decisions of the cycle). */
  checked: number;
  /** Rows written before the chain existed (see libs/persistence README): counted, not checkable. */
  unchained: number;
  /** The first row where the chain does not hold, or null. */
  firstBrokenAt: { id: string; at: string; reason: string } | null;
}
