/**
 * Where a CPU profile's time went (`node --cpu-prof`, as the benchmarks' processes write
 * them with PLANCYCLE_BENCH_NODE_ARGS): busy share, the functions with the most self time,
 * and the self time under each group of code (Prisma, the Temporal SDK, our libraries…).
 *
 *   npx tsx scripts/benchmark/cpu-profile-summary.ts FILE.cpuprofile [--from µs --to µs] [--top 25]
 *
 * `--from`/`--to` keep the samples of one phase: they are the monotonic clock in µs that
 * V8 stamps profiles with, which the bare-Temporal benchmark prints as "marks" when it is
 * profiling (process.hrtime, the same clock in every process of the machine).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Code groups, first match wins (matched against the frame's url or, for natives, its name). */
const GROUPS: [string, RegExp][] = [
  ['(idle)', /^\(idle\)$/],
  ['(garbage collector)', /^\(garbage collector\)$/],
  ['(program)', /^\(program\)$/],
  ['prisma', /@prisma|[\\/]prisma[\\/]|query_compiler|query-compiler/],
  ['pg driver', /node_modules[\\/](pg|pg-protocol|pg-pool|pg-types)[\\/]/],
  ['zod', /node_modules[\\/]zod[\\/]|[\\/]zod[\\/]v4/],
  ['temporal workflow bundle', /^(webpack|workflow-bundle)|@temporalio[\\/]workflow|__temporal/],
  ['temporal worker', /@temporalio[\\/](worker|core-bridge|common|client|proto)/],
  ['grpc', /@grpc|protobufjs/],
  ['nest / express', /@nestjs|express|body-parser|router/],
  ['plancycle', /[\\/](libs|apps|workflows)[\\/]/],
  ['node internals', /^node:|^internal[\\/]/],
];

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string', default: '25' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: cpu-profile-summary.ts FILE.cpuprofile [--from µs --to µs] [--top N]');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const from = values.from === undefined ? -Infinity : Number(values.from);
  const to = values.to === undefined ? Infinity : Number(values.to);

  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let windowStart = Infinity;
  let windowEnd = -Infinity;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < from || at > to) return;
    windowStart = Math.min(windowStart, at);
    windowEnd = Math.max(windowEnd, at);
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });

  const byFunction = new Map<string, number>();
  const byGroup = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const group = GROUPS.find(([, pattern]) => pattern.test(frame.url || frame.functionName))?.[0] ?? 'other';
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
    total += us;
  }
  const idle = byGroup.get('(idle)') ?? 0;
  const s = (us: number) => `${(us / 1e6).toFixed(2)} s`;
  console.log(`${file}\nwindow ${s(windowEnd - windowStart)}, sampled ${s(total)}, busy ${s(total - idle)} (${pct(total - idle, total)})`);
  console.log('\nself time by group:');
  for (const [group, us] of [...byGroup].sort((a, b) => b[1] - a[1])) console.log(`  ${s(us).padStart(9)}  ${group}`);
  console.log(`\ntop ${values.top} functions by self time:`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
    console.log(`  ${s(us).padStart(9)}  ${name}`);
  }
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const root = url.search(/[\\/](libs|apps|workflows|scripts)[\\/]/);
  return root >= 0 ? url.slice(root + 1) : url;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(0)}%`;
}

main();
