import { generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A private signing key in JWK form, as oidc-provider's `jwks` takes it. */
export interface PrivateSigningJwk extends JsonWebKey {
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface ProviderKeys {
  jwks: { keys: PrivateSigningJwk[] };
  /** Keys that sign the provider's cookies; the first signs, all verify. */
  cookieKeys: string[];
}

export const SIGNING_KEYS_FILE = 'signing-keys.json';
export const COOKIE_KEYS_FILE = 'cookie-keys.json';

/**
 * The provider's keys, created at the first start and kept in `dataDir` (owner-only
 * files), so tokens it issued still verify after a restart. RS256 is what every
 * relying party and Keycloak accept by default.
 */
export function loadOrCreateProviderKeys(dataDir: string): ProviderKeys {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const jwks = loadOrCreate(path.join(dataDir, SIGNING_KEYS_FILE), () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key: PrivateSigningJwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    return { keys: [key] };
  });
  const cookieKeys = loadOrCreate(path.join(dataDir, COOKIE_KEYS_FILE), () => [randomBytes(32).toString('base64url')]);
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0 || !jwks.keys.every((key) => typeof key.kid === 'string' && key.d)) {
    throw new Error(`${path.join(dataDir, SIGNING_KEYS_FILE)} holds no private signing key; remove it to create a new one`);
  }
  if (!Array.isArray(cookieKeys) || cookieKeys.length === 0 || !cookieKeys.every((key) => typeof key === 'string' && key.length >= 32)) {
    throw new Error(`${path.join(dataDir, COOKIE_KEYS_FILE)} holds no cookie key; remove it to create a new one`);
  }
  return { jwks, cookieKeys };
}

function loadOrCreate<T>(file: string, create: () => T): T {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  const value = create();
  // Written aside then renamed, so a crash never leaves half a key file behind.
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, file);
  return value;
}
