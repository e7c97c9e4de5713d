import {
  datasetCreate,
  datasetDetail,
  datasetIdParam,
  datasetPatch,
  problem,
  queryOne,
  sql,
} from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../../lib/problems';
import { errorResponses } from '../../plugins/errors';
import { audit } from '../audit/audit.service';
import { getDataset } from './catalog.queries';
import { createDatasetMetadata, patchDatasetMetadata, retireDataset } from './catalog.write';

const writeErrors = { ...errorResponses, 401: problem, 403: problem, 409: problem } as const;

export const catalogWriteRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/datasets',
    {
      schema: {
        operationId: 'createDataset',
        tags: ['catalog'],
        summary: 'Create a dataset (metadata; its data arrives through ingest)',
        description:
          'Needs a key with write:publisher:<code> for the dataset’s publisher. The body is the dataset’s metadata plus its id (a slug) and kind (indicators or table); the same JSON as `kho ingest --meta`.',
        security: [{ bearer: [] }],
        body: datasetCreate,
        response: { 201: datasetDetail, ...writeErrors },
      },
    },
    async (request, reply) => {
      const db = request.server.db.db;
      await createDatasetMetadata(db, request.principal, request.body);
      await audit(db, {
        principal: request.principal,
        surface: 'rest',
        action: 'write',
        datasetId: request.body.id,
        requestId: request.id,
        detail: { op: 'create' },
      });
      reply.code(201).header('location', `/v1/datasets/${request.body.id}`);
      return getDataset(db, request.body.id, request.principal, request.server.publicUrl);
    },
  );

  app.patch(
    '/v1/datasets/:id',
    {
      schema: {
        operationId: 'updateDataset',
        tags: ['catalog'],
        summary: 'Change a dataset’s metadata',
        description:
          'Any metadata field (titles, description, themes, keywords, access level, licence, sources …). Needs a key with write:publisher:<code>; data changes go through ingest, which makes a new version.',
        security: [{ bearer: [] }],
        params: datasetIdParam,
        body: datasetPatch,
        response: { 200: datasetDetail, ...writeErrors },
      },
    },
    async (request) => {
      const db = request.server.db.db;
      const current = await queryOne<{ id: string; access: string; publisher_code: string; kind: string }>(
        db,
        sql`select id, access, publisher_code, kind from datasets where id = ${request.params.id} and retired_at is null`,
      );
      if (!current) throw new NotFound('dataset-not-found', `There is no dataset "${request.params.id}".`);
      await patchDatasetMetadata(db, request.principal, request.params.id, request.body, current);
      await audit(db, {
        principal: request.principal,
        surface: 'rest',
        action: 'write',
        datasetId: request.params.id,
        requestId: request.id,
        detail: { op: 'update', fields: Object.keys(request.body) },
      });
      return getDataset(db, request.params.id, request.principal, request.server.publicUrl);
    },
  );

  app.delete(
    '/v1/datasets/:id',
    {
      schema: {
        operationId: 'retireDataset',
        tags: ['catalog'],
        summary: 'Retire a dataset',
        description:
          'Hides the dataset from every surface; its rows, versions and history are kept (and its change feed says it was retired). Needs a key with write:publisher:<code>.',
        security: [{ bearer: [] }],
        params: datasetIdParam,
        response: { 204: z.null().describe('Retired'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const db = request.server.db.db;
      const current = await queryOne<{ id: string; access: string; publisher_code: string }>(
        db,
        sql`select id, access, publisher_code from datasets where id = ${request.params.id} and retired_at is null`,
      );
      if (!current) throw new NotFound('dataset-not-found', `There is no dataset "${request.params.id}".`);
      await retireDataset(db, request.principal, request.params.id, current);
      await audit(db, {
        principal: request.principal,
        surface: 'rest',
        action: 'write',
        datasetId: request.params.id,
        requestId: request.id,
        detail: { op: 'retire' },
      });
      return reply.code(204).send(null);
    },
  );
};
