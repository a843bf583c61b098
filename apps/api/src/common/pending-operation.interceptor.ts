import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { PendingOperation } from '../temporal/pending-operation';

/** A write whose outcome is still pending answers 202 Accepted, with where to fetch it. */
@Injectable()
export class PendingOperationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (body instanceof PendingOperation) {
          const response = context.switchToHttp().getResponse<Response>();
          response.status(202);
          response.setHeader('Location', body.statusUrl);
          return { ...body };
        }
        return body;
      }),
    );
  }
}
