import path from 'node:path';
import { freePort, spawnManaged, type ManagedProcess } from './processes';
import { repositoryRoot } from './repository-root';

export interface IdentityProvider extends ManagedProcess {
  /** The issuer URL (`OIDC_ISSUER` for the API): discovery at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
}

/**
 * The embedded development OIDC provider (apps/identity), run from its TypeScript
 * sources through tsx (scripts/run-identity.js), so tests need no build. Resolves once
 * discovery answers. Its accounts are the active people of `databaseUrl`'s directory,
 * which must be migrated; signing keys and cookie keys are kept in `dataDir`.
 */
export async function startIdentityProvider(params: {
  port?: number;
  databaseUrl: string;
  dataDir: string;
  logFile?: string | null;
  redirectUris?: string[];
  demoPassword?: string;
  audience?: string;
  accessTokenTtlSeconds?: number;
}): Promise<IdentityProvider> {
  const port = params.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: params.databaseUrl,
    IDENTITY_HOST: '127.0.0.1',
    IDENTITY_PORT: String(port),
    IDENTITY_ISSUER: issuer,
    IDENTITY_DATA_DIR: params.dataDir,
  };
  if (params.redirectUris) env['IDENTITY_CONSOLE_REDIRECT_URIS'] = params.redirectUris.join(',');
  if (params.demoPassword) env['IDENTITY_DEMO_PASSWORD'] = params.demoPassword;
  if (params.audience) env['OIDC_AUDIENCE'] = params.audience;
  if (params.accessTokenTtlSeconds) env['IDENTITY_ACCESS_TOKEN_TTL'] = String(params.accessTokenTtlSeconds);
  const managed = spawnManaged({
    command: process.execPath,
    args: [path.join(repositoryRoot, 'scripts', 'run-identity.js')],
    env,
    cwd: repositoryRoot,
    logFile: params.logFile ?? null,
  });
  try {
    await waitForDiscovery({ issuer, timeoutMs: 60_000, child: managed.child });
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return { ...managed, issuer };
}

async function waitForDiscovery(params: { issuer: string; timeoutMs: number; child: ManagedProcess['child'] }): Promise<void> {
  const deadline = Date.now() + params.timeoutMs;
  const url = `${params.issuer}/.well-known/openid-configuration`;
  while (Date.now() < deadline) {
    if (params.child.exitCode !== null) {
      throw new Error(`the identity provider exited with code ${params.child.exitCode} before answering (see its log)`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && ((await response.json()) as { issuer?: string }).issuer === params.issuer) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the identity provider did not answer at ${url} within ${params.timeoutMs} ms`);
}
