import { Readable } from 'node:stream';
import { csvField } from '@kho/ingest';
import {
  indicatorSummary,
  indicatorsQuery,
  type ObservationsQuery,
  observationsPage,
  observationsQuery,
} from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFound } from '../../lib/problems';
import { errorResponses } from '../../plugins/errors';
import { auditDatasetRows } from '../audit/audit.service';
import {
  listIndicators,
  listObservations,
  type ObservationsPage,
  observationsPageQuery,
} from './observations.queries';

const CSV_COLUMNS = [
  'indicator',
  'indicatorName',
  'unit',
  'areaCode',
  'areaName',
  'areaLevel',
  'periodStart',
  'periodEnd',
  'period',
  'value',
  'flag',
  'dimensions',
  'dataset',
  'source',
] as const;

export const observationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/observations',
    {
      schema: {
        operationId: 'listObservations',
        tags: ['observations'],
        summary: 'Indicator values by area and period, across datasets',
        description: [
          'Observations of the datasets you can see, filtered by dataset, indicator(s), area (with `descendants=true` every unit below it), level, period range and dimensions (`dim.sex=Nam`).',
          '`boundaries=current` re-aggregates additive indicators of units that no longer exist into today’s units, where every contributing succession is a full merge and every old unit has a value; otherwise the values come back as recorded with `notes` saying which units could not be mapped and why.',
          '`format=csv` answers every matching observation as CSV.',
        ].join(' '),
        querystring: observationsQuery,
        response: {
          200: {
            description: 'A page of observations; with `format=csv` every matching one as CSV',
            content: {
              'application/json': { schema: observationsPage },
              'text/csv': { schema: z.string().describe(`CSV (UTF-8): ${CSV_COLUMNS.join(', ')}`) },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      if (q.format === 'csv') {
        const db = request.server.reader;
        const viewer = request.principal;
        const pageAt = (cursor: string | undefined) =>
          listObservations(db, { ...q, limit: 1000, cursor } as ObservationsQuery, viewer);
        // The first page is read before any header is sent: a bad request (a malformed cursor,
        // an unknown area) or a lost database is answered as a problem, not a cut CSV.
        const first = await pageAt(q.cursor);
        async function* lines() {
          yield `${CSV_COLUMNS.join(',')}\r\n`;
          for (let page = first; ; page = await pageAt(page.nextCursor!)) {
            let chunk = '';
            for (const o of page.items) {
              chunk += `${CSV_COLUMNS.map((c) => csvField(c === 'dimensions' ? (Object.keys(o.dimensions).length ? o.dimensions : '') : o[c])).join(',')}\r\n`;
            }
            yield chunk;
            if (!page.nextCursor) break;
          }
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="observations.csv"')
          .send(Readable.from(lines()) as never);
      }
      // The answer's schema writes only its declared fields: the edge cursors are never encoded.
      // A page awaits the driver's query here, with nothing awaited between its rows and the
      // answer when there is no access log to write (see observationsPageQuery: measured).
      let page: ObservationsPage;
      if (q.boundaries === 'current')
        page = await listObservations(request.server.reader, q, request.principal);
      else {
        const pageQuery = observationsPageQuery(q, request.principal);
        page = pageQuery.read(await request.server.reader.execute(pageQuery.statement));
      }
      const logged = auditDatasetRows(
        request.server.db.db,
        { principal: request.principal, requestId: request.id, log: request.log },
        'rest',
        page.items.map((o) => o.dataset),
      );
      if (logged) await logged;
      return page;
    },
  );

  app.get(
    '/v1/indicators',
    {
      schema: {
        operationId: 'listIndicators',
        tags: ['observations'],
        summary: 'The indicators, with their datasets and the periods they cover',
        description:
          'Every indicator held by a dataset you can see: code, names, unit, whether it may be summed over areas, datasets, number of observations, periods and area levels covered.',
        querystring: indicatorsQuery,
        response: {
          200: z
            .object({ items: z.array(indicatorSummary), nextCursor: z.string().nullable() })
            .meta({ id: 'IndicatorList' }),
          ...errorResponses,
        },
      },
    },
    async (request) => listIndicators(request.server.reader, request.query, request.principal),
  );

  app.get(
    '/v1/indicators/:code',
    {
      schema: {
        operationId: 'getIndicator',
        tags: ['observations'],
        summary: 'One indicator',
        description:
          'The indicator’s names, unit, datasets and coverage. Its values: GET /v1/observations?indicator={code}.',
        params: z.object({
          code: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{0,119}$/, 'an indicator code')
            .describe('Indicator code'),
        }),
        response: { 200: indicatorSummary, ...errorResponses },
      },
    },
    async (request) => {
      const r = await listIndicators(
        request.server.reader,
        { code: request.params.code, limit: 1 },
        request.principal,
      );
      if (!r.items[0])
        throw new NotFound(
          'indicator-not-found',
          `There is no indicator "${request.params.code}". See GET /v1/indicators.`,
        );
      return r.items[0];
    },
  );
};
