import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { hasInstantsWritten, isoInstant } from './wire-instants';

/**
 * Workflows keep instants as epoch milliseconds (deterministic, cheap to compare); the
 * API speaks ISO 8601 everywhere. Every `…At` property holding an integer number of
 * milliseconds is written as an ISO string on the way out, at any depth, except in a body
 * marked `withInstantsWritten` (built with ISO instants already: see wire-instants.ts).
 */
@Injectable()
export class IsoTimestampsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(map((body: unknown) => (typeof body === 'object' && body !== null && hasInstantsWritten(body) ? body : isoTimestamps(body))));
  }
}

/**
 * Walks every response (a list page of 200 assignments holds thousands of fields): plain
 * loops and `endsWith` rather than a regular expression and `Object.entries` per object.
 */
export function isoTimestamps(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) out[index] = isoTimestamps(value[index]);
    return out;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const field = source[key];
    if (typeof field === 'number') {
      out[key] = key.endsWith('At') && Number.isInteger(field) && field >= 0 ? isoInstant(field) : field;
    } else {
      out[key] = typeof field === 'object' && field !== null ? isoTimestamps(field) : field;
    }
  }
  return out;
}
