import {
  type Executor,
  query,
  type RecordsQuery,
  runShaped,
  type Shaped,
  type SQL,
  shapeStatement,
  sql,
} from '@kho/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import type { Principal } from '../../lib/policy';
import { BadRequest, NotFound } from '../../lib/problems';
import { textMatch } from '../catalog/catalog.queries';
import { checkGuard, type RowsDataset, withOpenDataset } from '../catalog/open-datasets';
import { type Filter, filterSql, filterValues, parseFilters, RESERVED } from './filters';
import { type RowSource, type SourceField, sourceFor } from './source';

export const MAX_GROUPS = 1000;

const bad = (parameter: string, message: string): never => {
  throw new BadRequest('invalid-parameter', `${parameter}: ${message}`, [{ parameter, message }]);
};

export interface SortKey {
  field: SourceField;
  desc: boolean;
}

export function parseSort(source: RowSource, sort: string | undefined): SortKey[] {
  if (!sort) return [];
  return sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 5)
    .map((s) => {
      const desc = s.startsWith('-');
      const name = desc ? s.slice(1) : s;
      const field = source.field(name);
      if (!field)
        bad(
          'sort',
          `no field "${name.slice(0, 100)}"; fields: ${source.fields.map((f) => f.name).join(', ')}`,
        );
      if (!field!.scalar) bad('sort', `field ${name} (${field!.type}) cannot be sorted`);
      return { field: field!, desc };
    });
}

export function parseSelect(source: RowSource, select: string | undefined): string[] | null {
  if (!select) return null;
  const names = select
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) if (n !== '_id' && !source.field(n)) bad('select', `no field "${n.slice(0, 100)}"`);
  return names;
}

/** Every unit below `code` at any time (and itself): a 2022 commune under district 540 counts for area=540. */
function areaAndBelow(code: string): SQL {
  return sql`(with recursive below(code) as (
      select ${code}::text union
      select a.code from areas a join below b on a.parent_code = b.code
    ) select code from below)`;
}

const RAD = Math.PI / 180;

/**
 * The WHERE clause for a dataset's rows: the version, filters, words, area, box and distance.
 * Shared by the records page, aggregates and every download format.
 */
export function rowConditions(
  source: RowSource,
  params: RecordsQuery,
  version: number,
  current: boolean,
  /** The condition of the i-th filter (placeholders for its values in a shaped statement). */
  filterCondition: (f: Filter, i: number) => SQL = (f) => filterSql(f),
): SQL[] {
  const where: SQL[] = [sql`r.dataset_id = ${source.datasetId}`];
  where.push(
    current
      ? sql`r.version_to is null`
      : sql`r.version_from <= ${version} and (r.version_to is null or r.version_to > ${version})`,
  );
  parseFilters(source, params).forEach((f, i) => {
    where.push(filterCondition(f, i));
  });
  if (params.q) where.push(textMatch(source.searchText, params.q));
  if (params.area) where.push(sql`${source.areaCode} in ${areaAndBelow(params.area)}`);
  if (params.bbox || params.near) {
    if (!source.lat || !source.lon) bad(params.bbox ? 'bbox' : 'near', 'this dataset has no point locations');
    if (params.bbox) {
      const [minLon, minLat, maxLon, maxLat] = params.bbox.split(',').map(Number) as [
        number,
        number,
        number,
        number,
      ];
      if (minLon > maxLon || minLat > maxLat) bad('bbox', 'minLon,minLat must be below maxLon,maxLat');
      where.push(
        sql`${source.lon} between ${minLon} and ${maxLon} and ${source.lat} between ${minLat} and ${maxLat}`,
      );
    }
    if (params.near) {
      const [lat, lon, m] = params.near.split(',').map(Number) as [number, number, number];
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) bad('near', 'latitude is within ±90, longitude ±180');
      // A box first (uses the point index), then the great-circle distance.
      const dLat = m / 111_320;
      const dLon = m / (111_320 * Math.max(Math.cos(lat * RAD), 0.01));
      where.push(
        sql`${source.lat} between ${lat - dLat} and ${lat + dLat} and ${source.lon} between ${lon - dLon} and ${lon + dLon}`,
      );
      where.push(
        sql`2 * 6371008.8 * asin(sqrt(power(sin(radians(${source.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${source.lat})) * power(sin(radians(${source.lon} - ${lon}) / 2), 2))) <= ${m}`,
      );
    }
  }
  return where;
}

