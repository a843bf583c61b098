import type { NoticeAudience, NoticeChannel, NoticeEvent } from '@plancycle/contracts';

/** The assignment a notice is about, as its subject and body name it. */
export interface NoticeSubjectMatter {
  unit: string;
  taskNumber: string | null;
  taskTitle: string | null;
  target: string;
  periodKey: string | null;
  /** The period's due date (epoch ms), when the event has one. */
  deadlineAt?: number | null;
  /** The reviewer's comment on a returned report. */
  comment?: string | null;
  /** Why the escalation ladder stepped up (the escalation's reason). */
  reason?: string | null;
  /** The 督办通知单's number (督办〔2026〕1号) of a 督办 or 约谈. */
  documentNumber?: string | null;
}

/** A person who may be told, from the directory. */
export interface NoticePerson {
  id: string;
  email: string;
  /** unit: one of the unit's people; leader: its responsible leader; coordinator: the task force. */
  as: 'unit' | 'leader' | 'coordinator';
  /** The person's preference: false leaves them in-app notices only (absent: e-mail on). */
  emailNotices?: boolean;
}

/** A notice to create: one per (event, recipient, channel). */
export interface PlannedNotice {
  idempotencyKey: string;
  event: NoticeEvent;
  channel: NoticeChannel;
  recipientPersonId: string | null;
  recipientUnitId: string | null;
  address: string | null;
  subject: string;
  body: string;
  /** Waits for the recipient's daily digest instead of going out at once (a coordinator's e-mail). */
  digest: boolean;
}

/**
 * Who is told of an event when the rule set does not name them (the default rule): the unit
 * of reminders, overdue periods, 催办 and reviews; the unit and its leader of 督办; the
 * leader and the coordinators of 约谈.
 */
export function defaultAudience(event: NoticeEvent): NoticeAudience {
  switch (event) {
    case 'supervision':
      return 'unit_and_leader';
    case 'interview':
      return 'leader_and_task_force';
    case 'reminder':
    case 'overdue':
    case 'urge':
    case 'returned':
    case 'approved':
      return 'unit';
  }
}

/** The audience a rule set's `recipient` names, or the default rule's for anything else. */
export function audienceOf(event: NoticeEvent, ruleRecipient: string | null | undefined): NoticeAudience {
  if (ruleRecipient === 'unit' || ruleRecipient === 'unit_and_leader' || ruleRecipient === 'leader_and_task_force') return ruleRecipient;
  return defaultAudience(event);
}

/** Whether the audience takes in people of this kind; the unit's robot goes with its people. */
export function audienceIncludes(audience: NoticeAudience, as: NoticePerson['as']): boolean {
  switch (audience) {
    case 'unit':
      return as === 'unit';
    case 'unit_and_leader':
      return as === 'unit' || as === 'leader';
    case 'leader_and_task_force':
      return as === 'leader' || as === 'coordinator';
  }
}

export const eventTitles: Record<NoticeEvent, string> = {
  reminder: '报送提醒',
  overdue: '逾期提醒',
  urge: '催办通知',
  supervision: '督办通知',
  interview: '约谈通知',
  returned: '报送退回',
  approved: '报送通过',
};

