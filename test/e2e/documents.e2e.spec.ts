import { Workbook } from 'exceljs';
import mammoth from 'mammoth';
import request from 'supertest';
import type { AssignmentView } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { testServiceToken } from '../support/test-directory';
import { eventually } from '../support/test-stack';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(240_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  finance: testServiceToken(),
  leader: testServiceToken(),
  auditor: testServiceToken(),
};
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function wordText(body: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: body })).value;
}

/**
 * The office's documents over HTTP on the real stack: 市科工局 never reports, is put under
 * 督办 and gets a numbered 督办通知单 (the same number on every download, only for those who may
 * read it); 市财政局 reports and is approved; the 季通报 names who is late, the 工作总结 ranks
 * the units, and the 台账 has a row per assignment and period and the year-end results.
 */
describe('documents: 督办通知单, 季通报, 工作总结 and 台账 for download', () => {
  let stack: HttpStack;
  let cycleId: string;
  let assignments: AssignmentView[];
  const title = `文书测试计划${Date.now().toString(36)}`;

  const download = (path: string, token: string, status = 200) =>
    request(stack.http)
      .get(path)
      .set(auth(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(status);

  beforeAll(async () => {
    stack = await startHttpStack({
      name: 'documents',
      callers: [
        { token: tokens.coordinator, name: '周协调', role: 'coordinator' },
        { token: tokens.science, name: '王芳', role: 'department', unit: SCIENCE_BUREAU },
        { token: tokens.finance, name: '赵磊', role: 'department', unit: FINANCE_BUREAU },
        { token: tokens.leader, name: '钟兴旺', role: 'leader', unit: SCIENCE_BUREAU },
        { token: tokens.auditor, name: '审计', role: 'auditor' },
      ],
      config: { PLANCYCLE_ISSUING_OFFICE: '沅江市科技创新工作领导小组办公室' },
    });
    const created = await request(stack.http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan(title) })
      .expect(201);
    cycleId = created.body.cycleId as string;
    await request(stack.http)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth(tokens.coordinator))
      .send({
        calendar: {
          kind: 'compressed',
          periodCount: 1,
          periodSeconds: 10,
          reminderSeconds: 3,
          graceSeconds: 2,
          escalationChecks: 2,
          evaluationAfterSeconds: 8,
        },
      })
      .expect(200);
    assignments = await eventually(
      async () => {
        const res = await request(stack.http).get(`/cycles/${cycleId}/assignments`).set(auth(tokens.coordinator)).expect(200);
        const list = res.body.items as AssignmentView[];
        return list.length === 3 && list.every((a) => a.status !== null) ? list : undefined;
      },
      60_000,
      'the assignments to start',
    );
    // 市财政局 reports on both of its assignments and is approved; 市科工局 never reports.
    for (const assignment of assignments.filter((a) => a.unit === FINANCE_BUREAU)) {
      await request(stack.http).post(`/assignments/${assignment.id}/acknowledge`).set(auth(tokens.finance)).send({}).expect(200);
      await request(stack.http)
        .post(`/assignments/${assignment.id}/reports`)
        .set(auth(tokens.finance))
        .send({
          periodKey: 'P1',
          idempotencyKey: `documents-${assignment.id}`,
          narrative: '财政局第1期报送',
          evidence: [],
          values: assignment.indicators.map((i) => ({ indicatorId: i.id, value: 600 })),
        })
        .expect(201);
      await request(stack.http)
        .post(`/assignments/${assignment.id}/reviews`)
        .set(auth(tokens.coordinator))
        .send({ periodKey: 'P1', decision: 'approve' })
        .expect(200);
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('writes a numbered 督办通知单 of the late unit, the same number each time, for its unit and leader only', async () => {
    const supervision = await eventually(
      async () => {
        const res = await request(stack.http).get(`/cycles/${cycleId}/escalations`).set(auth(tokens.coordinator)).expect(200);
        return (res.body.items as { id: string; unit: string; level: string }[]).find(
          (e) => e.unit === SCIENCE_BUREAU && e.level === 'supervision',
        );
      },
      90_000,
      'the 督办 of 市科工局',
    );
    const res = await download(`/escalations/${supervision.id}/notice.docx`, tokens.coordinator);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const text = await wordText(res.body as Buffer);
    const number = /督办〔2024〕(\d+)号/.exec(text)?.[0];
    expect(number).toBeDefined();
    expect(decodeURIComponent(res.headers['content-disposition'] ?? '')).toContain(`督办通知单-${number}-${SCIENCE_BUREAU}.docx`);
    for (const expected of [
      '督办通知单',
      `${SCIENCE_BUREAU}：`,
      `${SCIENCE_BUREAU}（牵头）`,
      '1 深入实施科技型企业精准培育计划',
      '入库科技型中小企业500家以上',
      '第1期（P1）',
      '督办：报送逾期',
      '个工作日内）',
      '沅江市科技创新工作领导小组办公室',
      `《${title}》`,
    ]) {
      expect(text).toContain(expected);
    }
    // The number stays with the escalation; its unit and leader read it, another unit may not.
    for (const token of [tokens.science, tokens.leader, tokens.auditor]) {
      expect(await wordText((await download(`/escalations/${supervision.id}/notice.docx`, token)).body as Buffer)).toContain(number);
    }
    await download(`/escalations/${supervision.id}/notice.docx`, tokens.finance, 403);
    const reminder = (
      (await request(stack.http).get(`/cycles/${cycleId}/escalations`).set(auth(tokens.coordinator)).expect(200)).body.items as {
        id: string;
        level: string;
      }[]
    ).find((e) => e.level === 'reminder');
    if (reminder) await download(`/escalations/${reminder.id}/notice.docx`, tokens.coordinator, 409);
    await download('/escalations/00000000-0000-4000-8000-000000000000/notice.docx', tokens.coordinator, 404);
  });

  it('writes the period’s 季通报: the counts of each unit, the late one named', async () => {
    const res = await download(`/cycles/${cycleId}/periods/P1/bulletin.docx`, tokens.coordinator);
    const text = await wordText(res.body as Buffer);
    expect(text).toContain('2024年第1期工作情况通报');
    expect(text).toContain('应报送3项，已报送2项（66.7%），审核通过2项（66.7%）');
    expect(text).toContain(`逾期未报送1项，涉及${SCIENCE_BUREAU}`);
    expect(text).toContain(`${SCIENCE_BUREAU}（1项）。`);
    await download(`/cycles/${cycleId}/periods/P9/bulletin.docx`, tokens.coordinator, 404);
    await download(`/cycles/${cycleId}/periods/P1/bulletin.docx`, tokens.science, 403);
  });

  it('writes the 工作总结 with the ranking, and the 台账 with a row per assignment and period and the results', async () => {
    await eventually(
      async () => {
        const res = await request(stack.http).get(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator));
        return res.status === 200 && (res.body as { status?: string }).status === 'completed';
      },
      90_000,
      'the evaluation',
    );
    const evaluation = (await request(stack.http).get(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator)).expect(200)).body as {
      summaryText: string;
      result: { units: { unit: string; rank: number; score: number }[] };
    };
    const ranked = [...evaluation.result.units].sort((a, b) => a.rank - b.rank);
    const summary = await wordText((await download(`/cycles/${cycleId}/summary.docx`, tokens.coordinator)).body as Buffer);
    expect(summary).toContain(evaluation.summaryText.split('\n')[0]);
    expect(summary).toContain('附：责任单位考核得分与排名');
    for (const unit of ranked) expect(summary).toMatch(new RegExp(`${unit.rank}\\s+${unit.unit}\\s+${unit.score.toFixed(2)}`));
    await download(`/cycles/${cycleId}/summary.docx`, tokens.science, 403);

    const ledger = await download(`/cycles/${cycleId}/ledger.xlsx`, tokens.auditor);
    expect(decodeURIComponent(ledger.headers['content-disposition'] ?? '')).toContain(`${title}-台账.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.load(ledger.body as Parameters<Workbook['xlsx']['load']>[0]);
    const sheet = workbook.getWorksheet('报送台账');
    expect(sheet).toBeDefined();
    const rows = (sheet?.getSheetValues() ?? []).slice(2).map((row) => (Array.isArray(row) ? row.slice(1) : []));
    expect(rows).toHaveLength(3);
    const science = rows.find((r) => r[3] === SCIENCE_BUREAU);
    expect(science).toEqual(
      expect.arrayContaining([
        '1',
        '深入实施科技型企业精准培育计划',
        '入库科技型中小企业500家以上',
        '牵头',
        '第1期（P1）',
        '未报送（已截止）',
        '是',
        0,
        '督办',
      ]),
    );
    const financeLead = rows.find((r) => r[3] === FINANCE_BUREAU && r[0] === '2');
    expect(financeLead?.slice(0, 19)).toEqual([
      '2',
      '强化企业自主创新',
      '技术合同交易额达30亿元',
      FINANCE_BUREAU,
      '牵头',
      '第1期（P1）',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      '审核通过',
      '否',
      1,
      '技术合同交易额：600元',
      '财政局第1期报送',
      '赵磊',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      '通过',
      '',
      '周协调',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      // 600 元 of 30 亿: behind its trajectory, so the rules raised a 提醒.
      '提醒',
    ]);
    const results = workbook.getWorksheet('年终考核结果');
    expect(results?.getRow(2).getCell(2).value).toBe(ranked[0]?.unit);
    expect(results?.getRow(2).getCell(1).value).toBe(1);
    await download(`/cycles/${cycleId}/ledger.xlsx`, tokens.finance, 403);
  });
});
