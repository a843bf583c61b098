import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import request from 'supertest';
import type { App } from 'supertest/types';
import { planCycleWorkflowId, type RuleSetVersionView } from '@plancycle/contracts';
import type { DecisionView } from '@plancycle/persistence';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { testServiceToken, type TestCaller } from '../support/test-directory';
import { eventually, openTestClient } from '../support/test-stack';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(240_000);

const tokens = { coordinator: testServiceToken(), science: testServiceToken(), auditor: testServiceToken() };
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'what-if coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'what-if science', role: 'department', unit: SCIENCE_BUREAU },
  { token: tokens.auditor, name: 'what-if auditor', role: 'auditor', unit: null },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

type Leaf = { fact: string; value: unknown };
type RuleFile = { rules: { name: string; conditions: { all: (Leaf | { any: ({ all: Leaf[] } | Leaf)[] })[] } }[] };
type GoldenCase = { name: string; facts: Record<string, unknown>; expected: { level: string | null } };

/** Seconds a period lasts: P1's checks are over well before P2 falls due. */
const PERIOD_SECONDS = 24;

/**
 * A coordinator tries a stricter or milder escalation ladder on a real cycle and changes the
 * rules of the running cycle (issue 9):
 * - what-if: a draft raising the 督办 threshold, run over the cycle's recorded decisions,
 *   lists exactly the decisions it changes, why, and writes nothing;
 * - amendment: the cycle moves to a newer published version mid-year; the next period's
 *   escalations are decided by it, the first period's keep the version that decided them.
 * Nobody reports, so every period goes overdue and the ladder climbs.
 * The run's database is shared with other files: the version published for the amendment
 * is followed at once by one restoring the earlier ladder, so cycles other files publish
 * keep deciding as before.
 */
