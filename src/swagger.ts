import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody } from './auth/api-responses.decorator.js';
import { addCommonResponses } from './swagger-common-responses.js';

/** Swagger UI at /api/docs and the OpenAPI 3 document at /api/docs-json: what admin tooling generates clients from. */
export function setupSwagger(app: INestApplication): void {
  const document = addCommonResponses(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('duo-checkpoints')
      .setDescription("GitLab's Duo Workflow checkpointing API, and the routes a LangGraph checkpointer needs")
      .setVersion('4')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'PRIVATE-TOKEN' }, 'private-token')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('private-token')
      .build(),
    { extraModels: [ErrorBody] },
  ));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
}
