import {
  type Executor,
  OBSERVATION_TABLE_SCHEMA,
  query,
  type RecordsQuery,
  recordsQuery,
  sql,
} from '@kho/schema';
import type { Principal } from '../../../lib/policy';
import { Problem } from '../../../lib/problems';
import { type DatasetRow, DOWNLOAD_FORMATS, findVisibleDataset } from '../../catalog/catalog.queries';
import { RESERVED, refuseProtoField } from '../../records/filters';
import { orderBy, parseSelect, parseSort, rowConditions } from '../../records/records.queries';
import { type FieldType, type RowSource, sourceFor } from '../../records/source';
import type { DatastoreSearchParams } from './contracts';
import { ACTION_PREFIX, notFound, validationError } from './envelope';

export const MAX_LIMIT = 1000;

const CKAN_TYPES: Record<FieldType, string> = {
  string: 'text',
  integer: 'int',
  number: 'numeric',
  boolean: 'bool',
  date: 'date',
  datetime: 'timestamp',
  geopoint: 'text',
  object: 'json',
  array: 'json',
};

/** A resource id is a dataset id, or `<dataset>.<format>` for one of its downloads. */
async function resolveResource(db: Executor, viewer: Principal, resourceId: string): Promise<DatasetRow> {
  const [datasetId = '', format, extra] = resourceId.split('.');
  const known = format === undefined || (extra === undefined && DOWNLOAD_FORMATS.some(([f]) => f === format));
  try {
    if (known && /^[a-z0-9-]{1,100}$/.test(datasetId)) return await findVisibleDataset(db, datasetId, viewer);
  } catch (err) {
    if (!(err instanceof Problem && err.status === 404)) throw err;
  }
  throw notFound(`Resource "${resourceId.slice(0, 150)}" was not found.`);
}

const asJson = (name: string, v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw validationError(name, 'must be JSON');
  }
};

/** CKAN's filters and q in the records module's terms: `field=eq:value`, `in:a,b`, `isnull:true`, `like:`. */
function recordsParams(p: DatastoreSearchParams, source: RowSource): RecordsQuery {
  // No prototype: a filter on "__proto__" or "toString" is an unknown field, not a member of Object.
  const out: Record<string, string | string[]> = Object.create(null);
  const add = (field: string, condition: string) => {
    if (RESERVED.has(field)) throw validationError('filters', `field "${field}" cannot be filtered here`);
    const prev = out[field];
    out[field] = prev === undefined ? condition : [...(Array.isArray(prev) ? prev : [prev]), condition];
  };
  const filters = asJson('filters', p.filters ?? {});
  if (!filters || typeof filters !== 'object' || Array.isArray(filters))
    throw validationError('filters', 'must be a JSON object of field → value or list of values');
  for (const [field, value] of Object.entries(filters)) {
    if (value === null) add(field, 'isnull:true');
    else if (Array.isArray(value)) {
      const values = value.map(String);
      if (!values.length || value.some((v) => v === null || typeof v === 'object' || String(v).includes(',')))
        throw validationError('filters', `"${field}": a list holds one or more plain values without commas`);
      add(field, `in:${values.join(',')}`);
    } else if (typeof value === 'object')
      throw validationError('filters', `"${field}": expected a value or a list`);
    else add(field, `eq:${String(value)}`);
  }
  const q = typeof p.q === 'string' && p.q.trim().startsWith('{') ? asJson('q', p.q) : p.q;
  if (q && typeof q === 'object') {
    for (const [field, words] of Object.entries(q as Record<string, unknown>)) {
      if (!source.field(field)) throw validationError('q', `no field "${field.slice(0, 100)}"`);
      add(field, `like:${String(words)}`);
    }
  }
  refuseProtoField(out);
  const parsed = recordsQuery.safeParse({
    ...out,
    limit: String(MAX_LIMIT),
    ...(typeof q === 'string' && q.trim() ? { q } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw validationError(issue.path[0] === 'q' ? 'q' : 'filters', issue.message);
  }
  return parsed.data;
}

/** "beds desc, name" → "-beds,name" (the records module's sort); _id asc is the built-in tiebreak. */
function recordsSort(sort: string | undefined): string | undefined {
  if (!sort) return undefined;
  const parts = sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^"?([^"]+?)"?(?:\s+(asc|desc))?$/i.exec(part);
      if (!m) throw validationError('sort', `cannot understand "${part.slice(0, 60)}"`);
      if (m[1] === '_id' && (m[2] ?? 'asc').toLowerCase() === 'asc') return '';
      return `${m[2]?.toLowerCase() === 'desc' ? '-' : ''}${m[1]}`;
    })
    .filter(Boolean);
  return parts.join(',') || undefined;
}

