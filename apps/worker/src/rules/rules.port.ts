import type {
  AssignmentRole,
  AttainmentOutcome,
  Comparator,
  EscalationFacts,
  EscalationLevel,
  IndicatorKind,
  RuleSetPin,
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
  scoreIndicator(
    pin: RuleSetPin,
    params: { outcome: AttainmentOutcome; shareOfTarget: number | null; role: AssignmentRole },
  ): Promise<{ points: number; weight: number }>;
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
