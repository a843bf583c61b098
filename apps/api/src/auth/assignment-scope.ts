import { DomainError, type Actor } from '@plancycle/contracts';
import type { AssignmentScope } from '@plancycle/persistence';

/**
 * Whose work a caller sees: a department its unit's assignments; a leader (责任领导) the
 * units they answer for and the tasks naming them as 责任领导; coordinators, auditors and
 * admins everything (null).
 */
export function assignmentScopeOf(actor: Actor): AssignmentScope | null {
  switch (actor.role) {
    case 'department':
      return { units: actor.unit ? [actor.unit] : [] };
    case 'leader':
      return { units: actor.leaderUnits, leaderPersonId: actor.kind === 'person' ? actor.id : null };
    case 'coordinator':
    case 'auditor':
    case 'admin':
      return null;
  }
}

/** A 403 unless the scope reaches this assignment (its unit, or a task the leader answers for). */
export function assertInScope(actor: Actor, assignment: { unit: string; leaderPersonId?: string | null }): void {
  const scope = assignmentScopeOf(actor);
  if (scope === null) return;
  if (scope.units.includes(assignment.unit)) return;
  if (scope.leaderPersonId && assignment.leaderPersonId === scope.leaderPersonId) return;
  throw new DomainError({
    code: 'FORBIDDEN',
    message: actor.role === 'leader' ? 'this assignment is not one you answer for' : 'this assignment belongs to another unit',
  });
}
