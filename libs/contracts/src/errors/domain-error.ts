/**
 * One error model for the whole product. Services throw DomainError; the API maps
 * the code to an HTTP status once (apps/api exception filter) and activities map it
 * to a non-retryable ApplicationFailure of the same type name.
 */
export const domainErrorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'IDEMPOTENCY_KEY_REUSED',
  'WORKFLOW_UNAVAILABLE',
  'RULE_SET_INVALID',
  'PLAN_INVALID',
  /** Publishing a calendar whose periods have (nearly) all passed, without confirmation. */
  'CALENDAR_IN_PAST',
  /** Publishing a plan that names units the directory does not hold; the issues name them. */
  'UNKNOWN_UNITS',
  /** The request itself is refused before it is read: too large, wrong media type, too many. */
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  /** A dependency (database, temporal) is unreachable; the issue's path names it. */
  'DEPENDENCY_UNAVAILABLE',
  /** Changing or publishing a rule-set version that is already published (published versions never change). */
  'RULE_SET_NOT_DRAFT',
  /** Publishing a rule-set draft some of whose golden cases fail; the issues name them. */
  'GOLDEN_CASES_FAILED',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `values.0.value` or `tasks.3.targets.0.units.lead`. */
  path: string;
  /** In English, for developers and logs; a client shows its own words from `code` and `params`. */
  message: string;
  /**
   * What is wrong, for a client to say in its own language: a zod issue code (`too_small`,
   * `too_big`, `invalid_type`, `invalid_value`, `invalid_format`), `unknown_field`, or for a
   * rule of its own the `reason` a schema names (`comment_required_on_return`, …).
   */
  code?: string;
  /** The figures the words need: minimum, maximum, expected type, allowed values, origin. */
  params?: Record<string, string | number | boolean | (string | number)[]>;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly issues: FieldIssue[];
  /** True when the same request may succeed if sent again later (e.g. no worker running). */
  readonly retryable: boolean;

  constructor(params: { code: DomainErrorCode; message: string; issues?: FieldIssue[]; retryable?: boolean }) {
    super(params.message);
    this.name = 'DomainError';
    this.code = params.code;
    this.issues = params.issues ?? [];
    this.retryable = params.retryable ?? false;
  }
}

/**
 * Turns zod issues into field issues with dotted paths. An unknown-keys issue (strict
 * objects) becomes one issue per key, at that key's own path, so each typo is named.
 * `withCodes` (the API's answers) adds each issue's code and figures, so a client can say
 * it in its own language.
 */
export function toFieldIssues(issues: ReadonlyArray<ZodLikeIssue>, options: { withCodes?: boolean } = {}): FieldIssue[] {
  const dotted = (path: ReadonlyArray<PropertyKey>) => path.map((segment) => String(segment)).join('.') || '(root)';
  const coded = (issue: ZodLikeIssue, code: Pick<FieldIssue, 'code' | 'params'>) => (options.withCodes ? code : {});
  return issues.flatMap((issue): FieldIssue[] =>
    issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0
      ? issue.keys.map((key) => ({
          path: dotted([...issue.path, key]),
          message: `unknown field "${key}"`,
          ...coded(issue, { code: 'unknown_field' }),
        }))
      : [{ path: dotted(issue.path), message: issue.message, ...coded(issue, codeOf(issue)) }],
  );
}

/** A zod issue, as far as a field issue reads it. */
interface ZodLikeIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: ReadonlyArray<string>;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  origin?: unknown;
  format?: unknown;
  values?: unknown;
  params?: unknown;
}

/** The issue's code and the figures a client needs to say it; a custom rule's own `reason`. */
function codeOf(issue: ZodLikeIssue): Pick<FieldIssue, 'code' | 'params'> {
  if (!issue.code) return {};
  const reason = (issue.params as { reason?: unknown } | undefined)?.reason;
  if (issue.code === 'custom') return typeof reason === 'string' ? { code: reason } : { code: 'custom' };
  const params: NonNullable<FieldIssue['params']> = {};
  for (const key of ['minimum', 'maximum', 'expected', 'origin', 'format'] as const) {
    const value = issue[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[key] = value;
    if (typeof value === 'bigint') params[key] = Number(value);
  }
  if (Array.isArray(issue.values)) {
    params['values'] = issue.values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  }
  return Object.keys(params).length > 0 ? { code: issue.code, params } : { code: issue.code };
}
