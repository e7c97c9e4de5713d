import { indicatorsQuery, limit, observationsQuery } from '@kho/schema';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BadRequest } from '../../../lib/problems';
import { auditDatasetRows } from '../../audit/audit.service';
import { listIndicators, listObservations } from '../../observations/observations.queries';
import type { McpContext } from '../context';
import { answer, citationsFor, handler, MAX_ROWS, parseWith, queryString, strict } from '../results';

const oq = observationsQuery.shape;
const iq = indicatorsQuery.shape;
const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

export function registerObservationTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    'get_observations',
    {
      title: 'Indicator values by area and period',
      description: [
        'Statistical values (observations) of indicators by area and period, across every dataset you can read, each with its unit, flag (provisional, estimated, lower_bound, approximate) and the source of the figure, plus the licence and sources of its dataset.',
        'indicator: code(s) from list_indicators (comma-separated); area: a GSO code from find_area (descendants: true adds every unit below it); period_from/period_to: 2022, 2022-05 or 2022-05-31.',
        'boundaries "current" re-aggregates additive indicators of old units into today’s units where every succession is a full merge; otherwise notes say why not.',
      ].join(' '),
      inputSchema: strict({
        indicator: z.string().max(2000).optional().describe('Indicator code(s), comma-separated'),
        dataset: oq.dataset,
        area: oq.area,
        descendants: z.boolean().default(false).describe('Include the units below `area`'),
        level: oq.level,
        period_from: oq.period_from,
        period_to: oq.period_to,
        flag: oq.flag,
        boundaries: oq.boundaries,
        dimensions: z
          .record(z.string().max(50), z.string().max(200))
          .optional()
          .describe('Dimension filters, e.g. {"sex": "Nam"}'),
        limit: limit(MAX_ROWS, 50).describe(`Values, 1–${MAX_ROWS}`),
        cursor: oq.cursor,
      }),
      annotations: { title: 'Get observations', ...READ_ONLY },
    },
    handler(ctx, 'get_observations', async (args, viewer) => {
      const { dimensions = {}, descendants, ...rest } = args;
      if (Object.keys(dimensions).length > 10)
        throw new BadRequest('invalid-parameter', 'dimensions: at most 10 dimension filters');
      const dims = Object.fromEntries(Object.entries(dimensions).map(([k, v]) => [`dim.${k}`, v]));
      const params = { ...rest, ...dims, descendants: descendants ? 'true' : 'false' };
      const q = parseWith(observationsQuery, params);
      const { cursors: _c, ...page } = await listObservations(ctx.reader, q, viewer);
      const datasets = page.items.map((o) => o.dataset);
      await auditDatasetRows(
        ctx.writer,
        { principal: viewer, requestId: ctx.requestId(), log: ctx.log },
        'mcp',
        datasets,
      );
      // REST links carry what was asked, not the defaults.
      const asked = {
        ...params,
        descendants: descendants ? 'true' : undefined,
        boundaries: q.boundaries === 'current' ? 'current' : undefined,
        limit: undefined,
        cursor: undefined,
      };
      const link = (extra: Record<string, unknown>) =>
        `${ctx.publicUrl}/v1/observations${queryString({ ...asked, ...extra })}`;
      const csv = link({ format: 'csv' });
      return answer(
        {
          count: page.items.length,
          items: page.items,
          nextCursor: page.nextCursor,
          ...(page.notes?.length ? { notes: page.notes } : {}),
          ...(page.items.length
            ? {}
            : {
                hint: 'No values match. Check the indicator code (list_indicators), the area code (find_area) and the periods the indicator covers.',
              }),
          more: page.nextCursor
            ? `More values match: call again with cursor, or read them all at ${csv}`
            : `These are all the matching values; as CSV: ${csv}`,
          links: {
            nextPage: page.nextCursor ? link({ limit: q.limit, cursor: page.nextCursor }) : null,
            csv,
          },
          citations: await citationsFor(ctx, viewer, datasets),
        },
        'items',
        csv,
      );
    }),
  );

  server.registerTool(
    'list_indicators',
    {
      title: 'The indicators',
      description:
        'The indicators held by datasets you can read: code, names (Vietnamese, English), unit, whether values add up over areas, datasets, number of values, periods and area levels covered. Search with q (accent-insensitive: "giuong benh" finds "giường bệnh"). Then get_observations with the code.',
      inputSchema: strict({
        q: iq.q,
        dataset: iq.dataset,
        limit: limit(MAX_ROWS, 50).describe(`Indicators, 1–${MAX_ROWS}`),
        cursor: iq.cursor,
      }),
      annotations: { title: 'List indicators', ...READ_ONLY },
    },
    handler(ctx, 'list_indicators', async (args, viewer) => {
      const q = parseWith(indicatorsQuery, args);
      const r = await listIndicators(ctx.reader, q, viewer);
      return answer(
        {
          count: r.items.length,
          items: r.items,
          nextCursor: r.nextCursor,
          ...(r.items.length ? {} : { hint: 'No indicator matches: try other words, or catalog_summary.' }),
          citations: await citationsFor(
            ctx,
            viewer,
            r.items.flatMap((i) => i.datasets),
          ),
        },
        'items',
        `${ctx.publicUrl}/v1/indicators${queryString({ q: q.q, dataset: q.dataset })}`,
      );
    }),
  );
}
