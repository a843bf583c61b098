/**
 * A write Temporal has taken (or may still take) whose outcome did not come back within
 * the API's deadline: the worker or the server is slow or down. It is answered 202 with
 * where to fetch the outcome, never 503, because the write may still be applied: a
 * client that sent something else instead (a "return" after an unanswered "approve")
 * would find both applied. Sending the same request again with the same idempotency
 * key is always safe.
 */
export class PendingOperation {
  readonly status = 'pending' as const;
  readonly retryable = false;
  readonly message =
    'the write was handed to the workflow service but its outcome did not come back in time; ' +
    'GET statusUrl for the outcome (sending the same request with the same idempotencyKey is also safe)';

  constructor(
    readonly operationId: string,
    readonly statusUrl: string,
  ) {}
}

/** The outcome of a write fetched later: done (with its result), refused (with the error), or still pending. */
export type OperationOutcome<R> =
  | { operationId: string; status: 'completed'; result: R }
  | { operationId: string; status: 'failed'; error: { code: string; message: string; issues: unknown[] } }
  | PendingOperation;

/** What every write may answer, for the OpenAPI descriptions. */
export const WRITE_OUTCOMES =
  'Answers 200/201 with the result once applied. When the workflow service takes the write but its outcome does not come back within the deadline (worker or server slow or down), answers 202 with operationId and statusUrl: GET it for the outcome; do not send a different write meanwhile. Only a write that surely did not happen answers 503 (retryable).';
