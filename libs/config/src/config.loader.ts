import fs from 'node:fs';
import type { z } from 'zod';
import { apiEnvSchema, tokenListSchema, workerEnvSchema, type ApiEnv, type TokenEntry, type WorkerEnv } from './env.schema';

/** Thrown at boot: the message names every bad variable, one per line. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * The variables that are set. An empty one (`PORT=`, or `${PORT}` of an unset shell
 * variable in a compose file) counts as unset: coerced, it would silently become 0.
 */
function setVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** Parses the environment, adding what is wrong with it to `problems` (null when anything is). */
function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string>, problems: string[]): z.infer<S> | null {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  problems.push(...tlsProblems(env));
  return parsed.success ? parsed.data : null;
}

/** Runs one loading step, adding its configuration problems to `problems` instead of throwing them. */
function collectProblems<T>(problems: string[], load: () => T): T | null {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
    return null;
  }
}

function tlsProblems(env: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (Boolean(env['TEMPORAL_TLS_CERT_PATH']) !== Boolean(env['TEMPORAL_TLS_KEY_PATH'])) {
    problems.push('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: give both (mTLS) or neither');
  }
  for (const name of ['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CA_PATH']) {
    const file = env[name];
    if (typeof file === 'string' && !fs.existsSync(file)) problems.push(`${name}: no file at ${file}`);
  }
  return problems;
}

export interface ApiConfig extends ApiEnv {
  tokens: TokenEntry[];
}

/** The API's configuration; every problem (variables, TLS files, tokens) is named at once. */
export function loadApiConfigOrThrow(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const given = setVariables(env);
  const problems: string[] = [];
  const parsed = parseEnv(apiEnvSchema, given, problems);
  const tokens = collectProblems(problems, () => loadTokensOrThrow(given));
  if (parsed === null || tokens === null || problems.length > 0) throw new ConfigurationError(problems);
  return { ...parsed, tokens };
}

export function loadWorkerConfigOrThrow(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const problems: string[] = [];
  const parsed = parseEnv(workerEnvSchema, setVariables(env), problems);
  if (parsed === null || problems.length > 0) throw new ConfigurationError(problems);
  return parsed;
}

function loadTokensOrThrow(env: Pick<ApiEnv, 'PLANCYCLE_TOKENS' | 'PLANCYCLE_TOKENS_FILE'>): TokenEntry[] {
  let raw: string;
  let source: string;
  if (env.PLANCYCLE_TOKENS) {
    raw = env.PLANCYCLE_TOKENS;
    source = 'PLANCYCLE_TOKENS';
  } else if (env.PLANCYCLE_TOKENS_FILE) {
    source = 'PLANCYCLE_TOKENS_FILE';
    try {
      raw = fs.readFileSync(env.PLANCYCLE_TOKENS_FILE, 'utf8');
    } catch (error) {
      throw new ConfigurationError([`${source}: cannot read ${env.PLANCYCLE_TOKENS_FILE} (${(error as Error).message})`]);
    }
  } else {
    throw new ConfigurationError([
      'PLANCYCLE_TOKENS or PLANCYCLE_TOKENS_FILE: set one; every API call is authenticated with a bearer token',
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigurationError([`${source}: not JSON (${(error as Error).message})`]);
  }
  const tokens = tokenListSchema.safeParse(json);
  if (!tokens.success) {
    throw new ConfigurationError(
      tokens.error.issues.map((i) => `${source}: ${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`),
    );
  }
  const seen = new Set<string>();
  for (const entry of tokens.data) {
    if (seen.has(entry.token)) throw new ConfigurationError([`${source}: token of ${entry.id} is listed twice`]);
    seen.add(entry.token);
  }
  return tokens.data;
}
