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

function parseEnvOrThrow<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const problems = tlsProblems(parsed.data as Record<string, unknown>);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return parsed.data;
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

export function loadApiConfigOrThrow(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = parseEnvOrThrow(apiEnvSchema, env);
  return { ...parsed, tokens: loadTokensOrThrow(parsed) };
}

export function loadWorkerConfigOrThrow(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return parseEnvOrThrow(workerEnvSchema, env);
}

function loadTokensOrThrow(env: ApiEnv): TokenEntry[] {
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
    throw new ConfigurationError(tokens.error.issues.map((i) => `${source}: ${i.path.join('.')}: ${i.message}`));
  }
  const seen = new Set<string>();
  for (const entry of tokens.data) {
    if (seen.has(entry.token)) throw new ConfigurationError([`${source}: token of ${entry.id} is listed twice`]);
    seen.add(entry.token);
  }
  return tokens.data;
}
