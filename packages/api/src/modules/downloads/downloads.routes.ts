import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import compress from '@fastify/compress';
import { type Database, datasetIdParam, problem, type RecordsQuery, recordsQuery } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BadRequest, Problem } from '../../lib/problems';
import { errorResponses } from '../../plugins/errors';
import { auditRead } from '../audit/audit.service';
import { type DatasetRow, findVisibleDataset } from '../catalog/catalog.queries';
import { parseSelect, parseSort, resolveVersion, rowConditions } from '../records/records.queries';
import { sourceFor } from '../records/source';
import { outputColumns } from './columns';
import { openFeed } from './feed';
import { CONTENT_TYPES, FORMATS, type Format, feedShape, textBody } from './formats';
import { xlsxBody } from './xlsx';

/** Part of every ETag: change it when the bytes of a format change. */
const REVISION = 1;
const NOT_FOR_DOWNLOADS = ['limit', 'cursor', 'group_by', 'agg'];

const downloadParams = datasetIdParam.extend({
  format: z
    .enum(FORMATS, { error: `the format is one of ${FORMATS.join(', ')}` })
    .describe('csv, json, ndjson, geojson or xlsx'),
});
const downloadQuery = recordsQuery
  .omit({ limit: true, cursor: true, group_by: true, agg: true, total: true })
  .extend({
    bom: z
      .enum(['true', 'false'])
      .optional()
      .describe('CSV only: true starts the file with a UTF-8 BOM, for Excel'),
  });
type DownloadQuery = z.infer<typeof downloadQuery>;

const file = (description: string) => z.string().describe(description);
/** GeoJSON is JSON: documented as the FeatureCollection it is (it was documented as a string). */
const featureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).nullable(),
        properties: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .describe('A GeoJSON FeatureCollection: a point per row where the row has one (null geometry otherwise)');

/** The ETag: the version, then a hash of everything else that shapes the bytes. */
function etagOf(d: DatasetRow, version: number, format: Format, query: DownloadQuery): string {
  const params = Object.entries(query)
    .filter(([k, v]) => v !== undefined && k !== 'version')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256')
    .update(JSON.stringify([REVISION, format, d.modified, d.table_schema, params]))
    .digest('base64url')
    .slice(0, 16);
  return `"${d.id}-v${version}-${hash}"`;
}

const matches = (ifNoneMatch: string | undefined, etag: string) =>
  !!ifNoneMatch &&
  ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });

