import {
  type Executor,
  type Observation,
  type ObservationsQuery,
  pgArray,
  query,
  rowsOf,
  type SQL,
  sql,
} from '@kho/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type Principal, visibleDatasets } from '../../lib/policy';
import { BadRequest } from '../../lib/problems';
import { textMatch } from '../catalog/catalog.queries';
import { type Note, toCurrentBoundaries } from './boundaries';

export type ObservationRow = {
  id: number;
  indicator: string;
  indicator_name: string;
  unit: string;
  additive: boolean;
  area_id: number;
  area_code: string;
  area_name: string;
  area_level: Observation['areaLevel'];
  period_start: string;
  period_end: string;
  period_label: string | null;
  granularity: string;
  value: number;
  flag: string | null;
  dimensions: Record<string, string>;
  dimensions_key: string;
  dataset: string;
  source: string | null;
};

export const toObservation = (r: ObservationRow): Observation => ({
  indicator: r.indicator,
  indicatorName: r.indicator_name,
  unit: r.unit,
  areaCode: r.area_code,
  areaName: r.area_name,
  areaLevel: r.area_level,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  period: r.period_label,
  granularity: r.granularity,
  value: r.value,
  flag: r.flag,
  dimensions: r.dimensions,
  dataset: r.dataset,
  source: r.source,
});

const COLUMNS = sql.raw(`o.id, o.indicator_code as indicator, i.name as indicator_name, i.unit, i.additive,
  o.area_id, o.area_code, a.name as area_name, a.level as area_level, o.period_start, o.period_end, o.period_label,
  o.granularity, o.value, o.flag, o.dimensions, o.dimensions_key, o.dataset_id as dataset, o.attributes->>'source' as source`);

const FROM = sql.raw(`observations o join datasets d on d.id = o.dataset_id
  join indicators i on i.code = o.indicator_code join areas a on a.id = o.area_id`);

