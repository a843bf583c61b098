import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** The task queue cycle workflows run on: `TEMPORAL_CYCLE_TASK_QUEUE`, or the task queue's name + `-cycles`. */
export function cycleTaskQueueOf(env: { TEMPORAL_TASK_QUEUE: string; TEMPORAL_CYCLE_TASK_QUEUE?: string | undefined }): string {
  return env.TEMPORAL_CYCLE_TASK_QUEUE ?? `${env.TEMPORAL_TASK_QUEUE}-cycles`;
}

/** Where the repository root is, so defaults work from any working directory. */
export const repositoryRoot = path.resolve(__dirname, '../../..').replace(/[\\/]dist$/, '');

const temporalEnvSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'expected host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('plancycle'),
  /**
   * The cycles' own task queue (default: the task queue's name + `-cycles`). A cycle's
   * evaluation and its other steps never wait behind its assignments' tasks, such as the
   * thousands that fall due together when a period closes.
   */
  TEMPORAL_CYCLE_TASK_QUEUE: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanFlag.optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** A Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
});

const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (the launcher sets it to the embedded database)' })
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .refine((url) => [null, 'public'].includes(schemaParameterOf(url)), {
      // Migrations (the WebAssembly schema-engine bridge) and queries both use the public
      // schema; a silently ignored ?schema= would put the data somewhere the URL does not say.
      message:
        '?schema= is not supported: plancycle keeps its tables in the public schema; give it a database of its own (or ?schema=public)',
    }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Statements prepared once per connection and kept, with their plans (libs/persistence,
   * `preparedStatementNames`). `false` behind a pooler that cannot keep them, such as
   * PgBouncer in transaction mode before 1.21.
   */
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
});

/** The `schema` parameter of a database URL (Prisma's convention), or null. */
function schemaParameterOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('schema');
  } catch {
    return null; // the scheme check above names a malformed URL
  }
}

const rulesEnvSchema = z.object({
  PLANCYCLE_RULES_DIR: z.string().min(1).default(path.join(repositoryRoot, 'rules')),
});

/** The office's documents (督办通知单, 季通报, 工作总结): who issues them, how long a 督办 gives. */
const documentsEnvSchema = z.object({
  /** The 落款 of the documents; unset: the plan's jurisdiction + 科技创新工作专班办公室. */
  PLANCYCLE_ISSUING_OFFICE: z.string().trim().min(2).max(60).optional(),
  /** Working days (of the cycle's holiday calendar) a unit has to answer a 督办通知单. */
  PLANCYCLE_SUPERVISION_RESPONSE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
});

export const apiEnvSchema = temporalEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(rulesEnvSchema.shape)
  .extend(documentsEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /**
     * API processes sharing the port (node:cluster), to use more than one core: one Node
     * process serves at most one core's worth of requests. Each process has its own database
     * pool (DATABASE_POOL_SIZE) and in-memory rate-limit counters.
     */
    PLANCYCLE_API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * The OpenID Connect issuer whose access tokens (JWT) sign people in; its JWKS comes
     * from discovery. Unset: only service tokens are accepted (and the boot log says so).
     */
    OIDC_ISSUER: z
      .string()
      .url('expected the issuer URL, e.g. https://sso.example.gov.cn/realms/plancycle')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    /** The audience (aud) access tokens must carry for this API. */
    OIDC_AUDIENCE: z.string().min(1).default('plancycle-api'),
    /** Seconds of clock difference tolerated on exp/nbf/iat. */
    OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
    /** The claim holding the e-mail the directory knows a person by. */
    OIDC_EMAIL_CLAIM: z.string().min(1).default('email'),
    /**
     * On a directory without any admin, the person with this e-mail is made the first
     * admin at boot (audited), so a new deployment can be set up through the API.
     */
    PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL: z.string().email('expected an e-mail address').optional(),
    /**
     * The Temporal web UI (the dev server's, or the cluster's), for links from the auditor's
     * timeline to the workflow history; unset: the timeline names the event without a link.
     */
    TEMPORAL_UI_URL: z
      .string()
      .url('expected the web UI URL, e.g. http://127.0.0.1:8233')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    /** How long an API call waits for Temporal before answering 503 (retryable). */
    TEMPORAL_CALL_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Serve the Swagger UI and the OpenAPI document at /docs (`off` in production if wanted). */
    PLANCYCLE_API_DOCS: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
    /** Failed authentications a client (IP) may make per minute before 429s. */
    PLANCYCLE_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
    /** Plan imports (document parsing) a client may make per minute before 429s. */
    PLANCYCLE_IMPORTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
    /**
     * Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto and
     * X-Forwarded-For, so HSTS is sent on HTTPS requests and rate limits count per client.
     */
    PLANCYCLE_TRUST_PROXY: booleanFlag.default(false),
    /** The built web console (apps/web, `vite build`), served at `/`; when missing, the API serves no console. */
    PLANCYCLE_WEB_DIR: z
      .string()
      .min(1)
      .default(path.join(repositoryRoot, 'apps', 'web', 'dist')),
  });

