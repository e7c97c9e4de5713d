/**
 * Records the response examples of the OpenAPI document: sends every operation, with its
 * parameter and body examples (src/plugins/openapi-examples.ts), to a throwaway copy of the
 * demo data, and writes the answers, trimmed, to src/plugins/openapi-examples.responses.json.
 * The writes run last, with a key made here, on the `hospitals` dataset they create.
 * `pnpm --filter @kho/api openapi:examples` runs it, then print-openapi.ts.
 */
import { writeFileSync } from 'node:fs';
import { demoTemplate } from '@kho/ingest/testing';
import { createKey } from '../src/modules/keys/keys.service';
import { dispatch } from '../src/modules/webhooks/worker';
import {
  BODY_EXAMPLES,
  type Document,
  exampleUrl,
  type Operation,
  RESPONSES_FILE,
} from '../src/plugins/openapi-examples';
import { createTestApp } from '../test/helpers';

/** Left out of the recorded requests: a cursor would show the second page, group_by the grouped answer. */
const OMIT: Record<string, string[]> = {
  '*': ['cursor', 'since'],
  listRecords: ['group_by', 'agg'],
  // The BOM is an invisible first character.
  downloadDataset: ['bom'],
};
/** The writes, in the order that makes each one work; then deliveries and the reads that need the key. */
const WRITES = [
  'createDataset',
  'createSubscription',
  'ingestFile',
  'listSubscriptions',
  'listDeliveries',
  'updateDataset',
  'deleteSubscription',
  'retireDataset',
];
/** The file ingestFile sends: two rows of the demo's health-facilities.csv, in the `hospitals` schema. */
const HOSPITALS_CSV = [
  'osm_id,name,district,lat,lon',
  'way/1182641282,Bệnh viện Chỉnh hình và Phục hồi chức năng Quy Nhơn,Thành phố Quy Nhơn,13.7581521,109.2092609',
  'way/1236021589,Bệnh viện Mắt tỉnh Gia Lai,Thành phố Quy Nhơn,13.7736874,109.2402479',
  '',
].join('\n');
/** Operations with several media types: the parameter that picks each (XLSX is binary: no example). */
const VARIANTS: Record<string, Record<string, string>[]> = {
  downloadDataset: ['csv', 'json', 'ndjson', 'geojson'].map((format) => ({ format })),
  listObservations: ['json', 'csv'].map((format) => ({ format })),
  diffDataset: ['json', 'ndjson', 'csv'].map((format) => ({ format })),
};

const t = await createTestApp('pglite', demoTemplate, {
  publicUrl: 'http://127.0.0.1:3000',
  // The subscription example's host is not looked up (no network needed); nothing is delivered.
  webhooks: { allowPrivateTargets: true },
});
try {
  const doc = (await t.app.inject({ url: '/openapi.json' })).json() as Document;
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const { key } = await createKey(t.database.db, {
    agency: 'SYT',
    name: 'openapi examples',
    scopes: ['write:publisher:SYT'],
  });
  const volatile = volatileDays(
    (await t.app.inject({ url: '/v1/datasets?sort=modified&limit=1' })).json().items[0].issued,
  );
  const recorded: Record<string, Record<string, Record<string, unknown>>> = {};

  const call = async (
    path: string,
    method: string,
    op: Operation,
    url = exampleUrl(path, op, omitted(op)),
  ) => {
    const write = method !== 'GET' || op.security !== undefined;
    const body = op.operationId === 'ingestFile' ? HOSPITALS_CSV : BODY_EXAMPLES[op.operationId];
    const r = await t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(write ? { authorization: `Bearer ${key}` } : {}),
        ...(op.operationId === 'ingestFile' ? { 'content-type': 'text/csv' } : {}),
      },
      ...(body === undefined ? {} : { payload: body as object | string }),
    });
    const status = String(r.statusCode);
    // 2xx, or getCatalog's 303 (a redirect, no body).
    if (r.statusCode >= 400 || !op.responses[status])
      throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 500)}`);
    const type = String(r.headers['content-type'] ?? '').split(';')[0]!;
    if (!op.responses[status].content) return;
    if (!op.responses[status].content[type]) throw new Error(`${method} ${url}: undocumented ${type}`);
    const text = (op.responses[status].content[type].schema as { type?: string })?.type === 'string';
    const example = normalise(trim(type, r.body, text), volatile);
    const byStatus = recorded[op.operationId] ?? {};
    byStatus[status] = { ...byStatus[status], [type]: example };
    recorded[op.operationId] = byStatus;
  };

  const reads = ops.filter(({ op }) => !WRITES.includes(op.operationId));
  for (const { path, method, op } of reads)
    for (const set of VARIANTS[op.operationId] ?? [{}])
      await call(path, method, op, exampleUrl(path, op, omitted(op), set));
  await dispatch(t.database);
  for (const id of WRITES) {
    const { path, method, op } = ops.find((o) => o.op.operationId === id)!;
    await call(path, method, op);
    if (id === 'ingestFile') await dispatch(t.database);
  }
  writeFileSync(RESPONSES_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
  console.log(`wrote ${RESPONSES_FILE.pathname}: ${Object.keys(recorded).length} operations`);
} finally {
  await t.close();
}

function omitted(op: Operation): string[] {
  return [...OMIT['*']!, ...(OMIT[op.operationId] ?? [])];
}

/** Arrays cut to 2 items, strings to 240 characters; CSV and NDJSON to 2 rows, Turtle to its first dataset. */
function trim(type: string, body: string, text: boolean): unknown {
  const cut = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.slice(0, 2).map(cut);
    if (typeof v === 'string') return v.length > 240 ? `${v.slice(0, 239)}…` : v;
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]));
    return v;
  };
  const lines = body.split(/\r?\n/);
  if (type === 'text/csv') return `${lines.slice(0, 3).join('\r\n')}\r\n`;
  if (type === 'application/x-ndjson') return `${lines.slice(0, 2).join('\n')}\n`;
  if (type === 'text/turtle') {
    const dataset = lines.findIndex((l) => l.includes(' a dcat:Dataset'));
    const end = lines.findIndex((l, i) => i >= dataset && l.endsWith('.'));
    return `${lines.slice(0, end + 1).join('\n')}\n`;
  }
  // JSON, JSON-LD, GeoJSON: as a value, or as text where the schema says string.
  return text ? JSON.stringify(cut(JSON.parse(body))) : cut(JSON.parse(body));
}

/** Days on which the demo data was loaded or this script wrote: their timestamps vary between runs. */
function volatileDays(loaded: string): Set<string> {
  const days = new Set<string>();
  for (let d = Date.parse(loaded.slice(0, 10)); d <= Date.now() + 86_400_000; d += 86_400_000)
    days.add(new Date(d).toISOString().slice(0, 10));
  return days;
}

/** Fixed values for what changes from run to run: load and write times (2025-08-01 09:00), durations. */
function normalise(v: unknown, days: Set<string>): unknown {
  const fix = (s: string) =>
    s.replace(
      /(\d{4}-\d{2}-\d{2})(?:([T ])\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?/g,
      (m, day: string, sep?: string) =>
        !days.has(day) ? m : sep ? `2025-08-01${sep}09:00:00.000` : '2025-08-01',
    );
  if (typeof v === 'string') return fix(v);
  if (Array.isArray(v)) return v.map((x) => normalise(x, days));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === 'durationMs' ? 25 : normalise(x, days)]),
    );
  return v;
}
