import { foldForSearch } from '@kho/ingest';
import {
  type Executor,
  OBSERVATION_TABLE_SCHEMA,
  type Observation,
  observationsQuery,
  type RecordsQuery,
  recordsQuery,
  type TableSchemaInput,
  todayInVietnam,
} from '@kho/schema';
import type { Principal } from '../../lib/policy';
import { Problem } from '../../lib/problems';
import { findAreaVersion } from '../../modules/areas/areas.queries';
import type { DatasetRow } from '../../modules/catalog/catalog.queries';
import { listIndicators, listObservations } from '../../modules/observations/observations.queries';
import { refuseProtoField } from '../../modules/records/filters';
import { listRecords } from '../../modules/records/records.queries';
import { sourceFor } from '../../modules/records/source';
import { listVersions } from '../../modules/versions/versions.queries';
import { one, type Query } from '../context';

/** Portal-only parameters; every other parameter is the REST records grammar. */
export const PORTAL_PARAMS = new Set(['lang', '_field', '_op', '_value', '_chart', 'limit']);
const NOT_IN_PREVIEW = new Set(['group_by', 'agg', 'select', 'total', 'bbox', 'near', 'bom']);
export const PREVIEW_ROWS = 20;
const MAX_POINTS = 1000;
const MAX_OBSERVATIONS = 1000;

/** The preview's REST parameters: the query as is, plus the filter form's field/op/value. */
export function previewParams(query: Query): Record<string, string | string[]> {
  // No prototype: a _field of "__proto__" or "toString" is an unknown field, not a member of Object.
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of Object.entries(query)) {
    if (PORTAL_PARAMS.has(k) || NOT_IN_PREVIEW.has(k) || v === undefined || v === '') continue;
    out[k] = v;
  }
  const field = one(query, '_field');
  const op = one(query, '_op') ?? 'eq';
  const value = typeof query._value === 'string' ? query._value : undefined;
  if (field && value !== undefined && (value !== '' || op === 'isnull')) {
    const filter = `${op}:${op === 'isnull' && !value ? 'true' : value}`;
    const had = out[field];
    out[field] = had === undefined ? filter : [...(Array.isArray(had) ? had : [had]), filter];
  }
  return out;
}

export const dictionaryOf = (row: DatasetRow): TableSchemaInput =>
  row.kind === 'indicators' ? OBSERVATION_TABLE_SCHEMA : (row.table_schema ?? { fields: [] });

const LAT = new Set(['lat', 'latitude', 'vi do', 'y']);
const LON = new Set(['lon', 'lng', 'long', 'longitude', 'kinh do', 'x']);
const NAME = ['name', 'ten', 'ten co so', 'title'];

/** The fields that place a row on the map, as the loader recognises them. */
export function placeFields(schema: TableSchemaInput) {
  const find = (set: Set<string>) =>
    schema.fields.find((f) => set.has(foldForSearch(f.name)) && (f.type === 'number' || f.type === 'integer'))
      ?.name;
  const lat = find(LAT);
  const lon = find(LON);
  const name =
    schema.fields.find((f) => NAME.includes(foldForSearch(f.name)))?.name ??
    schema.fields.find((f) => f.type === 'string')?.name;
  return lat && lon ? { lat, lon, name } : null;
}

/** The unit a dataset's area code named when its data ends (codes outlive reforms). */
function spatialAt(row: DatasetRow): string | undefined {
  const end = row.temporal_end ?? row.temporal_start;
  return end && end < todayInVietnam() ? end : undefined;
}

type Page = Awaited<ReturnType<typeof listRecords>>;

/** Problems in the asked-for filters become a message in the preview, not an error page. */
async function preview(
  db: Executor,
  row: DatasetRow,
  params: Record<string, string | string[]>,
  limit: number,
) {
  const parsed = recordsQuery.safeParse({ ...params, limit });
  if (!parsed.success)
    return {
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '),
    };
  try {
    refuseProtoField(params);
    return { page: await listRecords(db, sourceFor(row), row, parsed.data) };
  } catch (err) {
    if (err instanceof Problem && err.status < 500) return { error: err.detail };
    throw err;
  }
}

export interface DatasetPageData {
  indicators: Awaited<ReturnType<typeof listIndicators>>['items'];
  /** inForce: the unit still exists (the bundled boundaries only know the units before 2025). */
  spatial: { code: string; name: string; inForce: boolean; at?: string } | null;
  versions: Awaited<ReturnType<typeof listVersions>>['items'];
  preview: { page?: Page; error?: string };
  observations: Observation[];
  points: { lat: number; lon: number; label: string }[];
}

/** Every block of a dataset page, each one database round trip, all at once. */
export async function loadDatasetPage(
  db: Executor,
  row: DatasetRow,
  viewer: Principal,
  query: Query,
): Promise<DatasetPageData> {
  const limit = Math.min(100, Math.max(1, Number(one(query, 'limit')) || PREVIEW_ROWS));
  const place = row.kind === 'table' ? placeFields(dictionaryOf(row)) : null;
  const chart = one(query, '_chart');
  const obsQuery = observationsQuery.safeParse({
    dataset: row.id,
    limit: String(MAX_OBSERVATIONS),
    ...(chart && /^[a-z0-9][a-z0-9._-]{0,119}$/.test(chart) ? { indicator: chart } : {}),
  });
  const [indicators, spatial, versions, rows, observations, points] = await Promise.all([
    row.kind === 'indicators'
      ? listIndicators(db, { dataset: row.id, limit: 500 }, viewer).then((r) => r.items)
      : Promise.resolve([]),
    row.spatial_code ? findAreaVersion(db, row.spatial_code, spatialAt(row)) : Promise.resolve(undefined),
    listVersions(db, row).then((r) => r.items),
    preview(db, row, previewParams(query), limit),
    row.kind === 'indicators' && obsQuery.success
      ? listObservations(db, obsQuery.data, viewer).then((r) => r.items)
      : Promise.resolve([]),
    place
      ? listRecords(db, sourceFor(row), row, {
          limit: MAX_POINTS,
          select: [place.lat, place.lon, place.name].filter(Boolean).join(','),
          [place.lat]: 'isnull:false',
          [place.lon]: 'isnull:false',
        } as RecordsQuery).then((r) =>
          r.items.map((it) => ({
            lat: Number(it[place.lat]),
            lon: Number(it[place.lon]),
            label: place.name ? String(it[place.name] ?? '') : '',
          })),
        )
      : Promise.resolve([]),
  ]);
  return {
    indicators,
    spatial: spatial
      ? {
          code: spatial.code,
          name: spatial.name,
          inForce: spatial.valid_to === null,
          ...(spatialAt(row) ? { at: spatialAt(row) } : {}),
        }
      : null,
    versions,
    preview: rows,
    observations,
    points: points.filter((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180),
  };
}
