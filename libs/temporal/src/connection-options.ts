import fs from 'node:fs';
import { cycleTaskQueueOf, type TemporalEnv } from '@plancycle/config';

/** TLS settings shared by the client Connection and the worker NativeConnection. */
export interface TemporalTlsSettings {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

export interface TemporalConnectionSettings {
  address: string;
  namespace: string;
  /** Assignments (and cycles started before the cycles had a queue of their own). */
  taskQueue: string;
  /** Cycle workflows and their activities. */
  cycleTaskQueue: string;
  tls: TemporalTlsSettings | boolean;
  apiKey?: string;
}

/**
 * One place that turns environment settings into connection options, for a local
 * dev server (plain), a self-hosted cluster (TLS, optionally mTLS) or Temporal Cloud
 * (API key, which implies TLS).
 */
export function temporalConnectionSettings(env: TemporalEnv): TemporalConnectionSettings {
  const wantsTls =
    env.TEMPORAL_TLS === true ||
    env.TEMPORAL_API_KEY !== undefined ||
    env.TEMPORAL_TLS_CERT_PATH !== undefined ||
    env.TEMPORAL_TLS_CA_PATH !== undefined;
  let tls: TemporalTlsSettings | boolean = false;
  if (wantsTls) {
    const settings: TemporalTlsSettings = {};
    if (env.TEMPORAL_TLS_SERVER_NAME) settings.serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME;
    if (env.TEMPORAL_TLS_CA_PATH) settings.serverRootCACertificate = fs.readFileSync(env.TEMPORAL_TLS_CA_PATH);
    if (env.TEMPORAL_TLS_CERT_PATH && env.TEMPORAL_TLS_KEY_PATH) {
      settings.clientCertPair = {
        crt: fs.readFileSync(env.TEMPORAL_TLS_CERT_PATH),
        key: fs.readFileSync(env.TEMPORAL_TLS_KEY_PATH),
      };
    }
    tls = Object.keys(settings).length > 0 ? settings : true;
  }
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    cycleTaskQueue: cycleTaskQueueOf(env),
    tls,
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
}
