import { assignmentRoleSchema, type EscalationFacts, type EscalationLevel, escalationRank } from '@plancycle/contracts';
import { z } from 'zod';
import { type DecisionBase, parseInputOrThrow, resolveRuleSetOrThrow, type RuleSetSource, type Equivalent } from './evaluator.support';
import { type EscalationFactName, escalationLevels, type EscalationRecipient, escalationRecipients } from './rule-set.vocabulary';

const count = z.number().int().min(0);

export const escalationFactsSchema = z.strictObject({
  overdueGraceUnits: count,
  overduePeriods: count,
  returnedCount: count,
  trajectoryRatio: z.number().finite().nullable(),
  role: assignmentRoleSchema,
  trigger: z.enum(['overdue', 'trajectory']),
});

const schemaMatchesContract: Equivalent<z.infer<typeof escalationFactsSchema>, EscalationFacts> = true;
const factsMatchVocabulary: Equivalent<keyof EscalationFacts, EscalationFactName> = true;
void schemaMatchesContract;
void factsMatchVocabulary;

/** Named apart from the contracts' EscalationDecision, which adds the stored decision's id. */
export interface EscalationRuleDecision extends DecisionBase<EscalationFacts> {
  level: EscalationLevel | null;
  recipient: EscalationRecipient | null;
}

function isLevel(type: string): type is EscalationLevel {
  return (escalationLevels as readonly string[]).includes(type);
}

function recipientOf(params: Record<string, unknown> | undefined): EscalationRecipient | null {
  const recipient = params?.['recipient'];
  return typeof recipient === 'string' && (escalationRecipients as readonly string[]).includes(recipient)
    ? (recipient as EscalationRecipient)
    : null;
}

/**
 * The rung of the ladder reminder → supervision → interview the facts call for. Several
 * rules may fire (the ladder is cumulative); the highest level wins, and among rules of
 * that level the highest priority names the recipient. No rule fired: level null.
 */
export async function decideEscalation(source: RuleSetSource, facts: EscalationFacts): Promise<EscalationRuleDecision> {
  const compiled = resolveRuleSetOrThrow(source, 'escalation');
  const parsed = parseInputOrThrow(escalationFactsSchema, facts, 'escalation facts');
  const run = await compiled.run({ ...parsed });
  let decider: { name: string; level: EscalationLevel; recipient: EscalationRecipient | null } | null = null;
  for (const rule of run.fired) {
    const level = rule.event.type;
    if (isLevel(level) && (decider === null || escalationRank(level) > escalationRank(decider.level))) {
      decider = { name: rule.name, level, recipient: recipientOf(rule.event.params) };
    }
  }
  return {
    ruleSet: compiled.pin,
    facts: parsed,
    level: decider?.level ?? null,
    recipient: decider?.recipient ?? null,
    decidedBy: decider?.name ?? null,
    firedRules: run.fired.map((rule) => rule.name),
    explanation: run.explanation,
  };
}