function disposition(id: string, version: number, format: Format): string {
  const name = `${id}-v${version}.${format}`;
  return `attachment; filename="${name.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export interface DownloadOptions {
  /** The database to stream from: the read replica when there is one (default: the primary). */
  database?: Database;
}

export const downloadRoutes: FastifyPluginAsyncZod<DownloadOptions> = async (app, opts) => {
  const database = opts.database ?? app.db;
  // gzip for these routes only (this plugin is encapsulated); XLSX is a zip already.
  if (!app.hasReplyDecorator('compress'))
    await app.register(compress, {
      global: true,
      encodings: ['gzip', 'deflate'],
      customTypes: /^(?:text\/csv|application\/(?:json|x-ndjson|geo\+json|problem\+json))(?:;|$)/,
    });

  // A COPY holds a connection while it streams: at most half the pool, so slow downloads never
  // starve the API (nor the pg_cancel_backend that stops an abandoned one). With a pool of one
  // connection, downloads page through plain queries instead.
  let copies = 0;
  const maxCopies = Math.floor((database.pg?.options.max ?? 0) / 2);
  const useCopy = maxCopies > 0;

  app.get(
    '/v1/datasets/:id/download.:format',
    {
      schema: {
        operationId: 'downloadDataset',
        tags: ['downloads'],
        summary: 'The whole dataset, or the rows matching filters, as a file',
        description: [
          'Every row of a dataset as CSV, JSON, NDJSON, GeoJSON or XLSX, streamed (millions of rows in constant memory).',
          'Takes the filters and parameters of `/v1/datasets/{id}/records` (`field=op:value`, `q`, `sort`, `select`, `version`, `area`, `bbox`, `near`) but not `limit`, `cursor`, `group_by` or `agg`.',
          "Columns follow the dataset's Table Schema (the observation fields for an indicator dataset), `select` narrows and orders them; the internal `_id` only when selected.",
          'GeoJSON features take their point from the row (an indicator dataset: the centroid of the area) and have null geometry where there is none.',
          '`bom=true` starts a CSV with a UTF-8 BOM for Excel. The ETag names the version; `If-None-Match` answers 304. `Accept-Encoding: gzip` compresses every format but XLSX.',
        ].join(' '),
        params: downloadParams,
        querystring: downloadQuery,
        response: {
          200: {
            description: 'The file, as an attachment named `<id>-v<version>.<format>`',
            content: {
              'text/csv': { schema: file('CSV (UTF-8), header row = field names') },
              'application/json': { schema: z.array(z.record(z.string(), z.unknown())) },
              'application/x-ndjson': { schema: file('One JSON object per line') },
              'application/geo+json': { schema: featureCollection },
              [CONTENT_TYPES.xlsx]: { schema: file('An Excel workbook, one sheet') },
            },
          },
          304: z.null().describe('Not modified: the ETag in If-None-Match is current'),
          ...errorResponses,
          503: problem.describe(
            'Too many downloads are running on this instance: retry after Retry-After seconds',
          ),
        },
      },
    },
    async (request, reply) => {
      const { id, format } = request.params;
      const q = request.query;
      const extra = NOT_FOR_DOWNLOADS.find((p) => p in q);
      if (extra) {
        const message =
          'not for downloads: a download has every matching row (use /records to page or aggregate)';
        throw new BadRequest('invalid-parameter', `${extra}: ${message}`, [{ parameter: extra, message }]);
      }
      const d = await findVisibleDataset(database.db, id, request.principal);
      const source = sourceFor(d);
      const version = resolveVersion(d.version, q.version);
      const current = version === d.version;
      const keys = parseSort(source, q.sort);
      const columns = outputColumns(source, parseSelect(source, q.select));
      const params = { ...q, limit: 0 } as RecordsQuery; // rowConditions reads no limit
      const where = (cur: boolean) => rowConditions(source, params, version, cur);
      where(current); // Bad filters are a 400 before any 304.

      const etag = etagOf(d, version, format, q);
      reply
        .header('etag', etag)
        .header('cache-control', d.access === 'open' ? 'public, max-age=300' : 'private, no-cache')
        .header('vary', 'Authorization, accept-encoding');
      if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send(undefined as never);
      reply.type(CONTENT_TYPES[format]).header('content-disposition', disposition(id, version, format));
      // The GET streams its body chunked, length unknown: an empty stream (not an empty body)
      // keeps Fastify's HEAD route from claiming content-length: 0.
      if (request.method === 'HEAD')
        return reply.header('transfer-encoding', 'chunked').send(Readable.from([]) as never);

      if (useCopy && copies >= maxCopies)
        throw new Problem(
          503,
          'too-many-downloads',
          'Service unavailable',
          'Too many downloads are running. Retry in a few seconds.',
          undefined,
          { 'retry-after': '5' },
        );
      if (useCopy) copies++;
      // The slot is freed with the COPY's connection (or when the feed closes, whichever is
      // first): once the pool is idle again, every slot is free.
      let holding = useCopy;
      const releaseSlot = () => {
        if (holding) {
          holding = false;
          copies--;
        }
      };
      let feed: Readable;
      try {
        await auditRead(
          app.db.db,
          { principal: request.principal, requestId: request.id, log: request.log },
          'download',
          [{ datasetId: d.id, access: d.access }],
        );
        const shape = feedShape(format, source, columns);
        feed = await openFeed(
          database,
          { source, ...shape, keys, where, current, version },
          useCopy,
          releaseSlot,
        );
      } catch (err) {
        releaseSlot();
        throw err;
      }
      feed.once('close', releaseSlot);
      let body: Readable;
      try {
        body =
          format === 'xlsx'
            ? await xlsxBody(feed, columns, d.id)
            : textBody(format, feed, columns, q.bom === 'true');
      } catch (err) {
        feed.destroy();
        throw err;
      }
      // A client that goes away mid-download: stop reading rows and free the connection.
      const cut = () => {
        if (!reply.raw.writableFinished) body.destroy();
      };
      reply.raw.once('close', cut);
      // One that went away while the COPY was being opened has already had its 'close': nobody
      // would ever read or destroy the body, and the COPY kept its connection and its slot.
      if (reply.raw.destroyed) cut();
      return reply.send(body as never);
    },
  );
};
