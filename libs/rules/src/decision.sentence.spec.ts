import { assessTrajectory } from './trajectory.evaluator';
import { decideEscalation } from './escalation.evaluator';
import { conditionInWords, explainDecisionInChinese, periodLabel } from './decision.sentence';
import { RuleSetRegistry } from './rule-set.registry';

const registry = RuleSetRegistry.loadOrThrow();

describe('explainDecisionInChinese', () => {
  it('says why a repeat offender is called to an interview, naming the rule set, version and rule number', async () => {
    const decision = await decideEscalation(registry.getOrThrow('escalation', '1.0.0'), {
      overdueGraceUnits: 1,
      overduePeriods: 2,
      returnedCount: 0,
      trajectoryRatio: null,
      role: 'lead',
      trigger: 'overdue',
    });
    const sentence = explainDecisionInChinese({
      kind: 'escalation',
      outcome: decision.level ?? 'none',
      periodKey: 'Q3',
      ruleSet: decision.ruleSet,
      facts: decision.facts,
      conditions: { decidedBy: decision.decidedBy, rules: decision.explanation },
    });
    expect(sentence).toBe(
      '第3期报送逾期：累计逾期期数2期，达到2期，且逾期宽限期数1个，达到1个，按规则集 escalation v1.0.0 第3条「overdue: interview」升级为约谈。',
    );
  });

  it('says a lagging trajectory with the ratio as a percentage', async () => {
    const decision = await assessTrajectory(registry.getOrThrow('trajectory', '1.0.0'), {
      kind: 'count',
      comparator: 'gte',
      periodIndex: 2,
      periodCount: 4,
      annualTarget: 100,
      reached: 30,
    });
    const sentence = explainDecisionInChinese({
      kind: 'trajectory',
      outcome: decision.outcome,
      periodKey: 'Q2',
      ruleSet: decision.ruleSet,
      facts: decision.facts,
      conditions: { decidedBy: decision.decidedBy, rules: decision.explanation },
    });
    expect(sentence).toContain('指标类型为个数，且目标方式为不低于，且完成进度与预期之比60%，低于80%');
    expect(sentence).toMatch(/按规则集 trajectory v1\.0\.0 第\d+条「lagging」判定进度滞后。$/);
  });

  it('says when no rule fired', () => {
    expect(
      explainDecisionInChinese({
        kind: 'escalation',
        outcome: 'none',
        periodKey: 'Q1',
        ruleSet: { id: 'escalation', version: '1.0.0' },
        facts: { trigger: 'trajectory' },
        conditions: { decidedBy: null, rules: [] },
      }),
    ).toBe('第1期进度落后：未触发任何规则，按规则集 escalation v1.0.0 不升级。');
  });

  it('words operators, negations and periods', () => {
    expect(conditionInWords({ fact: 'returnedCount', operator: 'greaterThanInclusive', value: 3, factResult: 4 })).toBe(
      '报告被退回次数4次，达到3次',
    );
    expect(conditionInWords({ fact: 'kind', operator: 'not:in', value: ['count', 'amount'], factResult: 'share' })).toBe('指标类型为占比');
    expect(periodLabel('Q4')).toBe('第4期');
    expect(periodLabel('P12')).toBe('第12期');
    expect(periodLabel(null)).toBe('');
  });
});

describe('explainDecisionInChinese for year-end scoring', () => {
  it('gives the points and what decided them', () => {
    const sentence = explainDecisionInChinese({
      kind: 'scoring',
      outcome: '60',
      periodKey: null,
      ruleSet: { id: 'scoring', version: '1.0.0' },
      facts: { outcome: 'not_met', stretch: true },
      conditions: {
        decidedBy: 'not met: stretch',
        rules: [
          {
            rule: 'not met: stretch',
            priority: 1,
            fired: true,
            event: 'share_of_target',
            conditions: {
              all: [
                { fact: 'outcome', operator: 'equal', value: 'not_met', factResult: 'not_met', result: true },
                { fact: 'stretch', operator: 'equal', value: true, factResult: true, result: true },
              ],
              result: true,
            },
          },
        ],
      },
    });
    expect(sentence).toBe('达标结果为未完成，且目标性质为力争目标，按规则集 scoring v1.0.0 第1条「not met: stretch」计60分。');
  });
});
