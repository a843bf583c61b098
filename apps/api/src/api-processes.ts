import cluster, { type Worker } from 'node:cluster';

/** The variable each API process finds its number in (1…N), for its logs. */
export const API_PROCESS_NUMBER_VARIABLE = 'PLANCYCLE_API_PROCESS_NUMBER';

export interface ApiProcessesOptions {
  count: number;
  report: (message: string) => void;
  /** Delay before the `attempt`-th restart of one process: doubling from `baseMs`, at most `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
  /** A process that ran this long counts as healthy again: its next restart waits `baseMs`. */
  resetAfterMs?: number;
}

/**
 * `PLANCYCLE_API_PROCESSES` > 1: this process (the primary) serves nothing itself. It forks
 * `count` API processes that share the port (node:cluster hands each new connection to one of
 * them in turn), starts a process again when it exits (after a delay doubling from 1 s to
 * 30 s), and on SIGTERM or SIGINT stops them all and exits. The API keeps no state between
 * requests, so any process can answer any request.
 */
export function runApiProcesses(options: ApiProcessesOptions): void {
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 30_000 };
  const resetAfterMs = options.resetAfterMs ?? 60_000;
  let stopping = false;
  const running = new Set<Worker>();
  const timers = new Set<NodeJS.Timeout>();

  function start(number: number, attempt: number): void {
    const startedAt = Date.now();
    const worker = cluster.fork({ [API_PROCESS_NUMBER_VARIABLE]: String(number) });
    running.add(worker);
    worker.once('exit', (code, signal) => {
      running.delete(worker);
      if (stopping) return;
      const next = Date.now() - startedAt >= resetAfterMs ? 1 : attempt + 1;
      const delayMs = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (next - 1));
      options.report(
        `process ${number} (pid ${String(worker.process.pid)}) exited (${signal ?? `code ${String(code)}`}); starting it again in ${(delayMs / 1000).toFixed(1)} s`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) start(number, next);
      }, delayMs);
      timers.add(timer);
    });
  }

  async function stop(): Promise<void> {
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    const exits = [...running].map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
    for (const worker of running) worker.process.kill('SIGTERM');
    await Promise.all(exits);
  }

  for (let number = 1; number <= options.count; number += 1) start(number, 0);
  options.report(`${options.count} processes started`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      options.report(`${signal}: stopping ${running.size} processes`);
      void stop().then(() => process.exit(0));
    });
  }
}
