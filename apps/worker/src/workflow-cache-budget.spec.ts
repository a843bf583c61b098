import { workflowCacheBudget } from './workflow-cache-budget';

const mb = (n: number) => n * 1024 * 1024;

describe('workflowCacheBudget', () => {
  it('gives each cached workflow 1 MB of the heap left after a reserve of 256 MB', () => {
    expect(workflowCacheBudget(mb(1024))).toBe(768);
    expect(workflowCacheBudget(mb(2048))).toBe(1792);
  });

  it('keeps at least 50 on a small heap and at most 10,000 on a large one', () => {
    expect(workflowCacheBudget(mb(200))).toBe(50);
    expect(workflowCacheBudget(mb(64 * 1024))).toBe(10_000);
  });
});