const startOf = (p: string) => (p.length === 4 ? `${p}-01-01` : p.length === 7 ? `${p}-01` : p);
function endOf(p: string): string {
  if (p.length === 4) return `${p}-12-31`;
  if (p.length === 7) {
    const [y, m] = p.split('-').map(Number) as [number, number];
    return `${p}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  }
  return p;
}

/** The current observations of visible datasets matching the filters. */
export function observationConditions(q: ObservationsQuery, viewer: Principal): SQL[] {
  const where: SQL[] = [sql`o.version_to is null`, visibleDatasets(viewer), sql`d.retired_at is null`];
  if (q.dataset) where.push(sql`o.dataset_id = ${q.dataset}`);
  if (q.indicator?.length) where.push(sql`o.indicator_code = any(${pgArray(q.indicator)}::text[])`);
  if (q.area) {
    where.push(
      q.descendants === 'true'
        ? sql`o.area_code in (with recursive below(code) as (select ${q.area}::text union
              select x.code from areas x join below b on x.parent_code = b.code) select code from below)`
        : sql`o.area_code = ${q.area}`,
    );
  }
  if (q.level) where.push(sql`a.level = ${q.level}`);
  if (q.period_from) where.push(sql`o.period_end >= ${startOf(q.period_from)}::date`);
  if (q.period_to) where.push(sql`o.period_start <= ${endOf(q.period_to)}::date`);
  if (q.flag) where.push(q.flag === 'none' ? sql`o.flag is null` : sql`o.flag = ${q.flag}`);
  for (const [k, v] of Object.entries(q)) {
    if (!k.startsWith('dim.')) continue;
    const name = k.slice(4);
    if (!/^[A-Za-z][\w-]{0,49}$/.test(name)) {
      throw new BadRequest('invalid-parameter', `${k}: not a dimension name`, [
        { parameter: k, message: 'not a dimension name' },
      ]);
    }
    where.push(sql`o.dimensions->>${name} = ${String(v)}`);
  }
  return where;
}

function rejectUnknown(q: ObservationsQuery) {
  const known = new Set([
    'dataset',
    'indicator',
    'area',
    'descendants',
    'level',
    'period_from',
    'period_to',
    'flag',
    'boundaries',
    'format',
    'limit',
    'cursor',
  ]);
  for (const k of Object.keys(q)) {
    if (!known.has(k) && !k.startsWith('dim.')) {
      throw new BadRequest(
        'invalid-parameter',
        `${k}: unknown parameter; dimension filters are written dim.<name>=<value>`,
        [{ parameter: k, message: 'unknown parameter' }],
      );
    }
  }
}

/** A cap for boundaries=current, which aggregates the whole filtered set at once. */
export const MAX_REAGGREGATE = 50_000;

/** A page of observations: the cursor after each item for GraphQL's edges, notes from boundaries=current. */
export interface ObservationsPage {
  items: Observation[];
  nextCursor: string | null;
  cursors: string[];
  notes?: Note[];
}

export async function listObservations(
  db: Executor,
  q: ObservationsQuery,
  viewer: Principal,
): Promise<ObservationsPage> {
  if (q.boundaries !== 'current') {
    const page = observationsPageQuery(q, viewer);
    return page.read(await db.execute(page.statement));
  }
  rejectUnknown(q);
  const where = observationConditions(q, viewer);
  const rows = await query<ObservationRow>(
    db,
    sql`/* observations.all */ select ${COLUMNS} from ${FROM} where ${sql.join(where, sql` and `)}
        order by o.indicator_code, o.period_start, o.area_code, o.id limit ${MAX_REAGGREGATE + 1}`,
  );
  if (rows.length > MAX_REAGGREGATE) {
    throw new BadRequest(
      'too-many-observations',
      `boundaries=current works on up to ${MAX_REAGGREGATE} observations at a time: filter by indicator, area or period.`,
    );
  }
  const { items, notes } = await toCurrentBoundaries(db, rows);
  const offset = q.cursor ? Number(decodeCursor(q.cursor, ['o']).o) : 0;
  const page = items.slice(offset, offset + q.limit);
  return {
    items: page,
    nextCursor: offset + q.limit < items.length ? encodeCursor({ o: offset + q.limit }) : null,
    notes,
    cursors: page.map((_, i) => encodeCursor({ o: offset + i + 1 })),
  };
}

/**
 * A page of observations (not `boundaries=current`) as its statement and the function that makes
 * the page from what the driver answers, both synchronous: REST awaits the driver's query in its
 * handler, as the bare reference server does, rather than through query() and listObservations().
 * Why it matters (docs/benchmarks.md, "REST observations and the young generation"): under load
 * a request outlives a young-generation collection, so objects made when it began (the driver's
 * query, async frames) are promoted; the answer then stored in them keeps the page's rows alive
 * through later scavenges until a full collection. Fewer holders and an emptied answer (below)
 * mean fewer rows copied and promoted.
 */
export function observationsPageQuery(q: ObservationsQuery, viewer: Principal) {
  rejectUnknown(q);
  const where = observationConditions(q, viewer);
  if (q.cursor) {
    const c = decodeCursor(q.cursor, ['i', 'p', 'a', 'id']);
    where.push(
      sql`(o.indicator_code, o.period_start, o.area_code, o.id) > (${c.i}, ${c.p}::date, ${c.a}, ${c.id}::bigint)`,
    );
  }
  const statement = sql`/* observations.page */ select ${COLUMNS} from ${FROM} where ${sql.join(where, sql` and `)}
        order by o.indicator_code, o.period_start, o.area_code, o.id limit ${q.limit + 1}`;
  const read = (result: unknown): ObservationsPage => {
    const rows = rowsOf<ObservationRow>(result);
    const n = Math.min(rows.length, q.limit);
    const items = new Array<Observation>(n);
    const ids = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      items[i] = toObservation(rows[i]!);
      ids[i] = rows[i]!.id;
    }
    const nextCursor = rows.length > q.limit && n ? observationCursor(items[n - 1]!, ids[n - 1]!) : null;
    // Only the items and row ids outlive this function, and the driver's answer is emptied: the
    // query object that holds it, alive since the request began, is often in the old generation
    // by now and would keep every row and column string alive through young collections until
    // the next full one (measured: 1.23 → 0.89 MB surviving each scavenge).
    rows.length = 0;
    let cursors: string[] | undefined;
    return {
      items,
      nextCursor,
      /** The cursor after each item (GraphQL edges), encoded when first read: REST answers never read it. */
      get cursors(): string[] {
        cursors ??= items.map((o, i) => observationCursor(o, ids[i]!));
        return cursors;
      },
    };
  };
  return { statement, read };
}

const observationCursor = (o: Observation, id: number) =>
  encodeCursor({ i: o.indicator, p: o.periodStart, a: o.areaCode, id });

export async function listIndicators(
  db: Executor,
  q: { q?: string; dataset?: string; limit: number; cursor?: string; code?: string },
  viewer: Principal,
) {
  const where: SQL[] = [visibleDatasets(viewer), sql`d.retired_at is null`];
  if (q.code) where.push(sql`i.code = ${q.code}`);
  if (q.dataset) where.push(sql`di.dataset_id = ${q.dataset}`);
  if (q.q) where.push(textMatch(sql`i.search_text`, q.q));
  if (q.cursor) where.push(sql`i.code > ${String(decodeCursor(q.cursor, ['c']).c)}`);
  // An indicator exists for a principal only through a dataset it may see.
  const rows = await query<{
    code: string;
    name: string;
    name_en: string | null;
    unit: string;
    additive: boolean;
    datasets: string[];
    observations: number;
    period_start: string;
    period_end: string;
    area_levels: string | null;
  }>(
    db,
    sql`/* indicators.list */ select i.code, i.name, i.name_en, i.unit, i.additive,
          array_agg(distinct di.dataset_id order by di.dataset_id) as datasets, sum(di.observations)::int as observations,
          min(di.period_start) as period_start, max(di.period_end) as period_end,
          string_agg(array_to_string(di.area_levels, ','), ',') as area_levels
        from indicators i join dataset_indicators di on di.indicator_code = i.code join datasets d on d.id = di.dataset_id
        where ${sql.join(where, sql` and `)}
        group by i.code order by i.code limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      unit: r.unit,
      additive: r.additive,
      datasets: r.datasets,
      observations: r.observations,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      areaLevels: [...new Set((r.area_levels ?? '').split(',').filter(Boolean))].sort(),
    })),
    nextCursor: rows.length > q.limit ? encodeCursor({ c: page[page.length - 1]!.code }) : null,
  };
}

