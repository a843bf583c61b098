import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { DomainError } from '@plancycle/contracts';
import type { ApiConfig } from '@plancycle/config';
import { API_CONFIG } from '../common/tokens';

/** What the API takes from a verified access token: who the identity provider says it is. */
export interface VerifiedIdentity {
  subject: string;
  email: string | null;
  name: string | null;
}

const DISCOVERY_TIMEOUT_MS = 5_000;

/**
 * Verifies access tokens (JWT) issued by the configured OpenID Connect provider: signature
 * against the issuer's JWKS (found by discovery, cached and refreshed by `jose` when a new
 * key id appears), issuer, audience, expiry with a clock tolerance. Crypto is jose's.
 *
 * An issuer that cannot be reached is a 503 (DEPENDENCY_UNAVAILABLE), not a 401: the token
 * may be good, the check could not be made.
 */
@Injectable()
export class OidcTokenVerifier {
  private readonly logger = new Logger('OidcTokenVerifier');
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  private discovery: Promise<ReturnType<typeof createRemoteJWKSet>> | null = null;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  get issuer(): string | null {
    return this.config.OIDC_ISSUER ?? null;
  }

  /** At boot: reach the issuer once and say in the log whether sign-in will work. */
  async reportAtBoot(): Promise<void> {
    if (!this.issuer) {
      this.logger.warn('OIDC_ISSUER is not set: people cannot sign in; only service tokens are accepted');
      return;
    }
    try {
      await this.keySet();
      this.logger.log(`sign-in through ${this.issuer} (audience ${this.config.OIDC_AUDIENCE})`);
    } catch (error) {
      this.logger.error(`the OIDC issuer ${this.issuer} cannot be reached (${(error as Error).message}); sign-in answers 503 until it can`);
    }
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    if (!this.issuer) {
      throw new DomainError({
        code: 'UNAUTHENTICATED',
        message: 'sign-in through OpenID Connect is not configured here (OIDC_ISSUER); use a service token',
      });
    }
    const keySet = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: this.issuer,
        audience: this.config.OIDC_AUDIENCE,
        clockTolerance: this.config.OIDC_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw this.asDomainError(error);
    }
    const email = payload[this.config.OIDC_EMAIL_CLAIM];
    const name = payload['name'];
    return {
      subject: String(payload.sub),
      email: typeof email === 'string' ? email : null,
      name: typeof name === 'string' ? name : null,
    };
  }

  private async keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    this.discovery ??= this.discover().finally(() => {
      this.discovery = null;
    });
    this.jwks = await this.discovery;
    return this.jwks;
  }

  private async discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const url = `${this.issuer}/.well-known/openid-configuration`;
    let metadata: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      metadata = (await response.json()) as typeof metadata;
    } catch (error) {
      throw unavailable(this.issuer as string, error);
    }
    if (typeof metadata.jwks_uri !== 'string' || metadata.issuer !== this.issuer) {
      throw new DomainError({
        code: 'DEPENDENCY_UNAVAILABLE',
        message: `the OIDC discovery document at ${url} does not describe the issuer ${this.issuer ?? ''} (issuer ${String(metadata.issuer)})`,
        issues: [{ path: 'oidc', message: 'issuer mismatch' }],
        retryable: true,
      });
    }
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: DISCOVERY_TIMEOUT_MS, cooldownDuration: 30_000 });
  }

  private asDomainError(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof joseErrors.JWKSTimeout || (error instanceof Error && /fetch failed|ECONNREFUSED|network/i.test(error.message))) {
      return unavailable(this.issuer as string, error);
    }
    if (error instanceof joseErrors.JWTExpired)
      return new DomainError({ code: 'UNAUTHENTICATED', message: 'the access token has expired; sign in again' });
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      return new DomainError({
        code: 'UNAUTHENTICATED',
        message: `the access token is not for this API (${error.claim}: ${error.reason})`,
      });
    }
    if (error instanceof joseErrors.JOSEError) {
      return new DomainError({ code: 'UNAUTHENTICATED', message: 'the access token is not valid (signature, format or key)' });
    }
    return new DomainError({ code: 'UNAUTHENTICATED', message: 'the access token could not be verified' });
  }
}

function unavailable(issuer: string, error: unknown): DomainError {
  return new DomainError({
    code: 'DEPENDENCY_UNAVAILABLE',
    message: `the sign-in service (OIDC issuer ${issuer}) cannot be reached, so the token cannot be checked; try again shortly`,
    issues: [{ path: 'oidc', message: error instanceof Error ? error.message : String(error) }],
    retryable: true,
  });
}
