import { z } from 'zod';

/** The ladder in the documents: 提醒 → 督办通知 → 约谈/问责. Order matters. */
export const escalationLevels = ['reminder', 'supervision', 'interview'] as const;
export const escalationLevelSchema = z.enum(escalationLevels);
export type EscalationLevel = z.infer<typeof escalationLevelSchema>;

export const escalationLevelLabels: Record<EscalationLevel, string> = {
  reminder: '提醒',
  supervision: '督办',
  interview: '约谈',
};

export function escalationRank(level: EscalationLevel | null): number {
  return level === null ? 0 : escalationLevels.indexOf(level) + 1;
}

/**
 * An escalation only ever climbs the ladder: a decided level counts when it is above
 * the current one (no level yet counts as below 提醒). Shared by the workflow, which keeps
 * the level, and the activity, which records the escalation.
 */
export function raisesEscalation(current: EscalationLevel | null, next: EscalationLevel | null): next is EscalationLevel {
  return next !== null && escalationRank(next) > escalationRank(current);
}

/**
 * Due process (依程序逐级): the highest level that may be raised now is one rung above the
 * highest the unit has already been given, so a unit hears of 督办 before 约谈.
 */
export function dueProcessCeiling(highestIssued: EscalationLevel | null): EscalationLevel {
  return escalationLevels[Math.min(escalationRank(highestIssued), escalationLevels.length - 1)] as EscalationLevel;
}

/** The rules' level, held down to the due-process ceiling when one is given. */
export function capEscalation(level: EscalationLevel | null, ceiling: EscalationLevel | null): EscalationLevel | null {
  if (level === null || ceiling === null) return level;
  return escalationRank(level) > escalationRank(ceiling) ? ceiling : level;
}
