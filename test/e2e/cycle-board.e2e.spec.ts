import { Workbook } from 'exceljs';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { AssignmentView } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { sleep } from '../support/cycle-driver';
import { testServiceToken, type TestCaller } from '../support/test-directory';
import { eventually } from '../support/test-stack';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(180_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  finance: testServiceToken(),
  leader: testServiceToken(),
  auditor: testServiceToken(),
};
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'science', role: 'department', unit: SCIENCE_BUREAU },
  { token: tokens.finance, name: 'finance', role: 'department', unit: FINANCE_BUREAU },
  // A leader answering for 市科工局.
  { token: tokens.leader, name: 'leader', role: 'leader', unit: SCIENCE_BUREAU },
  { token: tokens.auditor, name: 'auditor', role: 'auditor', unit: null },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

type States = Record<string, number>;
interface Board {
  decomposition: { started: number; total: number };
  assignments: number;
  started: number;
  periods: { key: string; total: number; reported: number; approved: number; overdue: number; escalated: number; counts: States }[];
  units: {
    unit: string;
    assignments: number;
    light: string;
    cells: { periodKey: string; counts: States; total: number; escalated: number; light: string }[];
  }[];
  escalations: { reminder: number; supervision: number; interview: number; total: number };
}

/** The board counted again from the assignments one by one: what the grouped SQL must agree with. */
function expectedBoard(assignments: AssignmentView[]) {
  const cells = new Map<string, States & { escalated: number; total: number }>();
  for (const assignment of assignments) {
    for (const period of assignment.status?.periods ?? []) {
      const state = period.overdue && (period.status === 'open' || period.status === 'returned') ? 'overdue' : period.status;
      const key = `${assignment.unit}/${period.key}`;
      const cell = cells.get(key) ?? { escalated: 0, total: 0 };
      cell[state] = (cell[state] ?? 0) + 1;
      cell.total += 1;
      if (period.escalationLevel !== null) cell.escalated += 1;
      cells.set(key, cell);
    }
  }
  return cells;
}

