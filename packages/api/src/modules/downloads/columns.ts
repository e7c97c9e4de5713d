import { type SQL, sql } from '@kho/schema';
import type { FieldType, RowSource } from '../records/source';

/** One column of a download: its header, its type and its value as SQL text and as JSON text. */
export interface OutColumn {
  name: string;
  type: FieldType | 'id';
  /** The value as text, null where missing (CSV cells). */
  text: SQL;
  /** The value as JSON text, 'null' where missing. */
  json: SQL;
}

/**
 * The columns of a download: the dataset's Table Schema in order (the observation fields for
 * an indicator dataset), or the `select` list in its order. The internal `_id` only when selected.
 */
export function outputColumns(source: RowSource, select: string[] | null): OutColumn[] {
  const names = select ?? source.fields.map((f) => f.name);
  return names.map((name): OutColumn => {
    if (name === '_id') return { name, type: 'id', text: sql`r.id::text`, json: sql`r.id::text` };
    const f = source.field(name)!;
    // A table's values straight from the stored JSON: the same values /records answers, no casts.
    if (source.kind === 'table')
      return {
        name,
        type: f.type,
        text: sql`(r.data->>${name})`,
        json: sql`coalesce((r.data->${name})::text, 'null')`,
      };
    return {
      name,
      type: f.type,
      text: sql`(${f.expr})::text`,
      json: sql`coalesce(to_json(${f.expr})::text, 'null')`,
    };
  });
}

/**
 * A JSON object as one text expression. Built by concatenation rather than json_build_object
 * or row_to_json: no 100-argument limit, no 63-byte truncation of field names, fields in order.
 */
export function jsonObject(columns: OutColumn[]): SQL {
  if (!columns.length) return sql`'{}'`;
  const parts = columns.map(
    (c, i) => sql`${`${i ? ',' : '{'}${JSON.stringify(c.name)}:`}::text || ${c.json}`,
  );
  return sql`(${sql.join(parts, sql` || `)} || '}')`;
}

/** A JSON array of the values (XLSX rows: parsed back in column order). */
export function jsonArray(columns: OutColumn[]): SQL {
  if (!columns.length) return sql`'[]'`;
  return sql`('[' || ${sql.join(
    columns.map((c) => c.json),
    sql` || ',' || `,
  )} || ']')`;
}

/**
 * A GeoJSON Feature: a Point from the row's coordinates, or for an indicator dataset the
 * centroid of its area (`a` is the areas join of the observation source); null geometry
 * where there is none, as RFC 7946 allows.
 */
export function geojsonFeature(source: RowSource, columns: OutColumn[]): SQL {
  const [lat, lon] =
    source.lat && source.lon
      ? [source.lat, source.lon]
      : source.kind === 'indicators'
        ? [sql`a.centroid_lat`, sql`a.centroid_lon`]
        : [null, null];
  const geometry =
    lat && lon
      ? sql`case when ${lat} is null or ${lon} is null then 'null'
          else '{"type":"Point","coordinates":[' || (${lon})::float8::text || ',' || (${lat})::float8::text || ']}' end`
      : sql`'null'`;
  return sql`('{"type":"Feature","geometry":' || ${geometry} || ',"properties":' || ${jsonObject(columns)} || '}')`;
}

/** RFC 4180 cell as COPY … (FORMAT csv) writes it: null is empty, an empty string is "". */
export function csvCell(value: string | null, onlyColumn = false): string {
  if (value === null) return '';
  if (value === '' || /[",\r\n]/.test(value) || (onlyColumn && value === '\\.'))
    return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function csvHeader(columns: OutColumn[]): string {
  return `${columns.map((c) => csvCell(c.name, columns.length === 1)).join(',')}\n`;
}