/** 2026年10月12日 in China Standard Time. */
export function chineseDate(epochMs: number): string {
  const d = new Date(epochMs + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The subject and body (Chinese) of a notice about an event. */
export function noticeText(event: NoticeEvent, about: NoticeSubjectMatter): { subject: string; body: string } {
  const task = about.taskTitle ? `${about.taskNumber ? `${about.taskNumber} ` : ''}${about.taskTitle}` : null;
  const period = about.periodKey ? `（${about.periodKey}）` : '';
  const deadline = about.deadlineAt != null ? chineseDate(about.deadlineAt) : null;
  const subject = `【${eventTitles[event]}】${about.unit}：${about.target}${period}`;
  const what: Record<NoticeEvent, string> = {
    reminder: `请于${deadline ?? '截止日期'}前报送本期进展情况。`,
    overdue: `本期报送已于${deadline ?? '截止日期'}逾期，请尽快报送。`,
    urge: `本期报送仍未完成，请抓紧办理。${about.reason ? `（${about.reason}）` : ''}`,
    supervision: `该项工作已列入督办，请责任单位限期办理并报送，责任领导督促落实。${about.reason ? `（${about.reason}）` : ''}`,
    interview: `该项工作经督办仍未落实，拟约谈责任单位主要负责人，请责任领导及工作专班安排。${about.reason ? `（${about.reason}）` : ''}`,
    returned: `本期报送已退回，请按审核意见修改后重新报送。审核意见：${about.comment?.trim() || '无'}`,
    approved: '本期报送已审核通过。',
  };
  const lines = [
    `${about.unit}：`,
    task ? `任务：${task}` : null,
    `目标：${about.target}`,
    about.periodKey ? `报送期：${about.periodKey}` : null,
    what[event],
  ];
  if ((event === 'supervision' || event === 'interview') && about.documentNumber) {
    lines.push(`详见督办通知单（${about.documentNumber}），电子邮件附件为其Word文件，系统中也可下载。`);
  }
  return { subject, body: lines.filter((l): l is string => l !== null).join('\n') };
}

/**
 * The notices of one event: in-app to each person the audience takes in, e-mail too unless
 * the person turned it off, and the unit's robot when the unit is told and has one (a unit
 * without a webhook address has no robot). A coordinator's e-mail waits for their daily
 * digest (one mail listing everything since the last); their in-app notice is immediate. `eventKey` names the event once (e.g.
 * `overdue/<assignment>/<period>/<deadline>`): the same event planned again yields the same keys.
 */
export function planNotices(params: {
  event: NoticeEvent;
  eventKey: string;
  audience: NoticeAudience;
  about: NoticeSubjectMatter;
  people: NoticePerson[];
  unit: { id: string; webhookUrl: string | null };
  /** E-mail only when a mail server is configured. */
  email: boolean;
}): PlannedNotice[] {
  const { subject, body } = noticeText(params.event, params.about);
  const notices: PlannedNotice[] = [];
  const seen = new Set<string>();
  for (const person of params.people) {
    if (!audienceIncludes(params.audience, person.as) || seen.has(person.id)) continue;
    seen.add(person.id);
    const channels: NoticeChannel[] = params.email && person.emailNotices !== false ? ['in_app', 'email'] : ['in_app'];
    for (const channel of channels) {
      notices.push({
        idempotencyKey: `${params.eventKey}/person:${person.id}/${channel}`,
        event: params.event,
        channel,
        recipientPersonId: person.id,
        recipientUnitId: null,
        address: channel === 'email' ? person.email : null,
        subject,
        body,
        digest: channel === 'email' && person.as === 'coordinator',
      });
    }
  }
  if (params.unit.webhookUrl && audienceIncludes(params.audience, 'unit')) {
    notices.push({
      idempotencyKey: `${params.eventKey}/unit:${params.unit.id}/webhook`,
      event: params.event,
      channel: 'webhook',
      recipientPersonId: null,
      recipientUnitId: params.unit.id,
      address: params.unit.webhookUrl,
      subject,
      body,
      digest: false,
    });
  }
  return notices;
}

/** When a failed notice is tried again: 30 s, 1 min, 2 min … (from `baseMs`), at most `maxMs` (an hour) after the last try. */
export function noticeRetryDelayMs(
  attempts: number,
  backoff: { baseMs: number; maxMs: number } = { baseMs: 30_000, maxMs: 3_600_000 },
): number {
  return Math.min(backoff.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)), backoff.maxMs);
}

/** The 钉钉 robot message (markdown); 企业微信 robots take the same shape with `markdown.content`. */
export function robotMessage(webhookUrl: string, notice: { subject: string; body: string }): unknown {
  const text = `### ${notice.subject}\n\n${notice.body.split('\n').join('\n\n')}`;
  if (/qyapi\.weixin\.qq\.com/.test(webhookUrl)) return { msgtype: 'markdown', markdown: { content: text } };
  return { msgtype: 'markdown', markdown: { title: notice.subject, text } };
}
