import type { ManagedProcess } from './processes';

/** How long to wait before the `attempt`-th restart (1-based): doubling from `baseMs`, at most `maxMs`. */
export function restartDelayMs(attempt: number, backoff: { baseMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
}

/** A component kept running: restarted with backoff when it exits, until stopped. */
export interface SupervisedProcess {
  /** The process running now (a new one after each restart). */
  current(): ManagedProcess;
  /** Restarts so far. */
  restarts(): number;
  /** Stops the component for good (no restart). */
  stop(): Promise<void>;
}

/**
 * Runs `start()` and starts it again whenever the process exits (a crash, an out-of-memory
 * kill), after `restartDelayMs` of the attempt; a process that ran `resetAfterMs` or more
 * counts as healthy again, so the next crash waits `baseMs` once more. `report` says each
 * exit and restart in words (the launcher prints them).
 */
export function supervise(params: {
  name: string;
  start: () => ManagedProcess;
  report: (message: string) => void;
  backoff?: { baseMs: number; maxMs: number };
  resetAfterMs?: number;
}): SupervisedProcess {
  const backoff = params.backoff ?? { baseMs: 1_000, maxMs: 30_000 };
  const resetAfterMs = params.resetAfterMs ?? 60_000;
  let stopping = false;
  let attempt = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | null = null;
  let running = launch();

  function launch(): ManagedProcess {
    const startedAt = Date.now();
    const process = params.start();
    process.child.once('exit', (code, signal) => {
      if (stopping) return;
      attempt = Date.now() - startedAt >= resetAfterMs ? 1 : attempt + 1;
      const delay = restartDelayMs(attempt, backoff);
      params.report(
        `${params.name} exited (${signal ?? `code ${String(code)}`}); restarting in ${(delay / 1000).toFixed(1)} s (restart ${restarts + 1})`,
      );
      timer = setTimeout(() => {
        timer = null;
        if (stopping) return;
        restarts += 1;
        running = launch();
      }, delay);
    });
    return process;
  }

  return {
    current: () => running,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running.stop();
    },
  };
}
