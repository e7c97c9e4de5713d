import { datasetIdParam } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/errors';
import { auditRead } from '../audit/audit.service';
import { findVisibleDataset } from '../catalog/catalog.queries';
import { diffVersions, listVersions } from './versions.queries';

const version = z
  .object({
    version: z.number().int(),
    createdAt: z.string(),
    rowCount: z.number().int(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    ingestId: z.number().int().nullable(),
    fileName: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'DatasetVersion' });

const row = z.record(z.string(), z.unknown());
const diff = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    counts: z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() }),
    truncated: z
      .boolean()
      .describe('True when a kind has more rows than listed (1000 each); GET …/changes streams them all'),
    added: z.array(row),
    changed: z.array(z.object({ key: z.string(), before: row, after: row })),
    removed: z.array(row),
  })
  .meta({ id: 'VersionDiff' });

export const versionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/datasets/:id/versions',
    {
      schema: {
        operationId: 'listVersions',
        tags: ['versions'],
        summary: 'The versions of a dataset',
        description:
          'Every published version, newest first, with its row count and how many rows it added, changed and removed. Any version can be read with `version=N` on records and downloads.',
        params: datasetIdParam,
        response: {
          200: z.object({ items: z.array(version), nextCursor: z.null() }).meta({ id: 'VersionList' }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const d = await findVisibleDataset(request.server.reader, request.params.id, request.principal);
      return listVersions(request.server.reader, d);
    },
  );

  app.get(
    '/v1/datasets/:id/versions/:range',
    {
      schema: {
        operationId: 'diffVersions',
        tags: ['versions'],
        summary: 'What changed between two versions',
        description:
          'The rows added, changed (with before and after) and removed between version a and version b, e.g. /versions/1..2. Up to 1000 rows of each kind; the counts are complete.',
        params: datasetIdParam.extend({
          range: z
            .string()
            .regex(/^\d{1,9}\.\.\d{1,9}$/, 'a range of versions, e.g. 1..2')
            .describe('Two versions, a..b, e.g. 1..2 (0 is before the first)'),
        }),
        response: { 200: diff, ...errorResponses },
      },
    },
    async (request) => {
      const [a, b] = request.params.range.split('..').map(Number) as [number, number];
      const d = await findVisibleDataset(request.server.reader, request.params.id, request.principal);
      const diff = await diffVersions(request.server.reader, d, a, b);
      await auditRead(
        request.server.db.db,
        { principal: request.principal, requestId: request.id, log: request.log },
        'rest',
        [
          {
            datasetId: d.id,
            access: d.access,
            rows: diff.added.length + diff.changed.length + diff.removed.length,
          },
        ],
      );
      return diff;
    },
  );
};
