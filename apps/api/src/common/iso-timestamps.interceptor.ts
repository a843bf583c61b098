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

/**
 * Walks every response (a list page of 50 assignments holds thousands of fields) without
 * changing it: an object or array with nothing to convert is answered as it is, one with an
 * instant inside is copied (shallowly, at each level down to the instant). Most of a page
 * (targets, tasks, indicators, report values) has no epoch instant, so it is neither copied
 * nor allocated again; copying every object cost a list page about 2 ms of the API's CPU.
 */
export function isoTimestamps(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const converted = isoTimestamps(item);
      if (converted !== item) (out ??= value.slice())[index] = converted;
    }
    return out ?? value;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const source = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const field = source[key];
    let converted: unknown = field;
    if (typeof field === 'number') {
      if (Number.isInteger(field) && field >= 0 && key.endsWith('At')) converted = new Date(field).toISOString();
    } else if (typeof field === 'object' && field !== null) {
      converted = isoTimestamps(field);
    }
    if (converted !== field) (out ??= { ...source })[key] = converted;
  }
  return out ?? value;
}
