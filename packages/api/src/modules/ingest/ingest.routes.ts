import { type IngestReport, ingestFile, UsageError } from '@kho/ingest';
import { datasetIdParam, problem, queryOne, sql } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canRead, canWrite, isAdmin } from '../../lib/policy';
import { BadRequest, NotFound, Problem } from '../../lib/problems';
import { errorResponses } from '../../plugins/errors';
import { audit } from '../audit/audit.service';
import { spoolUpload, UPLOAD_TYPES } from './upload';

const report = z.record(z.string(), z.unknown()).meta({
  id: 'IngestReport',
  description: 'What the load did: rows read, loaded, rejected, version, and every problem by row and column',
});

/** The 422 of a rejected file: a problem with each row's problem in `errors`, and the whole report. */
const fileRejected = problem.extend({ report }).meta({
  id: 'FileRejected',
  description:
    'A file that was not loaded: an RFC 9457 problem, each problem by row and column, and the report',
});

export const ingestRoutes: FastifyPluginAsyncZod<{ uploadMaxBytes?: number }> = async (app, opts) => {
  const maxBytes = opts.uploadMaxBytes ?? 100 * 2 ** 20;
  // Uploads are streamed to disk by the handler, not parsed into memory.
  app.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));

  app.post(
    '/v1/datasets/:id/ingest',
    {
      schema: {
        operationId: 'ingestFile',
        tags: ['catalog'],
        summary: 'Load a file into a dataset (all or nothing)',
        description: [
          'Send the file as the request body (CSV, XLSX, JSON or NDJSON; `curl --data-binary @file.csv -H "content-type: text/csv"`).',
          'Every row is validated; if any row has a problem nothing is loaded and the answer (422) lists each problem by row and column with a suggestion.',
          'A load that changes data publishes the next version; the same file twice is a no-op. `dry_run=true` validates and reports only; `mode=upsert` adds and changes rows without removing the others.',
          'Needs a key with write:publisher:<code>. Create the dataset first with POST /v1/datasets.',
        ].join(' '),
        security: [{ bearer: [] }],
        params: datasetIdParam,
        querystring: z.object({
          adapter: z
            .string()
            .max(50)
            .optional()
            .describe('The adapter that reads the file (default: the dataset’s kind: indicators or records)'),
          dry_run: z
            .enum(['true', 'false'])
            .default('false')
            .describe('true: validate and report, load nothing'),
          mode: z
            .enum(['replace', 'upsert'])
            .default('replace')
            .describe('replace: the file is the whole dataset; upsert: add and change only'),
          sheet: z
            .string()
            .max(200)
            .optional()
            .describe('XLSX: the sheet to read (default the first with data)'),
          file_name: z.string().max(300).optional().describe('The file’s name, recorded in the history'),
        }),
        response: {
          200: report,
          401: problem,
          403: problem,
          413: problem,
          415: problem,
          422: fileRejected,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const db = request.server.db.db;
      const d = await queryOne<{ id: string; access: string; publisher_code: string }>(
        db,
        sql`select id, access, publisher_code from datasets where id = ${request.params.id} and retired_at is null`,
      );
      const viewer = request.principal;
      if (!d || !canRead(viewer, { id: d.id, access: d.access, publisherCode: d.publisher_code })) {
        throw new NotFound(
          'dataset-not-found',
          `There is no dataset "${request.params.id}". Create it first with POST /v1/datasets.`,
        );
      }
      if (viewer.kind === 'anonymous')
        throw new Problem(
          401,
          'key-required',
          'Unauthorized',
          'Loading data needs a key with write:publisher:<code>.',
        );
      if (!canWrite(viewer, d.publisher_code))
        throw new Problem(
          403,
          'forbidden',
          'Forbidden',
          `This key may not load data into datasets of ${d.publisher_code}.`,
        );
      const contentType = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (!UPLOAD_TYPES.includes(contentType)) {
        throw new Problem(
          415,
          'unsupported-media-type',
          'Unsupported media type',
          `Send the file with one of these content types: ${UPLOAD_TYPES.join(', ')}.`,
        );
      }
      const upload = await spoolUpload(request.body as NodeJS.ReadableStream, contentType, maxBytes);
      let result: IngestReport;
      try {
        result = await ingestFile(request.server.db, {
          dataset: d.id,
          file: upload.path,
          fileName: request.query.file_name ?? `upload${upload.path.slice(upload.path.lastIndexOf('.'))}`,
          ...(request.query.adapter ? { adapter: request.query.adapter } : {}),
          ...(request.query.sheet ? { sheet: request.query.sheet } : {}),
          mode: request.query.mode,
          dryRun: request.query.dry_run === 'true',
          actor: viewer.kind === 'key' ? `key:${viewer.prefix}` : 'anonymous',
        });
      } catch (e) {
        if (e instanceof UsageError)
          throw new BadRequest('invalid-parameter', e.message, [
            { parameter: 'adapter', message: e.message },
          ]);
        throw e;
      } finally {
        await upload.cleanup();
      }
      request.server.metrics.ingestRows.inc({ status: result.status }, result.rowsRead);
      request.server.metrics.ingestSeconds.observe({ status: result.status }, result.durationMs / 1000);
      await audit(db, {
        principal: viewer,
        surface: 'rest',
        action: 'write',
        datasetId: d.id,
        rows: result.rowsLoaded,
        requestId: request.id,
        detail: { op: 'ingest', status: result.status, version: result.version, ingestId: result.ingestId },
      });
      if (result.status === 'rejected') {
        return reply
          .code(422)
          .type('application/problem+json; charset=utf-8')
          .serializer((b: unknown) => JSON.stringify(b))
          .send({
            type: '/problems/file-rejected',
            title: 'File rejected',
            status: 422,
            code: 'file-rejected',
            detail: result.message,
            instance: request.url.split('?')[0],
            requestId: request.id,
            errors: result.errors.map((e) => ({
              parameter: e.column ? `row ${e.row}, ${e.column}` : `row ${e.row}`,
              message: `${e.message}${e.value !== undefined ? ` (value "${e.value}")` : ''}${e.suggestion ? `: ${e.suggestion}` : ''}`,
            })),
            report: result,
          });
      }
      return result as unknown as Record<string, unknown>;
    },
  );

  app.get(
    '/v1/ingests/:id',
    {
      schema: {
        operationId: 'getIngest',
        tags: ['catalog'],
        summary: 'One load and its row-level report',
        description:
          'A load attempt (from the CLI or POST …/ingest): file, sha256, adapter, who, when, counts, version, and the report with every problem found.',
        params: z.object({
          id: z.coerce
            .number({ error: 'an ingest id is a number' })
            .int()
            .min(1)
            .max(2 ** 31 - 1)
            .describe('The load’s id: ingestId in the answer of POST …/ingest, or a version’s ingestId'),
        }),
        response: { 200: report, ...errorResponses },
      },
    },
    async (request) => {
      const db = request.server.db.db;
      const run = await queryOne<Record<string, unknown> & { dataset_id: string }>(
        db,
        sql`select id, dataset_id, file_name, sha256, adapter, actor, mode, dry_run, status, started_at, finished_at, rows_read,
              rows_loaded, rows_rejected, added, changed, removed, version, report from ingest_runs where id = ${request.params.id}`,
      );
      const d = run
        ? await queryOne<{ id: string; access: string; publisher_code: string }>(
            db,
            sql`select id, access, publisher_code from datasets where id = ${run.dataset_id}`,
          )
        : undefined;
      const visible = d
        ? canRead(request.principal, { id: d.id, access: d.access, publisherCode: d.publisher_code })
        : isAdmin(request.principal);
      if (!run || !visible) throw new NotFound('ingest-not-found', `There is no load ${request.params.id}.`);
      return run;
    },
  );
};
