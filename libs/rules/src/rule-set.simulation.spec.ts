import type { EscalationFacts } from '@plancycle/contracts';
import { compileStoredRuleSetOrThrow } from './rule-set.check';
import { decideEscalation } from './escalation.evaluator';
import { assessTrajectory } from './trajectory.evaluator';
import { RuleSetRegistry } from './rule-set.registry';
import { simulateRuleSet, type RecordedDecision } from './rule-set.simulation';

const registry = RuleSetRegistry.loadOrThrow();
const shipped = registry.getOrThrow('escalation', '1.0.0');

/** The shipped ladder with 督办 raised from one to two grace units overdue. */
function laterSupervision(): ReturnType<typeof compileStoredRuleSetOrThrow> {
  const file = structuredClone(shipped.ruleSet) as unknown as {
    version: string;
    rules: { name: string; conditions: { all: { fact: string; value: unknown }[] } }[];
  };
  file.version = '1.1.0';
  delete (file as { file?: string }).file;
  const rule = file.rules.find((r) => r.name === 'overdue: supervision');
  const leaf = rule?.conditions.all.find((c) => c.fact === 'overdueGraceUnits');
  if (!leaf) throw new Error('the shipped ladder changed');
  leaf.value = 2;
  return compileStoredRuleSetOrThrow({ ruleSetId: 'escalation', version: '1.1.0', ruleFile: file });
}

const facts = (overrides: Partial<EscalationFacts>): EscalationFacts => ({
  overdueGraceUnits: 0,
  overduePeriods: 1,
  returnedCount: 0,
  trajectoryRatio: null,
  role: 'lead',
  trigger: 'overdue',
  ...overrides,
});

async function recorded(id: string, periodKey: string, input: EscalationFacts): Promise<RecordedDecision> {
  const decision = await decideEscalation(shipped, input);
  return {
    id,
    assignmentId: `a-${id}`,
    indicatorId: null,
    periodKey,
    kind: 'escalation',
    outcome: decision.level ?? 'none',
    ruleSet: decision.ruleSet,
    facts: decision.facts,
    conditions: { decidedBy: decision.decidedBy, firedRules: decision.firedRules, rules: decision.explanation },
  };
}

describe('simulateRuleSet', () => {
  it('lists exactly the decisions a raised 督办 threshold changes, with the condition that flipped', async () => {
    const decisions = [
      await recorded('1', 'Q1', facts({ overdueGraceUnits: 0 })), // reminder either way
      await recorded('2', 'Q2', facts({ overdueGraceUnits: 1 })), // supervision → reminder
      await recorded('3', 'Q2', facts({ overdueGraceUnits: 1 })), // the same facts again
      await recorded('4', 'Q3', facts({ overdueGraceUnits: 2 })), // interview either way
      await recorded('5', 'Q3', facts({ returnedCount: 3 })), // returned three times: still supervision
    ];
    const outcome = await simulateRuleSet(laterSupervision(), decisions);
    expect(outcome).toMatchObject({ ruleSet: { id: 'escalation', version: '1.1.0' }, examined: 5, distinctFacts: 4 });
    expect(outcome.changed.map((c) => [c.decisionId, c.before.outcome, c.after.outcome])).toEqual([
      ['2', 'supervision', 'reminder'],
      ['3', 'supervision', 'reminder'],
    ]);
    expect(outcome.moves).toEqual([{ before: 'supervision', after: 'reminder', count: 2 }]);
    expect(outcome.changedTotal).toBe(2);
    expect((await simulateRuleSet(laterSupervision(), decisions, { detail: 1 })).changed).toHaveLength(1);
    const [change] = outcome.changed;
    expect(change?.flipped).toEqual([
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
    expect(change?.before.sentence).toBe(
      '第2期报送逾期：逾期宽限期数1个，达到1个，按规则集 escalation v1.0.0 第2条「overdue: supervision」升级为督办。',
    );
    expect(change?.after.sentence).toBe(
      '第2期报送逾期：逾期宽限期数1个，达到0个，按规则集 escalation v1.1.0 第1条「overdue: reminder」升级为提醒。',
    );
  });

  it('reads the traces of changed decisions only, through the loader, and ignores other rule sets', async () => {
    const full = await recorded('2', 'Q2', facts({ overdueGraceUnits: 1 }));
    const { conditions, ...withoutTraces } = full;
    const other: RecordedDecision = { ...withoutTraces, id: 'x', kind: 'trajectory', ruleSet: { id: 'trajectory', version: '1.0.0' } };
    const asked: string[][] = [];
    const outcome = await simulateRuleSet(laterSupervision(), [withoutTraces, other], {
      loadConditions: async (ids) => {
        asked.push(ids);
        return new Map([['2', conditions]]);
      },
    });
    expect(asked).toEqual([['2']]);
    expect(outcome.examined).toBe(1);
    expect(outcome.changed[0]?.before.decidedBy).toBe('overdue: supervision');
  });

  it('changes nothing when the version is the one that decided', async () => {
    const decisions = await Promise.all([0, 1, 2, 3].map((units) => recorded(String(units), 'Q1', facts({ overdueGraceUnits: units }))));
    const outcome = await simulateRuleSet(shipped, decisions);
    expect(outcome.changed).toEqual([]);
  });
});

describe('simulateRuleSet on trajectory decisions', () => {
  it('derives the ratio again with the draft’s expected shares: a slow first quarter is no longer lagging', async () => {
    const shipped = registry.getOrThrow('trajectory', '1.0.0');
    const decision = await assessTrajectory(shipped, {
      kind: 'count',
      comparator: 'gte',
      periodIndex: 1,
      periodCount: 4,
      annualTarget: 100,
      reached: 18,
    });
    expect(decision.outcome).toBe('lagging');
    const file = structuredClone(shipped.ruleSet) as unknown as Record<string, unknown>;
    delete file['file'];
    file['version'] = '1.1.0';
    file['parameters'] = { expectedShares: { '4': [0.2, 0.45, 0.7, 1] } };
    const draft = compileStoredRuleSetOrThrow({ ruleSetId: 'trajectory', version: '1.1.0', ruleFile: file });
    const outcome = await simulateRuleSet(draft, [
      {
        id: 't1',
        assignmentId: 'a1',
        indicatorId: 'i1',
        periodKey: 'Q1',
        kind: 'trajectory',
        outcome: decision.outcome,
        ruleSet: decision.ruleSet,
        facts: decision.facts,
        conditions: { decidedBy: decision.decidedBy, rules: decision.explanation },
      },
    ]);
    expect(outcome.changed.map((c) => [c.before.outcome, c.after.outcome])).toEqual([['lagging', 'on_track']]);
    expect(outcome.changed[0]?.after.sentence).toContain('完成进度与预期之比90%');
  });
});
