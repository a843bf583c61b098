import { spawnManaged } from './processes';
import { restartDelayMs, supervise } from './supervisor';

describe('restartDelayMs', () => {
  it('doubles from the base to the cap', () => {
    const backoff = { baseMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => restartDelayMs(attempt, backoff))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});

describe('supervise', () => {
  it('restarts a process that crashes, with backoff, says so, and stops for good when asked', async () => {
    const messages: string[] = [];
    const supervised = supervise({
      name: 'worker',
      // A process that dies at once, as a crashing worker would.
      start: () => spawnManaged({ command: process.execPath, args: ['-e', 'process.exit(3)'], logFile: null }),
      report: (message) => messages.push(message),
      backoff: { baseMs: 50, maxMs: 200 },
    });
    const deadline = Date.now() + 20_000;
    while (supervised.restarts() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await supervised.stop();
    expect(supervised.restarts()).toBeGreaterThanOrEqual(3);
    expect(messages[0]).toBe('worker exited (code 3); restarting in 0.1 s (restart 1)');
    expect(messages[2]).toBe('worker exited (code 3); restarting in 0.2 s (restart 3)');
    const after = supervised.restarts();
    await new Promise((r) => setTimeout(r, 400));
    expect(supervised.restarts()).toBe(after);
  });

  it('stops a running process without restarting it', async () => {
    const messages: string[] = [];
    const supervised = supervise({
      name: 'api',
      start: () => spawnManaged({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], logFile: null }),
      report: (message) => messages.push(message),
    });
    await new Promise((r) => setTimeout(r, 200));
    await supervised.stop();
    expect(supervised.current().child.exitCode !== null || supervised.current().child.signalCode !== null).toBe(true);
    expect(messages).toEqual([]);
  });
});
