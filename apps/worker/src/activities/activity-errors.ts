import { ApplicationFailure } from '@temporalio/activity';
import { DomainError } from '@plancycle/contracts';

/**
 * Domain errors become non-retryable failures typed by their code, so a workflow (and
 * through it the API) sees the same code; anything else stays retryable.
 */
export async function withDomainFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) {
      throw ApplicationFailure.create({
        type: error.code,
        message: error.message,
        details: [{ issues: error.issues }],
        nonRetryable: !error.retryable,
      });
    }
    throw error;
  }
}
