import type { EscalationFacts } from '@plancycle/contracts';
import { escalationReason, periodNumber, worstTrajectory } from './assignment-progress';

describe('worstTrajectory', () => {
  const assessment = (decisionId: string, lagging: boolean, ratio: number | null) => ({ decisionId, lagging, ratio });

  it('speaks for the report with the most lagging indicator', () => {
    expect(
      worstTrajectory([assessment('a', false, 1.2), assessment('b', true, 0.6), assessment('c', true, 0.4), assessment('d', true, 0.5)])
        ?.decisionId,
    ).toBe('c');
  });

  it('counts an unknown ratio as on track when comparing lagging indicators', () => {
    expect(worstTrajectory([assessment('a', true, null), assessment('b', true, 0.9)])?.decisionId).toBe('b');
    expect(worstTrajectory([assessment('a', true, 0.9), assessment('b', true, null)])?.decisionId).toBe('a');
  });

  it('takes the first indicator when none lags, and nothing without indicators', () => {
    expect(worstTrajectory([assessment('a', false, 0.5), assessment('b', false, 0.2)])?.decisionId).toBe('a');
    expect(worstTrajectory([])).toBeNull();
  });
});

describe('periodNumber', () => {
  const periods = [{ key: 'Q1' }, { key: 'Q2' }, { key: 'Q3' }];

  it('counts periods from 1, and gives 0 for a period the calendar does not have', () => {
    expect(periods.map((p) => periodNumber(periods, p.key))).toEqual([1, 2, 3]);
    expect(periodNumber(periods, 'Q9')).toBe(0);
  });
});

describe('escalationReason', () => {
  const facts = (overrides: Partial<EscalationFacts>): EscalationFacts => ({
    overdueGraceUnits: 0,
    overduePeriods: 1,
    returnedCount: 0,
    trajectoryRatio: null,
    role: 'lead',
    trigger: 'overdue',
    ...overrides,
  });

  it('states a missed deadline with the grace periods elapsed and the periods missed so far', () => {
    expect(escalationReason(facts({ overdueGraceUnits: 2, overduePeriods: 3 }), 'supervision')).toBe(
      '督办：报送逾期（逾期2个宽限期，累计逾期3期）',
    );
  });

  it('states a lagging report with its share of the expected progress', () => {
    expect(escalationReason(facts({ trigger: 'trajectory', trajectoryRatio: 0.456 }), 'reminder')).toBe(
      '提醒：进度落后于预期（完成进度为预期的46%）',
    );
    expect(escalationReason(facts({ trigger: 'trajectory', trajectoryRatio: null }), 'interview')).toBe(
      '约谈：进度落后于预期（完成进度为预期的0%）',
    );
  });
});