function castParam(field: SourceField, v: unknown): SQL {
  if (v === null) return sql`null`;
  if (field.type === 'integer' || field.type === 'number') return sql`${v}::numeric`;
  if (field.type === 'date') return sql`${v}::date`;
  if (field.type === 'datetime') return sql`${v}::timestamptz`;
  if (field.type === 'boolean') return sql`${v}::boolean`;
  return sql`${v}::text`;
}

/**
 * Keyset condition after the cursor's row: rows sort by each key (nulls last), then by id.
 * The terms are compared lexicographically; IS NOT DISTINCT FROM keeps equal nulls equal.
 */
function afterCursor(keys: SortKey[], values: unknown[], id: number): SQL {
  const terms: { expr: SQL; op: string; value: SQL; isNull: boolean }[] = [];
  keys.forEach((k, i) => {
    const v = values[i] ?? null;
    terms.push({
      expr: sql`(${k.field.expr} is null)`,
      op: '>',
      value: sql`${v === null}::boolean`,
      isNull: false,
    });
    terms.push({
      expr: k.field.expr,
      op: k.desc ? '<' : '>',
      value: castParam(k.field, v),
      isNull: v === null,
    });
  });
  terms.push({ expr: sql`r.id`, op: '>', value: sql`${id}::bigint`, isNull: false });
  const ors: SQL[] = [];
  for (let i = 0; i < terms.length; i++) {
    if (terms[i]!.isNull) continue;
    const eqs = terms.slice(0, i).map((t) => sql`${t.expr} is not distinct from ${t.value}`);
    ors.push(
      sql.join([...eqs, sql`${terms[i]!.expr} ${sql.raw(terms[i]!.op)} ${terms[i]!.value}`], sql` and `),
    );
  }
  return sql`(${sql.join(ors, sql` or `)})`;
}

export function orderBy(keys: SortKey[]): SQL {
  const parts = keys.flatMap((k) => [
    sql`(${k.field.expr} is null)`,
    sql`${k.field.expr} ${sql.raw(k.desc ? 'desc' : 'asc')}`,
  ]);
  return sql.join([...parts, sql`r.id`], sql`, `);
}

/** Which version to read: the cursor's (stable paging while new versions appear), the asked one, or the current one. */
export function resolveVersion(currentVersion: number, asked: number | undefined): number {
  if (asked !== undefined && (asked < 1 || asked > currentVersion)) {
    throw new NotFound('version-not-found', `This dataset has versions 1 to ${currentVersion}.`);
  }
  return asked ?? currentVersion;
}

/** The count of the rows `where` selects: a statement of its own, or a page statement's column. */
const countOf = (source: RowSource, where: SQL[]) =>
  sql`select count(*)::int as n from ${source.from} where ${sql.join(where, sql` and `)}`;

/**
 * A page of a dataset's rows as the viewer may read them (REST records and GraphQL records): the
 * dataset (an open one kept between requests and checked by the page statement, see
 * open-datasets.ts), its row source and the page.
 */
export function readRecords(db: Executor, id: string, viewer: Principal, params: RecordsQuery) {
  return withOpenDataset(db, id, viewer, async (dataset: RowsDataset, guard) => {
    const source = sourceFor(dataset);
    return { dataset, source, page: await listRecords(db, source, dataset, params, guard) };
  });
}

/** The page statement: the rows, their sort keys (for cursors), the total when asked. */
function pageStatement(
  source: RowSource,
  conditions: SQL[],
  keys: SortKey[],
  limit: unknown,
  count?: SQL,
): SQL {
  const keyCols = keys.map((k, i) => sql`${k.field.expr} as ${sql.raw(`"_k${i}"`)}`);
  if (count) keyCols.push(sql`(${count}) as "_total"`);
  return sql`/* records.page */ select ${source.columns}${keyCols.length ? sql`, ${sql.join(keyCols, sql`, `)}` : sql``}
        from ${source.from} where ${sql.join(conditions, sql` and `)}
        order by ${orderBy(keys)} limit ${limit}`;
}

/** Reserved parameters a shaped page allows; any other (cursor, words, area, box, version, groups) is built each time. */
const SHAPED = new Set(['select', 'sort', 'limit', 'bom', 'lang']);
/** Shapes kept per kept dataset row; past it they are dropped and built again. */
const MAX_SHAPES = 50;

/**
 * The page statements of kept open datasets, per guard (one per kept dataset row, see
 * open-datasets.ts: a new version, schema or access level is a new guard and so new statements)
 * and per shape: the sort keys and, for each filter, its field, op and number of values (which
 * value for isnull). Each is built and rendered once with placeholders for the filter values and
 * the limit; a request of a known shape only parses and checks its parameters (the same 400s)
 * and runs the statement with its values. Building and rendering the statement each time was
 * ~9% of the records page's CPU under load (docs/benchmarks.md, ninth session).
 */
