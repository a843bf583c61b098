import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Client, Connection } from '@temporalio/client';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import type { ApiConfig } from '@plancycle/config';
import { Repositories } from '@plancycle/persistence';
import { temporalConnectionSettings } from '@plancycle/temporal';
import { AppModule } from './app.module';

export interface ApiApp {
  app: INestApplication;
  repositories: Repositories;
  close(): Promise<void>;
}

/** Builds the HTTP application (used by main.ts and by the end-to-end tests). */
export async function createApiApp(config: ApiConfig, options: { logger?: false } = {}): Promise<ApiApp> {
  const repositories = Repositories.open({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  const settings = temporalConnectionSettings(config);
  // Lazy: the API boots (and serves reads from PostgreSQL) even while Temporal is down.
  const connection = Connection.lazy({
    address: settings.address,
    tls: settings.tls,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
  const temporal = new Client({ connection, namespace: settings.namespace });
  const app = await NestFactory.create(AppModule.register({ config, repositories, temporal }), {
    ...(options.logger === false ? { logger: false } : {}),
  });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('plancycle API')
      .setDescription(
        'Annual science-and-technology work plans as durable cycles: drafting, decomposition, quarterly reporting, review, escalation, year-end evaluation and audit.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(document), { jsonDocumentUrl: 'docs/openapi.json' });
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
