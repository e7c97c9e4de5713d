import { foldForSearch } from '@kho/ingest';
import {
  type DatasetDetail,
  type DatasetSearchQuery,
  type DatasetSummary,
  type Executor,
  pgArray,
  query,
  queryOne,
  type SQL,
  sql,
  type TableSchemaInput,
} from '@kho/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type Access, type Principal, visibleDatasets } from '../../lib/policy';
import { NotFound } from '../../lib/problems';

export const DOWNLOAD_FORMATS = [
  ['csv', 'text/csv', 'CSV (UTF-8)'],
  ['json', 'application/json', 'JSON'],
  ['ndjson', 'application/x-ndjson', 'NDJSON (one JSON object per line)'],
  ['geojson', 'application/geo+json', 'GeoJSON'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel (XLSX)'],
] as const;

export type DatasetRow = {
  id: string;
  title: string;
  title_en: string | null;
  description: string;
  description_en: string | null;
  publisher_code: string;
  publisher_name: string;
  publisher_name_en: string;
  themes: string[];
  keywords: string[];
  access: Access;
  kind: 'indicators' | 'table';
  license: string;
  version: number;
  issued: string;
  modified: string;
  row_count: number;
  update_frequency: string | null;
  temporal_start: string | null;
  temporal_end: string | null;
  spatial_code: string | null;
  table_schema: TableSchemaInput | null;
  sources: { title: string; url?: string }[];
  contact_email: string | null;
  /** The row's tuple stamp (xmin): every update changes it (see open-datasets.ts). */
  row_xmin: string;
};

const COLUMNS = sql.raw(`d.id, d.title, d.title_en, d.description, d.description_en, d.publisher_code,
  p.name_vi as publisher_name, p.name_en as publisher_name_en, d.themes, d.keywords, d.access, d.kind, d.license,
  d.version, d.issued, d.modified, d.update_frequency, d.temporal_start, d.temporal_end, d.spatial_code,
  d.table_schema, d.sources, d.contact_email, d.xmin::text as row_xmin,
  coalesce((select v.row_count from dataset_versions v where v.dataset_id = d.id and v.version = d.version), 0) as row_count`);

const isoSeen = new Map<string, string>();
/**
 * Timestamps as ISO 8601 (PostgreSQL sends "2025-07-01 08:00:00+00"). A dataset's issued and
 * modified times are the same few strings on every request and parsing them was a twentieth of
 * a GraphQL dataset lookup's CPU: answers are remembered (at most 10,000, then forgotten at once).
 */
export const iso = (ts: string) => {
  let out = isoSeen.get(ts);
  if (out === undefined) {
    out = new Date(ts.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
    if (isoSeen.size >= 10_000) isoSeen.clear();
    isoSeen.set(ts, out);
  }
  return out;
};

export function toSummary(r: DatasetRow): DatasetSummary {
  return {
    id: r.id,
    title: r.title,
    titleEn: r.title_en,
    description: r.description,
    publisher: { code: r.publisher_code, name: r.publisher_name, nameEn: r.publisher_name_en },
    themes: r.themes,
    keywords: r.keywords,
    access: r.access,
    kind: r.kind,
    license: r.license,
    version: r.version,
    rowCount: r.row_count,
    issued: iso(r.issued),
    modified: iso(r.modified),
  };
}

/** Accent-insensitive: every word of the query must start a word of the dataset's text. */
export function textMatch(column: SQL, q: string): SQL {
  const words = foldForSearch(q).split(' ').filter(Boolean).slice(0, 10);
  if (!words.length) return sql`true`;
  return sql.join(
    words.map((w) => sql`(' ' || ${column}) like ${`% ${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
    sql` and `,
  );
}

function filters(q: Omit<DatasetSearchQuery, 'sort' | 'limit' | 'cursor'>, viewer: Principal): SQL[] {
  const where: SQL[] = [visibleDatasets(viewer), sql`d.retired_at is null`];
  if (q.q) where.push(textMatch(sql`d.search_text`, q.q));
  if (q.theme?.length) where.push(sql`d.themes && ${pgArray(q.theme)}::text[]`);
  if (q.publisher?.length) where.push(sql`d.publisher_code = any(${pgArray(q.publisher)}::text[])`);
  if (q.keyword) where.push(sql`${q.keyword} = any(d.keywords)`);
  if (q.access?.length) where.push(sql`d.access = any(${pgArray(q.access)}::text[])`);
  if (q.kind) where.push(sql`d.kind = ${q.kind}`);
  return where;
}

const ORDER: Record<DatasetSearchQuery['sort'], { key: string; dir: 'asc' | 'desc' }> = {
  '-modified': { key: 'modified', dir: 'desc' },
  modified: { key: 'modified', dir: 'asc' },
  title: { key: 'title', dir: 'asc' },
  '-title': { key: 'title', dir: 'desc' },
  id: { key: 'id', dir: 'asc' },
};

/** The cursor that resumes a catalog walk just after this dataset (Relay edges need one per item). */
export function datasetCursor(sort: DatasetSearchQuery['sort'], d: DatasetSummary): string {
  const key = ORDER[sort].key;
  return encodeCursor({ k: key === 'id' ? d.id : key === 'title' ? d.title : d.modified, id: d.id });
}

/** The catalog: visible datasets matching the filters, a keyset page of them, and facet counts. */
export async function searchDatasets(db: Executor, q: DatasetSearchQuery, viewer: Principal) {
  const where = filters(q, viewer);
  const order = ORDER[q.sort];
  const col = sql.raw(`d.${order.key}`);
  const page = [...where];
  if (q.cursor) {
    const c = decodeCursor(q.cursor, ['k', 'id']);
    const cmp = sql.raw(order.dir === 'desc' ? '<' : '>');
    const k = order.key === 'modified' ? sql`${c.k}::timestamptz` : sql`${c.k}`;
    page.push(
      order.key === 'id'
        ? sql`d.id > ${c.id}`
        : sql`(${col} ${cmp} ${k} or (${col} = ${k} and d.id > ${c.id}))`,
    );
  }
  const rows = await query<DatasetRow>(
    db,
    sql`/* catalog.search */ select ${COLUMNS} from datasets d join publishers p on p.code = d.publisher_code
        where ${sql.join(page, sql` and `)}
        order by ${col} ${sql.raw(order.dir)}, d.id asc limit ${q.limit + 1}`,
  );
  const facets = await query<{
    facet: 'theme' | 'publisher' | 'access' | 'total';
    value: string;
    count: number;
  }>(
    db,
    sql`/* catalog.facets */ with f as (select d.id, d.themes, d.publisher_code, d.access from datasets d where ${sql.join(where, sql` and `)})
        select 'total' as facet, '' as value, count(*)::int as count from f
        union all select 'theme', t, count(*)::int from f, unnest(f.themes) t group by t
        union all select 'publisher', publisher_code, count(*)::int from f group by publisher_code
        union all select 'access', access, count(*)::int from f group by access`,
  );
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const facet = (name: string) =>
    facets
      .filter((f) => f.facet === name)
      .map((f) => ({ value: f.value, count: f.count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return {
    items: items.map(toSummary),
    nextCursor:
      rows.length > q.limit && last
        ? encodeCursor({
            k: order.key === 'id' ? last.id : (last[order.key as 'title' | 'modified'] as string),
            id: last.id,
          })
        : null,
    total: facets.find((f) => f.facet === 'total')?.count ?? 0,
    facets: { theme: facet('theme'), publisher: facet('publisher'), access: facet('access') },
  };
}

/** One dataset row the viewer may see; a dataset they may not see does not exist for them (404, never 403). */
export async function findVisibleDataset(db: Executor, id: string, viewer: Principal): Promise<DatasetRow> {
  const row = await queryOne<DatasetRow>(
    db,
    sql`/* catalog.get */ select ${COLUMNS} from datasets d join publishers p on p.code = d.publisher_code
        where d.id = ${id} and d.retired_at is null and ${visibleDatasets(viewer)}`,
  );
  if (!row)
    throw new NotFound(
      'dataset-not-found',
      `There is no dataset "${id}". Search the catalog at /v1/datasets.`,
    );
  return row;
}

const SUMMARY_COLUMNS = sql.raw(`d.id, d.title, d.title_en, d.description, d.publisher_code,
  p.name_vi as publisher_name, p.name_en as publisher_name_en, d.themes, d.keywords, d.access, d.kind, d.license,
  d.version, d.issued, d.modified,
  coalesce((select v.row_count from dataset_versions v where v.dataset_id = d.id and v.version = d.version), 0) as row_count`);

/**
 * One dataset the viewer may see, as a summary (GraphQL's Dataset): the columns toSummary reads,
 * without the Table Schema, sources and the other detail JSON findVisibleDataset decodes. Null
 * when it does not exist or the viewer may not see it.
 */
export async function findVisibleDatasetSummary(
  db: Executor,
  id: string,
  viewer: Principal,
): Promise<DatasetSummary | null> {
  const row = await queryOne<DatasetRow>(
    db,
    sql`/* catalog.summary */ select ${SUMMARY_COLUMNS} from datasets d join publishers p on p.code = d.publisher_code
        where d.id = ${id} and d.retired_at is null and ${visibleDatasets(viewer)}`,
  );
  return row ? toSummary(row) : null;
}

export function distributions(baseUrl: string, id: string) {
  return DOWNLOAD_FORMATS.map(([format, mediaType, title]) => ({
    format,
    mediaType,
    title,
    url: `${baseUrl}/v1/datasets/${encodeURIComponent(id)}/download.${format}`,
  }));
}

export async function getDataset(
  db: Executor,
  id: string,
  viewer: Principal,
  baseUrl: string,
): Promise<DatasetDetail> {
  const r = await findVisibleDataset(db, id, viewer);
  const [spatial, indicators] = await Promise.all([
    r.spatial_code
      ? queryOne<{ code: string; name: string }>(
          db,
          sql`select code, name from areas where code = ${r.spatial_code} order by valid_to desc nulls first limit 1`,
        )
      : Promise.resolve(undefined),
    r.kind === 'indicators'
      ? query<{ code: string; name: string; name_en: string | null; unit: string }>(
          db,
          sql`/* catalog.datasetIndicators */ select i.code, i.name, i.name_en, i.unit from dataset_indicators di
              join indicators i on i.code = di.indicator_code where di.dataset_id = ${id} order by i.code`,
        )
      : Promise.resolve([]),
  ]);
  return {
    ...toSummary(r),
    descriptionEn: r.description_en,
    updateFrequency: r.update_frequency,
    temporal: { start: r.temporal_start, end: r.temporal_end },
    spatial: spatial ?? null,
    tableSchema: r.table_schema
      ? {
          fields: r.table_schema.fields,
          ...(r.table_schema.primaryKey ? { primaryKey: r.table_schema.primaryKey } : {}),
        }
      : null,
    sources: r.sources,
    contactEmail: r.contact_email,
    distributions: distributions(baseUrl, id),
    indicators: indicators.map((i) => ({ code: i.code, name: i.name, nameEn: i.name_en, unit: i.unit })),
  };
}

export async function listPublishers(db: Executor, viewer: Principal) {
  const rows = await query<{
    code: string;
    name_vi: string;
    name_en: string;
    sector: string;
    valid_from: string | null;
    valid_to: string | null;
    successor_code: string | null;
    datasets: number;
  }>(
    db,
    sql`/* catalog.publishers */ select p.code, p.name_vi, p.name_en, p.sector, p.valid_from, p.valid_to, p.successor_code,
          (select count(*)::int from datasets d where d.publisher_code = p.code and d.retired_at is null and ${visibleDatasets(viewer)}) as datasets
        from publishers p order by p.code`,
  );
  return {
    items: rows.map((p) => ({
      code: p.code,
      name: p.name_vi,
      nameEn: p.name_en,
      sector: p.sector,
      validFrom: p.valid_from,
      validTo: p.valid_to,
      successorCode: p.successor_code,
      datasetCount: p.datasets,
    })),
  };
}
