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
  // Failures are asserted below; the SDK's warning about each would only be noise.
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  const run = <I, O>(activity: (input: I) => Promise<O>, input: I): Promise<O> =>
    env.run<[I], O, (input: I) => Promise<O>>(activity, input);

  beforeAll(async () => {
    repos = openMediumRepositories();
    const defaults = await shippedRuleSets(repos.ruleSets, 'rules');
    // closeCycleAssignments is the only activity that talks to Temporal; none here does.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    activities = createPlanCycleActivities({ repositories: repos, rules: createRulesPort({ store: repos.ruleSets, defaults }), temporal });
  });
  afterAll(() => repos?.close());

  async function publish(title: string) {
    const draft = await repos.plans.createDraft({ document: plan(title), calendarSpec: null, actor: coordinator });
    const input = {
      cycleId: draft.cycleId,
      planId: draft.id,
      actor: coordinator,
      calendarSpec: compressed,
      publishedAt: Date.parse('2024-03-01T00:00:00Z'),
    };
    return { draft, input, published: await run(activities.publishPlan, input) };
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
    expect(published.ruleSets.map((p) => p.id).sort()).toEqual(['attainment', 'escalation', 'trajectory']);
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

  it("evaluates on the lead unit's approved figure, with growth over the baseline, and judges the unreported as no data", async () => {
    const { draft, published } = await publish('考核测试');
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
});
