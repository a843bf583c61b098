import request from 'supertest';
import type { App } from 'supertest/types';
import type { RuleSetDiff, RuleSetSummary, RuleSetVersionView } from '@plancycle/contracts';
import { FINANCE_BUREAU, SCIENCE_BUREAU, twoUnitPlan } from '../fixtures/two-unit-plan';
import { testServiceToken, type TestCaller } from '../support/test-directory';
import { startHttpStack, type HttpStack } from './support/http-stack';

jest.setTimeout(180_000);

const tokens = {
  coordinator: testServiceToken(),
  science: testServiceToken(),
  auditor: testServiceToken(),
  leader: testServiceToken(),
};
const callers: TestCaller[] = [
  { token: tokens.coordinator, name: 'rule-sets coordinator', role: 'coordinator', unit: null },
  { token: tokens.science, name: 'rule-sets science', role: 'department', unit: SCIENCE_BUREAU },
  { token: tokens.auditor, name: 'rule-sets auditor', role: 'auditor', unit: null },
  { token: tokens.leader, name: 'rule-sets leader', role: 'leader', unit: SCIENCE_BUREAU },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

type RuleFile = { version: string; rules: { name: string; conditions: { all: { fact: string; value: unknown }[] } }[] };
type GoldenCase = { name: string; facts: Record<string, unknown>; expected: { level: string | null } };

/**
 * A coordinator changes the escalation ladder through the API: drafts from the shipped
 * version, raises a threshold, reads the diff, is refused publishing while a golden case
 * disagrees, fixes the case and publishes; cycles published afterwards pin the new version,
 * cycles published before keep theirs. The test database is shared with other files of
 * the run: the threshold changed is the one for reports returned three times, which no
 * other test reaches.
 */
describe('rule sets a coordinator configures and publishes, through HTTP', () => {
  let http: App;
  let stack: HttpStack;

  beforeAll(async () => {
    stack = await startHttpStack({ name: 'rule-sets', callers, units: [FINANCE_BUREAU] });
    http = stack.http;
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Publishes a fresh plan on a calendar long enough that nothing happens during the test. */
  async function publishCycle(title: string): Promise<{ cycleId: string; ruleSets: { id: string; version: string }[] }> {
    const created = await request(http)
      .post('/plans')
      .set(auth(tokens.coordinator))
      .send({ document: twoUnitPlan(title) })
      .expect(201);
    const published = await request(http)
      .post(`/plans/${created.body.id as string}/publish`)
      .set(auth(tokens.coordinator))
      .send({
        calendar: { kind: 'compressed', periodCount: 1, periodSeconds: 3600, reminderSeconds: 60, graceSeconds: 60, escalationChecks: 1 },
      })
      .expect(200);
    return { cycleId: created.body.cycleId as string, ruleSets: published.body.ruleSets };
  }

  it('lists the shipped defaults as published versions by the system, readable by every role', async () => {
    for (const token of Object.values(tokens)) {
      const list = await request(http).get('/rule-sets').set(auth(token)).expect(200);
      expect((list.body.items as RuleSetSummary[]).map((s) => s.id)).toEqual(['attainment', 'escalation', 'scoring', 'trajectory']);
    }
    const shipped = await request(http).get('/rule-sets/escalation/versions/1.0.0').set(auth(tokens.science)).expect(200);
    expect(shipped.body).toMatchObject({
      status: 'published',
      author: { id: 'system:defaults' },
      ruleFile: { id: 'escalation', version: '1.0.0' },
    });
    expect((shipped.body.goldenCases as unknown[]).length).toBeGreaterThan(10);
    const run = await request(http).get('/rule-sets/escalation/versions/1.0.0/golden-run').set(auth(tokens.leader)).expect(200);
    expect(run.body).toMatchObject({ passed: true, failed: 0, rulesNeverFired: [] });
  });

  it('drafts, diffs, refuses a failing publish, publishes once fixed; later cycles pin the new version, earlier ones keep theirs', async () => {
    const before = (await request(http).get('/rule-sets/escalation').set(auth(tokens.coordinator)).expect(200)).body as RuleSetSummary;
    const cycleBefore = await publishCycle('规则发布前的计划');
    expect(cycleBefore.ruleSets).toContainEqual({ id: 'escalation', version: before.latestPublished });

    // A department may read but not write.
    await request(http)
      .post('/rule-sets/escalation/versions/1.0.0/drafts')
      .set(auth(tokens.science))
      .send({ changeNote: '越权' })
      .expect(403);

    const created = await request(http)
      .post('/rule-sets/escalation/versions/1.0.0/drafts')
      .set(auth(tokens.coordinator))
      .send({ changeNote: '退回修改四次才督办' })
      .expect(201);
    const draft = created.body as RuleSetVersionView;
    expect(draft).toMatchObject({ status: 'draft', derivedFrom: '1.0.0', revision: 1, author: { name: 'rule-sets coordinator' } });
    const { version } = draft;
    // The same request again answers the same draft, with or without the version it got.
    for (const body of [{ changeNote: '退回修改四次才督办' }, { version, changeNote: '退回修改四次才督办' }]) {
      const again = await request(http)
        .post('/rule-sets/escalation/versions/1.0.0/drafts')
        .set(auth(tokens.coordinator))
        .send(body)
        .expect(201);
      expect(again.body).toMatchObject({ version, revision: 1 });
    }
    // Another draft under an existing version is a conflict; an older version is refused by name.
    expect(
      (
        await request(http)
          .post('/rule-sets/escalation/versions/1.0.0/drafts')
          .set(auth(tokens.coordinator))
          .send({ version, changeNote: '另一份草稿' })
          .expect(409)
      ).body.error.code,
    ).toBe('CONFLICT');
    const older = await request(http)
      .post('/rule-sets/escalation/versions/1.0.0/drafts')
      .set(auth(tokens.coordinator))
      .send({ version: '0.9.0', changeNote: '旧版本号' })
      .expect(400);
    expect(older.body.error.issues[0].path).toBe('version');

    // A bad field is refused with its path, and nothing is stored.
    const ruleFile = structuredClone(draft.ruleFile) as RuleFile;
    const returned = ruleFile.rules.find((rule) => rule.name === 'returned: supervision');
    if (!returned?.conditions.all[0]) throw new Error('the shipped escalation rules changed');
    const index = ruleFile.rules.indexOf(returned);
    returned.conditions.all[0].value = 'four';
    const bad = await request(http)
      .put(`/rule-sets/escalation/versions/${version}`)
      .set(auth(tokens.coordinator))
      .send({ revision: 1, ruleFile, goldenCases: draft.goldenCases })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual([`ruleFile.rules.${index}.conditions.all.0.value`]);
    expect(
      (await request(http).get(`/rule-sets/escalation/versions/${version}`).set(auth(tokens.coordinator)).expect(200)).body.revision,
    ).toBe(1);

    // The threshold raised: three returns no longer call for supervision.
    returned.conditions.all[0].value = 4;
    const edited = await request(http)
      .put(`/rule-sets/escalation/versions/${version}`)
      .set(auth(tokens.coordinator))
      .send({ revision: 1, ruleFile, goldenCases: draft.goldenCases })
      .expect(200);
    expect(edited.body.revision).toBe(2);

    const diff = (await request(http).get(`/rule-sets/escalation/diff?from=1.0.0&to=${version}`).set(auth(tokens.auditor)).expect(200))
      .body as RuleSetDiff;
    expect(diff.rules).toEqual([
      { name: 'returned: supervision', change: 'changed', fields: [{ path: 'conditions.all.0.value', old: 3, new: 4 }] },
    ]);
    expect(diff.goldenCases).toEqual([]);

    // Its golden cases now disagree: the run says which and why, and publishing is refused.
    const failing = await request(http)
      .get(`/rule-sets/escalation/versions/${version}/golden-run`)
      .set(auth(tokens.coordinator))
      .expect(200);
    expect(failing.body.passed).toBe(false);
    const failed = (failing.body.cases as { name: string; passed: boolean; reason: string }[]).filter((c) => !c.passed);
    expect(failed.map((c) => c.name)).toEqual(
      expect.arrayContaining(['returned: three times, on track → supervision', 'returned: three times and just overdue → supervision']),
    );
    expect(failed[0]?.reason).toMatch(/expected \{"level":"supervision"\}/);
    const refused = await request(http)
      .post(`/rule-sets/escalation/versions/${version}/publish`)
      .set(auth(tokens.coordinator))
      .send({})
      .expect(422);
    expect(refused.body.error.code).toBe('GOLDEN_CASES_FAILED');
    expect(refused.body.error.issues.length).toBe(failed.length);

    // Fixing the cases: three returns are now below the threshold, four reach it.
    const cases = structuredClone(draft.goldenCases) as GoldenCase[];
    for (const goldenCase of cases.filter((c) => c.name.startsWith('returned: three times'))) {
      goldenCase.name = goldenCase.name.replace('three times', 'four times');
      goldenCase.facts['returnedCount'] = 4;
    }
    cases.push({
      name: 'returned: three times, on track → none',
      facts: { overdueGraceUnits: 0, overduePeriods: 0, returnedCount: 3, trajectoryRatio: 1, role: 'lead', trigger: 'trajectory' },
      expected: { level: null },
    });
    await request(http)
      .put(`/rule-sets/escalation/versions/${version}`)
      .set(auth(tokens.coordinator))
      .send({ revision: 2, ruleFile, goldenCases: cases, changeNote: '退回修改四次才督办（黄金用例已更新）' })
      .expect(200);
    expect(
      (await request(http).get(`/rule-sets/escalation/versions/${version}/golden-run`).set(auth(tokens.coordinator)).expect(200)).body,
    ).toMatchObject({ passed: true, rulesNeverFired: [] });

    await request(http).post(`/rule-sets/escalation/versions/${version}/publish`).set(auth(tokens.science)).send({}).expect(403);
    const published = await request(http)
      .post(`/rule-sets/escalation/versions/${version}/publish`)
      .set(auth(tokens.coordinator))
      .send({ idempotencyKey: `publish-escalation-${version}` })
      .expect(200);
    expect(published.body).toMatchObject({ status: 'published', revision: 3, publishedBy: { name: 'rule-sets coordinator' } });
    // A retry under the same key answers the same; otherwise a published version is never changed again.
    await request(http)
      .post(`/rule-sets/escalation/versions/${version}/publish`)
      .set(auth(tokens.coordinator))
      .send({ idempotencyKey: `publish-escalation-${version}` })
      .expect(200);
    expect(
      (await request(http).post(`/rule-sets/escalation/versions/${version}/publish`).set(auth(tokens.coordinator)).send({}).expect(422))
        .body.error.code,
    ).toBe('RULE_SET_NOT_DRAFT');
    expect(
      (
        await request(http)
          .put(`/rule-sets/escalation/versions/${version}`)
          .set(auth(tokens.coordinator))
          .send({ revision: 3, ruleFile, goldenCases: cases })
          .expect(422)
      ).body.error.code,
    ).toBe('RULE_SET_NOT_DRAFT');
    expect((await request(http).get('/rule-sets/escalation').set(auth(tokens.science)).expect(200)).body.latestPublished).toBe(version);

    // Cycles: the one published before keeps its pin; one published now pins the new version.
    const cycleAfter = await publishCycle('规则发布后的计划');
    expect(cycleAfter.ruleSets).toContainEqual({ id: 'escalation', version });
    const readBack = async (cycleId: string) =>
      (await request(http).get(`/cycles/${cycleId}`).set(auth(tokens.coordinator)).expect(200)).body.ruleSets as {
        id: string;
        version: string;
      }[];
    expect(await readBack(cycleAfter.cycleId)).toContainEqual({ id: 'escalation', version });
    expect(await readBack(cycleBefore.cycleId)).toContainEqual({ id: 'escalation', version: before.latestPublished });

    // Every change is in the log, with who made it.
    const changes = await request(http).get('/rule-sets/changes?ruleSetId=escalation&limit=20').set(auth(tokens.auditor)).expect(200);
    const mine = (changes.body.items as { version: string; action: string; actor: { name: string } }[]).filter(
      (c) => c.version === version,
    );
    expect(mine.map((c) => c.action)).toEqual([
      'rule_set.published',
      'rule_set.draft_edited',
      'rule_set.draft_edited',
      'rule_set.draft_created',
    ]);
    expect(mine.every((c) => c.actor.name === 'rule-sets coordinator')).toBe(true);
    await request(http).get('/rule-sets/changes').set(auth(tokens.science)).expect(403);
  });

  it('drafts the scoring rule set: a bad weight is a 400 naming its path, dense ranks fail the tie case by name', async () => {
    const shipped = await request(http).get('/rule-sets/scoring/versions/1.0.0').set(auth(tokens.auditor)).expect(200);
    expect(shipped.body).toMatchObject({ kind: 'scoring', status: 'published', author: { id: 'system:defaults' } });
    expect(
      (await request(http).get('/rule-sets/scoring/versions/1.0.0/golden-run').set(auth(tokens.leader)).expect(200)).body,
    ).toMatchObject({ passed: true, failed: 0, rulesNeverFired: [] });

    const created = await request(http)
      .post('/rule-sets/scoring/versions/1.0.0/drafts')
      .set(auth(tokens.coordinator))
      .send({ changeNote: '同分并列不跳名次' })
      .expect(201);
    const draft = created.body as RuleSetVersionView;
    const ruleFile = structuredClone(draft.ruleFile) as {
      parameters: { weights: { target: { stretch: unknown } }; ranking: { style: string } };
    };
    ruleFile.parameters.weights.target.stretch = 'half';
    const bad = await request(http)
      .put(`/rule-sets/scoring/versions/${draft.version}`)
      .set(auth(tokens.coordinator))
      .send({ revision: 1, ruleFile, goldenCases: draft.goldenCases })
      .expect(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['ruleFile.parameters.weights.target.stretch']);

    ruleFile.parameters.weights.target.stretch = 1;
    ruleFile.parameters.ranking.style = 'dense';
    await request(http)
      .put(`/rule-sets/scoring/versions/${draft.version}`)
      .set(auth(tokens.coordinator))
      .send({ revision: 1, ruleFile, goldenCases: draft.goldenCases })
      .expect(200);
    const run = await request(http)
      .get(`/rule-sets/scoring/versions/${draft.version}/golden-run`)
      .set(auth(tokens.coordinator))
      .expect(200);
    expect(run.body).toMatchObject({ passed: false, failed: 1 });
    expect((run.body.cases as { name: string; passed: boolean }[]).filter((c) => !c.passed).map((c) => c.name)).toEqual([
      expect.stringMatching(/^tie on score/),
    ]);
    const diff = (
      await request(http).get(`/rule-sets/scoring/diff?from=1.0.0&to=${draft.version}`).set(auth(tokens.coordinator)).expect(200)
    ).body as RuleSetDiff;
    expect(diff.fields).toContainEqual({ path: 'parameters.ranking.style', old: 'competition', new: 'dense' });
  });
});
