import { randomBytes } from 'node:crypto';
import type { Role } from '@plancycle/contracts';
import { SERVICE_TOKEN_PREFIX, type Repositories } from '@plancycle/persistence';

/** A fresh service-token secret for a test file (seeded by seedTestDirectory). */
export function testServiceToken(): string {
  return `${SERVICE_TOKEN_PREFIX}test_${randomBytes(18).toString('base64url')}`;
}

export interface TestCaller {
  token: string;
  name: string;
  role: Role;
  unit?: string | null;
}

/**
 * What a test's callers need in the directory: its units, active, and a service token
 * per caller (scoped to a role and unit, as an admin would create them). The test
 * database is shared by the test files of a run: units are created once, tokens are new
 * per file.
 */
export async function seedTestDirectory(repositories: Repositories, params: { units: string[]; callers: TestCaller[] }): Promise<void> {
  const actor = { id: 'test:seed', role: 'system' as const, name: 'test seed' };
  await repositories.directory.ensureActiveUnits(actor, [...params.units, ...params.callers.flatMap((c) => (c.unit ? [c.unit] : []))]);
  for (const caller of params.callers) {
    await repositories.directory.seedServiceToken({
      token: caller.token,
      name: caller.name,
      role: caller.role,
      unit: caller.unit ?? null,
      expiresAt: new Date(Date.now() + 24 * 3600_000),
      createdBy: actor.id,
    });
  }
}

/** Every unit a plan document names (lead and cooperating, goals and tasks). */
export function unitsOfPlan(document: {
  goals?: { units: { lead: string[]; cooperating: string[] } }[] | null;
  tasks: { targets: { units: { lead: string[]; cooperating: string[] } }[] }[];
}): string[] {
  const targets = [...(document.goals ?? []), ...document.tasks.flatMap((t) => t.targets)];
  return [...new Set(targets.flatMap((t) => [...t.units.lead, ...t.units.cooperating]))];
}
