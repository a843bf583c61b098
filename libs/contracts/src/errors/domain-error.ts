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

/** Turns zod issues into field issues with dotted paths. */
export function toFieldIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((segment) => String(segment)).join('.') || '(root)',
    message: issue.message,
  }));
}
