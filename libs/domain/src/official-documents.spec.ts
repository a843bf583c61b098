import { cycleBoard } from './cycle-board';
import {
  bulletinUnitRows,
  cstIsoDate,
  laggingAssignments,
  documentNumberText,
  issuingOffice,
  quarterlyBulletinDocument,
  respondByDate,
  supervisionNoticeDocument,
  supervisionNumberYear,
  yearEndSummaryDocument,
  type SupervisionNoticeFacts,
} from './official-documents';
import { holidayCalendarFor } from './working-days';

/** 2026-09-30 10:00 Beijing time: the day before the National Day holiday. */
const raisedAt = Date.parse('2026-09-30T02:00:00Z');

const facts: SupervisionNoticeFacts = {
  level: 'supervision',
  number: { year: 2026, number: 1 },
  raisedAt,
  reason: '督办：报送逾期（逾期1个宽限期，累计逾期1期）',
  periodKey: 'Q2',
  period: { label: '第二季度', dueAt: Date.parse('2026-07-15T15:59:59Z') },
  unit: '市财政局',
  role: 'lead',
  task: { number: '3', title: '加大科技投入', leader: '钟兴旺' },
  target: '全社会研发经费投入增长12%以上',
  plan: { title: '沅江市2026年科技创新工作要点', jurisdiction: '沅江市', year: 2026 },
  holidayCalendar: holidayCalendarFor({ years: [2026], overrides: [] }),
};

const fieldValue = (blocks: ReturnType<typeof supervisionNoticeDocument>['blocks'], label: string) =>
  blocks.flatMap((b) => (b.kind === 'fields' ? b.rows : [])).find((r) => r.label === label)?.value;

