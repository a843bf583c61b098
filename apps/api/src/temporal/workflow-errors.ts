import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import {
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowFailedError,
} from '@temporalio/client';
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

function unavailable(): DomainError {
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
  const code = (domainErrorCodes as readonly string[]).includes(failure.type ?? '')
    ? (failure.type as DomainErrorCode)
    : 'INVALID_STATE';
  const detail = failure.details?.[0] as { issues?: FieldIssue[] } | undefined;
  return new DomainError({
    code,
    message: failure.message,
    issues: detail?.issues ?? [],
    retryable: code === 'WORKFLOW_UNAVAILABLE',
  });
}

function isGrpcUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE
  return code === 4 || code === 14;
}
