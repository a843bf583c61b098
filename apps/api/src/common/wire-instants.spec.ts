import { lastValueFrom, of } from 'rxjs';
import type { ExecutionContext } from '@nestjs/common';
import type { AssignmentStatus } from '@plancycle/contracts';
import { IsoTimestampsInterceptor, isoTimestamps } from './iso-timestamps.interceptor';
import { assignmentOnTheWire, isoInstant, statusOnTheWire, withInstantsWritten } from './wire-instants';

const status: Required<AssignmentStatus> = {
  assignmentId: 'a-1',
  cycleId: 'c-1',
  unit: '市科技局',
  role: 'lead',
  phase: 'active',
  acknowledgedAt: 1_795_430_567_959,
  escalationLevel: 'supervision',
  periods: [
    {
      key: 'Q1',
      label: '第一季度',
      dueAt: 1_795_430_665_272,
      closesAt: 1_795_430_700_000,
      status: 'returned',
      deadlineAt: 1_795_430_665_272,
      overdue: true,
      reminderSentAt: 1_795_430_600_001,
      reminderOutcome: 'sent_late',
      submissions: 2,
      currentReportId: 'r-1',
      lastReturnComment: '补充佐证材料',
      escalationLevel: 'reminder',
    },
    {
      key: 'Q2',
      label: '第二季度',
      dueAt: 1_803_000_000_000,
      closesAt: 1_803_100_000_000,
      status: 'not_open',
      deadlineAt: 1_803_000_000_000,
      overdue: false,
      reminderSentAt: null,
      submissions: 0,
      currentReportId: null,
      lastReturnComment: null,
      escalationLevel: null,
    },
  ],
};

async function throughInterceptor(body: unknown): Promise<unknown> {
  return lastValueFrom(new IsoTimestampsInterceptor().intercept({} as ExecutionContext, { handle: () => of(body) }));
}

describe('instants written where a list builds its items', () => {
  it('writes a status as the interceptor would, every field of the schema (optional ones too)', () => {
    expect(statusOnTheWire(status)).toEqual(isoTimestamps(status));
    expect(statusOnTheWire(null)).toBeNull();
    // A status recorded before the optional reminderOutcome existed has none, here as well.
    expect(statusOnTheWire(status)?.periods[1]).not.toHaveProperty('reminderOutcome');
  });

  it('keeps only the schema’s fields, as reading a status through its schema does', () => {
    const stored = { ...status, legacyNoteAt: 1_795_430_567_959 } as AssignmentStatus;
    expect(statusOnTheWire(stored)).not.toHaveProperty('legacyNoteAt');
  });

  it('writes an assignment view with the status converted and the rest as it is', () => {
    const view = {
      id: 'a-1',
      cycleId: 'c-1',
      workflowId: 'assignment-a-1',
      unit: '市科技局',
      role: 'lead' as const,
      phase: 'active',
      escalationLevel: null,
      acknowledgedAt: '2026-11-23T10:42:47.959Z',
      task: { number: '一', title: '科技创新平台', leader: null, leaderPersonId: null },
      target: { id: 't-1', text: '新增平台10家' },
      indicators: [],
      status,
    };
    expect(assignmentOnTheWire(view)).toEqual(isoTimestamps(view));
  });

  it('writes an instant as toISOString does, from its memo too and after the memo has been emptied', () => {
    const instants = Array.from({ length: 12_000 }, (_, index) => 1_795_430_567_959 + index * 997);
    for (let round = 0; round < 2; round += 1) {
      for (const instant of instants) expect(isoInstant(instant)).toBe(new Date(instant).toISOString());
    }
    expect(isoInstant(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('the interceptor passes a marked body on untouched and walks any other', async () => {
    const page = withInstantsWritten({ items: [{ dueAt: 'already', count: 1 }], nextCursor: null });
    await expect(throughInterceptor(page)).resolves.toBe(page);
    // The mark is a symbol: JSON does not carry it.
    expect(JSON.stringify(page)).toBe('{"items":[{"dueAt":"already","count":1}],"nextCursor":null}');
    await expect(throughInterceptor({ dueAt: 1_795_430_665_272 })).resolves.toEqual({ dueAt: '2026-11-23T10:44:25.272Z' });
  });
});