export const workerEnvSchema = temporalEnvSchema
  .extend(databaseEnvSchema.shape)
  .extend(rulesEnvSchema.shape)
  .extend(documentsEnvSchema.shape)
  .extend({
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(50),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).max(1000).default(40),
    /**
     * Workflows kept in the worker's sticky cache. Unset: sized from the heap the workflow
     * thread may use, 1 MB a workflow after 256 MB (about 0.5 MB each is measured; see
     * apps/worker/src/workflow-cache-budget.ts). Beyond it the least recently used are evicted
     * and replay from their history when next needed; however many assignments are open,
     * memory stays bounded.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).optional(),
    WORKER_IDENTITY: z.string().min(1).optional(),
    /**
     * Whether workflow code keeps its stack traces (the Temporal UI's "Stack Trace" tab, the
     * stacks of errors thrown in workflows). Off by default: the SDK captures one for every
     * promise a workflow creates, about a fifth of the worker's CPU on the report path. Turn
     * it on to debug a workflow (workflows/src/stack-traces-off.ts).
     */
    WORKER_WORKFLOW_STACK_TRACES: booleanFlag.default(false),
    /**
     * Every so many seconds the worker logs one line: resident memory, heap, and how many
     * workflows its cache holds (0: never). How the cache budget was sized: docs/benchmarks.md.
     */
    WORKER_STATUS_LOG_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /**
     * The mail server notices go out through (smtp://user:pass@host:587, smtps://host:465);
     * unset: no e-mail notices (in-app and webhook ones still go). `npm run up` points it at
     * the local mail catcher.
     */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'expected smtp://host:port or smtps://host:port')
      .optional(),
    /** The From of notice e-mails. */
    SMTP_FROM: z.string().min(3).default('plancycle <noreply@plancycle.local>'),
    /** How often the worker looks for notices to send again (failed ones back off, 30 s doubling to 1 h). */
    NOTICES_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    /** The first wait before a failed notice is sent again; it doubles with each failure, to at most an hour. */
    NOTICES_RETRY_BASE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    /** The longest wait between tries of a failed notice. */
    NOTICES_RETRY_MAX_MS: z.coerce.number().int().min(100).max(86_400_000).default(3_600_000),
    /**
     * How long a sender holds a notice it is sending. A worker killed mid-send leaves its claim;
     * another worker's sweep sends the notice once the claim lapses (longer than a send can take).
     */
    NOTICES_CLAIM_MS: z.coerce.number().int().min(500).max(600_000).default(60_000),
    /** When coordinators' daily digest e-mail goes out, HH:MM in Beijing time (Asia/Shanghai). */
    NOTICES_DIGEST_AT: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00–23:59), Beijing time')
      .default('08:30'),
    /** Tests and demos: a digest every this many seconds instead of daily at NOTICES_DIGEST_AT. */
    NOTICES_DIGEST_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  });

export type TemporalEnv = z.infer<typeof temporalEnvSchema>;
export type ApiEnv = z.infer<typeof apiEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;
