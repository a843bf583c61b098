import { audienceOf, noticeRetryDelayMs, noticeText, planNotices, robotMessage, type NoticePerson } from './notices';

const people: NoticePerson[] = [
  { id: 'p-clerk', email: 'clerk@kgj.gov.cn', as: 'unit' },
  { id: 'p-leader', email: 'leader@gov.cn', as: 'leader' },
  { id: 'p-coord', email: 'coord@gov.cn', as: 'coordinator' },
];
const about = { unit: '市科工局', taskNumber: '1', taskTitle: '培育科技型企业', target: '入库科技型中小企业500家以上', periodKey: 'Q3' };
const unit = { id: 'u-kgj', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=x' };

describe('notices: who is told what', () => {
  it('follows the rule set’s recipient, else the default rule', () => {
    expect(audienceOf('supervision', 'unit_and_leader')).toBe('unit_and_leader');
    expect(audienceOf('interview', null)).toBe('leader_and_task_force');
    expect(audienceOf('overdue', undefined)).toBe('unit');
    expect(audienceOf('urge', 'someone_else')).toBe('unit');
  });

  it('tells the unit and its leader of 督办 by in-app and e-mail, and the unit’s robot, once per (event, recipient, channel)', () => {
    const notices = planNotices({
      event: 'supervision',
      eventKey: 'escalation/a/Q3/supervision',
      audience: 'unit_and_leader',
      about,
      people,
      unit,
      email: true,
    });
    expect(notices.map((n) => [n.channel, n.recipientPersonId ?? n.recipientUnitId])).toEqual([
      ['in_app', 'p-clerk'],
      ['email', 'p-clerk'],
      ['in_app', 'p-leader'],
      ['email', 'p-leader'],
      ['webhook', 'u-kgj'],
    ]);
    expect(new Set(notices.map((n) => n.idempotencyKey)).size).toBe(notices.length);
    expect(notices[1]?.subject).toBe('【督办通知】市科工局：入库科技型中小企业500家以上（Q3）');
  });

  it('tells the leader and the coordinators of 约谈, not the unit nor its robot; no e-mail without a mail server', () => {
    const notices = planNotices({
      event: 'interview',
      eventKey: 'k',
      audience: 'leader_and_task_force',
      about,
      people,
      unit,
      email: false,
    });
    expect(notices.map((n) => [n.channel, n.recipientPersonId])).toEqual([
      ['in_app', 'p-leader'],
      ['in_app', 'p-coord'],
    ]);
  });

  it('leaves a person who turned e-mail off in-app notices only; the others keep theirs', () => {
    const notices = planNotices({
      event: 'supervision',
      eventKey: 'k',
      audience: 'unit_and_leader',
      about,
      people: [{ ...people[0], emailNotices: false } as NoticePerson, { ...people[1], emailNotices: true } as NoticePerson],
      unit: { id: 'u-kgj', webhookUrl: null },
      email: true,
    });
    expect(notices.map((n) => [n.channel, n.recipientPersonId])).toEqual([
      ['in_app', 'p-clerk'],
      ['in_app', 'p-leader'],
      ['email', 'p-leader'],
    ]);
  });

  it('names the 督办通知单 by its number in a 督办’s or 约谈’s text, and in no other', () => {
    const line = '详见督办通知单（督办〔2026〕3号），电子邮件附件为其Word文件，系统中也可下载。';
    expect(
      noticeText('supervision', { ...about, documentNumber: '督办〔2026〕3号' })
        .body.split('\n')
        .at(-1),
    ).toBe(line);
    expect(noticeText('interview', { ...about, documentNumber: '督办〔2026〕3号' }).body).toContain(line);
    expect(noticeText('supervision', about).body).not.toContain('督办通知单');
    expect(noticeText('overdue', { ...about, documentNumber: '督办〔2026〕3号' }).body).not.toContain('督办通知单');
  });

  it('writes the reviewer’s comment into a returned report’s notice and the due date into a reminder', () => {
    expect(noticeText('returned', { ...about, comment: '请补充台账' }).body).toContain('审核意见：请补充台账');
    expect(noticeText('reminder', { ...about, deadlineAt: Date.parse('2026-10-10T15:59:59Z') }).body).toContain('请于2026年10月10日前报送');
  });

  it('backs off 30 s, 1 min, 2 min … up to the cap', () => {
    expect([1, 2, 3].map((n) => noticeRetryDelayMs(n))).toEqual([30_000, 60_000, 120_000]);
    expect(noticeRetryDelayMs(50)).toBe(3_600_000);
    expect(noticeRetryDelayMs(5, { baseMs: 500, maxMs: 2_000 })).toBe(2_000);
  });

  it('speaks the 钉钉 and 企业微信 robots’ markdown', () => {
    expect(robotMessage(unit.webhookUrl, { subject: 'S', body: 'a\nb' })).toEqual({
      msgtype: 'markdown',
      markdown: { title: 'S', text: '### S\n\na\n\nb' },
    });
    expect(robotMessage('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', { subject: 'S', body: 'a' })).toEqual({
      msgtype: 'markdown',
      markdown: { content: '### S\n\na' },
    });
  });
});
