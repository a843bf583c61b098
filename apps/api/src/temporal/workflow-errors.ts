import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowFailedError } from '@temporalio/client';
import { DomainError, domainErrorCodes, type DomainErrorCode, type FieldIssue } from '@plancycle/contracts';

/**
 * Translates what Temporal throws into the domain's errors: a validator's or
 * activity's typed failure keeps its code; an unreachable server or no worker to
 * take an update within the deadline is a retryable 503, never a silent drop.
 */
export function toDomainError(error: unknown): DomainError | unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError) {
    const failure = findApplicationFailure(error);
    if (failure) return fromApplicationFailure(failure);
    return new DomainError({ code: 'INVALID_STATE', message: error.message });
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return unavailable();
  if (error instanceof WorkflowNotFoundError) {
    return new DomainError({ code: 'NOT_FOUND', message: `workflow ${error.workflowId} is not running` });
  }
  if (error instanceof ServiceError || isGrpcUnavailable(error)) return unavailable();
  return error;
}

export function unavailable(): DomainError {
  return new DomainError({
    code: 'WORKFLOW_UNAVAILABLE',
    message: 'the workflow service did not answer in time (no worker or server reachable); send the same request again',
    retryable: true,
  });
}

function findApplicationFailure(error: Error): ApplicationFailure | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function fromApplicationFailure(failure: ApplicationFailure): DomainError {
  const code = (domainErrorCodes as readonly string[]).includes(failure.type ?? '') ? (failure.type as DomainErrorCode) : 'INVALID_STATE';
  const detail = failure.details?.[0] as { issues?: FieldIssue[] } | undefined;
  return new DomainError({
    code,
    message: failure.message,
    issues: detail?.issues ?? [],
    retryable: code === 'WORKFLOW_UNAVAILABLE',
  });
}

function isGrpcUnavailable(error: unknown): boolean {
  const code = grpcCodeOf(error);
  // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE
  return code === 4 || code === 14;
}

/** The gRPC status code of an error or of its cause (ServiceError wraps the gRPC error). */
export function grpcCodeOf(error: unknown): number | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Whether a write may have reached the workflow although its outcome did not come back:
 * the call timed out or was cancelled while Temporal held it (the worker or the server
 * is slow or down). An unreachable server (UNAVAILABLE) took nothing: that is a 503.
 */
export function isOutcomeUncertain(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcCodeOf(error);
  // 1 CANCELLED, 4 DEADLINE_EXCEEDED
  return code === 1 || code === 4;
}
