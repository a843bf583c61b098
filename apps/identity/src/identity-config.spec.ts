import path from 'node:path';
import { repositoryRoot } from '@plancycle/devstack';
import { IdentityConfigError, loadIdentityConfigOrThrow } from './identity-config';

const DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/plancycle';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadIdentityConfigOrThrow(env);
  } catch (error) {
    if (error instanceof IdentityConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected an IdentityConfigError');
}

describe('loadIdentityConfigOrThrow', () => {
  it('fills every default from DATABASE_URL alone', () => {
    expect(loadIdentityConfigOrThrow({ DATABASE_URL })).toEqual({
      host: '127.0.0.1',
      port: 3001,
      issuer: 'http://127.0.0.1:3001',
      databaseUrl: DATABASE_URL,
      dataDir: path.join(repositoryRoot, '.data', 'identity'),
      demoPassword: 'plancycle-demo',
      audience: 'plancycle-api',
      accessTokenTtlSeconds: 3600,
      consoleRedirectUris: ['http://127.0.0.1:3000/auth/callback', 'http://localhost:3000/auth/callback'],
      cliRedirectUris: ['http://127.0.0.1/callback'],
    });
  });

  it('reads every variable it is given', () => {
    const config = loadIdentityConfigOrThrow({
      DATABASE_URL,
      IDENTITY_HOST: '0.0.0.0',
      IDENTITY_PORT: '4100',
      IDENTITY_ISSUER: 'http://idp.dev.local:4100',
      IDENTITY_DATA_DIR: '/tmp/identity-keys',
      IDENTITY_DEMO_PASSWORD: 'another-secret',
      OIDC_AUDIENCE: 'https://api.dev.local',
      IDENTITY_ACCESS_TOKEN_TTL: '120',
      IDENTITY_CONSOLE_REDIRECT_URIS: 'http://127.0.0.1:5173/auth/callback, http://localhost:5173/auth/callback',
      IDENTITY_CLI_REDIRECT_URIS: 'http://127.0.0.1/cb',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 4100,
      issuer: 'http://idp.dev.local:4100',
      dataDir: '/tmp/identity-keys',
      demoPassword: 'another-secret',
      audience: 'https://api.dev.local',
      accessTokenTtlSeconds: 120,
      consoleRedirectUris: ['http://127.0.0.1:5173/auth/callback', 'http://localhost:5173/auth/callback'],
      cliRedirectUris: ['http://127.0.0.1/cb'],
    });
  });

  it('names each bad variable', () => {
    const problems = problemsOf({
      IDENTITY_PORT: 'http',
      IDENTITY_ISSUER: 'http://127.0.0.1:3001/',
      IDENTITY_DEMO_PASSWORD: 'short',
      IDENTITY_ACCESS_TOKEN_TTL: '0',
      IDENTITY_CONSOLE_REDIRECT_URIS: 'not a url',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'IDENTITY_ACCESS_TOKEN_TTL',
      'IDENTITY_CONSOLE_REDIRECT_URIS.0',
      'IDENTITY_DEMO_PASSWORD',
      'IDENTITY_ISSUER',
      'IDENTITY_PORT',
    ]);
  });

  it('refuses to run in production', () => {
    expect(problemsOf({ DATABASE_URL, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/development and tests only.*OIDC_ISSUER/),
    ]);
  });
});
