import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { ApiConfig } from '@plancycle/config';
import { Repositories, shippedDefaultsLoader } from '@plancycle/persistence';
import { readShippedRuleSetsOrThrow } from '@plancycle/rules';
import { temporalConnectionSettings } from '@plancycle/temporal';
import { apiControllers, AppModule } from './app.module';
import { OidcTokenVerifier } from './auth/oidc-token.verifier';
import { apiPathSegments, consoleStatic } from './console/console-static';
import { createOpenApiDocument } from './openapi/openapi-document';
import { jsonLimitOf, refuseUnsupportedBodies, requestLimits, verifyUtf8 } from './common/request-limits';

export interface ApiApp {
  app: NestExpressApplication;
  repositories: Repositories;
  close(): Promise<void>;
}

/** Builds the HTTP application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(config: ApiConfig, options: { logger?: false } = {}): Promise<ApiApp> {
  const repositories = Repositories.open({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
  });
  const settings = temporalConnectionSettings(config);
  // Lazy: the API boots (and serves reads from PostgreSQL) even while Temporal is down.
  const connection = Connection.lazy({
    address: settings.address,
    tls: settings.tls,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
  const temporal = new Client({ connection, namespace: settings.namespace });
  // Validated here, with every golden case run: a bad shipped file stops the boot with its path.
  const shippedRuleSets = shippedDefaultsLoader(repositories.ruleSets, await readShippedRuleSetsOrThrow(config.PLANCYCLE_RULES_DIR));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, repositories, temporal, shippedRuleSets }), {
    // Bodies are parsed below, with limits per route.
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // Answers are the caller's own data, sent with Cache-Control: no-store (securityHeaders), so
  // an ETag would serve nothing; Express would otherwise hash every body (a list page is ~120 kB).
  app.set('etag', false);
  // Idle keep-alive sockets live a minute (Node's 5 s default races clients and proxies
  // that reuse a pooled socket the server is closing: "other side closed").
  const httpServer = app.getHttpServer() as Server;
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  // One proxy hop: its X-Forwarded-Proto makes request.secure, its X-Forwarded-For request.ip.
  if (config.PLANCYCLE_TRUST_PROXY) app.set('trust proxy', 1);
  app.use(securityHeaders({ oidcIssuer: config.OIDC_ISSUER }));
  app.use(refuseUnsupportedBodies);
  app.use(jsonBodies());
  const webConsole = consoleStatic({
    webDir: config.PLANCYCLE_WEB_DIR,
    apiSegments: apiPathSegments(apiControllers),
    settings: { oidcIssuer: config.OIDC_ISSUER ?? null, oidcClientId: 'plancycle-console' },
  });
  if (webConsole) app.use(webConsole);
  else if (options.logger !== false)
    new Logger('Console').log(`no web console at ${config.PLANCYCLE_WEB_DIR} (build it: npm run web:build)`);
  if (config.PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL) {
    const outcome = await repositories.directory.ensureBootstrapAdmin(config.PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL);
    if (outcome !== 'exists') new Logger('Directory').log(`first admin ${outcome}: ${config.PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL}`);
  }
  // The rule sets shipped under rules/ become published versions of the store: now if the
  // database answers, else when rule sets are first needed (the API boots without it).
  void shippedRuleSets.ensure().then(
    (outcomes) => {
      for (const { ruleSetId, version, outcome } of outcomes) {
        if (outcome === 'differs' && options.logger !== false) {
          new Logger('RuleSets').warn(
            `${ruleSetId}@${version}: the store holds other content under this version than rules/ ships; the store's is kept`,
          );
        }
      }
    },
    () => undefined,
  );
  // Reaches the identity provider once and logs whether sign-in works; never blocks boot.
  void app.get(OidcTokenVerifier).reportAtBoot();
  if (config.PLANCYCLE_API_DOCS === 'on') {
    const document = createOpenApiDocument(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  }
  return {
    app,
    repositories,
    async close() {
      await app.close();
      await connection.close();
      await repositories.close();
    },
  };
}

/**
 * helmet's headers, with a Content-Security-Policy that the Swagger UI and the web console
 * served from this origin can live with (their own scripts only; inline styles, which
 * CSS-in-JS component libraries inject; data: images and fonts). The console fetches the
 * OIDC issuer's discovery document and token endpoint, so the issuer's origin is in connect-src.
 * HSTS only on TLS requests (directly, or through a trusted proxy's X-Forwarded-Proto):
 * over plain HTTP it would be ignored at best. Every answer is `Cache-Control: no-store`
 * (a signed-in person's work and documents stay out of shared and browser caches) unless
 * its route says otherwise, as the console's static files do.
 */
function securityHeaders(params: { oidcIssuer: string | undefined }) {
  const headers = helmet({
    hsts: false,
    frameguard: { action: 'deny' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(params.oidcIssuer ? [new URL(params.oidcIssuer).origin] : [])],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.secure) response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    response.setHeader('Cache-Control', 'no-store');
    headers(request, response, next);
  };
}

/** UTF-8 JSON only, at most 5 MB for a plan document and 256 kB elsewhere. */
function jsonBodies() {
  const parse = (limit: number) => json({ limit, verify: verifyUtf8 });
  const planDocument = parse(requestLimits.planJsonBytes);
  const other = parse(requestLimits.jsonBytes);
  return (request: Request, response: Response, next: NextFunction) =>
    (jsonLimitOf(request) === requestLimits.planJsonBytes ? planDocument : other)(request, response, next);
}
