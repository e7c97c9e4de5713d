import { Readable } from 'node:stream';
import { csvField } from '@kho/ingest';
import { cursor, datasetId, datasetIdParam, limit, THEMES } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/errors';
import { auditRead } from '../audit/audit.service';
import { findVisibleDataset } from '../catalog/catalog.queries';
import { diffRows, listChanges } from './changes.queries';

const event = z
  .object({
    cursor: z.string().describe('Resume after this event with ?since='),
    id: z.number().int(),
    at: z.string(),
    type: z.enum(['dataset.created', 'dataset.updated', 'version.published', 'dataset.retired']),
    dataset: z.string(),
    publisher: z.string(),
    version: z.number().int().nullable(),
    counts: z
      .object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() })
      .nullable(),
  })
  .meta({ id: 'ChangeEvent' });

export const changeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/changes',
    {
      schema: {
        operationId: 'listChanges',
        tags: ['versions'],
        summary: 'The change feed: datasets created, updated, versions published, datasets retired',
        description:
          'Events of the datasets you can see, in commit order. Start without `since`, then pass `nextCursor` as `since` to get only what happened after; the cursor is the event number, so it survives restarts and works against any API instance. Filter by dataset, publisher or theme. For each version.published, GET /v1/datasets/{id}/changes?from=&to= gives the rows that changed.',
        querystring: z.object({
          since: cursor.optional().describe('The nextCursor of your previous call'),
          dataset: datasetId.optional().describe('Only events of this dataset'),
          publisher: z
            .string()
            .regex(/^[A-Z][A-Z0-9]{1,19}$/)
            .optional()
            .describe('Only events of datasets of this publisher (code, e.g. SYT)'),
          theme: z.enum(THEMES).optional().describe('Only events of datasets with this theme'),
          limit: limit(1000, 100).describe('Events per page, 1–1000'),
        }),
        response: {
          200: z
            .object({ items: z.array(event), nextCursor: z.string(), hasMore: z.boolean() })
            .meta({ id: 'ChangeFeed' }),
          ...errorResponses,
        },
      },
    },
    async (request) => listChanges(request.server.reader, request.query, request.principal),
  );

  app.get(
    '/v1/datasets/:id/changes',
    {
      schema: {
        operationId: 'diffDataset',
        tags: ['versions'],
        summary: 'Row-level diff between two versions, streamed',
        description:
          'Every row added, changed (with its old and new values) or removed between version `from` and version `to`, streamed in constant memory: `format=json` (one document: {from, to, changes: [...]}), `ndjson` (one change per line) or `csv` (op, key, then the fields; a changed row gives a before and an after line).',
        params: datasetIdParam,
        querystring: z.object({
          from: z.coerce
            .number({ error: 'from is a version number' })
            .int()
            .min(0)
            .describe('The older version (0: before the first)'),
          to: z.coerce.number({ error: 'to is a version number' }).int().min(1).describe('The newer version'),
          format: z
            .enum(['json', 'ndjson', 'csv'])
            .default('json')
            .describe('json (one document), ndjson (one change per line) or csv'),
        }),
        response: {
          // Each format its own media type (the fuzz found ndjson and csv answers documented as JSON).
          200: {
            description: 'The diff, streamed in the asked format',
            content: {
              'application/json': { schema: z.any().describe('{from, to, changes: [...]}') },
              'application/x-ndjson': { schema: z.string().describe('One change per line') },
              'text/csv': { schema: z.string().describe('op, key, then the fields') },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { from, to, format } = request.query;
      const d = await findVisibleDataset(request.server.reader, request.params.id, request.principal);
      const changes = diffRows(request.server.reader, d, from, to);
      // Pull the first change now, so a bad range is a problem+json answer, not a broken stream.
      const first = await changes.next();
      await auditRead(
        request.server.db.db,
        { principal: request.principal, requestId: request.id, log: request.log },
        'rest',
        [{ datasetId: d.id, access: d.access, rows: null }],
      );
      const all = (async function* () {
        if (!first.done) yield first.value;
        yield* changes;
      })();
      const fields = (d.table_schema?.fields ?? []).map((f) => f.name);
      async function* body(): AsyncGenerator<string> {
        if (format === 'json') {
          yield `{"dataset":${JSON.stringify(d.id)},"from":${from},"to":${to},"changes":[`;
          let n = 0;
          for await (const c of all) yield `${n++ ? ',' : ''}${JSON.stringify(c)}`;
          yield ']}';
        } else if (format === 'ndjson') {
          for await (const c of all) yield `${JSON.stringify(c)}\n`;
        } else {
          yield `${['op', 'key', ...fields].map(csvField).join(',')}\r\n`;
          const line = (op: string, key: string, row: Record<string, unknown>) =>
            `${[op, key, ...fields.map((f) => row[f] ?? null)].map(csvField).join(',')}\r\n`;
          for await (const c of all) {
            if (c.op === 'added') yield line('added', c.key, c.after);
            else if (c.op === 'removed') yield line('removed', c.key, c.before);
            else yield line('before', c.key, c.before) + line('after', c.key, c.after);
          }
        }
      }
      const type = {
        json: 'application/json',
        ndjson: 'application/x-ndjson',
        csv: 'text/csv; charset=utf-8',
      }[format];
      return reply
        .type(type)
        .header('content-disposition', `inline; filename="${d.id}-v${from}-v${to}.${format}"`)
        .send(Readable.from(body()) as never);
    },
  );
};
