import { datasetIdParam, recordsPage, recordsQuery } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../plugins/errors';
import { auditRead } from '../audit/audit.service';
import { refuseProtoField } from './filters';
import { readRecords } from './records.queries';

export const recordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/datasets/:id/records',
    {
      schema: {
        operationId: 'listRecords',
        tags: ['records'],
        summary: 'Rows of a dataset: filter, search, sort, page, aggregate',
        description: [
          'The rows of a dataset (records of a table dataset; one row per observation of an indicator dataset), typed by its data dictionary.',
          'Filter any field with `field=op:value`, op one of eq ne lt lte gt gte in nin like isnull (e.g. `beds=gte:100`, `type=in:hospital,clinic`, `name=like:Bệnh viện*`); a filter on an unknown field or with a value of the wrong type is a 400 that names the field.',
          '`sort=-beds,name`; pages of up to 1000 with the keyset `cursor` (a walk over all pages returns every row exactly once, even while new versions are loaded: the cursor keeps the version); `version=N` reads an earlier version; `area` includes every unit below; `bbox` and `near` use the points; `group_by` + `agg` aggregate.',
        ].join(' '),
        params: datasetIdParam,
        querystring: recordsQuery,
        response: { 200: recordsPage, ...errorResponses },
      },
      preValidation: (request, _reply, done) => {
        try {
          refuseProtoField(request.query as object);
        } catch (err) {
          return done(err as Error);
        }
        done();
      },
    },
    async (request) => {
      const {
        dataset: d,
        page: { cursors: _edgeCursors, ...page },
      } = await readRecords(request.server.reader, request.params.id, request.principal, request.query);
      await auditRead(
        request.server.db.db,
        { principal: request.principal, requestId: request.id, log: request.log },
        'rest',
        [{ datasetId: d.id, access: d.access, rows: page.items.length }],
      );
      return page;
    },
  );
};
