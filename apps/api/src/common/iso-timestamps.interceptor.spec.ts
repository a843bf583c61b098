import { isoTimestamps } from './iso-timestamps.interceptor';

describe('isoTimestamps', () => {
  it('writes epoch-millisecond …At fields as ISO strings at any depth, and leaves the rest alone', () => {
    const body = {
      acknowledgedAt: 1_795_430_567_959,
      label: '第1期',
      count: 1_795_430_567_959,
      status: { periods: [{ key: 'P1', dueAt: 1_795_430_665_272, reminderSentAt: null, submissions: 2 }] },
      raisedAt: '2026-11-23T10:44:26.001Z',
      ratioAt: 0.5,
    };
    expect(isoTimestamps(body)).toEqual({
      acknowledgedAt: '2026-11-23T10:42:47.959Z',
      label: '第1期',
      count: 1_795_430_567_959,
      status: { periods: [{ key: 'P1', dueAt: '2026-11-23T10:44:25.272Z', reminderSentAt: null, submissions: 2 }] },
      raisedAt: '2026-11-23T10:44:26.001Z',
      ratioAt: 0.5,
    });
  });

  it('passes scalars, null and buffers through', () => {
    const buffer = Buffer.from('PK');
    expect(isoTimestamps(buffer)).toBe(buffer);
    expect(isoTimestamps(null)).toBeNull();
    expect(isoTimestamps('x')).toBe('x');
  });
});

describe('isoTimestamps, copies', () => {
  it('copies only what holds an instant, and never changes the body it was given', () => {
    const indicators = [{ metric: '新增科技型企业', value: 10, unit: '家' }];
    const period = { key: 'Q1', deadlineAt: 1_795_430_665_272, submissions: 1 };
    const item = { id: 'a1', indicators, status: { periods: [period, { key: 'Q2', deadlineAt: null }] } };
    const body = { items: [item], nextCursor: null };
    const snapshot = structuredClone(body);

    const out = isoTimestamps(body) as typeof body;
    expect(body).toEqual(snapshot);
    expect(out).not.toBe(body);
    expect(out.items[0]?.indicators).toBe(indicators);
    expect(out.items[0]?.status.periods[1]).toBe(item.status.periods[1]);
    expect(out.items[0]?.status.periods[0]).toEqual({ key: 'Q1', deadlineAt: '2026-11-23T10:44:25.272Z', submissions: 1 });

    const nothingToConvert = { items: [{ id: 'a2', indicators }], total: 1 };
    expect(isoTimestamps(nothingToConvert)).toBe(nothingToConvert);
  });
});