const shapedPages = new WeakMap<SQL, Map<string, { source: RowSource; shaped: Shaped }>>();

/**
 * The page's rows through a shaped statement, or null where this request is not of a shape
 * kept (a cursor, words, an area, a box, a version, a total) or the database runs statements
 * only through drizzle (PGlite): the caller builds the statement as before.
 */
async function shapedPage(
  db: Executor,
  source: RowSource,
  dataset: { version: number },
  params: RecordsQuery,
  keys: SortKey[],
  guard: SQL,
): Promise<Record<string, unknown>[] | null> {
  for (const k of RESERVED)
    if (
      !SHAPED.has(k) &&
      params[k as keyof RecordsQuery] !== undefined &&
      !(k === 'total' && params.total === 'false')
    )
      return null;
  const values: Record<string, unknown> = { limit: params.limit + 1 };
  const shape: unknown[] = [keys.map((k) => [k.field.name, k.desc])];
  const filters = parseFilters(source, params);
  filters.forEach((f, i) => {
    const bound = filterValues(f);
    shape.push([f.field.name, f.op, f.op === 'isnull' ? f.values[0] : bound.length]);
    bound.forEach((v, j) => {
      values[`f${i}_${j}`] = v;
    });
  });
  const key = JSON.stringify(shape);
  let byShape = shapedPages.get(guard);
  if (!byShape) {
    byShape = new Map();
    shapedPages.set(guard, byShape);
  }
  let hit = byShape.get(key);
  if (!hit || hit.source !== source) {
    const where = rowConditions(source, params, dataset.version, true, (f, i) =>
      filterSql(
        f,
        filterValues(f).map((_, j) => sql.placeholder(`f${i}_${j}`)),
      ),
    );
    const shaped = shapeStatement(
      db,
      pageStatement(source, [...where, guard], keys, sql.placeholder('limit')),
    );
    if (!shaped) return null;
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    hit = { source, shaped };
    byShape.set(key, hit);
  }
  return runShaped(db, hit.shaped, values);
}

export async function listRecords(
  db: Executor,
  source: RowSource,
  dataset: { version: number },
  params: RecordsQuery,
  /** A kept dataset's guard (open-datasets.ts): checked by the statement that reads the page. */
  guard?: SQL,
): Promise<{
  items: Record<string, unknown>[];
  nextCursor: string | null;
  version: number;
  total?: number;
  cursors?: () => string[];
}> {
  if (params.group_by || params.agg) {
    await checkGuard(db, guard);
    return aggregateRecords(db, source, dataset, params);
  }
  const keys = parseSort(source, params.sort);
  const select = parseSelect(source, params.select);
  const c = params.cursor ? decodeCursor(params.cursor, ['id', 'v']) : null;
  const cursorKeys = c ? ((c as unknown as { k?: unknown[] }).k ?? []) : [];
  if (c && (!Array.isArray(cursorKeys) || cursorKeys.length !== keys.length)) {
    bad('cursor', 'the cursor belongs to another sort order: start again without cursor');
  }
  const version = resolveVersion(dataset.version, c ? Number(c.v) : params.version);
  // The total of a first page rides on the page statement (PostgreSQL runs the uncorrelated
  // count once): one round trip instead of two. After a cursor the page may be empty while the
  // total is not, so the count runs on its own there.
  const totalHere = params.total === 'true' && !c;
  let rows = guard ? await shapedPage(db, source, dataset, params, keys, guard) : null;
  let where: SQL[] | undefined;
  if (!rows) {
    where = rowConditions(source, params, version, version === dataset.version);
    const page = c ? [...where, afterCursor(keys, cursorKeys, Number(c.id))] : [...where];
    if (guard) page.push(guard);
    rows = await query<Record<string, unknown>>(
      db,
      pageStatement(source, page, keys, params.limit + 1, totalHere ? countOf(source, where) : undefined),
    );
  }
  // No rows under a guard: an empty page, or a kept dataset row that changed; ask which.
  if (guard && !rows.length) await checkGuard(db, guard);
  const pageRows = rows.slice(0, params.limit);
  const last = pageRows[pageRows.length - 1];
  let items = pageRows.map(source.toItem);
  if (select)
    items = items.map((it) =>
      Object.fromEntries(['_id', ...select.filter((s) => s !== '_id')].map((k) => [k, it[k] ?? null])),
    );
  let total: number | undefined;
  if (totalHere) total = rows.length ? Number(rows[0]!._total) : 0;
  else if (params.total === 'true') {
    // shapedPage never answers a request for a total: the conditions are here.
    const [t] = await query<{ n: number }>(db, sql`/* records.total */ ${countOf(source, where!)}`);
    total = t!.n;
  }
  const cursorOf = (row: Record<string, unknown>) =>
    encodeCursor({
      v: version,
      id: Number(row._id),
      k: keys.map((_, i) => (row[`_k${i}`] ?? null) as never),
    } as never);
  return {
    items,
    nextCursor: rows.length > params.limit && last ? cursorOf(last) : null,
    version,
    ...(total !== undefined ? { total } : {}),
    /** The cursor after each item (GraphQL edges). */
    cursors: () => pageRows.map(cursorOf),
  };
}

