import type { EscalationFacts } from '@plancycle/contracts';
import { decideEscalation } from './escalation.evaluator';
import { RuleSetRegistry } from './rule-set.registry';

const registry = RuleSetRegistry.loadOrThrow();
const escalation = registry.getOrThrow('escalation', '1.0.0');

const facts = (overrides: Partial<EscalationFacts>): EscalationFacts => ({
  overdueGraceUnits: 0,
  overduePeriods: 1,
  returnedCount: 0,
  trajectoryRatio: null,
  role: 'lead',
  trigger: 'overdue',
  ...overrides,
});

describe('decideEscalation', () => {
  it('takes the highest level among fired rules, with its recipient', async () => {
    const decision = await decideEscalation(escalation, facts({ overdueGraceUnits: 2 }));
    expect(decision).toMatchObject({
      ruleSet: { id: 'escalation', version: '1.0.0' },
      level: 'interview',
      recipient: 'leader_and_task_force',
      decidedBy: 'overdue: interview',
      firedRules: ['overdue: interview', 'overdue: supervision', 'overdue: reminder'],
      facts: facts({ overdueGraceUnits: 2 }),
    });
    expect(decision.explanation).toHaveLength(escalation.ruleSet.rules.length);
    expect(decision.explanation.find((rule) => rule.rule === 'trajectory: reminder')).toMatchObject({
      fired: false,
      conditions: { all: [{ fact: 'trigger', operator: 'equal', value: 'trajectory', factResult: 'overdue', result: false }, {}] },
    });
  });

  it('names the recipient of each rung', async () => {
    const recipients = await Promise.all(
      [facts({}), facts({ overdueGraceUnits: 1 }), facts({ trigger: 'trajectory', trajectoryRatio: 0.2 })].map(
        async (f) => (await decideEscalation(registry, f)).recipient,
      ),
    );
    expect(recipients).toEqual(['unit', 'unit_and_leader', 'unit_and_leader']);
  });

  it('gives level null when no rule fires', async () => {
    const decision = await decideEscalation(escalation, facts({ trigger: 'trajectory', trajectoryRatio: 0.95 }));
    expect(decision).toMatchObject({ level: null, recipient: null, decidedBy: null, firedRules: [] });
  });

  it('refuses facts that are not EscalationFacts', async () => {
    await expect(decideEscalation(escalation, facts({ overdueGraceUnits: -1 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'overdueGraceUnits' }],
    });
  });
});
