import { ApplicationFailure, condition } from '@temporalio/workflow';
import { toFieldIssues, type DomainErrorCode, type FieldIssue } from '@plancycle/contracts';

/**
 * Rejects an update from its validator (or fails a handler) with a typed failure the
 * API maps back to an HTTP status: the failure type is the domain error code.
 */
export function rejectUpdate(code: DomainErrorCode, message: string, issues: FieldIssue[] = []): never {
  throw ApplicationFailure.create({ type: code, message, details: [{ issues }], nonRetryable: true });
}

/** Rejects with VALIDATION_FAILED, one field issue per zod issue (paths joined with dots). */
export function rejectWithZodIssues(
  message: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  pathPrefix: readonly string[] = [],
): never {
  rejectUpdate(
    'VALIDATION_FAILED',
    message,
    toFieldIssues(issues.map((issue) => ({ path: [...pathPrefix, ...issue.path], message: issue.message }))),
  );
}

/**
 * Waits until `fn` holds or the instant (epoch ms) arrives, whichever is first.
 * Returns true when `fn` held. Instants in the past do not start a timer.
 */
export async function waitUntil(fn: () => boolean, instant: number): Promise<boolean> {
  const remaining = instant - Date.now();
  if (remaining <= 0) return fn();
  return condition(fn, remaining);
}