/**
 * How many rows listRecords' filters match (GraphQL totalCount): the count statement alone,
 * where listRecords with total=true also reads a page first. Versions as listRecords without
 * a cursor; grouped queries count as listRecords counts them.
 */
export async function countRecords(
  db: Executor,
  source: RowSource,
  dataset: { version: number },
  params: RecordsQuery,
): Promise<number> {
  const { cursor: _c, ...rest } = params;
  if (params.group_by || params.agg)
    return (
      (await listRecords(db, source, dataset, { ...rest, limit: 1, total: 'true' } as RecordsQuery)).total ??
      0
    );
  const version = resolveVersion(dataset.version, params.version);
  const where = rowConditions(source, params, version, version === dataset.version);
  const [t] = await query<{ n: number }>(db, sql`/* records.total */ ${countOf(source, where)}`);
  return t!.n;
}

const AGGS = new Set(['count', 'sum', 'avg', 'min', 'max']);

/** group_by + agg: counts and sums per group, at most MAX_GROUPS groups, ordered by the groups. */
export async function aggregateRecords(
  db: Executor,
  source: RowSource,
  dataset: { version: number },
  params: RecordsQuery,
) {
  const groups = (params.group_by ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const fields = groups.map((g) => {
    const f = source.field(g);
    if (!f) bad('group_by', `no field "${g.slice(0, 100)}"`);
    if (!f!.scalar) bad('group_by', `field ${g} (${f!.type}) cannot be grouped`);
    return f!;
  });
  const aggs = (params.agg ?? 'count')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const selects: SQL[] = fields.map((f) => sql`${f.expr} as ${sql.identifier(f.name)}`);
  for (const a of aggs) {
    const [fn, name] = a.split(':') as [string, string | undefined];
    if (!AGGS.has(fn))
      bad(
        'agg',
        `unknown aggregate "${fn.slice(0, 50)}": use count, sum:field, avg:field, min:field, max:field`,
      );
    if (fn === 'count') {
      selects.push(sql`count(*)::int as count`);
      continue;
    }
    const f = name ? source.field(name) : undefined;
    if (!f) bad('agg', `${fn} needs a field: ${fn}:field`);
    if ((fn === 'sum' || fn === 'avg') && f!.type !== 'integer' && f!.type !== 'number')
      bad('agg', `${fn} needs a number field; ${name} is ${f!.type}`);
    if (!f!.scalar) bad('agg', `${name} cannot be aggregated`);
    selects.push(
      sql`${sql.raw(fn)}(${f!.expr})${fn === 'sum' || fn === 'avg' ? sql`::float8` : sql``} as ${sql.identifier(`${fn}_${name}`)}`,
    );
  }
  const version = resolveVersion(dataset.version, params.version);
  const where = rowConditions(source, params, version, version === dataset.version);
  // Grouped by position: the field expressions carry parameters, which PostgreSQL cannot match by text.
  const rows = await query<Record<string, unknown>>(
    db,
    sql`/* records.aggregate */ select ${sql.join(selects, sql`, `)} from ${source.from} where ${sql.join(where, sql` and `)}
        ${fields.length ? sql.raw(`group by ${fields.map((_, i) => i + 1).join(', ')} order by ${fields.map((_, i) => i + 1).join(', ')}`) : sql``}
        limit ${MAX_GROUPS + 1}`,
  );
  if (rows.length > MAX_GROUPS)
    bad('group_by', `more than ${MAX_GROUPS} groups: group by fewer fields or filter first`);
  return { items: rows, nextCursor: null, version };
}

export { RESERVED };
