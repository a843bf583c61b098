import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { Client } from 'pg';
import { IDENTITY_DEFAULTS, repositoryRoot, signIn, SignInError, startIdentityProvider, type IdentityProvider } from '@plancycle/devstack';
import { mediumDatabaseUrl } from '../../../test/support/medium-database';

/**
 * The embedded identity provider as a separate process (as `npm run up` and the e2e
 * setup run it) on the medium tier's migrated database: people signed in through the
 * real authorization code + PKCE flow, tokens verified with jose against its JWKS.
 */
jest.setTimeout(90_000);

const password = 'medium-test-password';
const ttl = 600;
const run = randomUUID().slice(0, 8);
const active = { id: `person-active-${run}`, name: '王科员', email: `kgj-${run}@demo.plancycle.local` };
const disabled = { id: `person-disabled-${run}`, name: '赵停用', email: `disabled-${run}@demo.plancycle.local` };

let provider: IdentityProvider;
let dataDir: string;
let jwks: ReturnType<typeof createRemoteJWKSet>;

async function startProvider(port?: number): Promise<IdentityProvider> {
  return startIdentityProvider({
    ...(port ? { port } : {}),
    databaseUrl: mediumDatabaseUrl(),
    dataDir,
    logFile: path.join(repositoryRoot, 'tmp', 'logs', 'identity-medium.log'),
    demoPassword: password,
    accessTokenTtlSeconds: ttl,
  });
}

function verifyAccessToken(token: string, keys = jwks) {
  return jwtVerify(token, keys, { issuer: provider.issuer, audience: IDENTITY_DEFAULTS.audience, typ: 'at+jwt', algorithms: ['RS256'] });
}

beforeAll(async () => {
  const db = new Client({ connectionString: mediumDatabaseUrl() });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "Person" (id, name, email, role, status) VALUES ($1, $2, $3, 'department', 'active'), ($4, $5, $6, 'department', 'disabled')`,
      [active.id, active.name, active.email, disabled.id, disabled.name, disabled.email],
    );
  } finally {
    await db.end();
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-identity-'));
  provider = await startProvider();
  jwks = createRemoteJWKSet(new URL(`${provider.issuer}/jwks`));
});

afterAll(async () => {
  await provider?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  // The medium database is shared by the tier's other specs: leave its directory as it was.
  const db = new Client({ connectionString: mediumDatabaseUrl() });
  await db.connect();
  await db.query('DELETE FROM "Person" WHERE id = ANY($1)', [[active.id, disabled.id]]).finally(() => db.end());
});

describe('the embedded identity provider', () => {
  it('publishes discovery and a JWKS for the issuer, with code + PKCE S256 only', async () => {
    const discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: provider.issuer,
      jwks_uri: `${provider.issuer}/jwks`,
      authorization_endpoint: `${provider.issuer}/auth`,
      token_endpoint: `${provider.issuer}/token`,
      code_challenge_methods_supported: ['S256'],
    });
    const keys = (await (await fetch(`${provider.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(keys.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
    expect(keys.keys[0]).not.toHaveProperty('d');
  });

  it('signs an active person in through the real flow; the access token is a JWT for the API naming them', async () => {
    // Typed with capitals: e-mails are stored lower-case.
    const result = await signIn({ issuer: provider.issuer, email: active.email.toUpperCase(), password });
    expect(result.expiresIn).toBe(ttl);

    const { payload, protectedHeader } = await verifyAccessToken(result.accessToken);
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: provider.issuer,
      aud: IDENTITY_DEFAULTS.audience,
      sub: active.id,
      email: active.email,
      name: active.name,
      client_id: IDENTITY_DEFAULTS.cliClientId,
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(ttl);
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);

    const idToken = await jwtVerify(result.idToken, jwks, { issuer: provider.issuer, audience: IDENTITY_DEFAULTS.cliClientId });
    expect(idToken.payload.sub).toBe(active.id);
  });

  it('signs in to the console client on its registered redirect URI', async () => {
    const result = await signIn({
      issuer: provider.issuer,
      email: active.email,
      password,
      clientId: IDENTITY_DEFAULTS.consoleClientId,
      redirectUri: IDENTITY_DEFAULTS.consoleRedirectUris[0],
    });
    const { payload } = await verifyAccessToken(result.accessToken);
    expect(payload).toMatchObject({ sub: active.id, client_id: IDENTITY_DEFAULTS.consoleClientId });
  });

  it('refuses a disabled person, an unknown e-mail and a wrong password, saying why in Chinese', async () => {
    const refusal = (email: string, pw: string) =>
      signIn({ issuer: provider.issuer, email, password: pw }).then(
        () => null,
        (error: unknown) => (error instanceof SignInError ? { status: error.status, message: error.message } : error),
      );
    expect(await refusal(disabled.email, password)).toEqual({ status: 403, message: '该账号已停用，无法登录。请联系管理员。' });
    expect(await refusal(`nobody-${run}@demo.plancycle.local`, password)).toEqual({
      status: 401,
      message: expect.stringContaining('不在 plancycle 人员目录中'),
    });
    expect(await refusal(active.email, `${password}-wrong`)).toEqual({ status: 401, message: '邮箱或密码不正确。' });
  });

  it('`npm run plancycle -- login` prints an access token for curl', async () => {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', 'plancycle', '--', 'login', '--email', active.email], {
      cwd: repositoryRoot,
      env: { ...process.env, OIDC_ISSUER: provider.issuer, IDENTITY_DEMO_PASSWORD: password },
      timeout: 60_000,
    });
    expect(stderr).toContain(`signed in as ${active.email}`);
    const { payload } = await verifyAccessToken(stdout.trim());
    expect(payload.sub).toBe(active.id);
  });

  it('refuses an authorization request without PKCE', async () => {
    const authorize = new URL(`${provider.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: IDENTITY_DEFAULTS.cliClientId,
      response_type: 'code',
      redirect_uri: IDENTITY_DEFAULTS.cliRedirectUri,
      scope: 'openid',
      state: 'no-pkce',
    }).toString();
    const response = await fetch(authorize, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', provider.issuer);
    expect(location.origin + location.pathname).toBe(IDENTITY_DEFAULTS.cliRedirectUri);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('rejects a token signed by another key, even under the same kid, and a token whose claims were changed', async () => {
    const { accessToken } = await signIn({ issuer: provider.issuer, email: active.email, password });
    const { payload } = await verifyAccessToken(accessToken);
    const { kid } = decodeProtectedHeader(accessToken);

    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...payload } as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...(kid ? { kid } : {}) })
      .sign(other.privateKey);
    await expect(verifyAccessToken(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });

    const [header, , signature] = accessToken.split('.');
    const changed = Buffer.from(JSON.stringify({ ...payload, sub: disabled.id })).toString('base64url');
    await expect(verifyAccessToken(`${header}.${changed}.${signature}`)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('keeps its signing keys across a restart, so tokens issued before still verify', async () => {
    const { accessToken } = await signIn({ issuer: provider.issuer, email: active.email, password });
    const port = Number(new URL(provider.issuer).port);
    await provider.stop();
    provider = await startProvider(port);
    // A fresh key set fetched from the restarted provider.
    const { payload } = await verifyAccessToken(accessToken, createRemoteJWKSet(new URL(`${provider.issuer}/jwks`)));
    expect(payload.sub).toBe(active.id);
    expect(fs.statSync(path.join(dataDir, 'signing-keys.json')).mode & 0o777).toBe(0o600);
  });
});
