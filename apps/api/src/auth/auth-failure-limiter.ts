import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { Response } from 'express';
import { DomainError } from '@plancycle/contracts';
import type { ApiConfig } from '@plancycle/config';
import { API_CONFIG } from '../common/tokens';

const MINUTE_MS = 60_000;

/**
 * Limits failed authentications per client (IP), on the throttler's storage: past the
 * limit in a minute the client is refused for a minute, whatever token it sends, so
 * that guessing cannot go on behind the 429s.
 */
@Injectable()
export class AuthFailureLimiter {
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Throws a 429 (and sets Retry-After) while the client is blocked. */
  assertNotBlocked(client: string, response: Pick<Response, 'setHeader'>): void {
    const until = this.blockedUntil.get(client);
    if (until === undefined) return;
    const remainingMs = until - Date.now();
    if (remainingMs <= 0) {
      this.blockedUntil.delete(client);
      return;
    }
    throw rateLimited(Math.ceil(remainingMs / 1000), response);
  }

  /** Counts a failed authentication; throws a 429 instead of `failure` once over the limit. */
  async recordFailureOrThrow(client: string, failure: DomainError, response: Pick<Response, 'setHeader'>): Promise<never> {
    const record = await this.storage.increment(
      `auth-failures:${client}`,
      MINUTE_MS,
      this.config.PLANCYCLE_AUTH_FAILURES_PER_MINUTE,
      MINUTE_MS,
      'auth-failures',
    );
    if (record.isBlocked) {
      this.blockedUntil.set(client, Date.now() + record.timeToBlockExpire * 1000);
      throw rateLimited(record.timeToBlockExpire, response);
    }
    throw failure;
  }
}

function rateLimited(retryAfterSeconds: number, response: Pick<Response, 'setHeader'>): DomainError {
  response.setHeader('Retry-After', String(Math.max(1, retryAfterSeconds)));
  return new DomainError({
    code: 'RATE_LIMITED',
    message: 'too many failed authentications from this client; wait before trying again',
    retryable: true,
  });
}
