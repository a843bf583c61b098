import fs from 'node:fs';
import path from 'node:path';
import { loadApiConfigOrThrow, repositoryRoot } from '@plancycle/config';
import { createApiApp } from '../api-app';
import { createOpenApiDocument } from './openapi-document';

/**
 * The console's typed client (apps/web/src/api/schema.d.ts) is generated from the OpenAPI
 * document committed beside it. This test builds the document from the Nest application
 * (no server, database or Temporal is reached) and fails when the committed one is stale;
 * `npm run web:api` rewrites both (it runs this test with UPDATE_OPENAPI=1).
 */
const committed = path.join(repositoryRoot, 'apps', 'web', 'src', 'api', 'openapi.json');

// Building the whole Nest application takes seconds on a busy 2-core machine (15 s seen in CI).
jest.setTimeout(60_000);

describe('the OpenAPI document of the console', () => {
  it('is the one committed for the web console', async () => {
    const api = await createApiApp(
      loadApiConfigOrThrow({
        DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none',
        OIDC_ISSUER: 'http://127.0.0.1:9',
        PLANCYCLE_WEB_DIR: path.join(repositoryRoot, 'tmp', 'no-console'),
      }),
      { logger: false },
    );
    try {
      const text = `${JSON.stringify(createOpenApiDocument(api.app), null, 2)}\n`;
      if (process.env['UPDATE_OPENAPI'] === '1') fs.writeFileSync(committed, text);
      expect(fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : '').toBe(text);
    } finally {
      await api.close();
    }
  });
});
