/**
 * How many workflows the worker keeps cached, from the heap its workflow thread may use.
 *
 * A cached assignment workflow holds about 0.5 MB of heap (measured by
 * scripts/benchmark-worker-memory.ts; docs/benchmarks.md, "Worker memory"). The budget gives
 * each one 1 MB, twice that, for the garbage between collections and the activations in
 * flight, after a fixed share for the bundle, the SDK and the cycle workflows. The SDK's own
 * default assumes 1.7 MB a workflow; ours is measured on our workflows. Evicted workflows
 * replay from their history when next needed: slower, never out of memory.
 */
export const HEAP_PER_CACHED_WORKFLOW_MB = 1;
export const HEAP_RESERVED_MB = 256;

export function workflowCacheBudget(heapLimitBytes: number): number {
  const heapMb = heapLimitBytes / 1024 / 1024;
  const budget = Math.floor((heapMb - HEAP_RESERVED_MB) / HEAP_PER_CACHED_WORKFLOW_MB);
  return Math.min(10_000, Math.max(50, budget));
}
