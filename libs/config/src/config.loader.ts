import fs from 'node:fs';
import type { z } from 'zod';
import { apiEnvSchema, workerEnvSchema, type ApiEnv, type WorkerEnv } from './env.schema';

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

export type ApiConfig = ApiEnv;

/** The API's configuration; every problem (variables, TLS files, tokens) is named at once. */
export function loadApiConfigOrThrow(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const given = setVariables(env);
  const problems: string[] = [];
  const parsed = parseEnv(apiEnvSchema, given, problems);
  if (parsed === null || problems.length > 0) throw new ConfigurationError(problems);
  return parsed;
}

export function loadWorkerConfigOrThrow(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const problems: string[] = [];
  const parsed = parseEnv(workerEnvSchema, setVariables(env), problems);
  if (parsed === null || problems.length > 0) throw new ConfigurationError(problems);
  return parsed;
}
