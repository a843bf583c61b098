/**
 * What the workflow code costs the worker, alone (issue 12): replays a recorded history many
 * times with the workflow bundle as the worker builds it, with stack traces on and off
 * (WORKER_WORKFLOW_STACK_TRACES), and prints the CPU per history of each and their ratio.
 *
 *   npx tsx scripts/benchmark-workflow-replay.ts [--history test/histories/assignment.whole-year.local-writes.json] [--copies 300] [--rounds 3]
 *
 * Replay needs no server and no database: it runs the workflow code over the recorded events,
 * which is what a worker does when it takes a workflow's task (and, for a workflow evicted from
 * its cache, replays it first). So its figures move much less from run to run than the
 * end-to-end benchmark's, on a machine whose speed drifts between runs. The two bundles take
 * turns within each round. CPU is the whole process's (the workflow thread included).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, Worker, type ReplayHistoriesIterable } from '@temporalio/worker';
import { repositoryRoot } from '@plancycle/devstack';
import { bundleWorkflows } from '@plancycle/temporal';
import { log } from './benchmark/shared';

const { values: options } = parseArgs({
  options: {
    history: { type: 'string', default: path.join('test', 'histories', 'assignment.whole-year.local-writes.json') },
    copies: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
  },
});
const copies = Number(options.copies);
const rounds = Number(options.rounds);

async function replayCopies(bundle: { code: string }, history: unknown, label: string): Promise<{ cpuMs: number; wallMs: number }> {
  const histories = Array.from({ length: copies }, (_, index) => ({ workflowId: `replay-${label}-${index}`, history }));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const results = Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: `benchmark-${label}` },
    histories as unknown as ReplayHistoriesIterable,
  );
  for await (const result of results) {
    if (result.error) throw result.error;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / copies, wallMs: (performance.now() - started) / copies };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const historyFile = path.resolve(repositoryRoot, options.history);
  const history: unknown = JSON.parse(fs.readFileSync(historyFile, 'utf8'));
  const bundles = {
    on: { code: (await bundleWorkflows({ stackTraces: true })).code },
    off: { code: (await bundleWorkflows({ stackTraces: false })).code },
  };
  log(`replaying ${path.relative(repositoryRoot, historyFile)} ${copies} times per bundle, ${rounds} rounds (after one to warm up)`);
  for (const [label, bundle] of Object.entries(bundles)) await replayCopies(bundle, history, `warm-${label}`);
  const cpu: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const label of ['on', 'off'] as const) {
      const { cpuMs, wallMs } = await replayCopies(bundles[label], history, `${label}-${round}`);
      cpu[label].push(cpuMs);
      log(`round ${round}, stack traces ${label}: ${cpuMs.toFixed(1)} ms CPU, ${wallMs.toFixed(1)} ms wall per history`);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const [on, off] = [median(cpu.on), median(cpu.off)];
  log(`median CPU per history: stack traces on ${on.toFixed(1)} ms, off ${off.toFixed(1)} ms; off / on ${(off / on).toFixed(2)}×`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
