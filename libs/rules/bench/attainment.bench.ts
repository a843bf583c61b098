/**
 * Attainment decisions per second on one reused Engine, the way a year-end evaluation
 * runs them: `npx tsx libs/rules/bench/attainment.bench.ts [decisions]`.
 */
import { performance } from 'node:perf_hooks';
import { type AttainmentInput, decideAttainment, RuleSetRegistry } from '../src';

const inputs: AttainmentInput[] = [
  { kind: 'count', comparator: 'gte', target: 2, actual: 3 },
  { kind: 'amount', comparator: 'gt', target: 1e8, actual: 1.05e8 },
  { kind: 'rank', comparator: 'lte', target: 3, actual: 4 },
  { kind: 'growth', comparator: 'gte', target: 12, actual: 2.7e9, baseline: 2.5e9 },
  { kind: 'count', comparator: 'approx', target: 60, actual: 54 },
  { kind: 'count', comparator: 'range', target: 1, max: 2, actual: null },
  { kind: 'milestone', comparator: 'done', target: null, actual: null, done: true },
];

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 20_000);
  const ruleSet = RuleSetRegistry.loadOrThrow().getOrThrow('attainment', '1.0.0');
  const run = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      const input = inputs[i % inputs.length];
      if (input !== undefined) await decideAttainment(ruleSet, input);
    }
  };
  await run(500);

  const started = performance.now();
  await run(total);
  const seconds = (performance.now() - started) / 1000;

  console.log(`${total} attainment decisions in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} decisions/s`);
  console.log(`(${ruleSet.ruleSet.rules.length} rules, explanation included)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
