/** The leader's page (责任领导): the units and tasks they answer for, their escalations. */
export const zh = {
  leaderPage: '我分管的工作',
  leaderUnits: '分管单位',
  leaderNoUnits: '目录中尚未登记您分管的单位，请联系管理员。',
  leaderTasks: '分管任务',
  leaderEscalations: '督办事项',
  leaderNoEscalations: '暂无督办事项',
  leaderRaisedAt: '升级时间',
  leaderReason: '原因',
  leaderLevel: '层级',
} as const;

export const en: Record<keyof typeof zh, string> = {
  leaderPage: 'What I answer for',
  leaderUnits: 'My units',
  leaderNoUnits: 'The directory does not list any unit you answer for yet; ask an administrator.',
  leaderTasks: 'Tasks',
  leaderEscalations: 'Escalations',
  leaderNoEscalations: 'No escalations',
  leaderRaisedAt: 'Raised',
  leaderReason: 'Reason',
  leaderLevel: 'Level',
};
