export * from './rule-set.vocabulary';
export {
  attainmentParametersSchema,
  escalationParametersSchema,
  trajectoryParametersSchema,
  scoringParametersSchema,
  ruleSetFileSchema,
  isKnownOperator,
  type AttainmentParameters,
  type EscalationParameters,
  type TrajectoryParameters,
  type ScoringParameters,
  type ScoringEvent,
  type RuleSetFile,
  type RuleDefinition,
  type RuleCondition,
  type LeafCondition,
  type FactReference,
} from './rule-set.schema';
export {
  loadRuleSetFileOrThrow,
  parseRuleSetOrThrow,
  ruleSetFileNamePattern,
  type LoadedRuleSet,
  type RuleSetOfKind,
} from './rule-set.loader';
export { CompiledRuleSet, compileRuleSet, type FiredRule, type RuleSetRun } from './rule-set.engine';
export { RuleSetRegistry, defaultRulesDirectory, findRuleSetFiles } from './rule-set.registry';
export type { ConditionTrace, LeafTrace, RuleTrace } from './decision.explanation';
export { resolveRuleSetOrThrow, type DecisionBase, type RuleSetSource } from './evaluator.support';
export {
  attainmentFactsFrom,
  attainmentInputSchema,
  decideAttainment,
  isLowerBetter,
  scoreIndicator,
  type AttainmentDecision,
  type AttainmentFacts,
  type AttainmentInput,
  type IndicatorScore,
} from './attainment.evaluator';
export {
  assessTrajectory,
  trajectoryFactsFrom,
  trajectoryFactsAgain,
  expectedShareOf,
  trajectoryInputSchema,
  type TrajectoryDecision,
  type TrajectoryFacts,
  type TrajectoryInput,
} from './trajectory.evaluator';
export {
  decideScore,
  pointsOf,
  scoringInputSchema,
  weightsOf,
  type ScoreDecision,
  type ScoringFacts,
  type ScoringInput,
} from './scoring.evaluator';
export { decideEscalation, escalationFactsSchema, type EscalationRuleDecision } from './escalation.evaluator';
export { goldenFileFor, loadGoldenCasesOrThrow, type GoldenCases } from './golden-cases.loader';
export { compareVersions, versionParts, nextDraftVersion, assertNewVersionOrThrow } from './rule-set.versions';
export { checkRuleFile, checkGoldenCases, checkDraftContentOrThrow, compileStoredRuleSetOrThrow, type Checked } from './rule-set.check';
export { runGoldenCases, type GoldenCasesOutcome } from './golden-cases.runner';
export { diffRuleSetVersions, diffValues } from './rule-set.diff';
export { readShippedRuleSetsOrThrow, type ShippedRuleSet } from './shipped-defaults';
export { explainDecisionInChinese, conditionInWords, periodLabel, type StoredDecision } from './decision.sentence';
export {
  simulateRuleSet,
  flippedRules,
  type RecordedDecision,
  type SimulatedChange,
  type SimulationOutcome,
  type FlippedRule,
  type FlippedCondition,
} from './rule-set.simulation';
