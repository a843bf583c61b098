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
