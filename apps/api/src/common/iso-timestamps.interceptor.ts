import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';

/**
 * Workflows keep instants as epoch milliseconds (deterministic, cheap to compare); the
 * API speaks ISO 8601 everywhere. Every `…At` property holding an integer number of
 * milliseconds is written as an ISO string on the way out, at any depth.
 */
@Injectable()
export class IsoTimestampsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((body: unknown) => isoTimestamps(body)));
  }
}

const EPOCH_MS_FIELD = /At$/;

export function isoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(isoTimestamps);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] =
      EPOCH_MS_FIELD.test(key) && typeof field === 'number' && Number.isInteger(field) && field >= 0
        ? new Date(field).toISOString()
        : isoTimestamps(field);
  }
  return out;
}
