import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, type Actor, type Role } from '@plancycle/contracts';
import type { ApiConfig } from '@plancycle/config';
import { API_CONFIG } from '../common/tokens';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every call with a bearer token from configuration and applies the
 * role rules: handlers list the roles that may call them; an auditor reads
 * everything and changes nothing, whatever a handler lists.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly tokens: { token: Buffer; actor: Actor }[];

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(AuthFailureLimiter) private readonly failures: AuthFailureLimiter,
  ) {
    this.tokens = config.tokens.map((entry) => ({
      token: Buffer.from(entry.token),
      actor: { id: entry.id, role: entry.role, unit: entry.unit, displayName: entry.displayName ?? entry.id },
    }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const response = context.switchToHttp().getResponse<Response>();
    const client = request.ip ?? 'unknown';
    this.failures.assertNotBlocked(client, response);
    let actor: Actor;
    try {
      actor = this.actorOf(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
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

  private actorOf(header: string | undefined): Actor {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match?.[1]) {
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'send Authorization: Bearer <token>' });
    }
    const presented = Buffer.from(match[1]);
    const entry = this.tokens.find((t) => t.token.length === presented.length && timingSafeEqual(t.token, presented));
    if (!entry) throw new DomainError({ code: 'UNAUTHENTICATED', message: 'unknown token' });
    return entry.actor;
  }
}
