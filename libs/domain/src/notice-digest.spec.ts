import { dailyDigestScheduleOrThrow, digestKey, digestText, digestWindowStart, type DigestItem } from './notice-digest';
import { planNotices, type NoticePerson } from './notices';

describe("coordinators' daily digest", () => {
  const at0830 = dailyDigestScheduleOrThrow('08:30');

  it('a window starts at 08:30 Beijing time: before it, yesterday’s; at and after it, today’s', () => {
    // 2026-11-30 08:29 CST is 00:29 UTC.
    expect(new Date(digestWindowStart(Date.parse('2026-11-30T00:29:00Z'), at0830)).toISOString()).toBe('2026-11-29T00:30:00.000Z');
    expect(new Date(digestWindowStart(Date.parse('2026-11-30T00:30:00Z'), at0830)).toISOString()).toBe('2026-11-30T00:30:00.000Z');
    // 23:59 UTC is 07:59 the next morning in Beijing: still the window of the day before.
    expect(new Date(digestWindowStart(Date.parse('2026-11-30T23:59:00Z'), at0830)).toISOString()).toBe('2026-11-30T00:30:00.000Z');
    expect(digestWindowStart(Date.parse('2026-11-30T00:00:25Z'), { kind: 'interval', seconds: 10 })).toBe(
      Date.parse('2026-11-30T00:00:20Z'),
    );
    expect(() => dailyDigestScheduleOrThrow('8:30')).toThrow('HH:MM');
    expect(() => dailyDigestScheduleOrThrow('24:00')).toThrow('HH:MM');
    expect(digestKey('p-1', Date.parse('2026-11-30T00:30:00Z'))).toBe('digest/p-1/2026-11-30T00:30:00.000Z');
  });

  it('counts by kind and lists each notice with unit, task, period and level, oldest first', () => {
    const item = (event: DigestItem['event'], unit: string, createdAt: string): DigestItem => ({
      event,
      unit,
      taskNumber: '1',
      taskTitle: '培育科技型企业',
      target: '入库科技型中小企业500家以上',
      periodKey: 'Q3',
      createdAt: Date.parse(createdAt),
    });
    const { subject, body } = digestText({
      recipientName: '周协调',
      windowStart: Date.parse('2026-11-30T00:30:00Z'),
      items: [
        item('interview', '市财政局', '2026-11-29T10:38:00Z'),
        item('interview', '市科工局', '2026-11-29T02:05:00Z'),
        item('supervision', '市科工局', '2026-11-29T01:00:00Z'),
      ],
    });
    expect(subject).toBe('【通知汇总】2026年11月30日：共 3 条（督办通知 1 条，约谈通知 2 条）');
    expect(body.split('\n')).toEqual([
      '周协调：',
      '自上次汇总以来共有 3 条通知：督办通知 1 条，约谈通知 2 条。',
      '',
      '1. 【督办通知】市科工局｜任务：1 培育科技型企业｜目标：入库科技型中小企业500家以上｜报送期：Q3｜2026年11月29日 09:00',
      '2. 【约谈通知】市科工局｜任务：1 培育科技型企业｜目标：入库科技型中小企业500家以上｜报送期：Q3｜2026年11月29日 10:05',
      '3. 【约谈通知】市财政局｜任务：1 培育科技型企业｜目标：入库科技型中小企业500家以上｜报送期：Q3｜2026年11月29日 18:38',
      '',
      '详情请登录年度科技工作计划系统查看。',
    ]);
  });

  it('a coordinator’s e-mail waits for the digest; their in-app notice and everyone else’s mail go at once', () => {
    const people: NoticePerson[] = [
      { id: 'p-leader', email: 'leader@gov.cn', as: 'leader' },
      { id: 'p-coord', email: 'coord@gov.cn', as: 'coordinator' },
    ];
    const notices = planNotices({
      event: 'interview',
      eventKey: 'k',
      audience: 'leader_and_task_force',
      about: { unit: '市科工局', taskNumber: null, taskTitle: null, target: '目标', periodKey: 'Q3' },
      people,
      unit: { id: 'u', webhookUrl: null },
      email: true,
    });
    expect(notices.map((n) => [n.channel, n.recipientPersonId, n.digest])).toEqual([
      ['in_app', 'p-leader', false],
      ['email', 'p-leader', false],
      ['in_app', 'p-coord', false],
      ['email', 'p-coord', true],
    ]);
  });
});
