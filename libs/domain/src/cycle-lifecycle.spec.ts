import type { CyclePhase } from '@plancycle/contracts';
import { closesPlan } from './cycle-lifecycle';

describe('closesPlan', () => {
  it('closes the plan when its cycle closes, and in no other phase', () => {
    const phases: CyclePhase[] = ['drafting', 'published', 'decomposing', 'reporting', 'evaluating', 'closed'];
    expect(phases.filter(closesPlan)).toEqual(['closed']);
  });
});