/** The keys of an Observation (toObservation's shape) and the SQL that gives each. */
const OBSERVATION_KEYS = {
  indicator: 'o.indicator_code',
  indicatorName: 'i.name',
  unit: 'i.unit',
  areaCode: 'o.area_code',
  areaName: 'a.name',
  areaLevel: 'a.level',
  periodStart: 'o.period_start',
  periodEnd: 'o.period_end',
  period: 'o.period_label',
  granularity: 'o.granularity',
  value: 'o.value',
  flag: 'o.flag',
  dimensions: 'o.dimensions',
  dataset: 'o.dataset_id',
  source: "o.attributes->>'source'",
} as const;
export type ObservationKey = keyof typeof OBSERVATION_KEYS;

/** Observations as JSON built by PostgreSQL, with the given keys of toObservation's shape. */
const observationJson = (keys: readonly ObservationKey[]) =>
  sql.raw(`json_build_object(${keys.map((k) => `'${k}', ${OBSERVATION_KEYS[k]}`).join(', ')})`);
const ALL_KEYS = Object.keys(OBSERVATION_KEYS) as ObservationKey[];

/**
 * Observations of many area versions at once (GraphQL Area.observations): one statement per
 * batch. Each version is given with its code: the rows are found by (indicator, area code,
 * period) through the index that serves REST's observations, then kept to the version's id
 * (by id alone PostgreSQL read every period of the area before the asked ones: 0.9 s on 1M rows).
 * Each area's observations come as one JSON array (one JSON.parse instead of decoding 15
 * columns of every row), in toObservation's shape, with only the keys asked for (default all).
 */
export async function observationsForAreas(
  db: Executor,
  areas: { id: number; code: string }[],
  f: {
    indicator?: string | null;
    periodFrom?: string | null;
    periodTo?: string | null;
    limitPerArea: number;
  },
  viewer: Principal,
  keys: readonly ObservationKey[] = ALL_KEYS,
): Promise<Map<number, Observation[]>> {
  const where: SQL[] = [
    sql`o.version_to is null`,
    visibleDatasets(viewer),
    sql`d.retired_at is null`,
    sql`o.area_id = any(${pgArray(areas.map((a) => a.id))}::int[])`,
    sql`o.area_code = any(${pgArray([...new Set(areas.map((a) => a.code))])}::text[])`,
  ];
  if (f.indicator) where.push(sql`o.indicator_code = ${f.indicator}`);
  if (f.periodFrom) where.push(sql`o.period_end >= ${startOf(f.periodFrom)}::date`);
  if (f.periodTo) where.push(sql`o.period_start <= ${endOf(f.periodTo)}::date`);
  const rows = await query<{ area_id: number; items: Observation[] | string }>(
    db,
    sql`/* observations.forAreas */ select area_id, json_agg(item order by rn) as items from (
          select o.area_id, ${observationJson(keys.length ? keys : ['value'])} as item,
            row_number() over (partition by o.area_id order by o.indicator_code, o.period_start, o.id) as rn
          from ${FROM} where ${sql.join(where, sql` and `)}) x
        where rn <= ${f.limitPerArea} group by area_id`,
  );
  const out = new Map<number, Observation[]>();
  for (const r of rows)
    out.set(Number(r.area_id), typeof r.items === 'string' ? JSON.parse(r.items) : r.items);
  return out;
}
