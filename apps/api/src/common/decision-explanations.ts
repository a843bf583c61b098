import type { Page } from '@plancycle/contracts';
import type { EscalationView, Repositories } from '@plancycle/persistence';
import { explainDecisionInChinese } from '@plancycle/rules';

/**
 * Escalations with the sentence of the decision that raised each: the period, what the
 * engine saw, and which rule of which rule-set version decided it (issue: explanations a
 * clerk understands). Read from the stored decision, so old escalations read as they were.
 */
export async function withExplanations(
  repos: Repositories,
  escalations: Page<EscalationView>,
): Promise<Page<EscalationView & { explanation: string | null }>> {
  const decisions = await repos.decisions.explainable(escalations.items.map((e) => e.decisionId));
  return {
    ...escalations,
    items: escalations.items.map((escalation) => {
      const decision = decisions.get(escalation.decisionId);
      return { ...escalation, explanation: decision ? explainDecisionInChinese(decision) : null };
    }),
  };
}
