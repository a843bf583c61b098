import type { RuleSetPin } from '@plancycle/contracts';
import { decideAttainment, attainmentInputSchema } from './attainment.evaluator';
import type { ConditionTrace, LeafTrace, RuleTrace } from './decision.explanation';
import { explainDecisionInChinese } from './decision.sentence';
import { decideEscalation, escalationFactsSchema } from './escalation.evaluator';
import type { CompiledRuleSet } from './rule-set.engine';
import type { TrajectoryParameters } from './rule-set.schema';
import { trajectoryFactsAgain, type TrajectoryFacts } from './trajectory.evaluator';
import type { RuleSetKind } from './rule-set.vocabulary';
import { trajectoryOutcomes, type TrajectoryOutcome } from './rule-set.vocabulary';

/**
 * What-if: a rule-set version (usually a draft) run over the facts a cycle recorded with
 * each of its decisions, compared with what was decided then. Nothing is written; the
 * answer lists every decision whose outcome (or escalation level) would change, with the
 * rules and conditions that flipped.
 */

/** A decision as the cycle recorded it: what the engine saw and what it decided. */
export interface RecordedDecision {
  id: string;
  assignmentId: string | null;
  indicatorId: string | null;
  periodKey: string | null;
  kind: string;
  outcome: string;
  ruleSet: RuleSetPin;
  facts: unknown;
  /** Read only for the decisions that change, so a large cycle's traces are not all loaded. */
  conditions?: unknown;
}

export interface FlippedCondition {
  fact: string;
  operator: string;
  /** What the engine saw (the same before and after: the facts are the recorded ones). */
  factValue: unknown;
  before: { value: unknown; result: boolean | null } | null;
  after: { value: unknown; result: boolean | null } | null;
}

export interface FlippedRule {
  rule: string;
  firedBefore: boolean | null;
  firedAfter: boolean | null;
  conditions: FlippedCondition[];
}

export interface SimulatedChange {
  decisionId: string;
  assignmentId: string | null;
  indicatorId: string | null;
  periodKey: string | null;
  kind: string;
  before: { outcome: string; ruleSet: RuleSetPin; decidedBy: string | null; sentence: string };
  after: { outcome: string; ruleSet: RuleSetPin; decidedBy: string | null; sentence: string };
  flipped: FlippedRule[];
}

export interface SimulationOutcome {
  ruleSet: RuleSetPin;
  kind: RuleSetKind;
  /** Recorded decisions of this rule set that were run again. */
  examined: number;
  /** Distinct sets of facts among them (each was run once). */
  distinctFacts: number;
  /** How many decisions change; `changed` details the first `detail` of them. */
  changedTotal: number;
  changed: SimulatedChange[];
  /** `before → after` outcome pairs and how many decisions moved that way. */
  moves: { before: string; after: string; count: number }[];
}

interface Rerun {
  outcome: string;
  facts: unknown;
  decidedBy: string | null;
  rules: RuleTrace[];
}

