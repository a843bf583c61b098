import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/**
 * The API's OpenAPI document, built from the controllers' metadata (served at /docs and
 * written to apps/web/src/api/openapi.json, from which the console's typed client is
 * generated). Needs no listening server, database or Temporal: only the Nest application.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
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
  return cleanupOpenApiDoc(document);
}