describe('official documents', () => {
  it('numbers a 督办 in the plan year’s series and dates by Beijing time', () => {
    expect(documentNumberText('督办', 2026, 12)).toBe('督办〔2026〕12号');
    expect(supervisionNumberYear({ planYear: null, raisedAt: Date.parse('2026-12-31T16:30:00Z') })).toBe(2027);
    expect(supervisionNumberYear({ planYear: 2026, raisedAt: Date.parse('2027-01-05T00:00:00Z') })).toBe(2026);
    expect(cstIsoDate(Date.parse('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });

  it('counts the days to answer in working days, over the National Day holiday', () => {
    const calendar = holidayCalendarFor({ years: [2026], overrides: [] });
    // 1–7 October are off in 2026; 10 October (a Saturday) is worked instead.
    expect(respondByDate({ raisedAt, workingDays: 3, calendar })).toBe('2026-10-10');
    expect(respondByDate({ raisedAt, workingDays: 3, calendar: null })).toBe('2026-10-05');
  });

  it('takes the issuing office from configuration, else the jurisdiction', () => {
    expect(issuingOffice({ configured: '  沅江市科技创新工作领导小组办公室 ', jurisdiction: '沅江市' })).toBe(
      '沅江市科技创新工作领导小组办公室',
    );
    expect(issuingOffice({ configured: undefined, jurisdiction: '沅江市' })).toBe('沅江市科技创新工作专班办公室');
  });

  it('writes a 督办通知单: unit, task, target, what is late, the answer date, 落款 and 抄送', () => {
    const document = supervisionNoticeDocument({ facts, issuer: '沅江市科技创新工作专班办公室', responseWorkingDays: 5 });
    expect(document).toMatchObject({
      title: '督办通知单',
      documentNumber: '督办〔2026〕1号',
      addressee: '市财政局：',
      issuer: '沅江市科技创新工作专班办公室',
      issuedOn: '2026年9月30日',
      copyTo: '钟兴旺同志（责任领导）',
      filename: '督办通知单-督办〔2026〕1号-市财政局',
    });
    expect(fieldValue(document.blocks, '责任单位')).toBe('市财政局（牵头）');
    expect(fieldValue(document.blocks, '工作任务')).toBe('3 加大科技投入');
    expect(fieldValue(document.blocks, '目标任务')).toBe('全社会研发经费投入增长12%以上');
    expect(fieldValue(document.blocks, '报送期')).toBe('第二季度（Q2）');
    expect(fieldValue(document.blocks, '报送截止')).toBe('2026年7月15日');
    expect(fieldValue(document.blocks, '督办事由')).toBe(facts.reason);
    // Five working days after 30 September: 8, 9, 10 (worked Saturday), 12, 13 October.
    expect(fieldValue(document.blocks, '办理时限')).toBe('2026年10月13日前（5个工作日内）');
    const text = document.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : [])).join('');
    expect(text).toContain('《沅江市2026年科技创新工作要点》');
    expect(text).toContain('现予以督办');
    expect(text).toContain('于2026年10月13日前');
  });

  it('words an interview (约谈) on the same form, and goes without a number or period when there is none', () => {
    const document = supervisionNoticeDocument({
      facts: { ...facts, level: 'interview', number: null, period: null, task: null },
      issuer: '专班办公室',
      responseWorkingDays: 3,
    });
    expect(document.title).toBe('约谈通知单');
    expect(document.documentNumber).toBeNull();
    expect(document.copyTo).toBeNull();
    expect(fieldValue(document.blocks, '工作任务')).toBeUndefined();
    expect(fieldValue(document.blocks, '报送期')).toBe('Q2');
    expect(document.blocks.some((b) => b.kind === 'paragraph' && b.text.includes('拟约谈你单位主要负责人'))).toBe(true);
  });

  it('writes a 季通报: a row per unit and a total, the late and lagging units named', () => {
    const document = quarterlyBulletinDocument({
      plan: facts.plan,
      period: { key: 'Q1', label: '第一季度', dueAt: Date.parse('2026-04-15T15:59:59Z') },
      units: [
        { unit: '市科工局', assigned: 4, reported: 4, approved: 3, late: 0, lagging: 1, escalated: 0 },
        { unit: '市财政局', assigned: 2, reported: 0, approved: 0, late: 2, lagging: 0, escalated: 1 },
      ],
      issuer: '专班办公室',
      issuedAt: Date.parse('2026-04-20T02:00:00Z'),
    });
    expect(document.title).toBe('2026年第一季度工作情况通报');
    const table = document.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({ header: ['责任单位', '任务数', '已报送', '审核通过', '逾期', '进度滞后', '督办'] });
    expect(table?.kind === 'table' && table.rows.at(-1)).toEqual(['合计', '6', '4', '3', '2', '1', '1']);
    const paragraphs = document.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    expect(paragraphs[0]).toBe(
      '截至2026年4月20日，《沅江市2026年科技创新工作要点》第一季度（Q1，2026年4月15日截止）应报送6项，已报送4项（66.7%），审核通过3项（50%）。逾期未报送2项，涉及市财政局。进度滞后1项，涉及市科工局。请相关单位对照目标任务加快推进，及时报送进展情况。',
    );
    expect(paragraphs).toContain('市财政局（2项）。');
    expect(paragraphs).toContain('市科工局（1项）。');
  });

  it('says so when every unit reported on time', () => {
    const document = quarterlyBulletinDocument({
      plan: { title: '计划', jurisdiction: null, year: null },
      period: { key: 'P1', label: '第1期', dueAt: 0 },
      units: [{ unit: '甲', assigned: 1, reported: 1, approved: 1, late: 0, lagging: 0, escalated: 0 }],
      issuer: '专班办公室',
      issuedAt: 0,
    });
    expect(document.blocks[0]).toMatchObject({ kind: 'paragraph', text: expect.stringContaining('各单位均按期报送。') });
    expect(document.blocks.filter((b) => b.kind === 'paragraph' && b.text === '无。')).toHaveLength(2);
  });

  it('writes the 工作总结 with the ranking table, its heading as the title', () => {
    const document = yearEndSummaryDocument({
      plan: facts.plan,
      summaryText: '2026年沅江市《计划》年终考核情况\n共考核指标2项。\n\n市科工局排名第1。',
      units: [
        { unit: '市财政局', score: 40, rank: 2, indicators: 1, outcomes: { exceeded: 0, met: 0, not_met: 1, no_data: 0 } },
        { unit: '市科工局', score: 100, rank: 1, indicators: 1, outcomes: { exceeded: 1, met: 0, not_met: 0, no_data: 0 } },
      ],
      issuer: '专班办公室',
      issuedAt: Date.parse('2026-12-31T02:00:00Z'),
    });
    expect(document.title).toBe('2026年沅江市《计划》年终考核情况');
    expect(document.blocks.slice(0, 2)).toEqual([
      { kind: 'paragraph', text: '共考核指标2项。' },
      { kind: 'paragraph', text: '市科工局排名第1。' },
    ]);
    const table = document.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.slice(0, 3))).toEqual([
      ['1', '市科工局', '100.00'],
      ['2', '市财政局', '40.00'],
    ]);
    expect(document.issuedOn).toBe('2026年12月31日');
  });

  it('takes a period’s 季通报 rows from the board, lagging by the latest trajectory decision', () => {
    const board = cycleBoard({
      calendar: null,
      unitAssignments: [
        { unit: '市科工局', count: 3 },
        { unit: '市财政局', count: 1 },
      ],
      rows: [
        { unit: '市科工局', periodKey: 'P1', status: 'approved', overdue: false, escalated: false, count: 2 },
        { unit: '市科工局', periodKey: 'P1', status: 'submitted', overdue: false, escalated: false, count: 1 },
        { unit: '市财政局', periodKey: 'P1', status: 'missed', overdue: true, escalated: true, count: 1 },
        { unit: '市财政局', periodKey: 'P2', status: 'open', overdue: false, escalated: false, count: 1 },
      ],
      escalationsByLevel: [],
    });
    const decision = (assignmentId: string, outcome: string, decidedAt: string, periodKey = 'P1') => ({
      assignmentId,
      indicatorId: 'i1',
      periodKey,
      outcome,
      decidedAt,
    });
    const lagging = laggingAssignments(
      [
        decision('a1', 'lagging', '2026-04-01T00:00:00Z'),
        decision('a1', 'on_track', '2026-04-02T00:00:00Z'),
        decision('a2', 'lagging', '2026-04-02T00:00:00Z'),
        decision('a3', 'lagging', '2026-07-02T00:00:00Z', 'P2'),
      ],
      'P1',
    );
    expect([...lagging]).toEqual(['a2']);
    expect(bulletinUnitRows({ board, periodKey: 'P1', laggingByUnit: new Map([['市科工局', 1]]) })).toEqual([
      { unit: '市财政局', assigned: 1, reported: 0, approved: 0, late: 1, lagging: 0, escalated: 1 },
      { unit: '市科工局', assigned: 3, reported: 3, approved: 2, late: 0, lagging: 1, escalated: 0 },
    ]);
  });
});
