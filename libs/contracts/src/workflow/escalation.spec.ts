import { escalationLevels, escalationRank, raisesEscalation, type EscalationLevel } from './escalation';

describe('raisesEscalation', () => {
  const levels: (EscalationLevel | null)[] = [null, ...escalationLevels];

  it('counts a decided level only when it is above the current one', () => {
    const raising = levels.flatMap((current) =>
      levels.filter((next) => raisesEscalation(current, next)).map((next) => `${current ?? 'none'}→${next}`),
    );
    expect(raising).toEqual([
      'none→reminder',
      'none→supervision',
      'none→interview',
      'reminder→supervision',
      'reminder→interview',
      'supervision→interview',
    ]);
  });

  it('never raises to no level, and ranks no level below 提醒', () => {
    expect(levels.some((current) => raisesEscalation(current, null))).toBe(false);
    expect(levels.map(escalationRank)).toEqual([0, 1, 2, 3]);
  });
});
