import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU time spent by each part of a benchmarked system over one phase, from /proc (Linux):
 * user + system time of every thread of a process and of its descendants (tsx runs node
 * under a parent), the PostgreSQL server's processes by name, and the whole machine's busy
 * time. On a machine the run saturates, wall time is shared out by the scheduler; the CPU
 * each process took is what a change to that process can cut.
 */
export interface CpuGroup {
  name: string;
  /** The pids to count, looked up again at each snapshot (backends come and go). */
  pids: () => number[];
}

export interface CpuSnapshot {
  groups: Map<string, number>;
  machineBusy: number;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The process and all its descendants, from /proc's parent links. */
export function processTree(rootPid: number | undefined): () => number[] {
  return () => {
    if (rootPid === undefined) return [];
    const parents = new Map<number, number[]>();
    for (const pid of allPids()) {
      const parent = statFields(pid)?.[1];
      if (parent === undefined) continue;
      parents.set(Number(parent), [...(parents.get(Number(parent)) ?? []), pid]);
    }
    const tree: number[] = [];
    const queue = [rootPid];
    while (queue.length > 0) {
      const pid = queue.shift() as number;
      tree.push(pid);
      queue.push(...(parents.get(pid) ?? []));
    }
    return tree;
  };
}

/** Every process whose command name is `comm` (e.g. each PostgreSQL backend is `postgres`). */
export function processesNamed(comm: string): () => number[] {
  return () => allPids().filter((pid) => readComm(pid) === comm);
}

export function cpuSnapshot(groups: CpuGroup[]): CpuSnapshot {
  return {
    groups: new Map(groups.map((group) => [group.name, group.pids().reduce((sum, pid) => sum + cpuSecondsOf(pid), 0)])),
    machineBusy: machineBusySeconds(),
  };
}

/** "temporal server 10.2 s, worker 8.1 s, …, machine 40.3 s busy" between two snapshots. */
export function describeCpu(before: CpuSnapshot, after: CpuSnapshot, perOperation: number): string {
  const parts = [...after.groups].map(([name, seconds]) => {
    const spent = seconds - (before.groups.get(name) ?? 0);
    return `${name} ${spent.toFixed(1)} s (${((spent / perOperation) * 1000).toFixed(1)} ms each)`;
  });
  const machine = after.machineBusy - before.machineBusy;
  return `${parts.join(', ')}; machine busy ${machine.toFixed(1)} s (${((machine / perOperation) * 1000).toFixed(1)} ms each)`;
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** The fields of /proc/<pid>/stat after the command name: [state, ppid, …]. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function readComm(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** utime + stime (fields 14 and 15 of stat; 11 and 12 after the name), all threads. */
/**
 * A process's user + system time, and that of its children it has reaped (cutime, cstime):
 * PostgreSQL's backends end with their connections, and their time then counts in the
 * postmaster's instead of vanishing from the sum.
 */
function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** All CPUs' busy time (everything but idle and iowait) from /proc/stat. */
function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...values] = line.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, v) => sum + v, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return (total - idle) / TICKS_PER_SECOND;
}
