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
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `values.0.value` or `tasks.3.targets.0.units.lead`. */
  path: string;
  message: string;
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
 */
export function toFieldIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: ReadonlyArray<string> }>,
): FieldIssue[] {
  const dotted = (path: ReadonlyArray<PropertyKey>) => path.map((segment) => String(segment)).join('.') || '(root)';
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0
      ? issue.keys.map((key) => ({ path: dotted([...issue.path, key]), message: `unknown field "${key}"` }))
      : [{ path: dotted(issue.path), message: issue.message }],
  );
}
