import type { DatasetSummary } from '@kho/schema';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Principal } from '../../lib/policy';
import { BadRequest, Problem } from '../../lib/problems';
import { findVisibleDataset } from '../catalog/catalog.queries';
import type { McpContext } from './context';

/** Rows one tool call may return; the REST link and the download give the rest. */
export const MAX_ROWS = 200;
/** Characters of JSON one tool result may carry (≈15k tokens). */
export const MAX_TEXT = 60_000;
/** Characters of any one string value before it is cut. */
const MAX_STRING = 2_000;
/** Datasets cited in one result. */
const MAX_CITATIONS = 25;

/** What an answer needs to cite a dataset: licence, publisher, sources, where to read more. */
export interface Citation {
  dataset: string;
  title: string;
  publisher: string;
  license: string;
  sources: { title: string; url?: string }[];
  page: string;
  api: string;
}

export function citation(
  publicUrl: string,
  d: { id: string; title: string; publisher: string; license: string; sources: Citation['sources'] },
): Citation {
  const id = encodeURIComponent(d.id);
  return {
    dataset: d.id,
    title: d.title,
    publisher: d.publisher,
    license: d.license,
    sources: d.sources,
    page: `${publicUrl}/datasets/${id}`,
    api: `${publicUrl}/v1/datasets/${id}`,
  };
}

/** Citations of the datasets behind a result (those the principal may see), at most MAX_CITATIONS. */
export async function citationsFor(ctx: McpContext, viewer: Principal, ids: Iterable<string>) {
  const unique = [...new Set(ids)].slice(0, MAX_CITATIONS);
  const rows = await Promise.all(
    unique.map((id) => findVisibleDataset(ctx.reader, id, viewer).catch(() => undefined)),
  );
  return rows
    .filter((r) => r !== undefined)
    .map((r) =>
      citation(ctx.publicUrl, {
        id: r.id,
        title: r.title,
        publisher: `${r.publisher_name} (${r.publisher_code})`,
        license: r.license,
        sources: r.sources,
      }),
    );
}

/** Catalog summaries with the licence and sources of each, ready to cite. */
export async function summariesWithSources(ctx: McpContext, viewer: Principal, items: DatasetSummary[]) {
  const cites = new Map(
    (
      await citationsFor(
        ctx,
        viewer,
        items.map((d) => d.id),
      )
    ).map((c) => [c.dataset, c]),
  );
  return items.map((d) => ({
    id: d.id,
    title: d.title,
    titleEn: d.titleEn,
    description: clip(d.description, 400),
    publisher: `${d.publisher.name} (${d.publisher.code})`,
    themes: d.themes,
    kind: d.kind,
    access: d.access,
    rowCount: d.rowCount,
    modified: d.modified,
    license: d.license,
    sources: cites.get(d.id)?.sources ?? [],
    page: cites.get(d.id)?.page ?? `${ctx.publicUrl}/datasets/${encodeURIComponent(d.id)}`,
  }));
}

export const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

function clipStrings(v: unknown): unknown {
  if (typeof v === 'string') return clip(v, MAX_STRING);
  if (Array.isArray(v)) return v.map(clipStrings);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clipStrings(x)]));
  return v;
}

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

/**
 * A tool's answer as JSON text, bounded: long strings are cut, then rows of `listKey` are
 * dropped from the end until it fits, and the answer says so and where the rest is (`more`).
 */
export function answer(payload: Record<string, unknown>, listKey?: string, more?: string): CallToolResult {
  let json = JSON.stringify(payload);
  if (json.length <= MAX_TEXT) return text(json);
  const clipped = clipStrings(payload) as Record<string, unknown>;
  const note = (shown?: number, of?: number) => ({
    truncated: true,
    truncation: `${shown !== undefined ? `Only the first ${shown} of ${of} rows fit in this answer (nextCursor continues after all ${of}: ask again with limit ${Math.max(shown, 1)} to page through them)` : `Texts longer than ${MAX_STRING} characters were cut`}. ${more ? `The full answer: ${more}` : 'Narrow the question to see the rest.'}`,
  });
  json = JSON.stringify({ ...clipped, ...note() });
  if (json.length <= MAX_TEXT) return text(json);
  const list = listKey ? clipped[listKey] : undefined;
  if (Array.isArray(list)) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const size = JSON.stringify({
        ...clipped,
        [listKey!]: list.slice(0, mid),
        ...note(mid, list.length),
      }).length;
      if (size <= MAX_TEXT) lo = mid;
      else hi = mid - 1;
    }
    json = JSON.stringify({ ...clipped, [listKey!]: list.slice(0, lo), ...note(lo, list.length) });
    if (json.length <= MAX_TEXT) return text(json);
  }
  return text(JSON.stringify({ ...note(0, Array.isArray(list) ? list.length : 0) }));
}

/**
 * A tool's arguments: unknown arguments are refused rather than silently dropped (a filter
 * written as a top-level argument would otherwise be ignored and the answer would be wrong).
 */
export function strict<T extends z.ZodRawShape>(shape: T, hint = '') {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k.slice(0, 50)}"`).join(', ')}; the arguments are ${Object.keys(shape).join(', ')}${hint}`
        : undefined,
  });
}

/** Validates with a REST contract; a failure names each bad argument, as REST's 400 does. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.slice(0, 10).map((i) => {
    const path = i.path.map(String).join('.');
    return { parameter: `${prefix}${path}`, message: i.message };
  });
  throw new BadRequest(
    'invalid-parameter',
    errors.map((e) => (e.parameter ? `${e.parameter}: ${e.message}` : e.message)).join('; '),
    errors,
  );
}

const HINTS: Record<string, string> = {
  'dataset-not-found': ' Use search_datasets or catalog_summary to find dataset ids.',
  'indicator-not-found': ' Use list_indicators to find indicator codes.',
  'area-not-found': ' Use find_area to turn a name into a GSO code.',
  'area-not-in-force': ' Use find_area with the date to find the unit then in force.',
};

function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Any failure as an MCP tool error (isError) a model can act on; internals are logged, never sent. */
export function toolError(ctx: McpContext, tool: string, err: unknown): CallToolResult {
  let message: string;
  if (err instanceof Problem) message = `${err.detail}${HINTS[err.code] ?? ''}`;
  else {
    const state = sqlState(err);
    if (state?.startsWith('22'))
      message = 'A value in the arguments is not valid for its field (out of range or the wrong type).';
    else if (state === '57014')
      message =
        'The query took too long: narrow it with filters or a smaller limit, or use the download link.';
    else {
      const id = ctx.requestId();
      ctx.log.error({ err, tool, requestId: id }, 'mcp tool failed');
      message = `Something went wrong on Kho's side. Quote request id ${id} when reporting it.`;
    }
  }
  return { content: [{ type: 'text', text: `${tool}: ${message}` }], isError: true };
}

/** A tool handler: the principal is read, failures become tool errors, never protocol errors. */
export function handler<A>(
  ctx: McpContext,
  tool: string,
  run: (args: A, viewer: Principal) => Promise<CallToolResult>,
): (args: A) => Promise<CallToolResult> {
  return async (args) => {
    try {
      return await run(args, await ctx.principal());
    } catch (err) {
      return toolError(ctx, tool, err);
    }
  };
}

/** A query string for REST links, without empty values. */
export function queryString(params: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}
