import type { Actor, ActorRef, AuditActor } from '@plancycle/contracts';

/** The part of the caller that goes into workflow history. */
export function actorRef(actor: Actor): ActorRef {
  return {
    id: actor.id,
    role: actor.role,
    unit: actor.unit,
    name: actor.displayName,
    ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
  };
}

/** The caller as an audit row or directory change names them. */
export function auditActor(actor: Actor): AuditActor {
  return {
    id: actor.id,
    role: actor.role,
    name: actor.displayName,
    unit: actor.unit,
    ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
  };
}
