/** The ladder in the documents: 提醒 → 督办通知 → 约谈/问责. Order matters. */
export const escalationLevels = ['reminder', 'supervision', 'interview'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

export const escalationLevelLabels: Record<EscalationLevel, string> = {
  reminder: '提醒',
  supervision: '督办',
  interview: '约谈',
};

export function escalationRank(level: EscalationLevel | null): number {
  return level === null ? 0 : escalationLevels.indexOf(level) + 1;
}
