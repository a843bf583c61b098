import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { apiControllers } from '../app.module';
import { apiPathSegments, consoleStatic } from './console-static';

describe('the web console served at /', () => {
  const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-web-'));
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  fs.writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  const app = express();
  const handler = consoleStatic({
    webDir,
    apiSegments: apiPathSegments(apiControllers),
    settings: { oidcIssuer: 'https://sso.example.gov.cn/realms/plan"cycle', oidcClientId: 'plancycle-console' },
  });
  if (!handler) throw new Error('expected a handler');
  app.use(handler);
  app.use((req, res) => res.status(404).json({ error: { code: 'NOT_FOUND', path: req.path } }));
  const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  it('knows the API’s first path segments from the controllers', () => {
    const segments = apiPathSegments(apiControllers);
    expect([...segments].sort()).toEqual(expect.arrayContaining(['assignments', 'audit', 'cycles', 'directory', 'health', 'me', 'plans']));
    for (const consoleRoute of ['inbox', 'tasks', 'login', 'auth', '']) expect(segments.has(consoleRoute)).toBe(false);
  });

  it('answers a browser’s navigation to a console route with index.html and the sign-in settings, never cached', async () => {
    for (const url of ['/', '/inbox?filter=overdue', '/tasks/5b7f0c1e-4b8a-4a53-9c55-0d1d5c0f4e21', '/auth/callback?code=x&state=y']) {
      const response = await request(app).get(url).set('Accept', html).expect(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toContain(
        '<meta name="plancycle:oidc-issuer" content="https://sso.example.gov.cn/realms/plan&quot;cycle"><meta name="plancycle:oidc-client-id" content="plancycle-console"></head>',
      );
    }
  });

  it('serves hashed assets for a year', async () => {
    const response = await request(app).get('/assets/index-abc123.js').expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API’s paths, /docs, non-HTML requests and writes to the API', async () => {
    expect((await request(app).get('/me').set('Accept', html).expect(404)).body.error.path).toBe('/me');
    expect((await request(app).get('/assignments/x').set('Accept', html).expect(404)).body.error.path).toBe('/assignments/x');
    expect((await request(app).get('/docs').set('Accept', html).expect(404)).body.error.path).toBe('/docs');
    await request(app).get('/inbox').set('Accept', 'application/json').expect(404);
    await request(app).get('/inbox').expect(404);
    await request(app).post('/inbox').set('Accept', html).expect(404);
  });

  it('serves nothing when the console is not built', () => {
    expect(
      consoleStatic({ webDir: path.join(webDir, 'missing'), apiSegments: new Set(), settings: { oidcIssuer: null, oidcClientId: 'c' } }),
    ).toBeNull();
  });
});
