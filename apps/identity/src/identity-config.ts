import path from 'node:path';
import { z } from 'zod';
import { IDENTITY_DEFAULTS, repositoryRoot } from '@plancycle/devstack';

/** The provider's settings, from the environment (validated at boot). */
export interface IdentityConfig {
  host: string;
  port: number;
  issuer: string;
  databaseUrl: string;
  /** Signing keys and cookie keys live here (created at the first start). */
  dataDir: string;
  demoPassword: string;
  audience: string;
  accessTokenTtlSeconds: number;
  consoleRedirectUris: string[];
  cliRedirectUris: string[];
}

const uriList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((uri) => uri.trim())
      .filter((uri) => uri !== ''),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1, 'give at least one URL'));

const envSchema = z.object({
  IDENTITY_HOST: z.string().min(1).default('127.0.0.1'),
  IDENTITY_PORT: z.coerce.number().int().min(1).max(65_535).default(IDENTITY_DEFAULTS.port),
  /** Defaults to http://<IDENTITY_HOST>:<IDENTITY_PORT>. */
  IDENTITY_ISSUER: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !url.endsWith('/'), 'no trailing slash')
    .optional(),
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required: the accounts are the people of the plancycle directory' })
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL'),
  IDENTITY_DATA_DIR: z
    .string()
    .min(1)
    .default(path.join(repositoryRoot, '.data', 'identity')),
  IDENTITY_DEMO_PASSWORD: z.string().min(8, 'at least 8 characters').default(IDENTITY_DEFAULTS.demoPassword),
  OIDC_AUDIENCE: z.string().min(1).default(IDENTITY_DEFAULTS.audience),
  IDENTITY_ACCESS_TOKEN_TTL: z.coerce.number().int().min(1).max(86_400).default(IDENTITY_DEFAULTS.accessTokenTtlSeconds),
  IDENTITY_CONSOLE_REDIRECT_URIS: uriList.default([...IDENTITY_DEFAULTS.consoleRedirectUris]),
  IDENTITY_CLI_REDIRECT_URIS: uriList.default([IDENTITY_DEFAULTS.cliRedirectUri]),
  NODE_ENV: z.string().optional(),
});

/** Thrown at boot: names every bad variable, one per line. */
export class IdentityConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid identity provider configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'IdentityConfigError';
  }
}

export function loadIdentityConfigOrThrow(env: NodeJS.ProcessEnv): IdentityConfig {
  // An empty variable counts as unset (as in libs/config).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    throw new IdentityConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') {
    throw new IdentityConfigError([
      'NODE_ENV: the embedded identity provider is for development and tests only; in production set OIDC_ISSUER to your identity provider (apps/identity/README.md)',
    ]);
  }
  return {
    host: e.IDENTITY_HOST,
    port: e.IDENTITY_PORT,
    issuer: e.IDENTITY_ISSUER ?? `http://${e.IDENTITY_HOST}:${e.IDENTITY_PORT}`,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.IDENTITY_DATA_DIR),
    demoPassword: e.IDENTITY_DEMO_PASSWORD,
    audience: e.OIDC_AUDIENCE,
    accessTokenTtlSeconds: e.IDENTITY_ACCESS_TOKEN_TTL,
    consoleRedirectUris: e.IDENTITY_CONSOLE_REDIRECT_URIS,
    cliRedirectUris: e.IDENTITY_CLI_REDIRECT_URIS,
  };
}
