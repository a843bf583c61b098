import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder of the real plan documents kept beside the repository (`../shared/fixtures/plans`).
 * They are reference material, not part of the product, so they are not copied in; tests
 * find them wherever the clone sits: PLANCYCLE_SHARED_DIR, a `shared/` folder next to the
 * clone or any folder above it, or /work/shared.
 */
export function sharedPlanFixturesDir(): string {
  const root = path.resolve(__dirname, '..', '..');
  const candidates: string[] = [];
  if (process.env['PLANCYCLE_SHARED_DIR']) candidates.push(process.env['PLANCYCLE_SHARED_DIR']);
  for (let dir = root; ; dir = path.dirname(dir)) {
    candidates.push(path.join(path.dirname(dir), 'shared'));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push('/work/shared');
  for (const candidate of candidates) {
    const plans = path.join(candidate, 'fixtures', 'plans');
    if (fs.existsSync(path.join(plans, 'xiangtan-2018-key-points.txt'))) return plans;
  }
  throw new Error(`the shared plan fixtures were not found (looked in ${candidates.join(', ')}); set PLANCYCLE_SHARED_DIR`);
}