describe('what-if simulation and amending a running cycle, on the real stack', () => {
  let http: App;
  let stack: HttpStack;

  beforeAll(async () => {
    stack = await startHttpStack({ name: 'what-if', callers, units: [FINANCE_BUREAU] });
    http = stack.http;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const escalationDecisions = async (cycleId: string): Promise<DecisionView[]> =>
    stack.api.repositories.decisions.listDecisions({ cycleId, kind: 'escalation' });
  const graceOf = (d: DecisionView) => (d.facts as { overdueGraceUnits: number }).overdueGraceUnits;

  async function draftFrom(version: string, changeNote: string): Promise<RuleSetVersionView> {
    return (
      await request(http)
        .post(`/rule-sets/escalation/versions/${version}/drafts`)
        .set(auth(tokens.coordinator))
        .send({ changeNote })
        .expect(201)
    ).body as RuleSetVersionView;
  }

  async function saveDraft(draft: RuleSetVersionView, ruleFile: unknown, goldenCases: unknown): Promise<void> {
    await request(http)
      .put(`/rule-sets/escalation/versions/${draft.version}`)
      .set(auth(tokens.coordinator))
      .send({ revision: draft.revision, ruleFile, goldenCases })
      .expect(200);
  }

  function leafOf(ruleFile: RuleFile, rule: string, fact: string): Leaf {
    const found = ruleFile.rules.find((r) => r.name === rule);
    const leaves = (found?.conditions.all ?? []).flatMap((c) =>
      'fact' in c ? [c] : c.any.flatMap((branch) => ('fact' in branch ? [branch] : branch.all)),
    );
    const leaf = leaves.find((l) => l.fact === fact);
    if (!leaf) throw new Error(`the shipped ladder has no ${fact} in "${rule}"`);
    return leaf;
  }

  it('simulates a draft over the cycle’s decisions without writing, then amends the cycle mid-year', async () => {
    const created = await request(http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan('规则试算与年中修订') })
      .expect(201);
    const cycleId = created.body.cycleId as string;
    const published = await request(http)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth(tokens.coordinator))
      .send({
        calendar: {
          kind: 'compressed',
          periodCount: 2,
          periodSeconds: PERIOD_SECONDS,
          reminderSeconds: 4,
          graceSeconds: 2,
          escalationChecks: 2,
          evaluationAfterSeconds: 8,
        },
      })
      .expect(200);
    const pinned = (published.body.ruleSets as { id: string; version: string }[]).find((p) => p.id === 'escalation')?.version as string;

    // P1 falls due; two checks (grace units 0 and 1) on each of the three assignments.
    const firstPeriod = await eventually(
      async () => {
        const decisions = (await escalationDecisions(cycleId)).filter((d) => d.periodKey === 'P1');
        return decisions.length === 6 ? decisions : undefined;
      },
      PERIOD_SECONDS * 1000 + 30_000,
      'the first period’s six escalation decisions',
    );
    expect(firstPeriod.map((d) => [graceOf(d), d.outcome]).sort()).toEqual([
      [0, 'reminder'],
      [0, 'reminder'],
      [0, 'reminder'],
      [1, 'supervision'],
      [1, 'supervision'],
      [1, 'supervision'],
    ]);

    // What-if: 督办 only after two grace units. A draft, never published.
    const stricter = await draftFrom(pinned, '督办门槛提高到逾期两个宽限期（试算）');
    const stricterFile = structuredClone(stricter.ruleFile) as RuleFile;
    leafOf(stricterFile, 'overdue: supervision', 'overdueGraceUnits').value = 2;
    // The draft's golden cases would fail; a simulation does not need them to pass.
    await saveDraft(stricter, stricterFile, stricter.goldenCases);
    const decisionsBefore = await escalationDecisions(cycleId);

    await request(http)
      .post(`/rule-sets/escalation/versions/${stricter.version}/simulate`)
      .set(auth(tokens.science))
      .send({ cycleId })
      .expect(403);
    const bad = await request(http)
      .post(`/rule-sets/escalation/versions/${stricter.version}/simulate`)
      .set(auth(tokens.coordinator))
      .send({ cycleId: 'not-a-cycle' })
      .expect(400);
    expect(bad.body.error.issues[0].path).toBe('cycleId');

    const simulated = await request(http)
      .post(`/rule-sets/escalation/versions/${stricter.version}/simulate`)
      .set(auth(tokens.coordinator))
      .send({ cycleId })
      .expect(200);
    const p1Supervisions = firstPeriod.filter((d) => d.outcome === 'supervision').map((d) => d.id);
    expect(simulated.body).toMatchObject({
      ruleSet: { id: 'escalation', version: stricter.version },
      status: 'draft',
      examined: decisionsBefore.length,
      written: false,
    });
    // Exactly the first period's 督办 become 提醒; nothing else the cycle decided moves.
    type Change = {
      decisionId: string;
      unit: string;
      periodKey: string;
      before: { outcome: string; sentence: string };
      after: { outcome: string; sentence: string };
      flipped: { rule: string; conditions: { fact: string; before: { value: unknown }; after: { value: unknown } }[] }[];
    };
    const changed = simulated.body.changed as Change[];
    const p1Changes = changed.filter((c) => c.periodKey === 'P1');
    expect(p1Changes.map((c) => c.decisionId).sort()).toEqual([...p1Supervisions].sort());
    expect(p1Changes.every((c) => c.before.outcome === 'supervision' && c.after.outcome === 'reminder')).toBe(true);
    // Decisions P2 may already have made are counted by the same rule: only a 督办 at one grace unit moves.
    expect(simulated.body.changedTotal).toBe(changed.length);
    expect(p1Changes.map((c) => c.unit).sort()).toEqual([FINANCE_BUREAU, FINANCE_BUREAU, SCIENCE_BUREAU].sort());
    expect(p1Changes[0]?.flipped).toEqual([
      {
        rule: 'overdue: supervision',
        firedBefore: true,
        firedAfter: false,
        conditions: [
          {
            fact: 'overdueGraceUnits',
            operator: 'greaterThanInclusive',
            factValue: 1,
            before: { value: 1, result: true },
            after: { value: 2, result: false },
          },
        ],
      },
    ]);
    expect(p1Changes[0]?.before.sentence).toBe(
      `第1期报送逾期：逾期宽限期数1个，达到1个，按规则集 escalation v${pinned} 第2条「overdue: supervision」升级为督办。`,
    );
    expect(p1Changes[0]?.after.sentence).toContain(`按规则集 escalation v${stricter.version} 第1条「overdue: reminder」升级为提醒。`);
    // Nothing was written: the cycle's decisions are as they were, its chain holds, the draft is untouched.
    expect((await escalationDecisions(cycleId)).map((d) => [d.id, d.outcome, d.ruleSetVersion])).toEqual(
      decisionsBefore.map((d) => [d.id, d.outcome, d.ruleSetVersion]),
    );
    expect((await stack.api.repositories.audit.verifyCycleChain(cycleId)).valid).toBe(true);
    expect(
      (await request(http).get(`/rule-sets/escalation/versions/${stricter.version}`).set(auth(tokens.coordinator)).expect(200)).body
        .revision,
    ).toBe(stricter.revision + 1);

    // Amendment: repeat offenders are interviewed from the third overdue period (not the second).
    const milder = await draftFrom(pinned, '第三次逾期才约谈');
    const milderFile = structuredClone(milder.ruleFile) as RuleFile;
    leafOf(milderFile, 'overdue: interview', 'overduePeriods').value = 3;
    const cases = structuredClone(milder.goldenCases) as GoldenCase[];
    const repeat = cases.find((c) => c.name === 'overdue: second overdue period and one grace unit → interview');
    if (!repeat) throw new Error('the shipped golden cases changed');
    repeat.name = 'overdue: second overdue period and one grace unit → supervision';
    repeat.expected = { level: 'supervision' };
    cases.push({
      name: 'overdue: third overdue period and one grace unit → interview',
      facts: { ...repeat.facts, overduePeriods: 3 },
      expected: { level: 'interview' },
    });
    await saveDraft(milder, milderFile, cases);

    // A draft cannot be amended to; a department cannot amend.
    const refusedDraft = await request(http)
      .post(`/cycles/${cycleId}/rule-set-amendments`)
      .set(auth(tokens.coordinator))
      .send({ ruleSet: { id: 'escalation', version: milder.version }, reason: '年中调整约谈条件' })
      .expect(400);
    expect(refusedDraft.body.error.issues[0]).toMatchObject({ path: 'ruleSet.version', code: 'not_published' });
    await request(http)
      .post(`/cycles/${cycleId}/rule-set-amendments`)
      .set(auth(tokens.science))
      .send({ ruleSet: { id: 'escalation', version: milder.version }, reason: '越权' })
      .expect(403);

    const latestBefore = (await request(http).get('/rule-sets/escalation').set(auth(tokens.coordinator)).expect(200)).body
      .latestPublished as string;
    await request(http).post(`/rule-sets/escalation/versions/${milder.version}/publish`).set(auth(tokens.coordinator)).send({}).expect(200);
    const amendment = {
      ruleSet: { id: 'escalation', version: milder.version },
      reason: '年中调整：第三次逾期才约谈',
      idempotencyKey: `amend-${cycleId}`,
    };
    const amended = await request(http)
      .post(`/cycles/${cycleId}/rule-set-amendments`)
      .set(auth(tokens.coordinator))
      .send(amendment)
      .expect(200);
    // Cycles other files publish from now on keep the ladder they had: the earlier one, published again.
    const restore = await draftFrom(latestBefore, '恢复原约谈条件（测试隔离）');
    await request(http)
      .post(`/rule-sets/escalation/versions/${restore.version}/publish`)
      .set(auth(tokens.coordinator))
      .send({})
      .expect(200);

    expect(amended.body).toMatchObject({ cycleId, ruleSetId: 'escalation', fromVersion: pinned, toVersion: milder.version });
    expect(amended.body.ruleSets).toContainEqual({ id: 'escalation', version: milder.version });
    const again = await request(http)
      .post(`/cycles/${cycleId}/rule-set-amendments`)
      .set(auth(tokens.coordinator))
      .send(amendment)
      .expect(200);
    expect(again.body).toMatchObject({ amendmentId: amended.body.amendmentId, duplicate: true });
    // Back to an older version is refused with the field.
    const backwards = await request(http)
      .post(`/cycles/${cycleId}/rule-set-amendments`)
      .set(auth(tokens.coordinator))
      .send({ ruleSet: { id: 'escalation', version: pinned }, reason: '回退' })
      .expect(400);
    expect(backwards.body.error.issues[0]).toMatchObject({ path: 'ruleSet.version', code: 'version_not_newer' });

    const listed = await request(http).get(`/cycles/${cycleId}/rule-set-amendments`).set(auth(tokens.science)).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        ruleSetId: 'escalation',
        fromVersion: pinned,
        toVersion: milder.version,
        reason: '年中调整：第三次逾期才约谈',
        amendedBy: expect.objectContaining({ name: 'what-if coordinator', role: 'coordinator' }),
      }),
    ]);
    expect(
      ((await request(http).get(`/cycles/${cycleId}`).set(auth(tokens.auditor)).expect(200)).body.ruleSets as unknown[]).filter(
        (p) => (p as { id: string }).id === 'escalation',
      ),
    ).toEqual([{ id: 'escalation', version: milder.version }]);

    // P2 falls due: its checks are decided by the amended version; P1's keep the pinned one.
    const secondPeriod = await eventually(
      async () => {
        const decisions = (await escalationDecisions(cycleId)).filter((d) => d.periodKey === 'P2');
        return decisions.length === 6 ? decisions : undefined;
      },
      PERIOD_SECONDS * 1000 + 30_000,
      'the second period’s six escalation decisions',
    );
    const all = await escalationDecisions(cycleId);
    expect(new Set(all.filter((d) => d.periodKey === 'P1').map((d) => d.ruleSetVersion))).toEqual(new Set([pinned]));
    expect(new Set(secondPeriod.map((d) => d.ruleSetVersion))).toEqual(new Set([milder.version]));
    // A second overdue period at one grace unit: 约谈 under the pinned ladder, 督办 under the amended one.
    expect(secondPeriod.filter((d) => graceOf(d) === 1).map((d) => d.outcome)).toEqual(['supervision', 'supervision', 'supervision']);

    // The amendment is in the audit trail, and decisions explain themselves with their own version.
    type Step = { action: string; actor: { name: string } | null; details: unknown; explanation: string | null };
    const steps: Step[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await request(http).get(`/audit/cycles/${cycleId}?limit=100${query}`).set(auth(tokens.auditor)).expect(200);
      steps.push(...(page.body.timeline as Step[]));
      cursor = page.body.nextCursor as string | null;
    }
    expect(steps.find((s) => s.action === 'rules.amended')).toMatchObject({
      actor: { name: 'what-if coordinator' },
      details: { ruleSetId: 'escalation', fromVersion: pinned, toVersion: milder.version, reason: '年中调整：第三次逾期才约谈' },
    });
    const explanations = steps.filter((s) => s.action === 'escalation').map((s) => s.explanation ?? '');
    expect(explanations).toContain(
      `第1期报送逾期：逾期宽限期数1个，达到1个，按规则集 escalation v${pinned} 第2条「overdue: supervision」升级为督办。`,
    );
    expect(explanations).toContain(
      `第2期报送逾期：逾期宽限期数1个，达到1个，按规则集 escalation v${milder.version} 第2条「overdue: supervision」升级为督办。`,
    );
    const escalations = await request(http).get(`/cycles/${cycleId}/escalations?limit=50`).set(auth(tokens.science)).expect(200);
    expect(
      (escalations.body.items as { explanation: string | null }[]).every((e) => e.explanation?.includes('按规则集 escalation v')),
    ).toBe(true);

    // The cycle runs on to its close; its history (with the amendment update) is replayed on every run.
    await eventually(
      async () => (await request(http).get(`/cycles/${cycleId}`).set(auth(tokens.coordinator)).expect(200)).body.phase === 'closed',
      60_000,
      'the cycle to close',
    );
    if (process.env['RECORD_HISTORIES'] === '1') {
      const { client, close } = await openTestClient();
      try {
        const history = await client.workflow.getHandle(planCycleWorkflowId(cycleId)).fetchHistory();
        fs.writeFileSync(path.join(__dirname, '..', 'histories', 'plan-cycle.rules-amended.json'), historyToJSON(history));
      } finally {
        await close();
      }
    }
  });
});
