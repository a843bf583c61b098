import { DomainError, type EscalationFacts } from '@plancycle/contracts';
import type { Repositories } from '@plancycle/persistence';
import { openMediumRepositories } from '../../../../test/support/medium-database';
import { createRulesPort, shippedRuleSets } from './rules.adapter';

jest.setTimeout(30_000);

const overdue: EscalationFacts = {
  overdueGraceUnits: 1,
  overduePeriods: 1,
  returnedCount: 0,
  trajectoryRatio: null,
  role: 'lead',
  trigger: 'overdue',
};

describe('the rules port over the rule-set store', () => {
  let repos: Repositories;
  beforeAll(() => {
    repos = openMediumRepositories();
  });
  afterAll(() => repos?.close());

  it('decides with a pinned published version, read and compiled once per process; drafts and unknown versions are not found', async () => {
    const defaults = await shippedRuleSets(repos.ruleSets, 'rules');
    let reads = 0;
    const store = {
      latestPublishedPins: () => repos.ruleSets.latestPublishedPins(),
      findPublished: (pin: { id: string; version: string }) => {
        reads += 1;
        return repos.ruleSets.findPublished(pin);
      },
    };
    const rules = createRulesPort({ store, defaults });

    const pins = await rules.latestPins();
    expect(pins.map((p) => p.id)).toEqual(['attainment', 'escalation', 'scoring', 'trajectory']);
    const pin = { id: 'escalation', version: '1.0.0' };
    const first = await rules.decideEscalation(pin, overdue);
    const second = await rules.decideEscalation(pin, { ...overdue, overdueGraceUnits: 2 });
    expect([first.result.level, second.result.level]).toEqual(['supervision', 'interview']);
    expect(reads).toBe(1);
    expect(await rules.scoreIndicator({ id: 'attainment', version: '1.0.0' }, { outcome: 'met', shareOfTarget: 1, role: 'lead' })).toEqual({
      points: 100,
      weight: 1,
    });
    const scoring = { id: 'scoring', version: '1.0.0' };
    const score = await rules.decideScore(scoring, {
      outcome: 'not_met',
      shareOfTarget: 0.5,
      role: 'cooperating',
      stretch: false,
      kind: 'count',
    });
    expect(score.result).toEqual({ points: 50, weight: 0.5 });
    expect(score.conditions).toMatchObject({ decidedBy: 'not met, binding target: partial credit', weights: { role: 0.5, target: 1 } });
    expect(await rules.unitRanking(scoring)).toEqual({ style: 'competition', tieBreak: ['exceededCount', 'completionRate'] });
    await expect(rules.unitRanking({ id: 'attainment', version: '1.0.0' })).rejects.toThrow(/not scoring/);

    const draftVersion = `${500 + Math.floor(Math.random() * 400)}.7.0`;
    const shipped = defaults.defaults.find((d) => d.ruleSetId === 'escalation');
    await repos.ruleSets.createDraft(
      { id: 'coordinator-1', role: 'coordinator', name: '专班办公室' },
      {
        ruleSetId: 'escalation',
        version: draftVersion,
        kind: 'escalation',
        derivedFrom: '1.0.0',
        changeNote: 'a draft is never pinned',
        ruleFile: { ...(shipped?.ruleFile as object), version: draftVersion },
        goldenCases: shipped?.goldenCases,
      },
    );
    for (const version of [draftVersion, '0.0.1']) {
      const error = await rules.decideEscalation({ id: 'escalation', version }, overdue).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('NOT_FOUND');
    }
  });
});
