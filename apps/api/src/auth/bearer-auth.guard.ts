import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError, type Actor, type Role } from '@plancycle/contracts';
import { SERVICE_TOKEN_PREFIX, type Repositories } from '@plancycle/persistence';
import { REPOSITORIES } from '../common/tokens';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { OidcTokenVerifier } from './oidc-token.verifier';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every call and applies the role rules.
 *
 * A bearer token is either a service token (`plct_…`, looked up by its hash) or an access
 * token from the OpenID Connect provider (a JWT, verified against the issuer's keys and
 * mapped by subject or e-mail to a person of the directory). Role, unit and leader scope
 * always come from the directory, never from the token; a disabled person, a revoked or
 * expired token is refused at once.
 *
 * Handlers list the roles that may call them; an auditor reads everything and changes
 * nothing, whatever a handler lists.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(REPOSITORIES) private readonly repos: Repositories,
    @Inject(OidcTokenVerifier) private readonly oidc: OidcTokenVerifier,
    @Inject(AuthFailureLimiter) private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const response = context.switchToHttp().getResponse<Response>();
    const client = request.ip ?? 'unknown';
    this.failures.assertNotBlocked(client, response);
    let actor: Actor;
    try {
      actor = await this.actorOf(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'UNAUTHENTICATED') throw error;
      return this.failures.recordFailureOrThrow(client, error, response);
    }
    request.actor = actor;

    if (actor.role === 'auditor') {
      if (READ_METHODS.has(request.method)) return true;
      throw new DomainError({ code: 'FORBIDDEN', message: 'auditors read and replay; they change nothing' });
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.includes(actor.role)) {
      throw new DomainError({ code: 'FORBIDDEN', message: `this needs the role ${allowed.join(' or ')}` });
    }
    return true;
  }

  private async actorOf(header: string | undefined): Promise<Actor> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match?.[1]) {
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'send Authorization: Bearer <token>' });
    }
    const token = match[1];
    return token.startsWith(SERVICE_TOKEN_PREFIX) ? this.serviceTokenActor(token) : this.personActor(token);
  }

  private async serviceTokenActor(token: string): Promise<Actor> {
    const found = await this.repos.directory.findServiceToken(token);
    if (!found) throw new DomainError({ code: 'UNAUTHENTICATED', message: 'unknown service token' });
    if (found.revokedAt) throw new DomainError({ code: 'UNAUTHENTICATED', message: 'this service token was revoked' });
    if (found.expiresAt.getTime() <= Date.now())
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'this service token has expired' });
    // At most once a minute per token (the repository checks again): no write on every request.
    if (found.lastUsedAt === null || Date.now() - found.lastUsedAt.getTime() > 60_000) {
      void this.repos.directory.touchServiceToken(found.id).catch(() => undefined);
    }
    return {
      id: `token:${found.id}`,
      kind: 'service-token',
      role: found.role,
      unit: found.unit?.name ?? null,
      unitId: found.unit?.id ?? null,
      displayName: found.name,
      tokenId: found.id,
      // A leader's service token answers for the unit it is scoped to.
      leaderUnits: found.role === 'leader' && found.unit ? [found.unit.name] : [],
    };
  }

  private async personActor(token: string): Promise<Actor> {
    const identity = await this.oidc.verify(token);
    const person = await this.repos.directory.findPersonForSignIn({ subject: identity.subject, email: identity.email });
    if (!person) {
      throw new DomainError({
        code: 'UNAUTHENTICATED',
        message: `signed in as ${identity.email ?? identity.subject}, who is not in plancycle's directory; ask an administrator to add you`,
      });
    }
    if (person.status !== 'active') throw new DomainError({ code: 'UNAUTHENTICATED', message: 'this account is disabled' });
    return {
      id: person.id,
      kind: 'person',
      role: person.role,
      unit: person.unit?.name ?? null,
      unitId: person.unit?.id ?? null,
      displayName: person.name,
      tokenId: null,
      leaderUnits: person.role === 'leader' ? person.leaderUnits : [],
    };
  }
}
