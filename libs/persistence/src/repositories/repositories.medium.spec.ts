import { Pool } from 'pg';
import { calendarSpecSchema, type ActorRef, type AssignmentStatus, type ReportingCalendar } from '@plancycle/contracts';
import { decomposePlan } from '@plancycle/domain';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../../../../test/fixtures/two-unit-plan';
import { mediumDatabaseUrl, openMediumRepositories } from '../../../../test/support/medium-database';
import type { Repositories } from '../index';

jest.setTimeout(30_000);

const coordinator: ActorRef = { id: 'coordinator-1', role: 'coordinator', unit: null };
const calendar: ReportingCalendar = {
  periods: [
    { key: 'P1', label: '第1期', opensAt: 0, dueAt: 1_000, closesAt: 2_000 },
    { key: 'P2', label: '第2期', opensAt: 1_000, dueAt: 2_000, closesAt: 3_000 },
  ],
  reminderBeforeDueMs: 100,
  graceMs: 500,
  escalationChecks: 2,
  evaluationAt: 3_000,
};
const ruleSets = [{ id: 'attainment', version: '1.0.0' }];

describe('repositories on embedded PostgreSQL', () => {
  let repos: Repositories;
  let pool: Pool;

  beforeAll(() => {
    repos = openMediumRepositories();
    pool = new Pool({ connectionString: mediumDatabaseUrl(), max: 1 });
  });
  afterAll(async () => {
    await repos?.close();
    await pool?.end();
  });

  async function publishedPlan() {
    const draft = await repos.plans.createDraft({
      document: twoUnitPlan(),
      calendarSpec: calendarSpecSchema.parse({ kind: 'quarterly' }),
      actor: coordinator,
    });
    const decomposition = decomposePlan(draft);
    const stored = await repos.cycles.publishOnce({
      cycleId: draft.cycleId,
      actor: coordinator,
      calendar,
      ruleSets,
      publishedAt: 0,
      assignments: decomposition,
    });
    return { draft, decomposition, stored };
  }

  describe('plans', () => {
    it('reads a draft back as it was given, with the calendar spec and the vocabulary parsed', async () => {
      const draft = await repos.plans.createDraft({
        document: twoUnitPlan('读回测试'),
        calendarSpec: calendarSpecSchema.parse({ kind: 'quarterly', dueDayOfFollowingMonth: 15 }),
        actor: coordinator,
      });
      const plan = await repos.plans.findPlanOrThrow(draft.id);
      expect(plan).toMatchObject({ status: 'draft', revision: 1, title: '读回测试', year: 2024 });
      expect(plan.calendarSpec).toEqual({
        kind: 'quarterly',
        dueDayOfFollowingMonth: 15,
        reminderDays: 3,
        graceDays: 5,
        escalationChecks: 3,
        evaluationAfterDays: 20,
      });
      expect(plan.tasks.map((t) => t.targets.map((x) => x.units))).toEqual([
        [{ lead: [SCIENCE_BUREAU], cooperating: [FINANCE_BUREAU] }],
        [{ lead: [FINANCE_BUREAU], cooperating: [] }],
      ]);
      expect(plan.tasks.flatMap((t) => t.targets.flatMap((x) => x.indicators.map((i) => [i.kind, i.comparator, i.value])))).toEqual([
        ['count', 'gte', 500],
        ['amount', 'gte', 3_000_000_000],
      ]);
    });

    it('refuses an edit based on a stale revision with CONFLICT and keeps the draft', async () => {
      const draft = await repos.plans.createDraft({ document: twoUnitPlan('修订'), calendarSpec: null, actor: coordinator });
      await repos.plans.replaceDraft({
        planId: draft.id,
        actor: coordinator,
        expectedRevision: 1,
        document: twoUnitPlan('修订二'),
        calendarSpec: null,
      });
      await expect(
        repos.plans.replaceDraft({
          planId: draft.id,
          actor: coordinator,
          expectedRevision: 1,
          document: twoUnitPlan('修订三'),
          calendarSpec: null,
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await repos.plans.findPlanOrThrow(draft.id)).toMatchObject({ revision: 2, title: '修订二' });
    });
  });

  describe('cycles', () => {
    it('publishes once: stores the decomposition it is given, freezes the plan and pins calendar and rule sets', async () => {
      const { draft, decomposition, stored } = await publishedPlan();
      expect(stored.map(({ targetId, unit, role }) => ({ targetId, unit, role }))).toEqual(expect.arrayContaining(decomposition));
      expect(stored).toHaveLength(decomposition.length);
      expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('published');
      const cycle = await repos.cycles.findCycleOrThrow(draft.cycleId);
      expect(cycle).toMatchObject({ phase: 'published', calendar, ruleSets, progress: { childrenStarted: 0, childrenTotal: 3 } });

      const again = await repos.cycles.publishOnce({
        cycleId: draft.cycleId,
        actor: coordinator,
        calendar,
        ruleSets,
        publishedAt: 0,
        assignments: decomposition,
      });
      expect(new Set(again.map((a) => a.assignmentId))).toEqual(new Set(stored.map((a) => a.assignmentId)));
    });

    it('closes the cycle and its plan only when told to', async () => {
      const { draft } = await publishedPlan();
      const progress = { cycleId: draft.cycleId, childrenStarted: 3, childrenTotal: 3 };
      await repos.cycles.recordProgress({ ...progress, phase: 'evaluating', closePlan: false });
      expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('published');
      expect((await repos.cycles.findCycleOrThrow(draft.cycleId)).closedAt).toBeNull();

      await repos.cycles.recordProgress({ ...progress, phase: 'closed', closePlan: true });
      expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('closed');
      expect((await repos.cycles.findCycleOrThrow(draft.cycleId)).closedAt).not.toBeNull();
    });

    it('fails loudly, naming the column and field, when a stored JSON column does not match its schema', async () => {
      const { draft } = await publishedPlan();
      await pool.query(`UPDATE "Cycle" SET "ruleSets" = '[{"id": "attainment"}]' WHERE id = $1`, [draft.cycleId]);
      await expect(repos.cycles.findCycleOrThrow(draft.cycleId)).rejects.toThrow(
        /stored cycle\.ruleSets does not match its schema: 0\.version: /,
      );
    });
  });

  describe('assignments', () => {
    it('reads back the status a workflow recorded, parsed, with the escalation level', async () => {
      const { stored } = await publishedPlan();
      const lead = stored.find((a) => a.unit === SCIENCE_BUREAU && a.role === 'lead');
      if (!lead) throw new Error('no lead assignment');
      const status: AssignmentStatus = {
        assignmentId: lead.assignmentId,
        cycleId: (await repos.assignments.findAssignmentOrThrow(lead.assignmentId)).cycleId,
        unit: lead.unit,
        role: 'lead',
        phase: 'active',
        acknowledgedAt: 10,
        escalationLevel: 'supervision',
        periods: [
          {
            key: 'P1',
            label: '第1期',
            dueAt: 1_000,
            closesAt: 2_000,
            status: 'missed',
            deadlineAt: 1_000,
            overdue: true,
            reminderSentAt: 900,
            submissions: 0,
            currentReportId: null,
            lastReturnComment: null,
            escalationLevel: 'supervision',
          },
        ],
      };
      await repos.assignments.recordStatus(status);
      const view = await repos.assignments.findAssignmentOrThrow(lead.assignmentId);
      expect(view).toMatchObject({ role: 'lead', phase: 'active', escalationLevel: 'supervision', status });
    });

    it("pages a cycle's assignments in plan order on the keyset (target position, lead before cooperating, id)", async () => {
      const { draft, stored } = await publishedPlan();
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await repos.assignments.listAssignments({ cycleId: draft.cycleId, limit: 1, ...(cursor ? { cursor } : {}) });
        pages.push(page.items.map((a) => `${a.target.text}/${a.unit}/${a.role}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(pages).toEqual([
        [`入库科技型中小企业500家以上/${SCIENCE_BUREAU}/lead`],
        [`入库科技型中小企业500家以上/${FINANCE_BUREAU}/cooperating`],
        [`技术合同交易额达30亿元/${FINANCE_BUREAU}/lead`],
      ]);
      expect(stored).toHaveLength(3);
      const finance = await repos.assignments.listAssignments({ cycleId: draft.cycleId, scope: { units: [FINANCE_BUREAU] }, limit: 10 });
      expect(finance.items.map((a) => a.role)).toEqual(['cooperating', 'lead']);
      expect(finance.items[1]?.task).toMatchObject({ number: '2', leader: '钟兴旺' });
      expect(finance.items[1]?.indicators).toEqual([expect.objectContaining({ kind: 'amount', comparator: 'gte', value: 3_000_000_000 })]);
    });

    it('answers NOT_FOUND for an unknown cycle before a foreign cursor, an empty page for a cycle without assignments', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const foreign = Buffer.from(JSON.stringify([40])).toString('base64url');
      await expect(repos.assignments.listAssignments({ cycleId: unknown, limit: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(repos.assignments.listAssignments({ cycleId: unknown, limit: 5, cursor: foreign })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const { draft } = await publishedPlan();
      await expect(repos.assignments.listAssignments({ cycleId: draft.cycleId, limit: 5, cursor: foreign })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      const empty = await repos.plans.createDraft({ document: twoUnitPlan('空周期'), calendarSpec: null, actor: coordinator });
      expect(await repos.assignments.listAssignments({ cycleId: empty.cycleId, limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it('fails loudly on a list page when a stored status is not a status with periods', async () => {
      const { draft, stored } = await publishedPlan();
      await pool.query(`UPDATE "Assignment" SET "status" = '{"phase": "active"}' WHERE id = $1`, [stored[0]?.assignmentId]);
      await expect(repos.assignments.listAssignments({ cycleId: draft.cycleId, limit: 5 })).rejects.toThrow(
        /stored assignment\.status does not match its schema/,
      );
    });

    it('stores a report once per idempotency key and gives the latest approved figure per indicator', async () => {
      const { stored } = await publishedPlan();
      const lead = stored.find((a) => a.unit === SCIENCE_BUREAU);
      if (!lead) throw new Error('no assignment');
      const assignment = await repos.assignments.findAssignmentOrThrow(lead.assignmentId);
      const indicatorId = assignment.indicators[0]?.id ?? '';
      const actor: ActorRef = { id: 'dept-kgj', role: 'department', unit: SCIENCE_BUREAU };
      const submit = (periodKey: string, idempotencyKey: string, value: number, version = 1) =>
        repos.assignments.saveReport({
          assignmentId: lead.assignmentId,
          actor,
          submission: {
            periodKey,
            idempotencyKey,
            values: [{ indicatorId, value }],
            narrative: '进展',
            evidence: [{ title: '统计快报', uri: 'oa://kgj/1' }],
          },
          version,
          submittedAt: Date.parse('2024-04-01T00:00:00Z') + version,
        });
      const first = await submit('P1', 'key-p1-0001', 120);
      expect(await submit('P1', 'key-p1-0001', 999)).toEqual(first);
      expect(await repos.assignments.countReports(lead.assignmentId)).toBe(1);
      await repos.assignments.saveReview({
        reportId: first.reportId,
        actor: coordinator,
        review: { periodKey: 'P1', decision: 'approve' },
        reviewedAt: Date.parse('2024-04-02T00:00:00Z'),
      });
      const [report] = await repos.assignments.listReports(lead.assignmentId);
      expect(report).toMatchObject({
        status: 'approved',
        evidence: [{ title: '统计快报', uri: 'oa://kgj/1' }],
        review: { decision: 'approve' },
      });
      const approved = await repos.assignments.latestApprovedValues(assignment.cycleId);
      expect(approved.get(indicatorId)).toEqual([
        { assignmentId: lead.assignmentId, indicatorId, value: 120, done: null, periodKey: 'P1' },
      ]);
    });
  });

  describe('a step written with its status in one statement', () => {
    function statusOf(assignmentId: string, cycleId: string, unit: string, overrides: Partial<AssignmentStatus> = {}): AssignmentStatus {
      return {
        assignmentId,
        cycleId,
        unit,
        role: 'lead',
        phase: 'active',
        acknowledgedAt: 10,
        escalationLevel: null,
        periods: calendar.periods.map((period) => ({
          key: period.key,
          label: period.label,
          dueAt: period.dueAt,
          closesAt: period.closesAt,
          status: 'open',
          deadlineAt: period.dueAt,
          overdue: false,
          reminderSentAt: null,
          submissions: 0,
          currentReportId: null,
          lastReturnComment: null,
          escalationLevel: null,
        })),
        ...overrides,
      };
    }

    async function leadAssignment() {
      const { stored } = await publishedPlan();
      const lead = stored.find((a) => a.unit === SCIENCE_BUREAU && a.role === 'lead');
      if (!lead) throw new Error('no lead assignment');
      const view = await repos.assignments.findAssignmentOrThrow(lead.assignmentId);
      return { id: lead.assignmentId, cycleId: view.cycleId, indicatorId: view.indicators[0]?.id ?? '' };
    }

    const actor: ActorRef = { id: 'dept-kgj', role: 'department', unit: SCIENCE_BUREAU };
    const auditActions = async (assignmentId: string) =>
      (
        await pool.query<{ action: string; reportId: string | null }>(
          `SELECT "action", "reportId" FROM "AuditEvent" WHERE "assignmentId" = $1 ORDER BY "chainSeq"`,
          [assignmentId],
        )
      ).rows;

    it('acknowledges once: the first time sets who and when and records the event; a repeat writes the status only', async () => {
      const assignment = await leadAssignment();
      const status = statusOf(assignment.id, assignment.cycleId, SCIENCE_BUREAU, { acknowledgedAt: Date.parse('2024-01-05T08:00:00Z') });
      await repos.assignments.recordAcknowledgement({ assignmentId: assignment.id, actor, at: Date.parse('2024-01-05T08:00:00Z'), status });
      const later = { ...status, escalationLevel: 'reminder' as const };
      await repos.assignments.recordAcknowledgement({
        assignmentId: assignment.id,
        actor: { ...actor, id: 'someone-else' },
        at: Date.parse('2024-02-01T00:00:00Z'),
        status: later,
      });
      const [row] = (
        await pool.query(`SELECT "acknowledgedAt", "acknowledgedBy", "phase", "escalationLevel" FROM "Assignment" WHERE "id" = $1`, [
          assignment.id,
        ])
      ).rows;
      expect(row).toEqual({ acknowledgedAt: expect.any(Date), acknowledgedBy: 'dept-kgj', phase: 'active', escalationLevel: 'reminder' });
      // timestamp(3) holds UTC wall time, as Prisma writes it.
      expect((await repos.assignments.findAssignmentOrThrow(assignment.id)).status).toEqual(later);
      const [{ at }] = (
        await pool.query(`SELECT to_char("acknowledgedAt", 'YYYY-MM-DD HH24:MI') AS at FROM "Assignment" WHERE "id" = $1`, [assignment.id])
      ).rows;
      expect(at).toBe('2024-01-05 08:00');
      expect(await auditActions(assignment.id)).toEqual([{ action: 'assignment.acknowledged', reportId: null }]);
      expect((await repos.audit.verifyCycleChain(assignment.cycleId)).valid).toBe(true);
      await expect(
        repos.assignments.recordAcknowledgement({
          assignmentId: 'no-such-assignment',
          actor,
          at: 1,
          status: { ...status, assignmentId: 'no-such-assignment' },
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('saves a report once per key with its values, names it in the status, and chains its event once', async () => {
      const assignment = await leadAssignment();
      const status = statusOf(assignment.id, assignment.cycleId, SCIENCE_BUREAU);
      const submitted = {
        ...status,
        periods: status.periods.map((p, i) => (i === 1 ? { ...p, status: 'submitted' as const, submissions: 1 } : p)),
      };
      const save = (value: number) =>
        repos.assignments.saveReport({
          assignmentId: assignment.id,
          actor,
          submission: {
            periodKey: 'P2',
            idempotencyKey: 'one-statement-p2',
            values: [{ indicatorId: assignment.indicatorId, value }],
            narrative: '二季度进展',
            evidence: [{ title: '统计快报', uri: 'oa://kgj/2' }],
          },
          version: 1,
          submittedAt: Date.parse('2024-07-03T09:30:00Z'),
          status: submitted,
        });
      const first = await save(42);
      expect((await repos.assignments.findAssignmentOrThrow(assignment.id)).status?.periods.map((p) => p.currentReportId)).toEqual([
        null,
        first.reportId,
      ]);
      // A retry (the same key) answers with the stored report and writes no second row or event.
      expect(await save(43)).toEqual(first);
      const [retriedAtOnce, raced] = await Promise.all([save(44), save(45)]);
      expect([retriedAtOnce, raced]).toEqual([first, first]);
      expect(await repos.assignments.countReports(assignment.id)).toBe(1);
      // First writes of one key racing each other: one inserts, the others answer with its row.
      const racing = await Promise.all(
        [1, 2, 3, 4, 5].map(() =>
          repos.assignments.saveReport({
            assignmentId: assignment.id,
            actor,
            submission: {
              periodKey: 'P1',
              idempotencyKey: 'one-statement-p1',
              values: [{ indicatorId: assignment.indicatorId, value: 1 }],
              narrative: '一季度',
              evidence: [],
            },
            version: 1,
            submittedAt: Date.parse('2024-04-03T09:30:00Z'),
            status: submitted,
          }),
        ),
      );
      expect(new Set(racing.map((r) => r.reportId)).size).toBe(1);
      expect(await repos.assignments.countReports(assignment.id)).toBe(2);
      const [report] = (await repos.assignments.listReports(assignment.id)).filter((r) => r.periodKey === 'P2');
      expect(report).toMatchObject({
        id: first.reportId,
        periodKey: 'P2',
        version: 1,
        status: 'submitted',
        narrative: '二季度进展',
        evidence: [{ title: '统计快报', uri: 'oa://kgj/2' }],
        submittedAt: '2024-07-03T09:30:00.000Z',
        values: [{ indicatorId: assignment.indicatorId, value: 42, done: null }],
      });
      // The last write's status names the racing key's report (the status it was given had P2's unset).
      const view = await repos.assignments.findAssignmentOrThrow(assignment.id);
      expect(view.status?.periods.map((p) => p.currentReportId)).toEqual([racing[0]?.reportId, null]);
      expect(await auditActions(assignment.id)).toEqual([
        { action: 'report.submitted', reportId: first.reportId },
        { action: 'report.submitted', reportId: racing[0]?.reportId },
      ]);
      expect((await repos.audit.verifyCycleChain(assignment.cycleId)).valid).toBe(true);
    });
  });

  describe('decisions', () => {
    it('records a decision once per dedupe key and an escalation once per period and level', async () => {
      const { stored } = await publishedPlan();
      const target = stored[0];
      if (!target) throw new Error('no assignment');
      const { cycleId } = await repos.assignments.findAssignmentOrThrow(target.assignmentId);
      const decision = {
        cycleId,
        assignmentId: target.assignmentId,
        periodKey: 'P1',
        kind: 'escalation' as const,
        outcome: 'supervision',
        ruleSet: { id: 'escalation', version: '1.0.0' },
        facts: { overdueGraceUnits: 1 },
        conditions: {},
        dedupeKey: `escalation/${target.assignmentId}/P1/test`,
      };
      const decisionId = await repos.decisions.saveDecision(decision);
      expect(await repos.decisions.saveDecision(decision)).toBe(decisionId);
      const escalation = {
        assignmentId: target.assignmentId,
        periodKey: 'P1',
        level: 'supervision' as const,
        recipient: 'unit_and_leader',
        reason: '督办：报送逾期（逾期1个宽限期，累计逾期1期）',
        decisionId,
        ruleSet: decision.ruleSet,
      };
      await repos.decisions.raiseEscalation(escalation);
      await repos.decisions.raiseEscalation(escalation);
      const escalations = await repos.decisions.allEscalations({ cycleId });
      expect(escalations.map((e) => [e.unit, e.periodKey, e.level, e.reason])).toEqual([
        [target.unit, 'P1', 'supervision', escalation.reason],
      ]);
    });
  });
});
