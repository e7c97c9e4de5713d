import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 generated from the routes' zod schemas; Swagger UI at /docs. */
export const openapiPlugin = fp(async (app: FastifyInstance, opts: { publicUrl: string }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kho — provincial shared data warehouse API',
        version: '1.0.0',
        description:
          'Open data of the province (Bình Định, since 1 July 2025 part of Gia Lai): datasets, records, indicator observations and temporal administrative units. Open data needs no key. Errors are RFC 9457 problem details.',
        contact: { name: 'Kho data team', url: `${opts.publicUrl}/about` },
        license: { name: 'CC-BY-4.0 (data, unless a dataset says otherwise)', identifier: 'CC-BY-4.0' },
      },
      servers: [{ url: opts.publicUrl, description: 'This Kho instance' }],
      tags: [
        { name: 'areas', description: 'Administrative units over time, with the 2025 reform' },
        { name: 'system', description: 'Liveness, readiness and metrics' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
