import type {
  AssignmentRole,
  AttainmentOutcome,
  Comparator,
  EscalationFacts,
  EscalationLevel,
  IndicatorKind,
  RuleSetPin,
  UnitRanking,
} from '@plancycle/contracts';

/** What the activities need from the rule engine; implemented over libs/rules. */
export interface AttainmentInput {
  kind: IndicatorKind;
  comparator: Comparator;
  target: number | null;
  max: number | null;
  tolerance: number | null;
  actual: number | null;
  done: boolean | null;
  baseline: number | null;
}

/** A decision with what the engine was fed and how each condition came out. */
export interface Explained<T> {
  result: T;
  facts: unknown;
  conditions: unknown;
}

export interface RulesPort {
  /** The newest published version of each rule set in the store: pinned by a cycle when it is published. */
  latestPins(): Promise<RuleSetPin[]>;
  decideAttainment(
    pin: RuleSetPin,
    input: AttainmentInput,
  ): Promise<Explained<{ outcome: AttainmentOutcome; shareOfTarget: number | null; achieved: number | null }>>;
  /** Points and weight under an attainment rule set's `parameters.scoring`: cycles that pinned no scoring rule set. */
  scoreIndicator(
    pin: RuleSetPin,
    params: { outcome: AttainmentOutcome; shareOfTarget: number | null; role: AssignmentRole },
  ): Promise<{ points: number; weight: number }>;
  /** Points and weight of one unit's share of an indicator under a scoring rule set, explained. */
  decideScore(
    pin: RuleSetPin,
    input: { outcome: AttainmentOutcome; shareOfTarget: number | null; role: AssignmentRole; stretch: boolean; kind: IndicatorKind },
  ): Promise<Explained<{ points: number; weight: number }>>;
  /** How a scoring rule set ranks units of equal score. */
  unitRanking(pin: RuleSetPin): Promise<UnitRanking>;
  assessTrajectory(
    pin: RuleSetPin,
    input: {
      kind: IndicatorKind;
      comparator: Comparator;
      periodIndex: number;
      periodCount: number;
      annualTarget: number | null;
      reached: number | null;
    },
  ): Promise<Explained<{ outcome: 'on_track' | 'lagging' | 'not_applicable'; ratio: number | null }>>;
  decideEscalation(
    pin: RuleSetPin,
    facts: EscalationFacts,
  ): Promise<Explained<{ level: EscalationLevel | null; recipient: string | null }>>;
}
