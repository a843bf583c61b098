import fs from 'node:fs';
import path from 'node:path';
import type { Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * The first path segments the API answers (`me`, `plans`, `health`, …), read from the
 * controllers' route metadata, so a new controller can never be shadowed by the console.
 */
export function apiPathSegments(controllers: Type[]): Set<string> {
  const segments = new Set<string>();
  const firstSegment = (...parts: string[]) =>
    parts
      .join('/')
      .split('/')
      .find((part) => part.length > 0);
  for (const controller of controllers) {
    const controllerPaths = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat();
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const methodPaths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined].flat();
      if (methodPaths[0] === undefined) continue;
      for (const controllerPath of controllerPaths)
        for (const methodPath of methodPaths) {
          const segment = firstSegment(controllerPath ?? '', methodPath ?? '');
          if (segment !== undefined) segments.add(segment);
        }
    }
  }
  return segments;
}

/**
 * Serves the built web console (apps/web/dist) at `/`: its files (hashed assets cached for
 * a year), and index.html for any other GET that a browser navigates to (Accept: text/html)
 * outside the API's paths and /docs, so the console's own routes (/inbox, /tasks/…) load on
 * refresh. API calls are never answered here: their paths are left to the API, and so is
 * everything that does not ask for HTML.
 */
export function consoleStatic(params: {
  webDir: string;
  apiSegments: Set<string>;
  /** Where the console signs people in; written into index.html (`<meta name="plancycle:…">`). */
  settings: { oidcIssuer: string | null; oidcClientId: string };
}): RequestHandler | null {
  const indexFile = path.join(params.webDir, 'index.html');
  if (!fs.existsSync(indexFile)) return null;
  const indexHtml = withSettings(fs.readFileSync(indexFile, 'utf8'), params.settings);
  const reserved = new Set([...params.apiSegments, 'docs']);
  const files = express.static(params.webDir, {
    index: false,
    fallthrough: true,
    setHeaders: (response, file) => {
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (response: Response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(indexHtml);
  };
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const segment = request.path.split('/')[1] ?? '';
    if (reserved.has(segment)) return next();
    files(request, response, () => {
      if (request.accepts(['html', 'json']) === 'html' && request.headers.accept?.includes('text/html')) return sendIndex(response);
      next();
    });
  };
}

/** index.html with the console's settings as meta tags (no inline script: the CSP allows none). */
function withSettings(html: string, settings: { oidcIssuer: string | null; oidcClientId: string }): string {
  const meta = (name: string, value: string) => `<meta name="plancycle:${name}" content="${escapeAttribute(value)}">`;
  const tags = [meta('oidc-issuer', settings.oidcIssuer ?? ''), meta('oidc-client-id', settings.oidcClientId)].join('');
  return html.replace('</head>', `${tags}</head>`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
