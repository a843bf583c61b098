import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  calendarSpecSchema,
  type ActorRef,
  type AssignmentStatus,
  type PeriodState,
  type PlanDocument,
  type ReportingCalendar,
} from '@plancycle/contracts';
import { cycleBoard, decomposePlan } from '@plancycle/domain';
import { mediumDatabaseUrl, openMediumRepositories } from '../../../../test/support/medium-database';
import type { Repositories } from '../index';

jest.setTimeout(120_000);

const coordinator: ActorRef = { id: 'coordinator-board', role: 'coordinator', unit: null };
const UNITS = 40;
const ASSIGNMENTS = 1_000;
const run = randomUUID().slice(0, 6);
const unitName = (i: number) => `看板单位${String(i).padStart(2, '0')}-${run}`;
const calendar: ReportingCalendar = {
  periods: ['P1', 'P2', 'P3', 'P4'].map((key, i) => ({
    key,
    label: `第${i + 1}期`,
    opensAt: i * 1_000,
    dueAt: (i + 1) * 1_000,
    closesAt: (i + 2) * 1_000,
  })),
  reminderBeforeDueMs: 100,
  graceMs: 200,
  escalationChecks: 2,
  evaluationAt: 6_000,
};

/** Assignment i's first period: approved, waiting, overdue (and escalated), or missed, by i mod 4. */
function statusOf(i: number, assignmentId: string, cycleId: string, unit: string): AssignmentStatus {
  const p1: Pick<PeriodState, 'status' | 'overdue' | 'escalationLevel'> = [
    { status: 'approved' as const, overdue: false, escalationLevel: null },
    { status: 'submitted' as const, overdue: false, escalationLevel: null },
    { status: 'open' as const, overdue: true, escalationLevel: 'supervision' as const },
    { status: 'missed' as const, overdue: true, escalationLevel: null },
  ][i % 4] as Pick<PeriodState, 'status' | 'overdue' | 'escalationLevel'>;
  return {
    assignmentId,
    cycleId,
    unit,
    role: 'lead',
    phase: 'active',
    acknowledgedAt: 1,
    escalationLevel: p1.escalationLevel,
    periods: calendar.periods.map((period, index) => ({
      key: period.key,
      label: period.label,
      dueAt: period.dueAt,
      closesAt: period.closesAt,
      deadlineAt: period.dueAt,
      reminderSentAt: null,
      submissions: 0,
      currentReportId: null,
      lastReturnComment: null,
      ...(index === 0 ? p1 : { status: index === 1 ? 'open' : 'not_open', overdue: false, escalationLevel: null }),
    })),
  };
}

