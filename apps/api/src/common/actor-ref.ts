import type { Actor, ActorRef } from '@plancycle/contracts';

/** The part of the caller that goes into workflow history. */
export function actorRef(actor: Actor): ActorRef {
  return { id: actor.id, role: actor.role, unit: actor.unit };
}
