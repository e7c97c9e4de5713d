import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../../../lib/problems';
import { errorResponses } from '../../../plugins/errors';
import { areaVersions, visibleDatasetRows } from '../standards.queries';
import { catalogGraph } from './graph';
import { toJsonLd, toTurtle } from './serialize';

export const MAX_PAGE_SIZE = 100;

const catalogQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('Page number, from 1'),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(MAX_PAGE_SIZE)
    .describe(`Datasets per page, 1–${MAX_PAGE_SIZE}`),
  modified_since: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
      'an ISO 8601 date or date-time, e.g. 2025-07-01T00:00:00Z',
    )
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date')
    .optional()
    .describe('Only datasets changed at or after this instant (ISO 8601), for incremental harvesting'),
});
type CatalogQuery = z.infer<typeof catalogQuery>;
type Format = 'jsonld' | 'ttl';

const DESCRIPTION = [
  'The datasets you may see (open data without a key) as a DCAT-AP 3 catalog that conforms to the official SHACL shapes:',
  'each dcat:Dataset with its titles and descriptions in Vietnamese and English, publisher, contact point, EU data themes, keywords, temporal and spatial coverage, update frequency and one dcat:Distribution per download format;',
  'the API itself as a dcat:DataService. Paged with Hydra (`page`, `page_size`; hydra:PartialCollectionView with first, previous, next and last, also in the `Link` header);',
  '`modified_since` keeps only datasets changed since then.',
].join(' ');

async function buildPage(request: FastifyRequest, q: CatalogQuery, format: Format) {
  const { reader, publicUrl: base } = request.server;
  const { rows, total, latest } = await visibleDatasetRows(reader, request.principal, {
    ...(q.modified_since ? { modifiedSince: q.modified_since } : {}),
    limit: q.page_size,
    offset: (q.page - 1) * q.page_size,
  });
  const last = Math.max(1, Math.ceil(total / q.page_size));
  if (q.page > last)
    throw new NotFound(
      'page-not-found',
      `The catalog has ${last} page(s) of ${q.page_size}. Start at page=1.`,
    );
  const areas = await areaVersions(
    reader,
    rows.map((r) => r.spatial_code).filter((c): c is string => !!c),
  );
  const pageUrl = (page: number) => {
    const params = new URLSearchParams({ page: String(page), page_size: String(q.page_size) });
    if (q.modified_since) params.set('modified_since', q.modified_since);
    return `${base}/v1/catalog.${format}?${params}`;
  };
  const links = [`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(last)}>; rel="last"`];
  if (q.page > 1) links.push(`<${pageUrl(q.page - 1)}>; rel="prev"`);
  if (q.page < last) links.push(`<${pageUrl(q.page + 1)}>; rel="next"`);
  const quads = catalogGraph(base, {
    rows,
    areas,
    total,
    latest,
    page: q.page,
    pageSize: q.page_size,
    pageUrl,
  });
  return { quads, link: links.join(', ') };
}

export const dcatRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/catalog.jsonld',
    {
      schema: {
        operationId: 'getCatalogJsonLd',
        tags: ['standards'],
        summary: 'The DCAT-AP 3 catalog as JSON-LD',
        description: DESCRIPTION,
        querystring: catalogQuery,
        response: {
          200: {
            description: 'A page of the catalog (application/ld+json)',
            content: {
              'application/ld+json': {
                schema: z
                  .looseObject({ '@context': z.record(z.string(), z.unknown()) })
                  .describe(
                    'JSON-LD with a @context and a @graph of the catalog, datasets and distributions',
                  ),
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { quads, link } = await buildPage(request, request.query, 'jsonld');
      reply.header('link', link).type('application/ld+json; charset=utf-8');
      return (await toJsonLd(quads)) as { '@context': Record<string, unknown> };
    },
  );

  app.get(
    '/v1/catalog.ttl',
    {
      schema: {
        operationId: 'getCatalogTurtle',
        tags: ['standards'],
        summary: 'The DCAT-AP 3 catalog as Turtle',
        description: `${DESCRIPTION} The same graph as /v1/catalog.jsonld.`,
        querystring: catalogQuery,
        response: {
          200: {
            description: 'A page of the catalog (text/turtle)',
            content: { 'text/turtle': { schema: z.string().describe('RDF 1.1 Turtle') } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { quads, link } = await buildPage(request, request.query, 'ttl');
      // A Buffer is sent as it is: the JSON serializer of the route's schema does not touch it.
      const body = Buffer.from(await toTurtle(quads));
      return reply
        .header('link', link)
        .type('text/turtle; charset=utf-8')
        .send(body as never);
    },
  );

  app.get(
    '/v1/catalog',
    {
      schema: {
        operationId: 'getCatalog',
        tags: ['standards'],
        summary: 'The DCAT-AP 3 catalog, in the format the Accept header asks for',
        description:
          'The IRI of the catalog in its own graph. Redirects (303) to /v1/catalog.ttl when Accept prefers text/turtle, else to /v1/catalog.jsonld, keeping the query.',
        querystring: catalogQuery,
        response: { 303: z.null().describe('See the catalog in the chosen format'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const accept = request.headers.accept ?? '';
      const format: Format = /text\/turtle|application\/x-turtle/.test(accept) ? 'ttl' : 'jsonld';
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/v1/catalog.${format}${query}`, 303);
    },
  );
};
