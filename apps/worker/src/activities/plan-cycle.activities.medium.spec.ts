import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import type { ActorRef, CalendarSpec, PlanCycleActivities, PlanDocument } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { openMediumRepositories } from '../../../../test/support/medium-database';
import { createRulesPort, shippedRuleSets } from '../rules/rules.adapter';
import { createPlanCycleActivities } from './plan-cycle.activities';

jest.setTimeout(30_000);

const coordinator: ActorRef = { id: 'coordinator-1', role: 'coordinator', unit: null };
const department = (unit: string): ActorRef => ({ id: `dept-${unit}`, role: 'department', unit });
const compressed: CalendarSpec = {
  kind: 'compressed',
  periodCount: 4,
  periodSeconds: 60,
  reminderSeconds: 10,
  graceSeconds: 20,
  escalationChecks: 2,
  evaluationAfterSeconds: 30,
};

/** Two targets; the first has two lead units and a cooperating one named before them. */
function plan(title: string): PlanDocument {
  return {
    jurisdiction: '沅江市',
    year: 2024,
    title,
    goals: [],
    tasks: [
      {
        number: '1',
        title: '主体培育提级',
        targets: [
          {
            text: '入库科技型中小企业500家以上',
            units: {
              cooperating: ['市财政局'],
              lead: ['市科工局', '市发改局'],
            } as PlanDocument['tasks'][number]['targets'][number]['units'],
            indicators: [{ metric: '入库科技型中小企业', kind: 'count', comparator: 'gte', value: 500, unit: '家', baseline: 400 }],
          },
        ],
      },
      {
        number: '2',
        title: '强化企业自主创新',
        targets: [
          {
            text: '技术合同交易额达30亿元',
            units: { lead: ['市财政局'], cooperating: [] },
            indicators: [{ metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 3e9, unit: '元' }],
          },
        ],
      },
    ],
  };
}

