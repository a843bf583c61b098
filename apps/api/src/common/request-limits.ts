import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@plancycle/contracts';

const KB = 1024;
const MB = 1024 * KB;

/**
 * How large a request may be. A plan of a few thousand targets is about 1–2 MB as JSON
 * (the 沅江 plan's 15 targets are 9 kB) and a 任务分解表 of that size a few hundred kB as
 * .xlsx: 5 MB leaves room without letting one request hold megabytes of memory for
 * long. Every other body is a report (narrative ≤ 20,000 characters, ≤ 50 evidence
 * references: under 200 kB at worst) or smaller.
 */
export const requestLimits = {
  /** POST /plans and PUT /plans/:planId (the plan document as JSON). */
  planJsonBytes: 5 * MB,
  /** POST /plans/import (multipart upload of a text or .xlsx document). */
  importUploadBytes: 5 * MB,
  /** Every other JSON body. */
  jsonBytes: 256 * KB,
} as const;

const PLAN_DOCUMENT_ROUTE = /^\/plans(\/[^/]+)?\/?$/;
const IMPORT_ROUTE = /^\/plans\/import\/?$/;

/** The JSON body limit of a request, by route. */
export function jsonLimitOf(request: Pick<Request, 'method' | 'path'>): number {
  const isPlanDocument =
    (request.method === 'POST' || request.method === 'PUT') && PLAN_DOCUMENT_ROUTE.test(request.path) && !IMPORT_ROUTE.test(request.path);
  return isPlanDocument ? requestLimits.planJsonBytes : requestLimits.jsonBytes;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Refuses, before anything reads it, a body this API does not take: 415 for a media type
 * or charset other than UTF-8 JSON (multipart on the import route), 413 for a declared
 * length over the route's limit (the JSON parser enforces the same limit on what it reads).
 */
export function refuseUnsupportedBodies(request: Request, _response: Response, next: NextFunction): void {
  if (!hasBody(request)) return next();
  const contentType = request.headers['content-type'] ?? '';
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const isImport = IMPORT_ROUTE.test(request.path);
  const expected = isImport ? 'multipart/form-data' : 'application/json';
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (mediaType !== expected) {
    return next(
      new DomainError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `this route takes ${expected}${isImport ? ' (the document as field "file")' : ' in UTF-8'}, not ${mediaType || 'a body without Content-Type'}`,
        issues: [{ path: 'Content-Type', message: `expected ${expected}` }],
      }),
    );
  }
  if (!isImport && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(
      new DomainError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `charset ${charset} is not supported: send JSON in UTF-8`,
        issues: [{ path: 'Content-Type', message: 'expected charset=utf-8' }],
      }),
    );
  }
  const limit = isImport ? requestLimits.importUploadBytes + 64 * KB : jsonLimitOf(request);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    return next(
      new DomainError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `the body (${declared} bytes) is larger than this route's limit of ${limit / MB >= 1 ? `${limit / MB} MB` : `${limit / KB} kB`}`,
      }),
    );
  }
  next();
}

/** JSON bodies must be valid UTF-8: a lossy decoding would store replacement characters. */
export function verifyUtf8(_request: unknown, _response: unknown, body: Buffer): void {
  if (!isUtf8(body)) throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400 });
}
