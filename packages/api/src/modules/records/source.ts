import { OBSERVATION_TABLE_SCHEMA, type SQL, sql, type TableSchemaInput } from '@kho/schema';

export type FieldType = TableSchemaInput['fields'][number]['type'];

export interface SourceField {
  name: string;
  type: FieldType;
  /** The field as a typed SQL expression (null where missing). */
  expr: SQL;
  /** Whether the field can be filtered with comparisons and sorted. */
  scalar: boolean;
}

/**
 * A dataset's rows as one relation, whichever table holds them: records (fields typed from
 * the JSON by the Table Schema) or observations (one row per value, with indicator and area
 * names). Records, downloads, CKAN's datastore_search and GraphQL all read through this.
 */
export interface RowSource {
  kind: 'table' | 'indicators';
  datasetId: string;
  /** FROM clause with the row alias `r`. */
  from: SQL;
  /** Columns selected for output, including `_id`. */
  columns: SQL;
  fields: SourceField[];
  field(name: string): SourceField | undefined;
  /** Text to search (already accent-folded). */
  searchText: SQL;
  areaCode: SQL;
  lat: SQL | null;
  lon: SQL | null;
  /** A selected row → the JSON item, fields in dictionary order. */
  toItem(row: Record<string, unknown>): Record<string, unknown>;
}

const CAST: Partial<Record<FieldType, string>> = {
  integer: 'numeric',
  number: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
};
const SCALAR = new Set<FieldType>(['string', 'integer', 'number', 'date', 'datetime', 'boolean']);

export function tableSource(datasetId: string, schema: TableSchemaInput): RowSource {
  const fields: SourceField[] = schema.fields.map((f) => {
    const text = sql`(r.data->>${f.name})`;
    const cast = CAST[f.type];
    return {
      name: f.name,
      type: f.type,
      expr: cast ? sql`${text}::${sql.raw(cast)}` : text,
      scalar: SCALAR.has(f.type),
    };
  });
  const byName = new Map(fields.map((f) => [f.name, f]));
  return {
    kind: 'table',
    datasetId,
    from: sql`records r`,
    columns: sql`r.id as _id, r.data`,
    fields,
    field: (n) => byName.get(n),
    searchText: sql`r.search_text`,
    areaCode: sql`r.area_code`,
    lat: sql`r.lat`,
    lon: sql`r.lon`,
    toItem: (row) => ({ _id: row._id, ...(row.data as Record<string, unknown>) }),
  };
}

const OBS_EXPR: Record<string, string> = {
  indicator: 'r.indicator_code',
  indicatorName: 'i.name',
  areaCode: 'r.area_code',
  areaName: 'a.name',
  periodStart: 'r.period_start',
  periodEnd: 'r.period_end',
  period: 'r.period_label',
  value: 'r.value',
  unit: 'i.unit',
  flag: 'r.flag',
  dimensions: 'r.dimensions',
  source: "(r.attributes->>'source')",
};

export function observationSource(datasetId: string): RowSource {
  const fields: SourceField[] = OBSERVATION_TABLE_SCHEMA.fields.map((f) => ({
    name: f.name,
    type: f.type,
    expr: sql.raw(OBS_EXPR[f.name]!),
    scalar: SCALAR.has(f.type),
  }));
  const byName = new Map(fields.map((f) => [f.name, f]));
  return {
    kind: 'indicators',
    datasetId,
    from: sql`observations r join indicators i on i.code = r.indicator_code join areas a on a.id = r.area_id`,
    columns: sql.raw(
      `r.id as _id, ${Object.entries(OBS_EXPR)
        .map(([k, e]) => `${e} as "${k}"`)
        .join(', ')}, r.attributes->>'quote' as quote`,
    ),
    fields,
    field: (n) => byName.get(n),
    searchText: sql`(i.search_text || ' ' || a.search_text)`,
    areaCode: sql`r.area_code`,
    lat: null,
    lon: null,
    toItem: (row) => {
      const item: Record<string, unknown> = { _id: row._id };
      for (const f of OBSERVATION_TABLE_SCHEMA.fields) item[f.name] = row[f.name] ?? null;
      return item;
    },
  };
}

const sources = new Map<string, { schema: string; source: RowSource }>();

/**
 * The row source of a dataset, built once per dataset and Table Schema (building one makes
 * two SQL fragments per field: a tenth of a records page's CPU when it was done per request).
 */
export function sourceFor(d: {
  id: string;
  kind: 'indicators' | 'table';
  table_schema: TableSchemaInput | null;
}): RowSource {
  // A source depends on the fields' names and types only.
  let schema = '';
  if (d.kind === 'table')
    for (const f of d.table_schema?.fields ?? []) schema += `${f.name}\u0000${f.type}\u0000`;
  const hit = sources.get(d.id);
  if (hit && hit.schema === schema && hit.source.kind === d.kind) return hit.source;
  const source =
    d.kind === 'indicators' ? observationSource(d.id) : tableSource(d.id, d.table_schema ?? { fields: [] });
  if (sources.size >= 1000) sources.clear();
  sources.set(d.id, { schema, source });
  return source;
}
