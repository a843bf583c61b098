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
};

/** The one place where errors become HTTP: `{ error: { code, message, issues, retryable } }`. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      const status = statusOf[exception.code];
      if (exception.retryable) response.setHeader('Retry-After', '5');
      response.status(status).json({
        error: {
          code: exception.code,
          message: exception.message,
          issues: exception.issues,
          retryable: exception.retryable,
        },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      response.status(status).json({
        error: {
          code: status === 404 ? 'NOT_FOUND' : status === 400 ? 'VALIDATION_FAILED' : `HTTP_${status}`,
          message: Array.isArray(message) ? message.join('; ') : String(message),
          issues: [],
          retryable: false,
        },
      });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(500).json({
      error: { code: 'INTERNAL', message: 'internal error', issues: [], retryable: true },
    });
  }
}
