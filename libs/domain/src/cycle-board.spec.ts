import type { ReportingCalendar } from '@plancycle/contracts';
import { boardLight, boardStateOf, cycleBoard, type BoardCounts } from './cycle-board';

const calendar: ReportingCalendar = {
  periods: [
    { key: 'P1', label: '第一季度', opensAt: 0, dueAt: 100, closesAt: 200 },
    { key: 'P2', label: '第二季度', opensAt: 200, dueAt: 300, closesAt: 400 },
  ],
  reminderBeforeDueMs: 10,
  graceMs: 10,
  escalationChecks: 3,
  evaluationAt: 500,
};
const counts = (partial: Partial<BoardCounts>): BoardCounts => ({
  not_open: 0,
  open: 0,
  overdue: 0,
  submitted: 0,
  returned: 0,
  approved: 0,
  missed: 0,
  unreviewed: 0,
  ...partial,
});

describe('the cycle board', () => {
  it('splits overdue from open and returned periods only', () => {
    expect(boardStateOf('open', true)).toBe('overdue');
    expect(boardStateOf('returned', true)).toBe('overdue');
    expect(boardStateOf('open', false)).toBe('open');
    // A late report that waits for review is the coordinator's to act on, not the unit's.
    expect(boardStateOf('submitted', true)).toBe('submitted');
    expect(boardStateOf('missed', true)).toBe('missed');
  });

  it('colours a cell by the worst: escalated or overdue red, owing yellow, reported green', () => {
    expect(boardLight(counts({ approved: 3, overdue: 1 }), 0)).toBe('red');
    expect(boardLight(counts({ approved: 3 }), 1)).toBe('red');
    expect(boardLight(counts({ approved: 3, missed: 1 }), 0)).toBe('red');
    expect(boardLight(counts({ approved: 3, open: 1 }), 0)).toBe('yellow');
    expect(boardLight(counts({ submitted: 2, returned: 1 }), 0)).toBe('yellow');
    expect(boardLight(counts({ submitted: 2, approved: 1, not_open: 4 }), 0)).toBe('green');
  });

  it('counts units × periods, per-period shares and escalations by level from grouped rows', () => {
    const board = cycleBoard({
      calendar,
      unitAssignments: [
        { unit: '市科工局', count: 2 },
        { unit: '市财政局', count: 2 },
      ],
      rows: [
        { unit: '市科工局', periodKey: 'P1', status: 'approved', overdue: false, escalated: false, count: 1 },
        { unit: '市科工局', periodKey: 'P1', status: 'submitted', overdue: false, escalated: false, count: 1 },
        { unit: '市科工局', periodKey: 'P2', status: 'not_open', overdue: false, escalated: false, count: 2 },
        { unit: '市财政局', periodKey: 'P1', status: 'open', overdue: true, escalated: true, count: 1 },
        // One of 市财政局's assignments has not started yet: no rows for it.
        { unit: '市财政局', periodKey: 'P2', status: 'not_open', overdue: false, escalated: false, count: 1 },
      ],
      escalationsByLevel: [
        { level: 'reminder', count: 1 },
        { level: 'supervision', count: 1 },
      ],
    });
    expect(board.assignments).toBe(4);
    expect(board.started).toBe(3);
    expect(board.units.map((u) => [u.unit, u.assignments, u.light, u.cells.map((c) => c.light)])).toEqual([
      ['市财政局', 2, 'red', ['red', 'green']],
      ['市科工局', 2, 'green', ['green', 'green']],
    ]);
    expect(board.units[0]?.cells[0]).toMatchObject({ periodKey: 'P1', total: 1, escalated: 1, counts: counts({ overdue: 1 }) });
    expect(board.periods.map((p) => [p.key, p.label, p.total, p.reported, p.approved, p.overdue, p.escalated])).toEqual([
      ['P1', '第一季度', 3, 2, 1, 1, 1],
      ['P2', '第二季度', 3, 0, 0, 0, 0],
    ]);
    expect(board.escalations).toEqual({ reminder: 1, supervision: 1, interview: 0, total: 2 });
  });

  it('answers an empty board for a cycle not yet published', () => {
    const board = cycleBoard({ calendar: null, unitAssignments: [], rows: [], escalationsByLevel: [] });
    expect(board).toEqual({
      assignments: 0,
      started: 0,
      periods: [],
      units: [],
      escalations: { reminder: 0, supervision: 0, interview: 0, total: 0 },
    });
  });
});
