import {
  ACCESS_LEVELS,
  cursor,
  datasetIdParam,
  datasetSearchQuery,
  limit,
  publisherCode,
  THEMES,
} from '@kho/schema';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Principal } from '../../../lib/policy';
import { auditRead } from '../../audit/audit.service';
import { getDataset, listPublishers, searchDatasets } from '../../catalog/catalog.queries';
import { listIndicators } from '../../observations/observations.queries';
import type { McpContext } from '../context';
import { answer, citation, handler, parseWith, queryString, strict, summariesWithSources } from '../results';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
const search = datasetSearchQuery.shape;

function viewerNote(viewer: Principal): string {
  return viewer.kind === 'anonymous'
    ? 'anonymous: open data only'
    : `key ${viewer.prefix} of ${viewer.agency}: open data and what its scopes grant (${viewer.scopes.join(', ')})`;
}

export function registerCatalogTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    'search_datasets',
    {
      title: 'Search the catalog',
      description:
        "Find datasets in Kho, the provincial open-data warehouse of Bình Định (Gia Lai since July 2025), by words (accent-insensitive, Vietnamese or English: 'y te' finds 'Y tế'), theme and publisher. Each hit carries its licence and sources. Then call get_dataset for the data dictionary, query_records for rows, get_observations for indicator values.",
      inputSchema: strict({
        q: search.q,
        theme: z.array(z.enum(THEMES)).max(10).optional().describe('Themes (sectors), any of'),
        publisher: z
          .array(publisherCode)
          .max(10)
          .optional()
          .describe('Publisher codes: SYT health, SGDDT education, SDL tourism, CTK statistics …'),
        keyword: search.keyword,
        kind: search.kind.describe('indicators: statistics by area and period; table: registries'),
        access: z.array(z.enum(ACCESS_LEVELS)).max(3).optional().describe('shared/restricted need a key'),
        limit: limit(25, 10).describe('Datasets per page, 1–25'),
        cursor: cursor.optional(),
      }),
      annotations: { title: 'Search the catalog', ...READ_ONLY },
    },
    handler(ctx, 'search_datasets', async (args, viewer) => {
      const q = parseWith(datasetSearchQuery, {
        ...args,
        theme: args.theme?.join(','),
        publisher: args.publisher?.join(','),
        access: args.access?.join(','),
      });
      const r = await searchDatasets(ctx.reader, q, viewer);
      const { limit: _l, cursor: _c, ...filters } = args;
      return answer(
        {
          total: r.total,
          items: await summariesWithSources(ctx, viewer, r.items),
          nextCursor: r.nextCursor,
          ...(r.total
            ? {}
            : {
                hint: 'No dataset matches: try other words, fewer filters, or catalog_summary to see what exists.',
              }),
          facets: r.facets,
          visibleTo: viewerNote(viewer),
          rest: `${ctx.publicUrl}/v1/datasets${queryString({ ...filters, theme: args.theme?.join(','), publisher: args.publisher?.join(','), access: args.access?.join(',') })}`,
        },
        'items',
      );
    }),
  );

  server.registerTool(
    'get_dataset',
    {
      title: 'One dataset: metadata and data dictionary',
      description:
        'Everything about a dataset: titles and descriptions (Vietnamese, English), publisher, themes, licence, sources of its figures, temporal and spatial coverage, the data dictionary (Table Schema: field names, types, units), the indicators it holds, and download links.',
      inputSchema: strict({ id: datasetIdParam.shape.id }),
      annotations: { title: 'Get a dataset', ...READ_ONLY },
    },
    handler(ctx, 'get_dataset', async (args, viewer) => {
      const { id } = parseWith(datasetIdParam, args);
      const d = await getDataset(ctx.reader, id, viewer, ctx.publicUrl);
      await auditRead(ctx.writer, { principal: viewer, requestId: ctx.requestId(), log: ctx.log }, 'mcp', [
        { datasetId: d.id, access: d.access, rows: 0 },
      ]);
      return answer({
        ...d,
        citation: citation(ctx.publicUrl, {
          id: d.id,
          title: d.title,
          publisher: `${d.publisher.name} (${d.publisher.code})`,
          license: d.license,
          sources: d.sources,
        }),
        next:
          d.kind === 'indicators'
            ? `get_observations with dataset "${d.id}" and an indicator code from "indicators"`
            : `query_records with dataset "${d.id}", filtering the fields of tableSchema`,
      });
    }),
  );

  server.registerTool(
    'catalog_summary',
    {
      title: 'What data Kho holds',
      description:
        'An overview of everything you can read: datasets by theme and by publisher, each dataset with its kind, licence and sources, and the indicators with the periods they cover. Use it to tell what Kho can answer and what it cannot (a theme with no dataset has no data).',
      inputSchema: strict({}),
      annotations: { title: 'Catalog summary', ...READ_ONLY },
    },
    handler(ctx, 'catalog_summary', async (_args, viewer) => {
      const [catalog, publishers, indicators] = await Promise.all([
        searchDatasets(ctx.reader, parseWith(datasetSearchQuery, { sort: 'title', limit: 100 }), viewer),
        listPublishers(ctx.reader, viewer),
        listIndicators(ctx.reader, { limit: 200 }, viewer),
      ]);
      const names = new Map(publishers.items.map((p) => [p.code, `${p.name} / ${p.nameEn}`]));
      const present = new Set(catalog.facets.theme.map((t) => t.value));
      return answer(
        {
          visibleTo: viewerNote(viewer),
          datasetCount: catalog.total,
          byTheme: catalog.facets.theme,
          themesWithoutData: THEMES.filter((t) => !present.has(t)),
          byPublisher: catalog.facets.publisher.map((p) => ({ ...p, name: names.get(p.value) ?? p.value })),
          byAccess: catalog.facets.access,
          datasets: (await summariesWithSources(ctx, viewer, catalog.items)).map(
            ({ description: _d, ...rest }) => rest,
          ),
          ...(catalog.nextCursor ? { moreDatasets: 'More than 100: page with search_datasets.' } : {}),
          indicators: indicators.items.map((i) => ({
            code: i.code,
            name: i.name,
            nameEn: i.nameEn,
            unit: i.unit,
            periods: `${i.periodStart} – ${i.periodEnd}`,
            areaLevels: i.areaLevels,
            datasets: i.datasets,
          })),
          ...(indicators.nextCursor ? { moreIndicators: 'More than 200: page with list_indicators.' } : {}),
          note: 'Kho answers only from these datasets. Cite the licence and sources of the dataset a figure comes from.',
        },
        'datasets',
      );
    }),
  );
}