describe('the cycle board’s counts on PostgreSQL, a cycle of 1,000 assignments', () => {
  let repos: Repositories;
  let pool: Pool;
  let cycleId: string;
  let assignments: { assignmentId: string; unit: string }[];

  beforeAll(async () => {
    repos = openMediumRepositories();
    pool = new Pool({ connectionString: mediumDatabaseUrl(), max: 2 });
    const units = Array.from({ length: UNITS }, (_, i) => unitName(i));
    await repos.directory.ensureActiveUnits({ id: 'test:seed', role: 'system' }, units);
    const document: PlanDocument = {
      jurisdiction: '沅江市',
      year: 2026,
      title: `千项任务看板${run}`,
      goals: [],
      tasks: Array.from({ length: 50 }, (_, t) => ({
        number: String(t + 1),
        category: null,
        title: `任务${t + 1}`,
        content: null,
        leader: null,
        targets: Array.from({ length: ASSIGNMENTS / 50 }, (_, k) => {
          const i = t * (ASSIGNMENTS / 50) + k;
          return {
            text: `目标${i + 1}：新增企业${i + 1}家以上`,
            units: { lead: [unitName(i % UNITS)], cooperating: [] },
            indicators: [
              { metric: `新增企业${i + 1}`, kind: 'count' as const, comparator: 'gte' as const, value: i + 1, unit: '家', stretch: false },
            ],
          };
        }),
      })),
    };
    const draft = await repos.plans.createDraft({
      document,
      calendarSpec: calendarSpecSchema.parse({ kind: 'quarterly' }),
      actor: coordinator,
    });
    cycleId = draft.cycleId;
    const stored = await repos.cycles.publishOnce({
      cycleId,
      actor: coordinator,
      calendar,
      ruleSets: [{ id: 'attainment', version: '1.0.0' }],
      publishedAt: 0,
      assignments: decomposePlan(draft),
    });
    // Plan order: the target's number tells its pattern.
    const targetIndex = new Map(draft.tasks.flatMap((task) => task.targets).map((target, i) => [target.id, i]));
    assignments = stored
      .map((a) => ({ ...a, index: targetIndex.get(a.targetId) ?? -1 }))
      .sort((a, b) => a.index - b.index)
      .map(({ assignmentId, unit }) => ({ assignmentId, unit }));
    expect(assignments).toHaveLength(ASSIGNMENTS);
    for (const [i, a] of assignments.entries()) await repos.assignments.recordStatus(statusOf(i, a.assignmentId, cycleId, a.unit));
    // Escalations of the overdue ones (i mod 4 = 2): 提醒 then 督办 for each of the first ten units'.
    for (const [i, a] of assignments.entries()) {
      if (i % 4 !== 2 || i >= 2 * UNITS) continue;
      for (const level of ['reminder', 'supervision'] as const) {
        await repos.decisions.raiseEscalation({
          assignmentId: a.assignmentId,
          periodKey: 'P1',
          level,
          recipient: null,
          reason: '报送逾期',
          decisionId: randomUUID(),
          ruleSet: { id: 'escalation', version: '1.0.0' },
        });
      }
    }
  });

  afterAll(async () => {
    await repos?.close();
    await pool?.end();
  });

  it('counts every unit × period in the database, well within the 2 s the board may take', async () => {
    const started = performance.now();
    const [counts, escalationsByLevel] = await Promise.all([
      repos.assignments.boardCounts({ cycleId }),
      repos.decisions.escalationCountsByLevel({ cycleId }),
    ]);
    const board = cycleBoard({ calendar, ...counts, escalationsByLevel });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1_000);

    expect(board.assignments).toBe(ASSIGNMENTS);
    expect(board.started).toBe(ASSIGNMENTS);
    expect(board.units).toHaveLength(UNITS);
    expect(board.periods.map((p) => p.total)).toEqual([ASSIGNMENTS, ASSIGNMENTS, ASSIGNMENTS, ASSIGNMENTS]);
    const p1 = board.periods[0];
    expect(p1?.counts).toMatchObject({ approved: 250, submitted: 250, overdue: 250, missed: 250 });
    expect(p1).toMatchObject({ reported: 500, approved: 250, overdue: 500, escalated: 250 });
    expect(board.periods[1]?.counts.open).toBe(ASSIGNMENTS);
    // Unit i holds assignments i, i+40, …: 25 each, all in the same pattern (40 is a multiple of 4).
    const unit2 = board.units.find((u) => u.unit === unitName(2));
    expect(unit2).toMatchObject({ assignments: 25, light: 'red' });
    expect(unit2?.cells[0]).toMatchObject({ total: 25, escalated: 25, light: 'red', counts: expect.objectContaining({ overdue: 25 }) });
    expect(board.units.find((u) => u.unit === unitName(0))?.cells[0]).toMatchObject({ light: 'green' });
    expect(board.units.find((u) => u.unit === unitName(0))?.cells[1]).toMatchObject({ light: 'yellow' });
    expect(board.escalations).toEqual({ reminder: 20, supervision: 20, interview: 0, total: 40 });
  });

  it('counts only what the scope reaches: a unit’s own, or the tasks a leader answers for', async () => {
    const own = await repos.assignments.boardCounts({ cycleId, scope: { units: [unitName(2)] } });
    expect(own.unitAssignments).toEqual([{ unit: unitName(2), count: 25 }]);
    expect(new Set(own.rows.map((r) => r.unit))).toEqual(new Set([unitName(2)]));
    expect(await repos.decisions.escalationCountsByLevel({ cycleId, scope: { units: [unitName(2)] } })).toEqual(
      expect.arrayContaining([
        { level: 'reminder', count: 2 },
        { level: 'supervision', count: 2 },
      ]),
    );
    expect((await repos.assignments.boardCounts({ cycleId, scope: { units: [] } })).unitAssignments).toEqual([]);
    // Several units (a leader answering for two), and a unit the directory does not know.
    const two = await repos.assignments.boardCounts({ cycleId, scope: { units: [unitName(2), unitName(30)] } });
    expect(two.unitAssignments.sort((a, b) => a.unit.localeCompare(b.unit))).toEqual(
      [
        { unit: unitName(2), count: 25 },
        { unit: unitName(30), count: 25 },
      ].sort((a, b) => a.unit.localeCompare(b.unit)),
    );
    expect((await repos.assignments.boardCounts({ cycleId, scope: { units: ['没有这个单位'] } })).unitAssignments).toEqual([]);

    // A leader named on task 1 (targets 1–20, units 0–19) sees those assignments, whatever their unit.
    const leader = await repos.directory.createPerson(
      { id: 'test:seed', role: 'system' },
      { name: '钟兴旺', email: `leader-board-${run}@test.plancycle.local`, role: 'leader' },
    );
    await pool.query(
      `UPDATE "Task" SET "leaderPersonId" = $1 WHERE "planId" = (SELECT "planId" FROM "Cycle" WHERE "id" = $2) AND "number" = '1'`,
      [leader.id, cycleId],
    );
    const led = await repos.assignments.boardCounts({ cycleId, scope: { units: [], leaderPersonId: leader.id } });
    expect(led.unitAssignments.reduce((sum, u) => sum + u.count, 0)).toBe(20);
    expect(led.unitAssignments.map((u) => u.unit).sort()).toEqual(Array.from({ length: 20 }, (_, i) => unitName(i)).sort());
    const both = await repos.assignments.boardCounts({ cycleId, scope: { units: [unitName(30)], leaderPersonId: leader.id } });
    expect(both.unitAssignments.reduce((sum, u) => sum + u.count, 0)).toBe(45);
  });
});
