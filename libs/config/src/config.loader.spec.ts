import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigurationError, loadApiConfigOrThrow, loadWorkerConfigOrThrow } from './config.loader';
import { cycleTaskQueueOf, repositoryRoot } from './env.schema';

const DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/plancycle';

/** Runs `load` and returns the ConfigurationError it throws. */
function configurationErrorOf(load: () => unknown): ConfigurationError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError, but the configuration loaded');
}

const problemVariables = (error: ConfigurationError) => error.problems.map((p) => p.split(':')[0]);

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-config-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});
const scratchFile = (name: string, content: string): string => {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
};

describe('loadApiConfigOrThrow', () => {
  it('fills every default from a minimal environment', () => {
    const config = loadApiConfigOrThrow({ DATABASE_URL });
    expect(config).toEqual({
      DATABASE_URL,
      DATABASE_POOL_SIZE: 5,
      DATABASE_PREPARED_STATEMENTS: true,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'plancycle',
      TEMPORAL_CALL_DEADLINE_MS: 10_000,
      PLANCYCLE_API_DOCS: 'on',
      PLANCYCLE_AUTH_FAILURES_PER_MINUTE: 20,
      PLANCYCLE_IMPORTS_PER_MINUTE: 10,
      PLANCYCLE_TRUST_PROXY: false,
      PLANCYCLE_RULES_DIR: path.join(repositoryRoot, 'rules'),
      PLANCYCLE_SUPERVISION_RESPONSE_WORKING_DAYS: 5,
      PLANCYCLE_WEB_DIR: path.join(repositoryRoot, 'apps', 'web', 'dist'),
      PORT: 3000,
      HOST: '127.0.0.1',
      PLANCYCLE_API_PROCESSES: 1,
      OIDC_AUDIENCE: 'plancycle-api',
      OIDC_CLOCK_TOLERANCE_SECONDS: 30,
      OIDC_EMAIL_CLAIM: 'email',
    });
    expect(fs.existsSync(path.join(config.PLANCYCLE_RULES_DIR, 'attainment'))).toBe(true);
  });

  it('reads and converts every variable it is given, and ignores unrelated ones', () => {
    const config = loadApiConfigOrThrow({
      DATABASE_URL: 'postgres://app:secret@db.internal:5433/plans',
      DATABASE_POOL_SIZE: '12',
      DATABASE_PREPARED_STATEMENTS: 'no',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'kjj-prod',
      TEMPORAL_TASK_QUEUE: 'plancycle-prod',
      TEMPORAL_TLS: 'yes',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'api-key',
      TEMPORAL_CALL_DEADLINE_MS: '2500',
      PLANCYCLE_RULES_DIR: '/srv/rules',
      PLANCYCLE_API_DOCS: 'off',
      PLANCYCLE_AUTH_FAILURES_PER_MINUTE: '5',
      PLANCYCLE_IMPORTS_PER_MINUTE: '3',
      PLANCYCLE_TRUST_PROXY: 'yes',
      PORT: '8080',
      HOST: '0.0.0.0',
      PLANCYCLE_API_PROCESSES: '4',
      HOME: '/root',
    });
    expect(config).toMatchObject({
      DATABASE_POOL_SIZE: 12,
      DATABASE_PREPARED_STATEMENTS: false,
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'kjj-prod',
      TEMPORAL_TASK_QUEUE: 'plancycle-prod',
      TEMPORAL_TLS: true,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'api-key',
      TEMPORAL_CALL_DEADLINE_MS: 2500,
      PLANCYCLE_RULES_DIR: '/srv/rules',
      PLANCYCLE_API_DOCS: 'off',
      PLANCYCLE_AUTH_FAILURES_PER_MINUTE: 5,
      PLANCYCLE_IMPORTS_PER_MINUTE: 3,
      PLANCYCLE_TRUST_PROXY: true,
      PORT: 8080,
      HOST: '0.0.0.0',
      PLANCYCLE_API_PROCESSES: 4,
    });
    expect(config).not.toHaveProperty('HOME');
  });

  it('puts the cycles on the task queue + "-cycles" unless TEMPORAL_CYCLE_TASK_QUEUE names one', () => {
    expect(cycleTaskQueueOf(loadWorkerConfigOrThrow({ DATABASE_URL, TEMPORAL_TASK_QUEUE: 'plancycle-prod' }))).toBe(
      'plancycle-prod-cycles',
    );
    const named = loadApiConfigOrThrow({ DATABASE_URL, TEMPORAL_TASK_QUEUE: 'plancycle-prod', TEMPORAL_CYCLE_TASK_QUEUE: 'cycles-prod' });
    expect(cycleTaskQueueOf(named)).toBe('cycles-prod');
    // An empty variable counts as unset, as every other one does.
    expect(cycleTaskQueueOf(loadApiConfigOrThrow({ DATABASE_URL, TEMPORAL_CYCLE_TASK_QUEUE: '' }))).toBe('plancycle-cycles');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads TEMPORAL_TLS=%s as %p', (flag, expected) => {
    expect(loadApiConfigOrThrow({ DATABASE_URL, TEMPORAL_TLS: flag }).TEMPORAL_TLS).toBe(expected);
  });

  it('names each bad variable at once, one per line', () => {
    const error = configurationErrorOf(() => loadApiConfigOrThrow({ DATABASE_URL, PORT: 'eighty', TEMPORAL_ADDRESS: 'localhost' }));
    expect(problemVariables(error).sort()).toEqual(['PORT', 'TEMPORAL_ADDRESS']);
    expect(error.problems.find((p) => p.startsWith('TEMPORAL_ADDRESS'))).toContain('expected host:port');
    expect(error.message).toMatch(/^Invalid configuration:\n {2}- (PORT|TEMPORAL_ADDRESS): .+\n {2}- (PORT|TEMPORAL_ADDRESS): .+$/);
    expect(error.name).toBe('ConfigurationError');
  });

  it('names the missing database URL, a bad URL scheme and every out-of-range number', () => {
    expect(problemVariables(configurationErrorOf(() => loadApiConfigOrThrow({})))).toEqual(['DATABASE_URL']);
    const error = configurationErrorOf(() =>
      loadApiConfigOrThrow({
        DATABASE_URL: 'mysql://root@127.0.0.1/plans',
        DATABASE_POOL_SIZE: '0',
        PORT: '70000',
        TEMPORAL_CALL_DEADLINE_MS: '50',
        TEMPORAL_TLS: 'maybe',
        PLANCYCLE_API_DOCS: 'disabled',
        PLANCYCLE_AUTH_FAILURES_PER_MINUTE: '0',
        PLANCYCLE_API_PROCESSES: '0',
      }),
    );
    expect(problemVariables(error).sort()).toEqual([
      'DATABASE_POOL_SIZE',
      'DATABASE_URL',
      'PLANCYCLE_API_DOCS',
      'PLANCYCLE_API_PROCESSES',
      'PLANCYCLE_AUTH_FAILURES_PER_MINUTE',
      'PORT',
      'TEMPORAL_CALL_DEADLINE_MS',
      'TEMPORAL_TLS',
    ]);
    expect(error.problems.find((p) => p.startsWith('PLANCYCLE_API_DOCS'))).toContain('expected on or off');
    expect(error.problems.find((p) => p.startsWith('DATABASE_URL'))).toContain('postgres://');
  });

  it('refuses a ?schema= other than public at boot instead of ignoring it, for the API and the worker', () => {
    const url = 'postgresql://postgres@127.0.0.1:5432/plans?schema=plancycle';
    const apiError = configurationErrorOf(() => loadApiConfigOrThrow({ DATABASE_URL: url }));
    expect(apiError.problems).toEqual([expect.stringMatching(/^DATABASE_URL: \?schema= is not supported/)]);
    expect(problemVariables(configurationErrorOf(() => loadWorkerConfigOrThrow({ DATABASE_URL: url })))).toEqual(['DATABASE_URL']);
    const publicSchema = 'postgresql://postgres@127.0.0.1:5432/plans?schema=public&sslmode=disable';
    expect(loadApiConfigOrThrow({ DATABASE_URL: publicSchema }).DATABASE_URL).toBe(publicSchema);
  });

  it('reports bad variables and TLS files together rather than one kind at a time', () => {
    const error = configurationErrorOf(() =>
      loadApiConfigOrThrow({ DATABASE_URL, PORT: '-1', TEMPORAL_TLS_CA_PATH: path.join(scratch, 'missing-ca.pem') }),
    );
    expect(problemVariables(error)).toEqual(expect.arrayContaining(['PORT', 'TEMPORAL_TLS_CA_PATH']));
    expect(error.problems).toHaveLength(2);
  });

  it('treats an empty variable as unset instead of coercing it to 0', () => {
    const config = loadApiConfigOrThrow({ DATABASE_URL, PORT: '', TEMPORAL_TLS: '', HOST: '' });
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.TEMPORAL_TLS).toBeUndefined();
  });

  describe('TLS files', () => {
    it('wants a client certificate and key together', () => {
      const cert = scratchFile('client.pem', 'cert');
      const error = configurationErrorOf(() => loadApiConfigOrThrow({ DATABASE_URL, TEMPORAL_TLS_CERT_PATH: cert }));
      expect(error.problems).toEqual(['TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: give both (mTLS) or neither']);
    });

    it('names each TLS file that does not exist', () => {
      const error = configurationErrorOf(() =>
        loadWorkerConfigOrThrow({
          DATABASE_URL,
          TEMPORAL_TLS_CERT_PATH: path.join(scratch, 'nope.crt'),
          TEMPORAL_TLS_KEY_PATH: path.join(scratch, 'nope.key'),
        }),
      );
      expect(error.problems).toEqual([
        `TEMPORAL_TLS_CERT_PATH: no file at ${path.join(scratch, 'nope.crt')}`,
        `TEMPORAL_TLS_KEY_PATH: no file at ${path.join(scratch, 'nope.key')}`,
      ]);
    });

    it('accepts existing certificate, key and CA files', () => {
      const config = loadWorkerConfigOrThrow({
        DATABASE_URL,
        TEMPORAL_TLS_CERT_PATH: scratchFile('ok.crt', 'c'),
        TEMPORAL_TLS_KEY_PATH: scratchFile('ok.key', 'k'),
        TEMPORAL_TLS_CA_PATH: scratchFile('ok-ca.pem', 'ca'),
      });
      expect(config.TEMPORAL_TLS_CA_PATH).toBe(path.join(scratch, 'ok-ca.pem'));
    });
  });
});

