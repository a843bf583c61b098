/** One problem with one field of a request, as the API names it (`values.0.value`, `narrative`). */
export interface FieldIssue {
  path: string;
  /** In English; the console says it from `code` and `params` where it knows them (issue-words.ts). */
  message: string;
  code?: string;
  params?: Record<string, string | number | boolean | (string | number)[]>;
}

/**
 * The API's error model, `{ error: { code, message, issues, retryable } }`, with the HTTP
 * status. A failed connection is status 0, retryable.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[],
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static async fromResponse(response: Response, body: unknown): Promise<ApiError> {
    const error = (body as { error?: Partial<{ code: string; message: string; issues: FieldIssue[]; retryable: boolean }> } | null)?.error;
    return new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText,
      Array.isArray(error?.issues) ? error.issues : [],
      error?.retryable ?? response.status >= 500,
    );
  }

  static network(cause: unknown): ApiError {
    return new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause), [], true);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
