import fc from 'fast-check';
import { anyJson, asParam, encode, fromSchema, hostileString, type JsonSchema } from './arbitraries';
import type { Operation, Parameter } from './openapi';

/** Real values of the warehouse under test, so generated requests reach past the 404s. */
export interface Domain {
  datasets: string[];
  fields: string[];
  areas: string[];
  indicators: string[];
  subscriptions: string[];
  /** The bearer key used for write operations (and now and then for reads). */
  key: string;
}

export interface GeneratedRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  payload?: string;
  op: Operation;
}

const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'like', 'isnull', 'between', 'EQ', ''];
const UPLOAD_TYPES = [
  'text/csv',
  'application/json',
  'application/x-ndjson',
  'text/plain',
  'application/octet-stream',
  'image/png',
];

function domainValues(name: string, op: Operation, d: Domain): string[] {
  if (name === 'id' && op.path.includes('/datasets/{id}'))
    return op.method === 'DELETE' ? ['fz-nothing'] : d.datasets;
  if (name === 'id' && op.path.startsWith('/v1/ingests'))
    return ['1', '2', '3', '5', '8', '13', '0', '99999'];
  if (name === 'id' && op.path.startsWith('/v1/subscriptions'))
    return [...d.subscriptions, '00000000-0000-0000-0000-000000000000'];
  if (name === 'name' && op.path.endsWith('/help_show'))
    return ['package_show', 'package_search', 'datastore_search', 'nope'];
  if (name === 'id' || name === 'resource_id' || name === 'dataset') return d.datasets;
  if (name === 'code' && op.path.includes('indicators')) return d.indicators;
  if (name === 'code' || name === 'area' || name === 'parent') return d.areas;
  if (name === 'indicator') return d.indicators;
  if (name === 'from' || name === 'to') return ['0', '1', '2'];
  if (name === 'range') return ['1..2', '0..1', '1..1', '2..1', '1..999999', 'a..b', '1...2', '-1..2'];
  if (name === 'select' || name === 'sort' || name === 'group_by' || name === 'fields')
    return [...d.fields, d.fields.slice(0, 3).join(','), `-${d.fields[0] ?? 'name'}`, '_id'];
  if (name === 'agg')
    return ['count', `sum:${d.fields[0] ?? 'beds'}`, `avg:${d.fields[1] ?? 'x'}`, 'max:', 'sum:name,count'];
  if (name === 'bbox') return ['109,13,110,14', '109.2,13.7,109.3,13.8', '1,2,3', '200,100,-200,-100'];
  if (name === 'near') return ['13.77,109.22,1000', '13.77,109.22,0', '91,0,1', '13,109,-5', '13,109,1e12'];
  if (name === 'filters')
    return ['{"type":"clinic"}', '{"x":[1,2]}', '{', '[]', '{"name":"Phường Nhơn Bình"}'];
  if (name === 'fq')
    return ['organization:syt', 'tags:y-te', 'res_format:CSV', 'x:"a b"', 'metadata_modified:[* TO NOW]'];
  return [];
}

/** A parameter's value: a real one, one valid for its schema, or (unless `clean`) a hostile one. */
function paramValue(
  p: Parameter,
  op: Operation,
  d: Domain,
  root: Record<string, JsonSchema>,
  clean: boolean,
) {
  const real = [...domainValues(p.name, op, d), ...(p.example !== undefined ? [asParam(p.example)] : [])];
  return fc.oneof(
    { weight: real.length ? 4 : 0, arbitrary: real.length ? fc.constantFrom(...real) : fc.constant('') },
    { weight: 3, arbitrary: fromSchema(p.schema, root).map(asParam) },
    { weight: clean ? 0 : 3, arbitrary: hostileString },
  );
}

const filterArb = (d: Domain) =>
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...d.fields, 'name', 'beds'), hostileString),
      fc.constantFrom(...OPS),
      fc.oneof(hostileString, fc.constantFrom('100', 'clinic', 'hospital,clinic', 'true', '')),
    )
    .map(([f, o, v]) => `${encode(f)}=${encode(o ? `${o}:${v}` : v)}`);

function bodyArb(
  op: Operation,
  root: Record<string, JsonSchema>,
  clean: boolean,
): fc.Arbitrary<{ payload: string; type: string }> {
  if (op.path.endsWith('/ingest')) {
    const cell = fc.oneof(hostileString, fc.constantFrom('Phường Nhơn Bình', '2022', '1.723', '56,5', ''));
    const csv = fc
      .tuple(
        fc.array(hostileString, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }),
      )
      .map(([head, rows]) =>
        [head, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'),
      );
    return fc.record({
      payload: fc.oneof(
        csv,
        hostileString,
        anyJson.map((j) => JSON.stringify(j)),
      ),
      type: fc.constantFrom(...UPLOAD_TYPES),
    });
  }
  const valid = op.body ? fromSchema(op.body, root) : anyJson;
  if (clean) return valid.map((v) => ({ payload: JSON.stringify(v), type: 'application/json' }));
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => ({ payload: JSON.stringify(v), type: 'application/json' })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, hostileString)
        .map(([v, h]) => ({ payload: JSON.stringify(mutate(v, h)), type: 'application/json' })),
    },
    { weight: 1, arbitrary: anyJson.map((v) => ({ payload: JSON.stringify(v), type: 'application/json' })) },
    { weight: 1, arbitrary: hostileString.map((s) => ({ payload: s, type: 'application/json' })) },
    { weight: 1, arbitrary: valid.map((v) => ({ payload: JSON.stringify(v), type: 'text/plain' })) },
  );
}

