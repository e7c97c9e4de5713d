import { areaCode, areaDetailQuery, areaResolveQuery } from '@kho/schema';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { getArea, resolveArea } from '../../areas/areas.queries';
import type { McpContext } from '../context';
import { answer, handler, parseWith, queryString, strict } from '../results';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;
const rq = areaResolveQuery.shape;

const REFERENCE =
  'Administrative units: the GSO unit lists and the National Assembly Standing Committee resolutions bundled with Kho (each unit names its source).';

/** The day before a unit ended (its last day in force), to read the unit itself. */
const lastDay = (validTo: string) => {
  const d = new Date(`${validTo}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

export function registerAreaTools(server: McpServer, ctx: McpContext) {
  server.registerTool(
    'find_area',
    {
      title: 'Which administrative unit a name means',
      description:
        'Turns a place name as people write it ("TP. Quy Nhơn", "H. Vân Canh", "P. Nhon Binh", with or without accents and abbreviations) into GSO unit codes, with a confidence and alternatives. `at` (YYYY-MM-DD) picks the units in force on that date: Bình Định had districts until 2025-07-01, when it merged into Gia Lai and districts were abolished. Use the code in get_observations, query_records (area) and area_history.',
      inputSchema: strict({ name: rq.name, parent: rq.parent, at: rq.at, level: rq.level }),
      annotations: { title: 'Find an area', ...READ_ONLY },
    },
    handler(ctx, 'find_area', async (args) => {
      const q = parseWith(areaResolveQuery, args);
      const r = await resolveArea(ctx.reader, (db) => ctx.resolverFor(db), q);
      const best = r.best
        ? await getArea(
            ctx.reader,
            r.best.code,
            q.at ?? (r.best.validTo ? lastDay(r.best.validTo) : undefined),
          )
        : null;
      return answer(
        {
          ...r,
          ...(best
            ? {
                bestDetail: {
                  code: best.code,
                  name: best.name,
                  parents: best.ancestors.map((a) => `${a.name} (${a.code})`),
                  inForce: `${best.validFrom ?? 'before 2019'} – ${best.validTo ? `${best.validTo} (exclusive)` : 'today'}`,
                  successors: best.successors.map((s) => `${s.name} (${s.code}) from ${s.date}, ${s.kind}`),
                  source: best.source,
                },
              }
            : {}),
          rest: `${ctx.publicUrl}/v1/areas/resolve${queryString(q)}`,
          citation: REFERENCE,
        },
        'alternatives',
      );
    }),
  );

  server.registerTool(
    'area_history',
    {
      title: 'A unit across boundary reforms',
      description:
        'One administrative unit by GSO code: its parents, children, every unit that carried the code, and its predecessors and successors across mergers, splits, renames and recodes (with date, kind and full/partial share). Codes are reused: pass `at` (YYYY-MM-DD) to pick the unit in force on that date.',
      inputSchema: strict({
        code: areaCode.describe('GSO code: 52 (province), 3 digits (district), 5 digits (commune)'),
        at: areaDetailQuery.shape.at,
      }),
      annotations: { title: 'Area history', ...READ_ONLY },
    },
    handler(ctx, 'area_history', async (args) => {
      const { code, at } = parseWith(z.object({ code: areaCode, at: areaDetailQuery.shape.at }), args);
      const { boundary: _b, children, ...a } = await getArea(ctx.reader, code, at);
      return answer(
        {
          ...a,
          childCount: children.length,
          children: children.slice(0, 100),
          rest: `${ctx.publicUrl}/v1/areas/${code}${queryString({ at })}`,
          citation: REFERENCE,
        },
        'children',
      );
    }),
  );
}
