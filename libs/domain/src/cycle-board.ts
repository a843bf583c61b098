import { escalationLevels, type EscalationLevel, type PeriodStatus, type ReportingCalendar } from '@plancycle/contracts';

/**
 * The coordinator's cycle board (周期看板): per unit and period, how many assignments
 * stand in which state, coloured by the worst; per period, the share reported, approved
 * and overdue; escalations by level. Computed from counts the database groups, never
 * from the assignments one by one, so a cycle of a thousand assignments stays cheap.
 */

/** A period's state as the board counts it: the workflow's status, with "overdue" split from open and returned. */
export const boardStates = ['not_open', 'open', 'overdue', 'submitted', 'returned', 'approved', 'missed', 'unreviewed'] as const;
export type BoardState = (typeof boardStates)[number];
export type BoardLight = 'red' | 'yellow' | 'green';
export type BoardCounts = Record<BoardState, number>;

/** One group of the database's count: assignments of a unit whose period stands in one status. */
export interface BoardCountRow {
  unit: string;
  periodKey: string;
  status: PeriodStatus;
  overdue: boolean;
  escalated: boolean;
  count: number;
}

export interface BoardCell {
  periodKey: string;
  counts: BoardCounts;
  total: number;
  /** Assignments of the unit escalated in this period (any level). */
  escalated: number;
  light: BoardLight;
}

export interface BoardUnit {
  unit: string;
  /** The unit's assignments in the caller's view, started or not. */
  assignments: number;
  cells: BoardCell[];
  /** The worst light of the unit's periods. */
  light: BoardLight;
}

export interface BoardPeriod {
  key: string;
  label: string;
  opensAt: number;
  dueAt: number;
  closesAt: number;
  counts: BoardCounts;
  total: number;
  /** Reported and standing: awaiting review, approved, or closed unreviewed. */
  reported: number;
  approved: number;
  /** Past the deadline without an accepted report: overdue or missed. */
  overdue: number;
  escalated: number;
}

export interface CycleBoard {
  assignments: number;
  /** Assignments whose workflow has reported a status (the others are still being started). */
  started: number;
  periods: BoardPeriod[];
  units: BoardUnit[];
  escalations: Record<EscalationLevel, number> & { total: number };
}

export function boardStateOf(status: PeriodStatus, overdue: boolean): BoardState {
  return overdue && (status === 'open' || status === 'returned') ? 'overdue' : status;
}

const RED: ReadonlySet<BoardState> = new Set(['overdue', 'missed']);
const YELLOW: ReadonlySet<BoardState> = new Set(['open', 'returned', 'unreviewed']);

/** 红 when any assignment is overdue, missed or escalated; 黄 when any still owes a report or waits unreviewed; 绿 otherwise. */
export function boardLight(counts: BoardCounts, escalated: number): BoardLight {
  if (escalated > 0 || boardStates.some((s) => RED.has(s) && counts[s] > 0)) return 'red';
  if (boardStates.some((s) => YELLOW.has(s) && counts[s] > 0)) return 'yellow';
  return 'green';
}

const LIGHT_RANK: Record<BoardLight, number> = { green: 0, yellow: 1, red: 2 };
const worst = (lights: BoardLight[]): BoardLight => lights.reduce<BoardLight>((a, b) => (LIGHT_RANK[b] > LIGHT_RANK[a] ? b : a), 'green');
const zeroCounts = (): BoardCounts => Object.fromEntries(boardStates.map((s) => [s, 0])) as BoardCounts;

export function cycleBoard(params: {
  calendar: ReportingCalendar | null;
  /** Per unit, its assignments in the caller's view (started or not). */
  unitAssignments: { unit: string; count: number }[];
  rows: BoardCountRow[];
  escalationsByLevel: { level: EscalationLevel; count: number }[];
}): CycleBoard {
  const calendarPeriods = params.calendar?.periods ?? [];
  const periodKeys = calendarPeriods.map((p) => p.key);
  for (const row of params.rows) if (!periodKeys.includes(row.periodKey)) periodKeys.push(row.periodKey);

  const cellOf = new Map<string, { counts: BoardCounts; escalated: number }>();
  const key = (unit: string, periodKey: string) => `${unit}\u0000${periodKey}`;
  for (const row of params.rows) {
    const cell = cellOf.get(key(row.unit, row.periodKey)) ?? { counts: zeroCounts(), escalated: 0 };
    cell.counts[boardStateOf(row.status, row.overdue)] += row.count;
    if (row.escalated) cell.escalated += row.count;
    cellOf.set(key(row.unit, row.periodKey), cell);
  }

  const unitNames = [...new Set([...params.unitAssignments.map((u) => u.unit), ...params.rows.map((r) => r.unit)])].sort((a, b) =>
    a.localeCompare(b, 'zh-CN'),
  );
  const units = unitNames.map((unit): BoardUnit => {
    const cells = periodKeys.map((periodKey): BoardCell => {
      const cell = cellOf.get(key(unit, periodKey)) ?? { counts: zeroCounts(), escalated: 0 };
      const total = boardStates.reduce((sum, s) => sum + cell.counts[s], 0);
      return { periodKey, counts: cell.counts, total, escalated: cell.escalated, light: boardLight(cell.counts, cell.escalated) };
    });
    return {
      unit,
      assignments: params.unitAssignments.find((u) => u.unit === unit)?.count ?? 0,
      cells,
      light: worst(cells.map((c) => c.light)),
    };
  });

  const periods = periodKeys.map((periodKey): BoardPeriod => {
    const counts = zeroCounts();
    let escalated = 0;
    for (const unit of units) {
      const cell = unit.cells.find((c) => c.periodKey === periodKey);
      if (!cell) continue;
      for (const s of boardStates) counts[s] += cell.counts[s];
      escalated += cell.escalated;
    }
    const calendarPeriod = calendarPeriods.find((p) => p.key === periodKey);
    return {
      key: periodKey,
      label: calendarPeriod?.label ?? periodKey,
      opensAt: calendarPeriod?.opensAt ?? 0,
      dueAt: calendarPeriod?.dueAt ?? 0,
      closesAt: calendarPeriod?.closesAt ?? 0,
      counts,
      total: boardStates.reduce((sum, s) => sum + counts[s], 0),
      reported: counts.submitted + counts.approved + counts.unreviewed,
      approved: counts.approved,
      overdue: counts.overdue + counts.missed,
      escalated,
    };
  });

  const escalations = Object.fromEntries(escalationLevels.map((level) => [level, 0])) as Record<EscalationLevel, number>;
  for (const { level, count } of params.escalationsByLevel) escalations[level] += count;

  return {
    assignments: params.unitAssignments.reduce((sum, u) => sum + u.count, 0),
    // A started assignment has a state in every period.
    started: Math.max(0, ...periods.map((p) => p.total)),
    periods,
    units,
    escalations: { ...escalations, total: escalationLevels.reduce((sum, level) => sum + escalations[level], 0) },
  };
}
