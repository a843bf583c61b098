import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { calendarSpecSchema, type ActorRef, type PlanDocument, type ReportingCalendar } from '@plancycle/contracts';
import { decomposePlan } from '@plancycle/domain';
import { mediumDatabaseUrl, openMediumRepositories } from '../../../../test/support/medium-database';
import type { Repositories } from '../index';

jest.setTimeout(120_000);

const coordinator: ActorRef = { id: 'coordinator-numbers', role: 'coordinator', unit: null };
const run = randomUUID().slice(0, 6);
/** A year of its own, so other specs' 督办 do not take numbers from this series. */
const year = 2090 + Math.floor(Math.random() * 9);
const unitName = (i: number) => `督办编号单位${i}-${run}`;
const calendar: ReportingCalendar = {
  periods: [{ key: 'Q1', label: '第一季度', opensAt: 0, dueAt: 1_000, closesAt: 2_000 }],
  reminderBeforeDueMs: 100,
  graceMs: 100,
  escalationChecks: 2,
  evaluationAt: 3_000,
};

describe('督办 numbers: one series per plan year, given once per escalation', () => {
  let repos: Repositories;
  let pool: Pool;
  let assignments: { assignmentId: string; unit: string }[];

  const raise = (assignmentId: string, level: 'reminder' | 'supervision' | 'interview' = 'supervision') =>
    repos.decisions.raiseEscalation({
      assignmentId,
      periodKey: 'Q1',
      level,
      recipient: null,
      reason: '督办：报送逾期（逾期1个宽限期，累计逾期1期）',
      decisionId: randomUUID(),
      ruleSet: { id: 'escalation', version: '1.0.0' },
    });

  beforeAll(async () => {
    repos = openMediumRepositories();
    pool = new Pool({ connectionString: mediumDatabaseUrl(), max: 2 });
    await repos.directory.ensureActiveUnits(
      { id: 'test:seed', role: 'system' },
      Array.from({ length: 6 }, (_, i) => unitName(i)),
    );
    const document: PlanDocument = {
      jurisdiction: '沅江市',
      year,
      title: `督办编号计划${run}`,
      goals: [],
      tasks: [
        {
          number: '3',
          category: null,
          title: '加大科技投入',
          content: null,
          leader: '钟兴旺',
          targets: Array.from({ length: 6 }, (_, i) => ({
            text: `目标${i + 1}：新增企业10家以上`,
            units: { lead: [unitName(i)], cooperating: [] },
            indicators: [{ metric: '新增企业', kind: 'count' as const, comparator: 'gte' as const, value: 10, unit: '家', stretch: false }],
          })),
        },
      ],
    };
    const draft = await repos.plans.createDraft({
      document,
      calendarSpec: calendarSpecSchema.parse({ kind: 'quarterly' }),
      actor: coordinator,
    });
    const stored = await repos.cycles.publishOnce({
      cycleId: draft.cycleId,
      actor: coordinator,
      calendar,
      ruleSets: [{ id: 'escalation', version: '1.0.0' }],
      publishedAt: 0,
      assignments: decomposePlan(draft),
    });
    assignments = stored.map(({ assignmentId, unit }) => ({ assignmentId, unit })).sort((a, b) => a.unit.localeCompare(b.unit));
  });

  afterAll(async () => {
    await pool?.end();
    await repos?.close();
  });

  it('numbers concurrent 督办 one after another, keeps each number, and gives a reminder none', async () => {
    const raised = await Promise.all(assignments.slice(0, 5).map((a) => raise(a.assignmentId)));
    const numbers = raised.map((r) => r.notice?.number as number).sort((a, b) => a - b);
    expect(raised.every((r) => r.notice?.year === year)).toBe(true);
    // Consecutive and distinct (from 1 on a fresh database; a reused one may hold earlier runs').
    const first = numbers[0] as number;
    expect(numbers).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
    // Raised again (a retried activity): the same number, none taken.
    const again = await raise((assignments[0] as { assignmentId: string }).assignmentId);
    expect(again.notice).toEqual(raised[0]?.notice);
    expect((await raise((assignments[5] as { assignmentId: string }).assignmentId, 'reminder')).notice).toBeNull();
    expect((await raise((assignments[5] as { assignmentId: string }).assignmentId, 'interview')).notice).toEqual({
      year,
      number: first + 5,
    });
  });

  it('reads what the 督办通知单 says, and numbers a 督办 raised before numbers existed, once', async () => {
    const first = assignments[0] as { assignmentId: string; unit: string };
    const id = (await repos.decisions.findEscalationId({
      assignmentId: first.assignmentId,
      periodKey: 'Q1',
      level: 'supervision',
    })) as string;
    const notice = await repos.decisions.escalationNoticeOrThrow(id);
    expect(notice.scope).toEqual({ unit: first.unit, leaderPersonId: null });
    expect(notice.facts).toMatchObject({
      level: 'supervision',
      periodKey: 'Q1',
      period: { label: '第一季度', dueAt: 1_000 },
      unit: first.unit,
      role: 'lead',
      task: { number: '3', title: '加大科技投入', leader: '钟兴旺' },
      target: '目标1：新增企业10家以上',
      plan: { title: `督办编号计划${run}`, jurisdiction: '沅江市', year },
      holidayCalendar: null,
    });

    await pool.query('UPDATE "Escalation" SET "noticeYear" = NULL, "noticeNumber" = NULL WHERE id = $1', [id]);
    const renumbered = await Promise.all([repos.decisions.escalationNoticeOrThrow(id), repos.decisions.escalationNoticeOrThrow(id)]);
    const number = renumbered[0].facts.number;
    expect(number?.year).toBe(year);
    expect(number?.number).toBeGreaterThan(notice.facts.number?.number as number);
    expect(renumbered[1].facts.number).toEqual(number);
    expect((await repos.decisions.escalationNoticeOrThrow(id)).facts.number).toEqual(number);
    await expect(repos.decisions.escalationNoticeOrThrow(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
