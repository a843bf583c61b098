import type { CyclePhase } from '@plancycle/contracts';

/** A plan stays published while its cycle runs and is closed when the cycle closes. */
export function closesPlan(phase: CyclePhase): boolean {
  return phase === 'closed';
}