const fieldsList = (fields: DatastoreSearchParams['fields']) =>
  fields === undefined ? undefined : Array.isArray(fields) ? fields.join(',') : fields;

/** The records module's 400s name its own parameters; CKAN clients know theirs. */
function inCkanTerms(err: unknown): never {
  if (err instanceof Problem && err.status === 400) {
    const parameter = err.errors?.[0]?.parameter ?? '';
    const field =
      parameter === 'select' ? 'fields' : parameter === 'sort' || parameter === 'q' ? parameter : 'filters';
    throw validationError(field, err.errors?.[0]?.message ?? err.detail);
  }
  throw err;
}

function links(p: DatastoreSearchParams, limit: number) {
  const params = new URLSearchParams({ resource_id: p.resource_id, limit: String(limit) });
  if (p.filters !== undefined)
    params.set('filters', typeof p.filters === 'string' ? p.filters : JSON.stringify(p.filters));
  if (p.q !== undefined) params.set('q', typeof p.q === 'string' ? p.q : JSON.stringify(p.q));
  const fields = fieldsList(p.fields);
  if (fields) params.set('fields', fields);
  if (p.sort) params.set('sort', p.sort);
  const start = `${ACTION_PREFIX}/datastore_search?${params}`;
  params.set('offset', String(p.offset + limit));
  return { start, next: `${ACTION_PREFIX}/datastore_search?${params}` };
}

/**
 * datastore_search over a dataset's rows: the records module's typed filters, search and sort
 * (a wrong field or value is a Validation Error), read at an offset as CKAN pages.
 */
export async function datastoreSearch(db: Executor, viewer: Principal, p: DatastoreSearchParams) {
  const d = await resolveResource(db, viewer, p.resource_id);
  const source = sourceFor(d);
  const limit = Math.min(p.limit, MAX_LIMIT);
  const dictionary = new Map(
    (d.table_schema?.fields.length ? d.table_schema : OBSERVATION_TABLE_SCHEMA).fields.map((f) => [
      f.name,
      f,
    ]),
  );
  let rows: Record<string, unknown>[];
  let total: number | undefined;
  let names: string[];
  try {
    const params = recordsParams(p, source);
    const keys = parseSort(source, recordsSort(p.sort));
    names = parseSelect(source, fieldsList(p.fields)) ?? ['_id', ...source.fields.map((f) => f.name)];
    const where = sql.join(rowConditions(source, params, d.version, true), sql` and `);
    [rows, total] = await Promise.all([
      query<Record<string, unknown>>(
        db,
        sql`/* ckan.datastore */ select ${source.columns} from ${source.from} where ${where}
            order by ${orderBy(keys)} limit ${limit} offset ${p.offset}`,
      ),
      p.include_total
        ? query<{ n: number }>(
            db,
            sql`/* ckan.datastore.total */ select count(*)::int as n from ${source.from} where ${where}`,
          ).then((r) => r[0]!.n)
        : Promise.resolve(undefined),
    ]);
  } catch (err) {
    inCkanTerms(err);
  }
  const records = rows.map((row) => {
    const item = source.toItem(row);
    return Object.fromEntries(
      names.map((n) => [n, n === '_id' ? Number(item._id) : ckanValue(item[n], source.field(n)?.type)]),
    );
  });
  const fields = names.map((n) => {
    if (n === '_id') return { id: '_id', type: 'int' };
    const f = dictionary.get(n);
    const info = {
      ...(f?.title ? { label: f.title } : {}),
      ...(f?.description ? { notes: f.description } : {}),
    };
    return { id: n, type: CKAN_TYPES[source.field(n)!.type], ...(Object.keys(info).length ? { info } : {}) };
  });
  return {
    dataset: d,
    result: {
      resource_id: p.resource_id,
      fields,
      records,
      records_format: 'objects' as const,
      limit,
      offset: p.offset,
      ...(total !== undefined ? { total, total_was_estimated: false } : {}),
      include_total: p.include_total,
      _links: links(p, limit),
    },
  };
}

/** Numbers as numbers and dates as ISO dates, whatever the driver returned. */
function ckanValue(v: unknown, type: FieldType | undefined): unknown {
  if (v === null || v === undefined) return null;
  if ((type === 'number' || type === 'integer') && typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  if (v instanceof Date) return type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  return v;
}