describe('loadWorkerConfigOrThrow', () => {
  it('fills the worker defaults', () => {
    expect(loadWorkerConfigOrThrow({ DATABASE_URL })).toEqual({
      DATABASE_URL,
      DATABASE_POOL_SIZE: 5,
      DATABASE_PREPARED_STATEMENTS: true,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'plancycle',
      PLANCYCLE_RULES_DIR: path.join(repositoryRoot, 'rules'),
      PLANCYCLE_SUPERVISION_RESPONSE_WORKING_DAYS: 5,
      WORKER_MAX_CONCURRENT_ACTIVITIES: 50,
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40,
      WORKER_STATUS_LOG_SECONDS: 300,
      WORKER_WORKFLOW_STACK_TRACES: false,
      SMTP_FROM: 'plancycle <noreply@plancycle.local>',
      NOTICES_SWEEP_INTERVAL_MS: 15_000,
      NOTICES_DIGEST_AT: '08:30',
      NOTICES_RETRY_BASE_MS: 30_000,
      NOTICES_CLAIM_MS: 60_000,
      NOTICES_RETRY_MAX_MS: 3_600_000,
    });
  });

  it('takes an smtp:// or smtps:// mail server and refuses anything else by name', () => {
    expect(loadWorkerConfigOrThrow({ DATABASE_URL, SMTP_URL: 'smtps://user:pass@mail.example.gov.cn:465' }).SMTP_URL).toBe(
      'smtps://user:pass@mail.example.gov.cn:465',
    );
    expect(
      problemVariables(configurationErrorOf(() => loadWorkerConfigOrThrow({ DATABASE_URL, SMTP_URL: 'mail.example.gov.cn' }))),
    ).toEqual(['SMTP_URL']);
  });

  it('takes the digest hour as HH:MM Beijing time and a test interval in seconds; refuses anything else by name', () => {
    const config = loadWorkerConfigOrThrow({ DATABASE_URL, NOTICES_DIGEST_AT: '17:05', NOTICES_DIGEST_INTERVAL_SECONDS: '30' });
    expect([config.NOTICES_DIGEST_AT, config.NOTICES_DIGEST_INTERVAL_SECONDS]).toEqual(['17:05', 30]);
    expect(
      problemVariables(
        configurationErrorOf(() =>
          loadWorkerConfigOrThrow({ DATABASE_URL, NOTICES_DIGEST_AT: '8:30', NOTICES_DIGEST_INTERVAL_SECONDS: '0' }),
        ),
      ).sort(),
    ).toEqual(['NOTICES_DIGEST_AT', 'NOTICES_DIGEST_INTERVAL_SECONDS']);
  });

  it('names each bad worker variable', () => {
    const error = configurationErrorOf(() =>
      loadWorkerConfigOrThrow({
        DATABASE_URL,
        WORKER_MAX_CONCURRENT_ACTIVITIES: '0',
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 'many',
        WORKER_WORKFLOW_STACK_TRACES: 'on',
        TEMPORAL_ADDRESS: 'temporal:port',
      }),
    );
    expect(problemVariables(error).sort()).toEqual([
      'TEMPORAL_ADDRESS',
      'WORKER_MAX_CONCURRENT_ACTIVITIES',
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
      'WORKER_WORKFLOW_STACK_TRACES',
    ]);
  });

  it('keeps workflow stack traces off unless WORKER_WORKFLOW_STACK_TRACES asks for them', () => {
    expect(loadWorkerConfigOrThrow({ DATABASE_URL, WORKER_WORKFLOW_STACK_TRACES: 'true' }).WORKER_WORKFLOW_STACK_TRACES).toBe(true);
    expect(loadWorkerConfigOrThrow({ DATABASE_URL, WORKER_WORKFLOW_STACK_TRACES: 'false' }).WORKER_WORKFLOW_STACK_TRACES).toBe(false);
  });
});

describe('sign-in configuration', () => {
  it('takes the OIDC issuer without a trailing slash, and refuses one that is not a URL', () => {
    expect(loadApiConfigOrThrow({ DATABASE_URL, OIDC_ISSUER: 'https://sso.example.gov.cn/realms/plancycle/' }).OIDC_ISSUER).toBe(
      'https://sso.example.gov.cn/realms/plancycle',
    );
    expect(configurationErrorOf(() => loadApiConfigOrThrow({ DATABASE_URL, OIDC_ISSUER: 'sso.example' })).problems[0]).toMatch(
      /^OIDC_ISSUER: /,
    );
  });
});
