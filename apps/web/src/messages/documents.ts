/** The office's documents for download: 督办通知单, 季通报, 工作总结 (Word) and the 台账 (Excel). */
export const zh = {
  docSupervisionNotice: '督办通知单',
  docSupervisionNoticeOf: '下载{unit}的督办通知单（Word）',
  docBulletin: '季通报',
  docBulletinOf: '下载{period}季通报（Word）',
  docLedger: '下载台账（Excel）',
  docSummary: '下载工作总结（Word）',
};

export const en: Record<keyof typeof zh, string> = {
  docSupervisionNotice: 'Supervision notice',
  docSupervisionNoticeOf: 'Download the supervision notice of {unit} (Word)',
  docBulletin: 'Bulletin',
  docBulletinOf: 'Download the bulletin of {period} (Word)',
  docLedger: 'Download the ledger (Excel)',
  docSummary: 'Download the year-end summary (Word)',
};
