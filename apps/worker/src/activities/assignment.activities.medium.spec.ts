import { MockActivityEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import type { ActorRef, AssignmentActivities, EscalationFacts, PlanDocument } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { openMediumRepositories } from '../../../../test/support/medium-database';
import { createNoticeChannels } from '../notices/notice-channels';
import { NoticeDelivery } from '../notices/notice-delivery';
import { createRulesPort, shippedRuleSets } from '../rules/rules.adapter';
import type { RulesPort } from '../rules/rules.port';
import { createAssignmentActivities } from './assignment.activities';
import { createPlanCycleActivities } from './plan-cycle.activities';

jest.setTimeout(30_000);

const coordinator: ActorRef = { id: 'coordinator-1', role: 'coordinator', unit: null };
const science: ActorRef = { id: 'dept-kgj', role: 'department', unit: '市科工局' };

/** One target with two count indicators of 10 each, for trajectory checks. */
const plan: PlanDocument = {
  jurisdiction: '沅江市',
  year: 2024,
  title: '进度测试',
  goals: [],
  tasks: [
    {
      number: '1',
      title: '平台建设',
      targets: [
        {
          text: '新增创新平台10个、新型研发机构10家',
          units: { lead: ['市科工局'], cooperating: [] },
          indicators: [
            { metric: '创新平台', kind: 'count', comparator: 'gte', value: 10, unit: '个' },
            { metric: '新型研发机构', kind: 'count', comparator: 'gte', value: 10, unit: '家' },
          ],
        },
      ],
    },
  ],
};

const overdue = (overrides: Partial<EscalationFacts> = {}): EscalationFacts => ({
  overdueGraceUnits: 1,
  overduePeriods: 1,
  returnedCount: 0,
  trajectoryRatio: null,
  role: 'lead',
  trigger: 'overdue',
  ...overrides,
});

describe('assignment activities (MockActivityEnvironment, embedded PostgreSQL)', () => {
  let repos: Repositories;
  let activities: AssignmentActivities;
  let rules: RulesPort;
  const env = new MockActivityEnvironment();
  const run = <I, O>(activity: (input: I) => Promise<O>, input: I): Promise<O> =>
    env.run<[I], O, (input: I) => Promise<O>>(activity, input);

  beforeAll(async () => {
    repos = openMediumRepositories();
    rules = createRulesPort({ store: repos.ruleSets, defaults: await shippedRuleSets(repos.ruleSets, 'rules') });
    activities = createAssignmentActivities({
      repositories: repos,
      rules,
      notices: new NoticeDelivery(repos, createNoticeChannels({ from: 'plancycle <noreply@plancycle.local>' })),
    });
  });
  afterAll(() => repos?.close());

  async function publishedAssignment(): Promise<{ assignmentId: string; cycleId: string }> {
    const draft = await repos.plans.createDraft({ document: plan, calendarSpec: null, actor: coordinator });
    const cycleActivities = createPlanCycleActivities({
      repositories: repos,
      rules,
      temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
    });
    const published = await run(cycleActivities.publishPlan, {
      cycleId: draft.cycleId,
      planId: draft.id,
      actor: coordinator,
      calendarSpec: {
        kind: 'compressed',
        periodCount: 4,
        periodSeconds: 60,
        reminderSeconds: 10,
        graceSeconds: 20,
        escalationChecks: 2,
        evaluationAfterSeconds: 0,
      },
      publishedAt: Date.parse('2024-03-01T00:00:00Z'),
    });
    const assignmentId = published.assignments[0]?.assignmentId;
    if (!assignmentId) throw new Error('nothing was assigned');
    return { assignmentId, cycleId: draft.cycleId };
  }

  it('raises an escalation with its 督办 reason when the decided level is above the current one', async () => {
    const { assignmentId, cycleId } = await publishedAssignment();
    const decision = await run(activities.decideEscalation, { assignmentId, periodKey: 'P1', facts: overdue(), currentLevel: null });
    expect(decision).toMatchObject({ level: 'supervision', recipient: 'unit_and_leader', ruleSet: { id: 'escalation' } });
    expect((await repos.decisions.allEscalations({ cycleId })).map((e) => [e.periodKey, e.level, e.reason, e.decisionId])).toEqual([
      ['P1', 'supervision', '督办：报送逾期（逾期1个宽限期，累计逾期1期）', decision.decisionId],
    ]);
  });

  it('records the decision but raises nothing when the level would not climb', async () => {
    const { assignmentId, cycleId } = await publishedAssignment();
    const decision = await run(activities.decideEscalation, {
      assignmentId,
      periodKey: 'P2',
      facts: overdue(),
      currentLevel: 'interview',
    });
    expect(decision.level).toBe('supervision');
    expect(await repos.decisions.listDecisions({ cycleId, kind: 'escalation' })).toHaveLength(1);
    expect(await repos.decisions.allEscalations({ cycleId })).toEqual([]);
  });

  it('speaks for a report with its most lagging indicator', async () => {
    const { assignmentId, cycleId } = await publishedAssignment();
    const [platforms, institutes] = (await repos.assignments.findAssignmentOrThrow(assignmentId)).indicators;
    if (!platforms || !institutes) throw new Error('indicators missing');
    const { reportId } = await repos.assignments.saveReport({
      assignmentId,
      actor: science,
      submission: {
        periodKey: 'P2',
        idempotencyKey: 'trajectory-p2-0001',
        // Half the year: 3 of 10 is 60 % of the expected pace, 2 of 10 is 40 %.
        values: [
          { indicatorId: platforms.id, value: 3 },
          { indicatorId: institutes.id, value: 2 },
        ],
        narrative: '上半年进展',
        evidence: [],
      },
      version: 1,
      submittedAt: Date.parse('2024-03-01T00:02:00Z'),
    });
    const assessed = await run(activities.assessTrajectory, { assignmentId, periodKey: 'P2', reportId });
    const decisions = await repos.decisions.listDecisions({ cycleId, kind: 'trajectory' });
    const worst = decisions.find((d) => d.indicatorId === institutes.id);
    expect(assessed).toEqual({ lagging: true, ratio: 0.4, decisionId: worst?.id });
    expect(decisions).toHaveLength(2);
  });
});
