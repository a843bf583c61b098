import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@plancycle/contracts';

export const ROLES_KEY = 'plancycle:roles';
export const PUBLIC_KEY = 'plancycle:public';

/** Which roles may call this handler (in addition to the auditor's read-only access to GETs). */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Health and docs only: everything else is authenticated. */
export const PublicEndpoint = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on an unauthenticated route');
  return request.actor;
});
