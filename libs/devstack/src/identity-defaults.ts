/**
 * The embedded identity provider's defaults (apps/identity), shared by the app, the
 * launcher, the test setup and the sign-in helper so that each states them once.
 */
export const IDENTITY_DEFAULTS = {
  /** Port of `npm run up`'s provider (`PLANCYCLE_IDENTITY_PORT`). */
  port: 3001,
  /** Password of every demo account (`IDENTITY_DEMO_PASSWORD`): development only. */
  demoPassword: 'plancycle-demo',
  /** `aud` of the access tokens (`OIDC_AUDIENCE`), which the API checks. */
  audience: 'plancycle-api',
  /** Resource indicator (RFC 8707) standing for the API; its tokens carry `audience`. */
  apiResource: 'urn:plancycle:api',
  accessTokenTtlSeconds: 3600,
  consoleClientId: 'plancycle-console',
  consoleRedirectUris: ['http://127.0.0.1:3000/auth/callback', 'http://localhost:3000/auth/callback'],
  cliClientId: 'plancycle-cli',
  /** A loopback redirect: native clients may use any port on it (RFC 8252). */
  cliRedirectUri: 'http://127.0.0.1/callback',
  scope: 'openid email profile',
} as const;