describe('plan-cycle activities (MockActivityEnvironment, embedded PostgreSQL)', () => {
  let repos: Repositories;
  let activities: PlanCycleActivities;
  /** As a worker before the scoring rule set: its cycles pin no `scoring`. */
  let legacyActivities: PlanCycleActivities;
  // Failures are asserted below; the SDK's warning about each would only be noise.
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  const run = <I, O>(activity: (input: I) => Promise<O>, input: I): Promise<O> =>
    env.run<[I], O, (input: I) => Promise<O>>(activity, input);

  beforeAll(async () => {
    repos = openMediumRepositories();
    const defaults = await shippedRuleSets(repos.ruleSets, 'rules');
    // closeCycleAssignments is the only activity that talks to Temporal; none here does.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const rules = createRulesPort({ store: repos.ruleSets, defaults });
    activities = createPlanCycleActivities({ repositories: repos, rules, temporal });
    const pinsBeforeScoring = async () => (await rules.latestPins()).filter((pin) => pin.id !== 'scoring');
    legacyActivities = createPlanCycleActivities({ repositories: repos, rules: { ...rules, latestPins: pinsBeforeScoring }, temporal });
  });
  afterAll(() => repos?.close());

  async function publish(title: string, publisher: PlanCycleActivities = activities, document: PlanDocument = plan(title)) {
    const draft = await repos.plans.createDraft({ document, calendarSpec: null, actor: coordinator });
    const input = {
      cycleId: draft.cycleId,
      planId: draft.id,
      actor: coordinator,
      calendarSpec: compressed,
      publishedAt: Date.parse('2024-03-01T00:00:00Z'),
    };
    return { draft, input, published: await run(publisher.publishPlan, input) };
  }

  it('publishes: decomposes in plan order with lead units first, resolves the calendar and pins rule sets', async () => {
    const { draft, input, published } = await publish('发布测试');
    const targets = (await repos.plans.findPlanOrThrow(draft.id)).tasks.map((t) => t.targets[0]?.id);
    const assignments = await Promise.all(
      published.assignments.map(async (a) => ({
        ...a,
        targetId: (await repos.assignments.findAssignmentOrThrow(a.assignmentId)).target.id,
      })),
    );
    // Plan order, lead units before cooperating ones (two leads may come in either order).
    expect(assignments.map((a) => [a.targetId === targets[0] ? 1 : 2, a.role])).toEqual([
      [1, 'lead'],
      [1, 'lead'],
      [1, 'cooperating'],
      [2, 'lead'],
    ]);
    expect(assignments.map((a) => a.unit)).toEqual([
      expect.stringMatching(/^(市科工局|市发改局)$/),
      expect.stringMatching(/^(市科工局|市发改局)$/),
      '市财政局',
      '市财政局',
    ]);
    // Exactly the contract's fields: the result goes into workflow history.
    expect(Object.keys(published.assignments[0] ?? {}).sort()).toEqual(['assignmentId', 'role', 'unit']);
    expect(published.calendar.periods.map((p) => p.key)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(published.ruleSets.map((p) => p.id).sort()).toEqual(['attainment', 'escalation', 'scoring', 'trajectory']);
    expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('published');

    // A retry after the commit answers with what was decided then, in the same order.
    expect(await run(activities.publishPlan, input)).toEqual(published);
  });

  it('refuses to publish a plan with a target nobody answers for, naming the field, and leaves it a draft', async () => {
    const document = plan('无责任单位');
    const orphan = document.tasks[1]?.targets[0];
    if (orphan) orphan.units = { lead: [], cooperating: [] };
    const draft = await repos.plans.createDraft({ document, calendarSpec: null, actor: coordinator });
    const failure = await run(activities.publishPlan, {
      cycleId: draft.cycleId,
      planId: draft.id,
      actor: coordinator,
      calendarSpec: compressed,
      publishedAt: 0,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'PLAN_INVALID', nonRetryable: true });
    expect((failure as ApplicationFailure).details).toEqual([{ issues: [expect.objectContaining({ path: 'tasks.1.targets.0.units' })] }]);
    expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('draft');
  });

  it('closes the plan when the cycle records the closed phase, not before', async () => {
    const { draft } = await publish('关闭测试');
    const progress = { cycleId: draft.cycleId, childrenStarted: 4, childrenTotal: 4 };
    await run(activities.recordCycleProgress, { ...progress, phase: 'evaluating' });
    expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('published');
    await run(activities.recordCycleProgress, { ...progress, phase: 'closed' });
    expect((await repos.plans.findPlanOrThrow(draft.id)).status).toBe('closed');
  });

  /** Approves a year-end report of `value` for every indicator of an assignment. */
  const approve = async (assignmentId: string, unit: string, value: number) => {
    const assignment = await repos.assignments.findAssignmentOrThrow(assignmentId);
    const { reportId } = await repos.assignments.saveReport({
      assignmentId,
      actor: department(unit),
      submission: {
        periodKey: 'P4',
        idempotencyKey: `eval-${assignmentId}`,
        values: assignment.indicators.map((i) => ({ indicatorId: i.id, value })),
        narrative: '全年进展',
        evidence: [],
      },
      version: 1,
      submittedAt: Date.parse('2024-12-20T00:00:00Z'),
    });
    await repos.assignments.saveReview({
      reportId,
      actor: coordinator,
      review: { periodKey: 'P4', decision: 'approve' },
      reviewedAt: Date.parse('2024-12-21T00:00:00Z'),
    });
  };

  it("evaluates on the lead unit's approved figure, with growth over the baseline, and judges the unreported as no data", async () => {
    const { draft, published } = await publish('考核测试');
    const [scienceLead, , financeCooperating] = published.assignments;
    if (!scienceLead || !financeCooperating) throw new Error('decomposition changed');
    // The cooperating unit reports a higher figure first; the lead's still counts.
    await approve(financeCooperating.assignmentId, '市财政局', 620);
    await approve(scienceLead.assignmentId, '市科工局', 520);

    const { evaluationId } = await run(activities.evaluateCycle, { cycleId: draft.cycleId, actor: coordinator });
    const evaluation = await repos.evaluations.find(draft.cycleId);
    expect(evaluation).toMatchObject({ id: evaluationId, status: 'completed', progress: { done: 2, total: 2 } });
    const result = evaluation?.result;
    if (!result) throw new Error('no evaluation result');
    expect(result.indicators.map(({ metric, achieved, growth, outcome }) => ({ metric, achieved, growth, outcome }))).toEqual([
      { metric: '入库科技型中小企业', achieved: 520, growth: 30, outcome: 'exceeded' },
      { metric: '技术合同交易额', achieved: null, growth: null, outcome: 'no_data' },
    ]);
    // Every unit answering for the indicator is scored, leads listed first.
    const units = result.indicators[0]?.units ?? [];
    expect(units.map((u) => u.role)).toEqual(['lead', 'lead', 'cooperating']);
    expect(units.map((u) => u.unit).sort()).toEqual(['市发改局', '市科工局', '市财政局'].sort());
    expect(evaluation?.summaryText).toContain('入库科技型中小企业520家，目标500家');
  });

  /** The plan with its second target a 力争 one: 技术合同交易额力争达30亿元. */
  function stretchPlan(title: string): PlanDocument {
    const document = plan(title);
    const indicator = document.tasks[1]?.targets[0]?.indicators[0];
    if (!indicator) throw new Error('plan changed');
    indicator.stretch = true;
    return document;
  }

  /** 市科工局 exceeds the first target; 市财政局 reaches 30 % of the 力争 second one. */
  async function evaluateStretchCycle(title: string, publisher: PlanCycleActivities) {
    const { draft, published } = await publish(title, publisher, stretchPlan(title));
    const [scienceLead, , , financeLead] = published.assignments;
    if (!scienceLead || !financeLead || financeLead.unit !== '市财政局') throw new Error('decomposition changed');
    await approve(scienceLead.assignmentId, '市科工局', 520);
    await approve(financeLead.assignmentId, '市财政局', 9e8);
    await run(publisher.evaluateCycle, { cycleId: draft.cycleId, actor: coordinator });
    const result = (await repos.evaluations.find(draft.cycleId))?.result;
    if (!result) throw new Error('no evaluation result');
    return { cycleId: draft.cycleId, published, result };
  }

  it('scores each share with the pinned scoring rule set, a missed 力争 target keeping its floor, each share an explained decision', async () => {
    const { cycleId, published, result } = await evaluateStretchCycle('计分规则测试', activities);
    expect(published.ruleSets).toContainEqual({ id: 'scoring', version: '1.0.0' });
    expect(result.ruleSets).toEqual([
      { id: 'attainment', version: '1.0.0' },
      { id: 'scoring', version: '1.0.0' },
    ]);
    expect(result.indicators.map((i) => [i.stretch, i.outcome, i.units.map((u) => [u.unit, u.points, u.weight])])).toEqual([
      [
        false,
        'exceeded',
        [
          [expect.any(String), 110, 1],
          [expect.any(String), 110, 1],
          ['市财政局', 110, 0.5],
        ],
      ],
      // 30 % of a 力争 target: the floor of 60, not 30.
      [true, 'not_met', [['市财政局', 60, 1]]],
    ]);
    expect(result.units.map((u) => [u.rank, u.unit, u.score])).toEqual([
      [1, '市发改局', 110],
      [1, '市科工局', 110],
      [3, '市财政局', 76.67], // (110 × 0.5 + 60) / 1.5
    ]);
    const decisions = await repos.decisions.listDecisions({ cycleId, kind: 'scoring' });
    expect(decisions).toHaveLength(4);
    const stretch = decisions.find((d) => d.outcome === '60');
    expect(stretch).toMatchObject({
      ruleSetId: 'scoring',
      ruleSetVersion: '1.0.0',
      assignmentId: published.assignments[3]?.assignmentId,
      facts: { outcome: 'not_met', role: 'lead', stretch: true, shareOfTarget: 0.3, kind: 'amount' },
      conditions: {
        decidedBy: 'not met, stretch target (力争): partial credit with a floor',
        event: { type: 'share_of_target', params: { minPoints: 60 } },
        weights: { role: 1, target: 1 },
      },
    });
  });

  it('scores a cycle that pinned no scoring rule set as before: the attainment rule set’s points, ranks on score alone, no scoring decisions', async () => {
    const { cycleId, published, result } = await evaluateStretchCycle('旧周期计分测试', legacyActivities);
    expect(published.ruleSets.map((pin) => pin.id).sort()).toEqual(['attainment', 'escalation', 'trajectory']);
    expect(result.ruleSets).toEqual([{ id: 'attainment', version: '1.0.0' }]);
    // 30 % of the target scores 30, 力争 or not.
    expect(result.indicators[1]?.units).toEqual([{ unit: '市财政局', role: 'lead', points: 30, weight: 1 }]);
    expect(result.units.map((u) => [u.rank, u.unit, u.score])).toEqual([
      [1, '市发改局', 110],
      [1, '市科工局', 110],
      [3, '市财政局', 56.67], // (110 × 0.5 + 30) / 1.5
    ]);
    expect(await repos.decisions.listDecisions({ cycleId, kind: 'scoring' })).toEqual([]);
  });
});
