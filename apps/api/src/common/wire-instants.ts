import type { AssignmentStatus, PeriodState } from '@plancycle/contracts';
import type { AssignmentView } from '@plancycle/persistence';

/**
 * The API writes instants as ISO 8601 strings. Most routes leave that to
 * `IsoTimestampsInterceptor`, which walks and copies the whole answer. The busiest lists
 * (the inbox, a cycle's assignments: 50 items of about 2.4 kB each) build their items with
 * ISO instants already and mark the page, and the interceptor passes a marked body on as it is.
 * Writing a page's instants took about 2 ms of a list request's 11–15 ms of CPU on a 2-core
 * machine, most of it `toISOString` (see `isoInstant`), the rest the walk's copies.
 */
const INSTANTS_WRITTEN = Symbol('plancycle.instantsWritten');

/** Marks `body` as having every instant written as an ISO string already (not serialised: a symbol key). */
export function withInstantsWritten<T extends object>(body: T): T {
  Object.defineProperty(body, INSTANTS_WRITTEN, { value: true, enumerable: false });
  return body;
}

export function hasInstantsWritten(body: object): boolean {
  return (body as { [INSTANTS_WRITTEN]?: true })[INSTANTS_WRITTEN] === true;
}

type PeriodInstant = 'dueAt' | 'closesAt' | 'deadlineAt' | 'reminderSentAt';

/** A period's state as the API writes it. */
export type PeriodStateOnTheWire = Omit<PeriodState, PeriodInstant> & {
  dueAt: string;
  closesAt: string;
  deadlineAt: string;
  reminderSentAt: string | null;
};

/** An assignment's status as the API writes it. */
export type AssignmentStatusOnTheWire = Omit<AssignmentStatus, 'acknowledgedAt' | 'periods'> & {
  acknowledgedAt: string | null;
  periods: PeriodStateOnTheWire[];
};

/**
 * The status with its instants as ISO strings: the status schema's fields only, named one by
 * one (the types require each), as reading the status through its schema gives them.
 */
export function statusOnTheWire(status: AssignmentStatus | null): AssignmentStatusOnTheWire | null {
  if (status === null) return null;
  return {
    assignmentId: status.assignmentId,
    cycleId: status.cycleId,
    unit: status.unit,
    role: status.role,
    phase: status.phase,
    acknowledgedAt: isoOrNull(status.acknowledgedAt),
    escalationLevel: status.escalationLevel,
    periods: status.periods.map(periodOnTheWire),
  };
}

function periodOnTheWire(period: PeriodState): PeriodStateOnTheWire {
  const wire: PeriodStateOnTheWire = {
    key: period.key,
    label: period.label,
    dueAt: isoInstant(period.dueAt),
    closesAt: isoInstant(period.closesAt),
    status: period.status,
    deadlineAt: isoInstant(period.deadlineAt),
    overdue: period.overdue,
    reminderSentAt: isoOrNull(period.reminderSentAt),
    submissions: period.submissions,
    currentReportId: period.currentReportId,
    lastReturnComment: period.lastReturnComment,
    escalationLevel: period.escalationLevel,
  };
  // Optional in the schema (statuses recorded before it existed have none).
  if (period.reminderOutcome !== undefined) wire.reminderOutcome = period.reminderOutcome;
  return wire;
}

/** An assignment as a list writes it: the view's own instants are ISO strings already, the status's are made so. */
export function assignmentOnTheWire<T extends AssignmentView>(view: T): Omit<T, 'status'> & { status: AssignmentStatusOnTheWire | null } {
  return { ...view, status: statusOnTheWire(view.status) };
}

const isoOf = new Map<number, string>();
const ISO_MEMO_SIZE = 10_000;

/**
 * An instant as ISO 8601, remembered: `toISOString` costs about 1 µs, and a page writes some
 * 850 instants, most of them the few of its cycle's calendar (each period's due date, close
 * and deadline are the same for every assignment). Forgets everything past 10,000 instants.
 */
export function isoInstant(epochMilliseconds: number): string {
  let iso = isoOf.get(epochMilliseconds);
  if (iso === undefined) {
    if (isoOf.size >= ISO_MEMO_SIZE) isoOf.clear();
    iso = new Date(epochMilliseconds).toISOString();
    isoOf.set(epochMilliseconds, iso);
  }
  return iso;
}

function isoOrNull(epochMilliseconds: number | null): string | null {
  return epochMilliseconds === null ? null : isoInstant(epochMilliseconds);
}
