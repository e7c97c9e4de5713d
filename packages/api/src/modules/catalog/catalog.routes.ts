import {
  datasetDetail,
  datasetIdParam,
  datasetSearchQuery,
  datasetSearchResult,
  publisher,
} from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/errors';
import { auditRead } from '../audit/audit.service';
import { getDataset, listPublishers, searchDatasets } from './catalog.queries';

export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/datasets',
    {
      schema: {
        operationId: 'searchDatasets',
        tags: ['catalog'],
        summary: 'Search the catalog',
        description:
          'Datasets you can see (open data without a key), filtered by words (accent-insensitive), theme, publisher, keyword and access level, with facet counts over the whole result. Paged with `cursor`.',
        querystring: datasetSearchQuery,
        response: { 200: datasetSearchResult, ...errorResponses },
      },
    },
    async (request) => searchDatasets(request.server.reader, request.query, request.principal),
  );

  app.get(
    '/v1/datasets/:id',
    {
      schema: {
        operationId: 'getDataset',
        tags: ['catalog'],
        summary: 'One dataset: metadata, data dictionary, downloads, current version',
        description:
          'Everything about a dataset: titles and descriptions in Vietnamese and English, publisher, themes, licence, access level, update frequency, temporal and spatial coverage, the Frictionless Table Schema, the download links for every format and the sources of its figures.',
        params: datasetIdParam,
        response: { 200: datasetDetail, ...errorResponses },
      },
    },
    async (request) => {
      const d = await getDataset(
        request.server.reader,
        request.params.id,
        request.principal,
        request.server.publicUrl,
      );
      await auditRead(
        request.server.db.db,
        { principal: request.principal, requestId: request.id, log: request.log },
        'rest',
        [{ datasetId: d.id, access: d.access, rows: 0 }],
      );
      return d;
    },
  );

  app.get(
    '/v1/publishers',
    {
      schema: {
        operationId: 'listPublishers',
        tags: ['catalog'],
        summary: 'The departments that publish data',
        description:
          'Every publisher with its names, sector, the 2025 mergers (valid dates and successor) and how many datasets you can see.',
        response: {
          200: z.object({ items: z.array(publisher) }).meta({ id: 'PublisherList' }),
          ...errorResponses,
        },
      },
    },
    async (request) => listPublishers(request.server.reader, request.principal),
  );
};