/** Re-decides one recorded decision with `compiled`, from the inputs kept in its facts. */
async function rerun(compiled: CompiledRuleSet, facts: unknown): Promise<Rerun> {
  const stored = (facts ?? {}) as Record<string, unknown>;
  switch (compiled.kind) {
    case 'escalation': {
      const input = escalationFactsSchema.parse(pick(stored, Object.keys(escalationFactsSchema.shape)));
      const decision = await decideEscalation(compiled, input);
      return { outcome: decision.level ?? 'none', facts: decision.facts, decidedBy: decision.decidedBy, rules: decision.explanation };
    }
    case 'attainment': {
      // From the inputs, so a changed default tolerance moves the bounds as it would have.
      const input = attainmentInputSchema.parse(pick(stored, Object.keys(attainmentInputSchema.shape)));
      const decision = await decideAttainment(compiled, input);
      return { outcome: decision.outcome, facts: decision.facts, decidedBy: decision.decidedBy, rules: decision.explanation };
    }
    case 'trajectory': {
      // The achieved share as recorded; the expected share (and so the ratio) by this version's parameters.
      const facts = trajectoryFactsAgain(stored as unknown as TrajectoryFacts, compiled.ruleSet.parameters as TrajectoryParameters);
      const run = await compiled.run({ ...facts });
      const decider = run.fired.find((rule) => (trajectoryOutcomes as readonly string[]).includes(rule.event.type)) ?? null;
      const outcome: TrajectoryOutcome = (decider?.event.type as TrajectoryOutcome | undefined) ?? 'not_applicable';
      return { outcome, facts, decidedBy: decider?.name ?? null, rules: run.explanation };
    }
    case 'scoring':
      // Scored at year end from the attainment outcomes: a what-if would run the evaluation again.
      throw new Error('scoring rule sets are not simulated over recorded decisions');
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  return out;
}

/** Stable key of a facts object (same facts, same run). */
function factsKey(facts: unknown): string {
  if (facts === null || typeof facts !== 'object') return JSON.stringify(facts);
  const record = facts as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}

/**
 * Runs `compiled` over every recorded decision of its rule set. Identical facts are run
 * once (a cycle's escalation checks repeat the same few fact sets thousands of times).
 * `loadConditions` fetches the recorded traces of the decisions that change, for the
 * conditions that flipped and the sentence of what was decided then.
 */
export async function simulateRuleSet(
  compiled: CompiledRuleSet,
  recorded: readonly RecordedDecision[],
  options: { loadConditions?: (ids: string[]) => Promise<Map<string, unknown>>; detail?: number } = {},
): Promise<SimulationOutcome> {
  const { loadConditions = async () => new Map<string, unknown>(), detail = Number.POSITIVE_INFINITY } = options;
  const ofThisSet = recorded.filter((d) => d.kind === compiled.kind && d.ruleSet.id === compiled.pin.id);
  const runs = new Map<string, Promise<Rerun>>();
  const results = await Promise.all(
    ofThisSet.map(async (decision) => {
      const key = factsKey(decision.facts);
      let run = runs.get(key);
      if (run === undefined) {
        run = rerun(compiled, decision.facts);
        runs.set(key, run);
      }
      return { decision, after: await run };
    }),
  );
  const allChanged = results.filter(({ decision, after }) => after.outcome !== decision.outcome);
  const moves = new Map<string, { before: string; after: string; count: number }>();
  for (const { decision, after } of allChanged) {
    const move = `${decision.outcome}→${after.outcome}`;
    const entry = moves.get(move) ?? { before: decision.outcome, after: after.outcome, count: 0 };
    entry.count += 1;
    moves.set(move, entry);
  }
  const changedRuns = allChanged.slice(0, detail);
  const missing = changedRuns.filter(({ decision }) => decision.conditions === undefined).map(({ decision }) => decision.id);
  const loaded = missing.length > 0 ? await loadConditions(missing) : new Map<string, unknown>();

  const changed = changedRuns.map(({ decision, after }): SimulatedChange => {
    const conditions = decision.conditions ?? loaded.get(decision.id) ?? null;
    const before = tracesOf(conditions);
    const common = { kind: decision.kind, periodKey: decision.periodKey, facts: decision.facts };
    return {
      decisionId: decision.id,
      assignmentId: decision.assignmentId,
      indicatorId: decision.indicatorId,
      periodKey: decision.periodKey,
      kind: decision.kind,
      before: {
        outcome: decision.outcome,
        ruleSet: decision.ruleSet,
        decidedBy: before.decidedBy,
        sentence: explainDecisionInChinese({ ...common, outcome: decision.outcome, ruleSet: decision.ruleSet, conditions }),
      },
      after: {
        outcome: after.outcome,
        ruleSet: compiled.pin,
        decidedBy: after.decidedBy,
        sentence: explainDecisionInChinese({
          ...common,
          outcome: after.outcome,
          ruleSet: compiled.pin,
          conditions: { decidedBy: after.decidedBy, rules: after.rules },
        }),
      },
      flipped: flippedRules(before.rules, after.rules),
    };
  });
  return {
    ruleSet: compiled.pin,
    kind: compiled.kind,
    examined: ofThisSet.length,
    distinctFacts: runs.size,
    changedTotal: allChanged.length,
    changed,
    moves: [...moves.values()].sort((a, b) => b.count - a.count),
  };
}

function tracesOf(conditions: unknown): { decidedBy: string | null; rules: RuleTrace[] } {
  const stored = (conditions ?? {}) as { decidedBy?: unknown; rules?: unknown };
  return {
    decidedBy: typeof stored.decidedBy === 'string' ? stored.decidedBy : null,
    rules: Array.isArray(stored.rules) ? (stored.rules as RuleTrace[]) : [],
  };
}

function isLeaf(trace: ConditionTrace): trace is LeafTrace {
  return 'fact' in trace;
}

/** Leaves by their position in the condition tree (all.1.any.0), so a changed threshold lines up with the old one. */
function leavesByPosition(trace: ConditionTrace | undefined, at = '', out = new Map<string, LeafTrace>()): Map<string, LeafTrace> {
  if (trace === undefined) return out;
  if (isLeaf(trace)) out.set(at, trace);
  else if ('all' in trace) trace.all.forEach((child, i) => leavesByPosition(child, `${at}/all.${i}`, out));
  else if ('any' in trace) trace.any.forEach((child, i) => leavesByPosition(child, `${at}/any.${i}`, out));
  else leavesByPosition(trace.not, `${at}/not`, out);
  return out;
}

/** Rules that fire in one version and not the other, with the leaves whose threshold or result differs. */
export function flippedRules(before: readonly RuleTrace[], after: readonly RuleTrace[]): FlippedRule[] {
  const beforeByName = new Map(before.map((rule) => [rule.rule, rule]));
  const afterByName = new Map(after.map((rule) => [rule.rule, rule]));
  const names = [...new Set([...before.map((r) => r.rule), ...after.map((r) => r.rule)])];
  const flipped: FlippedRule[] = [];
  for (const name of names) {
    const old = beforeByName.get(name);
    const now = afterByName.get(name);
    if ((old?.fired ?? null) === (now?.fired ?? null)) continue;
    const oldLeaves = leavesByPosition(old?.conditions);
    const newLeaves = leavesByPosition(now?.conditions);
    const positions = [...new Set([...oldLeaves.keys(), ...newLeaves.keys()])];
    const conditions: FlippedCondition[] = [];
    for (const position of positions) {
      const a = oldLeaves.get(position);
      const b = newLeaves.get(position);
      const sameValue = JSON.stringify(a?.value) === JSON.stringify(b?.value);
      if (a && b && sameValue && a.result === b.result) continue;
      const leaf = (b ?? a) as LeafTrace;
      conditions.push({
        fact: leaf.fact,
        operator: leaf.operator,
        factValue: leaf.factResult ?? null,
        before: a ? { value: a.value, result: a.result } : null,
        after: b ? { value: b.value, result: b.result } : null,
      });
    }
    flipped.push({ rule: name, firedBefore: old?.fired ?? null, firedAfter: now?.fired ?? null, conditions });
  }
  return flipped;
}
