import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, type DomainErrorCode } from '@plancycle/contracts';

const statusOf: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  PLAN_INVALID: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  INVALID_STATE: HttpStatus.CONFLICT,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  WORKFLOW_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  RULE_SET_INVALID: HttpStatus.INTERNAL_SERVER_ERROR,
  CALENDAR_IN_PAST: HttpStatus.UNPROCESSABLE_ENTITY,
  UNKNOWN_UNITS: HttpStatus.UNPROCESSABLE_ENTITY,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  DEPENDENCY_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  RULE_SET_NOT_DRAFT: HttpStatus.UNPROCESSABLE_ENTITY,
  GOLDEN_CASES_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** Nest and Express errors of a known status, in the domain's terms. */
const codeOfStatus: Partial<Record<number, DomainErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The one place where errors become HTTP: `{ error: { code, message, issues, retryable } }`. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = exception instanceof DomainError ? exception : requestErrorOf(exception);
    if (error instanceof DomainError) {
      const status = statusOf[error.code];
      // The rate limiter sets its own Retry-After; everything else retryable waits 5 s.
      if (error.retryable && !response.getHeader('Retry-After')) response.setHeader('Retry-After', '5');
      if (error.code === 'UNAUTHENTICATED') response.setHeader('WWW-Authenticate', 'Bearer realm="plancycle"');
      response.status(status).json({
        error: { code: error.code, message: error.message, issues: error.issues, retryable: error.retryable },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      response.status(status).json({
        error: { code: `HTTP_${status}`, message: messageOf(exception), issues: [], retryable: false },
      });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(500).json({
      error: { code: 'INTERNAL', message: 'internal error', issues: [], retryable: true },
    });
  }
}

/**
 * Errors raised before a handler runs (Nest's own HTTP exceptions, the JSON body parser,
 * multer, the throttler) as DomainErrors, when their status has a domain code.
 */
function requestErrorOf(exception: unknown): DomainError | null {
  if (exception instanceof HttpException) {
    const code = codeOfStatus[exception.getStatus()];
    if (!code) return null;
    return new DomainError({ code, message: messageOf(exception), retryable: code === 'RATE_LIMITED' });
  }
  // body-parser's errors (http-errors): 4xx with a `type` such as entity.too.large.
  const parserError = exception as { status?: unknown; type?: unknown; limit?: unknown; message?: unknown } | null;
  if (typeof parserError?.status !== 'number' || typeof parserError.type !== 'string') return null;
  switch (parserError.type) {
    case 'entity.too.large':
      return new DomainError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `the body is larger than this route's limit of ${formatBytes(Number(parserError.limit))}`,
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new DomainError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `${String(parserError.message)}: send JSON in UTF-8 (Content-Type: application/json; charset=utf-8), uncompressed`,
      });
    case 'entity.parse.failed':
      return new DomainError({
        code: 'VALIDATION_FAILED',
        message: 'the body is not valid JSON',
        issues: [{ path: '(root)', message: String(parserError.message) }],
      });
    case 'entity.verify.failed':
      return new DomainError({
        code: 'VALIDATION_FAILED',
        message: String(parserError.message),
        issues: [{ path: '(root)', message: String(parserError.message) }],
      });
    default: {
      const code = codeOfStatus[parserError.status];
      return code ? new DomainError({ code, message: String(parserError.message) }) : null;
    }
  }
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
  return Array.isArray(message) ? message.join('; ') : String(message);
}

function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'the limit';
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} kB`;
}
