import { areaCode, cursor, datasetId, limit, recordsQuery } from '@kho/schema';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BadRequest } from '../../../lib/problems';
import { auditRead } from '../../audit/audit.service';
import { findVisibleDataset } from '../../catalog/catalog.queries';
import { listRecords, RESERVED } from '../../records/records.queries';
import { sourceFor } from '../../records/source';
import type { McpContext } from '../context';
import { answer, citation, handler, MAX_ROWS, parseWith, queryString, strict } from '../results';

const rq = recordsQuery.shape;

const filterValue = z
  .union([z.string().max(2000), z.number(), z.boolean(), z.null()])
  .describe('op:value with op eq ne lt lte gt gte in nin like isnull, or a plain value for eq');

/** Parameters a download takes too (not limit, cursor, group_by, agg). */
const NOT_FOR_DOWNLOAD = new Set(['limit', 'cursor', 'group_by', 'agg', 'total']);

export function registerRecordTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    'query_records',
    {
      title: 'Rows of a dataset',
      description: [
        'Rows of a dataset (records of a registry such as health facilities or schools; for an indicator dataset, one row per observation), with the REST filter grammar.',
        'filters is an object field → "op:value": {"beds": "gte:100", "type": "in:hospital,clinic", "name": "like:Bệnh viện*", "phone": "isnull:false"}; field names come from get_dataset (tableSchema).',
        `sort "-beds,name"; limit 1–${MAX_ROWS} (default 20); cursor from nextCursor for the next page; area (GSO code) includes every unit below; group_by + agg ("count", "sum:beds") aggregate.`,
        'Answers the rows with the licence and sources of the dataset, a REST link for the next page and a download link for every matching row.',
      ].join(' '),
      inputSchema: strict(
        {
          dataset: datasetId.describe('Dataset id, from search_datasets'),
          filters: z
            .record(z.string().min(1).max(100), filterValue)
            .optional()
            .describe('Filters on fields: {"beds": "gte:100"}'),
          q: rq.q,
          select: rq.select,
          sort: rq.sort,
          area: areaCode.optional().describe('Only rows in this unit or below it (GSO code, from find_area)'),
          version: rq.version,
          group_by: rq.group_by,
          agg: rq.agg,
          limit: limit(MAX_ROWS, 20).describe(`Rows, 1–${MAX_ROWS}`),
          cursor: cursor.optional(),
        },
        '; field filters go in "filters": {"beds": "gte:100"}',
      ),
      annotations: { title: 'Query records', readOnlyHint: true, openWorldHint: false },
    },
    handler(ctx, 'query_records', async (args, viewer) => {
      const { dataset, filters = {}, ...rest } = args;
      const entries = Object.entries(filters);
      if (entries.length > 20) throw new BadRequest('invalid-parameter', 'filters: at most 20 filters');
      const reserved = entries.find(([k]) => RESERVED.has(k));
      if (reserved)
        throw new BadRequest(
          'invalid-parameter',
          `filters.${reserved[0]}: "${reserved[0]}" is an argument of query_records, not a field filter`,
        );
      const asText = Object.fromEntries(entries.map(([k, v]) => [k, v === null ? 'isnull:true' : String(v)]));
      const params = parseWith(recordsQuery, { ...asText, ...rest });
      const d = await findVisibleDataset(ctx.reader, dataset, viewer);
      const { cursors: _c, ...page } = await listRecords(ctx.reader, sourceFor(d), d, params);
      await auditRead(ctx.writer, { principal: viewer, requestId: ctx.requestId(), log: ctx.log }, 'mcp', [
        { datasetId: d.id, access: d.access, rows: page.items.length },
      ]);
      const id = encodeURIComponent(d.id);
      const restParams = Object.fromEntries(
        Object.entries({ ...asText, ...rest }).filter(([, v]) => v !== undefined),
      );
      const forDownload = Object.fromEntries(
        Object.entries(restParams).filter(([k]) => !NOT_FOR_DOWNLOAD.has(k)),
      );
      const grouped = Boolean(params.group_by || params.agg);
      const nextPage = page.nextCursor
        ? `${ctx.publicUrl}/v1/datasets/${id}/records${queryString({ ...restParams, limit: params.limit, cursor: page.nextCursor })}`
        : null;
      const download = `${ctx.publicUrl}/v1/datasets/${id}/download.csv${queryString(forDownload)}`;
      return answer(
        {
          dataset: d.id,
          title: d.title,
          version: page.version,
          rows: page.items.length,
          items: page.items,
          nextCursor: page.nextCursor,
          more: page.nextCursor
            ? `More rows match: call again with cursor, or read them all at ${download}`
            : grouped
              ? null
              : `These are all the matching rows; as a file: ${download}`,
          links: { nextPage, download: grouped ? null : download },
          citation: citation(ctx.publicUrl, {
            id: d.id,
            title: d.title,
            publisher: `${d.publisher_name} (${d.publisher_code})`,
            license: d.license,
            sources: d.sources,
          }),
        },
        'items',
        grouped ? (nextPage ?? undefined) : download,
      );
    }),
  );
}
