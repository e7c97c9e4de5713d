import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { type Document, withExamples } from './openapi-examples';

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
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An agency key (kho keys create). Open data needs none; shared and restricted data and every write do.',
          },
        },
      },
      tags: [
        { name: 'catalog', description: 'Find datasets: search, metadata, publishers' },
        { name: 'records', description: 'Rows of a dataset: filter, sort, page, aggregate' },
        {
          name: 'downloads',
          description: 'Whole datasets (or filtered) as CSV, JSON, NDJSON, GeoJSON, XLSX, streamed',
        },
        { name: 'observations', description: 'Indicator values by area and period, and the indicator list' },
        { name: 'versions', description: 'Versions of a dataset and what changed between them' },
        { name: 'areas', description: 'Administrative units over time, with the 2025 reform' },
        { name: 'standards', description: 'DCAT-AP 3 catalog and Frictionless Data Packages for harvesters' },
        {
          name: 'ckan',
          description: 'The CKAN Action API subset, for existing CKAN clients and the national portal',
        },
        { name: 'system', description: 'Liveness, readiness and metrics' },
      ],
    },
    transform: jsonSchemaTransform,
    // The examples (parameters, bodies, recorded answers) live in ./openapi-examples.ts.
    transformObject: (input) =>
      withExamples(jsonSchemaTransformObject(input) as unknown as Document) as unknown as ReturnType<
        typeof jsonSchemaTransformObject
      >,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () =>
    withoutUnusedComponents(app.swagger() as OpenApiDoc),
  );
});

type OpenApiDoc = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

/**
 * The zod transform registers an input and an output variant of every named schema; drop
 * the ones no operation refers to, so the document shows only what the API uses.
 */
export function withoutUnusedComponents(doc: OpenApiDoc): OpenApiDoc {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const used = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
          const name = v.slice('#/components/schemas/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(v);
      }
    }
  };
  visit({ ...doc, components: { ...doc.components, schemas: {} } });
  return {
    ...doc,
    components: {
      ...doc.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([k]) => used.has(k))),
    },
  };
}
