import type { AuditEventView, DecisionView } from '@plancycle/persistence';
import { buildTimeline } from './timeline';

const source = (activityId: string, runId = 'run-2') => ({ workflowId: 'assignment-1', workflowRunId: runId, activityId });
const event = (over: Partial<AuditEventView>): AuditEventView => ({
  id: 'e1',
  at: '2026-04-10T02:00:00.000Z',
  actorId: 'person-1',
  actorRole: 'department',
  actorName: '王芳',
  actorUnit: '科工局',
  actorTokenId: null,
  action: 'report.submitted',
  planId: null,
  cycleId: 'c1',
  assignmentId: 'a1',
  reportId: 'r1',
  ruleSet: null,
  details: { periodKey: '2026-Q1' },
  workflowSource: source('3'),
  ...over,
});
const decision = (over: Partial<DecisionView>): DecisionView => ({
  id: 'd1',
  cycleId: 'c1',
  assignmentId: 'a1',
  indicatorId: null,
  periodKey: '2026-Q1',
  kind: 'escalation',
  outcome: 'supervision',
  ruleSetId: 'escalation',
  ruleSetVersion: 'v1',
  facts: { overduePeriods: 2 },
  conditions: [{ rule: 'supervise', fired: true }],
  decidedAt: '2026-04-10T02:00:00.000Z',
  workflowSource: source('5'),
  ...over,
});
const history = {
  workflowId: 'assignment-1',
  runId: 'run-2',
  events: [
    { eventId: 9, at: null, type: 'ACTIVITY_TASK_SCHEDULED', summary: 'activity saveReport scheduled', actor: null, activityId: '3' },
    { eventId: 15, at: null, type: 'ACTIVITY_TASK_SCHEDULED', summary: 'activity escalate scheduled', actor: null, activityId: '5' },
  ],
};

describe('the auditor’s timeline', () => {
  it('merges events and decisions oldest first, an event before the decision of the same instant', () => {
    const steps = buildTimeline([event({ id: 'late', at: '2026-05-01T00:00:00.000Z' }), event({})], [decision({})], {
      history,
      temporalUiUrl: null,
      namespace: 'default',
    });
    expect(steps.map((s) => `${s.kind}:${s.id}`)).toEqual(['event:e1', 'decision:d1', 'event:late']);
    expect(steps[0]).toMatchObject({ actor: { name: '王芳', unit: '科工局' }, periodKey: '2026-Q1' });
    expect(steps[1]).toMatchObject({ ruleSet: { id: 'escalation', version: 'v1' }, outcome: 'supervision', actor: null });
  });

  it('puts beside each step the scheduled event of the activity that recorded it, with a link to the web UI', () => {
    const [step] = buildTimeline([event({})], [], { history, temporalUiUrl: 'http://127.0.0.1:8233', namespace: 'default' });
    expect(step?.workflowEvent).toEqual({
      workflowId: 'assignment-1',
      runId: 'run-2',
      activityId: '3',
      eventId: 9,
      eventType: 'ACTIVITY_TASK_SCHEDULED',
      url: 'http://127.0.0.1:8233/namespaces/default/workflows/assignment-1/run-2/history',
    });
  });

  it('names the run but no event id for a step of an earlier run, and nothing for a write outside a workflow', () => {
    const steps = buildTimeline([event({ workflowSource: source('3', 'run-1') }), event({ id: 'api', workflowSource: null })], [], {
      history,
      temporalUiUrl: null,
      namespace: 'default',
    });
    expect(steps[0]?.workflowEvent).toMatchObject({ runId: 'run-1', eventId: null, url: null });
    expect(steps[1]?.workflowEvent).toBeNull();
  });
});