describe('the cycle board and the evaluation workbook, through HTTP', () => {
  let http: App;
  let stack: HttpStack;

  beforeAll(async () => {
    stack = await startHttpStack({ name: 'board', callers, units: [] });
    http = stack.http;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('counts units × periods by state as the assignments say, scoped like them, with escalations by level; exports the evaluation', async () => {
    const created = await request(http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan('看板测试计划') })
      .expect(201);
    const { id: planId, cycleId } = created.body as { id: string; cycleId: string };
    const published = await request(http)
      .post(`/plans/${planId}/publish`)
      .set(auth(tokens.coordinator))
      .send({
        calendar: {
          kind: 'compressed',
          periodCount: 2,
          periodSeconds: 10,
          reminderSeconds: 2,
          graceSeconds: 1,
          escalationChecks: 2,
          evaluationAfterSeconds: 600,
        },
      })
      .expect(200);
    const periods = (published.body.calendar.periods as { key: string; dueAt: string }[]).map((p) => ({
      key: p.key,
      dueAt: Date.parse(p.dueAt),
    }));

    const listAll = async (token = tokens.coordinator) =>
      (await request(http).get(`/cycles/${cycleId}/assignments?limit=200`).set(auth(token)).expect(200)).body.items as AssignmentView[];
    const all = await eventually(
      async () => {
        const list = await listAll();
        return list.length === 3 && list.every((a) => a.status !== null) ? list : undefined;
      },
      30_000,
      'assignments to start',
    );
    const scienceLead = all.find((a) => a.unit === SCIENCE_BUREAU) as AssignmentView;
    const financeLead = all.find((a) => a.unit === FINANCE_BUREAU && a.role === 'lead') as AssignmentView;
    const financeCooperating = all.find((a) => a.unit === FINANCE_BUREAU && a.role === 'cooperating') as AssignmentView;

    // One unit's assignments by name: the console's list under a board cell.
    const financeOnly = await request(http)
      .get(`/cycles/${cycleId}/assignments?unit=${encodeURIComponent(FINANCE_BUREAU)}`)
      .set(auth(tokens.coordinator))
      .expect(200);
    expect(financeOnly.body.items.map((a: AssignmentView) => a.id).sort()).toEqual([financeLead.id, financeCooperating.id].sort());
    const notTheirs = await request(http)
      .get(`/cycles/${cycleId}/assignments?unit=${encodeURIComponent(FINANCE_BUREAU)}`)
      .set(auth(tokens.science))
      .expect(200);
    expect(notTheirs.body.items).toEqual([]);

    const report = (assignment: AssignmentView, periodKey: string, value: number) => ({
      periodKey,
      idempotencyKey: `board-${assignment.id}-${periodKey}`,
      narrative: `${assignment.unit}${periodKey}报送`,
      values: assignment.indicators.map((i) => ({ indicatorId: i.id, value })),
    });
    await request(http).post(`/assignments/${scienceLead.id}/acknowledge`).set(auth(tokens.science)).expect(200);
    await request(http)
      .post(`/assignments/${scienceLead.id}/reports`)
      .set(auth(tokens.science))
      .send(report(scienceLead, 'P1', 300))
      .expect(201);
    await request(http)
      .post(`/assignments/${scienceLead.id}/reviews`)
      .set(auth(tokens.coordinator))
      .send({ periodKey: 'P1', decision: 'approve', idempotencyKey: 'board-approve-science-p1' })
      .expect(200);
    await request(http).post(`/assignments/${financeCooperating.id}/acknowledge`).set(auth(tokens.finance)).expect(200);
    await request(http)
      .post(`/assignments/${financeCooperating.id}/reports`)
      .set(auth(tokens.finance))
      .send(report(financeCooperating, 'P1', 200))
      .expect(201);

    // 市财政局's own target stays unreported until it is escalated to 督办.
    await eventually(
      async () => {
        const res = await request(http).get(`/cycles/${cycleId}/escalations`).set(auth(tokens.coordinator)).expect(200);
        return (res.body.items as { assignmentId: string; level: string }[]).some(
          (e) => e.assignmentId === financeLead.id && e.level === 'supervision',
        );
      },
      40_000,
      'the 督办 of the late unit',
    );

    // The board agrees with the assignments read one by one (read twice around it, so the clock moved nothing between).
    const compare = async () => {
      const before = await listAll();
      const board = (await request(http).get(`/cycles/${cycleId}/board`).set(auth(tokens.coordinator)).expect(200)).body as Board;
      const escalations = (await request(http).get(`/cycles/${cycleId}/escalations?limit=200`).set(auth(tokens.coordinator)).expect(200))
        .body.items as { level: string }[];
      const after = await listAll();
      if (JSON.stringify(before) !== JSON.stringify(after)) return undefined;
      return { board, expected: expectedBoard(after), escalations };
    };
    const { board, expected, escalations } = await eventually(compare, 20_000, 'a quiet moment of the clock');
    expect(board.decomposition).toEqual({ started: 3, total: 3 });
    expect(board.assignments).toBe(3);
    expect(board.started).toBe(3);
    expect(board.units.map((u) => [u.unit, u.assignments])).toEqual(
      expect.arrayContaining([
        [SCIENCE_BUREAU, 1],
        [FINANCE_BUREAU, 2],
      ]),
    );
    for (const unit of board.units) {
      for (const cell of unit.cells) {
        const want = expected.get(`${unit.unit}/${cell.periodKey}`);
        const nonZero = Object.fromEntries(Object.entries(cell.counts).filter(([, n]) => n > 0));
        const { escalated, total, ...states } = want ?? { escalated: 0, total: 0 };
        expect({ unit: unit.unit, period: cell.periodKey, counts: nonZero, total: cell.total, escalated: cell.escalated }).toEqual({
          unit: unit.unit,
          period: cell.periodKey,
          counts: states,
          total,
          escalated,
        });
      }
    }
    const finance = board.units.find((u) => u.unit === FINANCE_BUREAU);
    const science = board.units.find((u) => u.unit === SCIENCE_BUREAU);
    expect(finance?.cells[0]).toMatchObject({ periodKey: 'P1', light: 'red' });
    expect(finance?.cells[0]?.counts).toMatchObject({ submitted: 1 });
    expect(science?.cells[0]).toMatchObject({ periodKey: 'P1', light: 'green', counts: expect.objectContaining({ approved: 1 }) });
    const p1 = board.periods.find((p) => p.key === 'P1');
    expect(p1).toMatchObject({ total: 3, approved: 1, reported: 2, overdue: 1, escalated: 1 });
    const byLevel = (level: string) => escalations.filter((e) => e.level === level).length;
    expect(board.escalations).toEqual({
      reminder: byLevel('reminder'),
      supervision: byLevel('supervision'),
      interview: byLevel('interview'),
      total: escalations.length,
    });
    expect(board.escalations.supervision).toBeGreaterThanOrEqual(1);

    // Scoped as the assignments: a department sees its own unit, the leader of 市科工局 that unit.
    const ownBoard = (await request(http).get(`/cycles/${cycleId}/board`).set(auth(tokens.science)).expect(200)).body as Board;
    expect(ownBoard.units.map((u) => u.unit)).toEqual([SCIENCE_BUREAU]);
    expect(ownBoard.escalations.total).toBe(0);
    expect(JSON.stringify(ownBoard)).not.toContain(FINANCE_BUREAU);
    const leaderBoard = (await request(http).get(`/cycles/${cycleId}/board`).set(auth(tokens.leader)).expect(200)).body as Board;
    expect(leaderBoard.units.map((u) => u.unit)).toEqual([SCIENCE_BUREAU]);
    const financeBoard = (await request(http).get(`/cycles/${cycleId}/board`).set(auth(tokens.finance)).expect(200)).body as Board;
    expect(financeBoard.units.map((u) => u.unit)).toEqual([FINANCE_BUREAU]);
    expect(financeBoard.escalations.supervision).toBe(board.escalations.supervision);
    await request(http).get(`/cycles/${cycleId}/board`).set(auth(tokens.auditor)).expect(200);
    await request(http).get('/cycles/00000000-0000-4000-8000-000000000000/board').set(auth(tokens.coordinator)).expect(404);

    // Before the evaluation there is no workbook.
    await request(http).get(`/cycles/${cycleId}/evaluation.xlsx`).set(auth(tokens.coordinator)).expect(404);

    // The last due date passes; the coordinator runs the evaluation; the workbook reads back.
    const last = periods[periods.length - 1] as { dueAt: number };
    await sleep(Math.max(0, last.dueAt - Date.now()) + 500);
    await request(http).post(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator)).send({}).expect(202);
    const evaluation = await eventually(
      async () => {
        const res = await request(http).get(`/cycles/${cycleId}/evaluation`).set(auth(tokens.coordinator));
        return res.status === 200 && res.body.status === 'completed' ? res.body : undefined;
      },
      40_000,
      'the evaluation',
    );
    const download = await request(http)
      .get(`/cycles/${cycleId}/evaluation.xlsx`)
      .set(auth(tokens.coordinator))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('看板测试计划-年终考核.xlsx'));
    const workbook = new Workbook();
    await workbook.xlsx.load(download.body as Parameters<Workbook['xlsx']['load']>[0]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['单位得分与排名', '指标完成情况', '工作总结']);
    const unitSheet = workbook.getWorksheet('单位得分与排名');
    expect(unitSheet?.getRow(1).getCell(2).value).toBe('责任单位');
    const units = evaluation.result.units as { unit: string; rank: number; score: number }[];
    expect(unitSheet?.rowCount).toBe(units.length + 1);
    const first = [...units].sort((a, b) => a.rank - b.rank)[0] as { unit: string; rank: number; score: number };
    expect([unitSheet?.getRow(2).getCell(1).value, unitSheet?.getRow(2).getCell(2).value, unitSheet?.getRow(2).getCell(3).value]).toEqual([
      first.rank,
      first.unit,
      first.score,
    ]);
    const indicatorSheet = workbook.getWorksheet('指标完成情况');
    const indicators = evaluation.result.indicators as { targetText: string; metric: string }[];
    expect(indicatorSheet?.rowCount).toBe(indicators.length + 1);
    expect(indicatorSheet?.getRow(1).getCell(8).value).toBe('考核结果');
    expect(indicatorSheet?.getRow(2).getCell(2).value).toBe(indicators[0]?.targetText);
    expect(indicatorSheet?.getRow(2).getCell(3).value).toBe(indicators[0]?.metric);
    expect(String(workbook.getWorksheet('工作总结')?.getRow(1).getCell(1).value)).toContain('年终考核');

    // A department's workbook holds its own figures only, and no summary.
    const own = await request(http)
      .get(`/cycles/${cycleId}/evaluation.xlsx`)
      .set(auth(tokens.finance))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const ownBook = new Workbook();
    await ownBook.xlsx.load(own.body as Parameters<Workbook['xlsx']['load']>[0]);
    expect(ownBook.worksheets.map((w) => w.name)).toEqual(['单位得分与排名', '指标完成情况']);
    const ownUnits = ownBook.getWorksheet('单位得分与排名');
    expect(ownUnits?.rowCount).toBe(2);
    expect(ownUnits?.getRow(2).getCell(2).value).toBe(FINANCE_BUREAU);
    await request(http).get(`/cycles/${cycleId}/evaluation.xlsx`).set(auth(tokens.leader)).expect(403);
  });
});