/** The first string or number field of an object replaced by a hostile string. */
function mutate(v: unknown, h: string): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return h;
  const o = { ...(v as Record<string, unknown>) };
  const k = Object.keys(o).find((x) => typeof o[x] === 'string' || typeof o[x] === 'number');
  if (k) o[k] = h;
  return o;
}

/**
 * Requests for one operation: path and query parameters, filters, headers and bodies. A
 * `clean` request uses only real and schema-valid values (most reach a 2xx); the others mix
 * in hostile strings, unknown parameters and bad keys.
 */
export function requestArb(
  op: Operation,
  d: Domain,
  root: Record<string, JsonSchema>,
  clean: boolean,
): fc.Arbitrary<GeneratedRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const writes = op.method !== 'GET';
  const takesFilters = /\/records$|\/download\./.test(op.path);
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => paramValue(p, op, d, root, clean))),
      // A clean request sets a few parameters (each one is a way to be refused), and no cursor.
      query: fc.tuple(
        ...queryParams.map((p) =>
          fc.oneof(
            { weight: clean && !p.required ? 3 : 1, arbitrary: fc.constant(null) },
            { weight: clean && p.name === 'cursor' ? 0 : 1, arbitrary: paramValue(p, op, d, root, clean) },
          ),
        ),
      ),
      filters:
        takesFilters && !clean ? fc.array(filterArb(d), { maxLength: 3 }) : fc.constant([] as string[]),
      extra: clean
        ? fc.constant(null)
        : fc.option(
            fc.tuple(hostileString, hostileString).map(([k, v]) => `${encode(k)}=${encode(v)}`),
            { freq: 6 },
          ),
      auth: clean
        ? fc.constantFrom('none', 'key')
        : fc.constantFrom('none', 'none', 'none', 'key', 'key', 'garbage', 'malformed'),
      etag: fc.option(fc.constantFrom('"v1"', '*', 'W/"x"', '"' + 'x'.repeat(300) + '"'), { freq: 8 }),
      body: writes
        ? bodyArb(op, root, clean).map((b) => b as { payload: string; type: string } | undefined)
        : fc.constant(undefined),
    })
    .map(({ path, query, filters, extra, auth, etag, body }) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        // "." and ".." would be resolved away by any HTTP client, reaching another route.
        const value = path[i] === '.' || path[i] === '..' ? `x${path[i]}` : path[i]!;
        url = url.replace(`{${p.name}}`, encode(value) || '%20');
      });
      const qs = [
        ...queryParams.flatMap((p, i) =>
          query[i] === null ? [] : [`${encode(p.name)}=${encode(query[i]!)}`],
        ),
        ...filters,
        ...(extra ? [extra] : []),
      ];
      const headers: Record<string, string> = {};
      if (auth === 'key' || ((writes || op.secured) && clean)) headers.authorization = `Bearer ${d.key}`;
      if (auth === 'garbage') headers.authorization = 'Bearer kho_aaaaaaaaaa_' + 'x'.repeat(43);
      if (auth === 'malformed') headers.authorization = 'Basic Zm9vOmJhcg==';
      if (etag) headers['if-none-match'] = etag;
      if (body) headers['content-type'] = body.type;
      return {
        method: op.method as GeneratedRequest['method'],
        url: qs.length ? `${url}?${qs.join('&')}` : url,
        headers,
        ...(body ? { payload: body.payload } : {}),
        op,
      };
    });
}

/**
 * The GET as its documentation shows it: every path parameter and every required query
 * parameter at its documented example (or the warehouse's first real value), with the key when
 * the operation is secured. Sent once per GET before the random requests, so that "every GET
 * answered 2xx at least once" does not hang on chance: /v1/datasets/{id}/changes needs a real
 * dataset, from < to ≤ its version, and 5,000 random requests once gave it none.
 */
export function exampleRequest(op: Operation, d: Domain): GeneratedRequest {
  const value = (p: Parameter) =>
    p.example !== undefined ? asParam(p.example) : (domainValues(p.name, op, d)[0] ?? '');
  let url = op.path;
  for (const p of op.parameters.filter((q) => q.in === 'path'))
    url = url.replace(`{${p.name}}`, encode(value(p)) || '%20');
  const qs = op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encode(p.name)}=${encode(value(p))}`);
  return {
    method: 'GET',
    url: qs.length ? `${url}?${qs.join('&')}` : url,
    headers: op.secured ? { authorization: `Bearer ${d.key}` } : {},
    op,
  };
}
