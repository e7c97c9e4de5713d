import { type Executor, pgArray, query, type SQL, sql } from '@kho/schema';
import { type Principal, visibleDatasets } from '../../lib/policy';
import type { DatasetRow } from '../catalog/catalog.queries';

/** A catalog row with what harvesters also want: the publisher's own contact. */
export type StandardsRow = DatasetRow & { publisher_email: string | null; publisher_url: string | null };

const COLUMNS = sql.raw(`d.id, d.title, d.title_en, d.description, d.description_en, d.publisher_code,
  p.name_vi as publisher_name, p.name_en as publisher_name_en, p.email as publisher_email, p.url as publisher_url,
  d.themes, d.keywords, d.access, d.kind, d.license, d.version, d.issued, d.modified, d.update_frequency,
  d.temporal_start, d.temporal_end, d.spatial_code, d.table_schema, d.sources, d.contact_email,
  coalesce((select v.row_count from dataset_versions v where v.dataset_id = d.id and v.version = d.version), 0) as row_count`);

export interface RowsFilter {
  /** Only these datasets (in any order; the answer follows `ids`). */
  ids?: string[];
  /** Changed at or after this instant. */
  modifiedSince?: string;
  limit?: number;
  offset?: number;
}

/**
 * Full rows of the datasets this principal may see, newest change first (or in the order of
 * `ids`), with the total. Visibility is the policy's condition, as in every other surface.
 */
export async function visibleDatasetRows(
  db: Executor,
  viewer: Principal,
  f: RowsFilter,
): Promise<{ rows: StandardsRow[]; total: number; latest: string | null }> {
  const where: SQL[] = [visibleDatasets(viewer), sql`d.retired_at is null`];
  if (f.ids) where.push(sql`d.id = any(${pgArray(f.ids)}::text[])`);
  if (f.modifiedSince) where.push(sql`d.modified >= ${f.modifiedSince}::timestamptz`);
  const cond = sql.join(where, sql` and `);
  const [rows, count] = await Promise.all([
    query<StandardsRow>(
      db,
      sql`/* standards.datasets */ select ${COLUMNS} from datasets d join publishers p on p.code = d.publisher_code
          where ${cond} order by d.modified desc, d.id
          ${f.limit !== undefined ? sql`limit ${f.limit} offset ${f.offset ?? 0}` : sql``}`,
    ),
    f.ids
      ? Promise.resolve(undefined)
      : query<{ n: number; latest: string | null }>(
          db,
          sql`/* standards.count */ select count(*)::int as n, max(d.modified)::text as latest from datasets d where ${cond}`,
        ),
  ]);
  if (f.ids) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = f.ids.map((id) => byId.get(id)).filter((r): r is StandardsRow => !!r);
    return { rows: ordered, total: ordered.length, latest: null };
  }
  return { rows, total: count?.[0]?.n ?? 0, latest: count?.[0]?.latest ?? null };
}

export interface AreaVersion {
  code: string;
  name: string;
  name_en: string | null;
  valid_from: string | null;
  valid_to: string | null;
  centroid_lat: number | null;
  centroid_lon: number | null;
}

/** Every validity period of these area codes (codes are reused across the 2025 reform). */
export async function areaVersions(db: Executor, codes: string[]): Promise<AreaVersion[]> {
  if (!codes.length) return [];
  return query<AreaVersion>(
    db,
    sql`/* standards.areas */ select code, name, name_en, valid_from::text as valid_from, valid_to::text as valid_to,
          centroid_lat, centroid_lon from areas where code = any(${pgArray([...new Set(codes)])}::text[])`,
  );
}

/**
 * The unit a dataset covers: the one with its code in force at the end of its period (a 2022
 * dataset on code 52 is Bình Định, not today's Gia Lai), else the current one.
 */
export function areaAt(versions: AreaVersion[], code: string, date: string | null): AreaVersion | undefined {
  const same = versions.filter((v) => v.code === code);
  const inForce = (at: string) =>
    same.find(
      (v) => (v.valid_from === null || v.valid_from <= at) && (v.valid_to === null || v.valid_to > at),
    );
  return (date ? inForce(date) : undefined) ?? same.find((v) => v.valid_to === null) ?? same[0];
}
