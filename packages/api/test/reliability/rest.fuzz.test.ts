import { demoTemplate } from '@kho/ingest/testing';
import { testEngines } from '@kho/schema/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/modules/keys/keys.service';
import { createTestApp, type TestApp } from '../helpers';
import { type OpenApiDocument, type Operation, operations, responseChecker } from './support/openapi';
import { type Domain, exampleRequest, type GeneratedRequest, requestArb } from './support/requests';
import { bySize, SEED } from './support/size';

/** Requests per engine: 5,000 on each of the two in CI (10,000 per run), 50,000 each at full size. */
const REQUESTS = bySize(5_000, 50_000);

async function domainOf(t: TestApp): Promise<Domain> {
  const get = async <T>(url: string) => (await t.app.inject(url)).json() as T;
  const datasets = (await get<{ items: { id: string; kind: string }[] }>('/v1/datasets?limit=100')).items;
  const fields = new Set<string>();
  for (const d of datasets.filter((x) => x.kind === 'table')) {
    const meta = await get<{ tableSchema?: { fields: { name: string }[] } }>(`/v1/datasets/${d.id}`);
    for (const f of meta.tableSchema?.fields ?? []) fields.add(f.name);
  }
  const districts = (await get<{ items: { code: string }[] }>('/v1/areas?level=district&at=2022-06-03'))
    .items;
  const indicators = (await get<{ items: { code: string }[] }>('/v1/indicators?limit=50')).items;
  const { key } = await createKey(t.database.db, {
    agency: 'SYT',
    name: 'fuzz',
    scopes: ['write:publisher:SYT', 'read:shared'],
  });
  const subscription = await t.app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: { authorization: `Bearer ${key}` },
    payload: { url: 'http://127.0.0.1:9/kho-hook', secret: 'a-secret-of-sixteen-or-more' },
  });
  expect(subscription.statusCode, subscription.body).toBe(201);
  return {
    subscriptions: [String(subscription.json().id)],
    datasets: [...datasets.map((d) => d.id), 'no-such-dataset'],
    fields: [...fields],
    areas: ['52', '21553', '99999', ...districts.map((a) => a.code)],
    indicators: [...indicators.map((i) => i.code), 'no.such-indicator'],
    key,
  };
}

describe.each(testEngines())('REST fuzzing from the OpenAPI document on %s', (engine) => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    // Private webhook targets: the sandbox has no DNS; the delivery worker stays off.
    t = await createTestApp(engine, demoTemplate, { webhooks: { allowPrivateTargets: true } });
    doc = (await t.app.inject('/openapi.json')).json() as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${REQUESTS} generated requests with no 5xx and only documented answers`, async () => {
    const domain = await domainOf(t);
    const check = responseChecker(doc);
    // Every GET, and the write operations (with a key most of the time); not the MCP endpoint
    // (JSON-RPC, fuzzed by its own tests), nor the Swagger UI's static files.
    const ops = operations(doc).filter((o) => !o.path.startsWith('/mcp') && !o.path.startsWith('/docs'));
    expect(ops.filter((o) => o.method === 'GET').length).toBeGreaterThan(25);
    const arb = fc.oneof(
      ...ops.flatMap((o) =>
        [true, false].map((clean) => ({
          weight: o.method === 'GET' ? 3 : 1,
          arbitrary: requestArb(o, domain, doc.components.schemas, clean),
        })),
      ),
    );
    const requests: GeneratedRequest[] = [
      ...ops.filter((o) => o.method === 'GET').map((o) => exampleRequest(o, domain)),
      ...fc.sample(arb, { numRuns: REQUESTS, seed: SEED }),
    ];

    const failures = new Map<string, string>();
    const statuses: Record<string, number> = {};
    const perOp = new Map<Operation, number>();
    const answered = new Set<Operation>();
    const started = performance.now();
    for (const r of requests) {
      const res = await t.app
        .inject({
          method: r.method,
          url: r.url,
          headers: r.headers,
          ...(r.payload !== undefined ? { payload: r.payload } : {}),
        })
        .catch((err: Error) => err);
      if (res instanceof Error) {
        // The server cut the answer (a stream that failed after its headers were sent).
        failures.set(
          `${r.method} ${r.op.path} cut`,
          `${r.method} ${r.url.slice(0, 300)}\n    ${res.message}`,
        );
        continue;
      }
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      perOp.set(r.op, (perOp.get(r.op) ?? 0) + 1);
      if (res.statusCode < 400) answered.add(r.op);
      const problem = check(r.op, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
      const kind = `${r.method} ${r.op.path} → ${problem?.slice(0, 80)}`;
      const sent =
        r.payload === undefined
          ? ''
          : `\n    ${JSON.stringify(r.headers)} ${JSON.stringify(r.payload.slice(0, 300))}`;
      if (problem && !failures.has(kind))
        failures.set(kind, `${r.method} ${r.url.slice(0, 300)}${sent}\n    ${problem}`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `REST fuzz on ${engine}: ${requests.length} requests over ${perOp.size} operations in ${seconds.toFixed(1)} s ` +
        `(seed ${SEED}); statuses ${JSON.stringify(statuses)}`,
    );
    expect(perOp.size).toBe(ops.length);
    // Every GET answered 2xx (or its documented 303) at least once: every body schema was checked.
    const neverOk = ops.filter((o) => o.method === 'GET' && !answered.has(o)).map((o) => o.path);
    expect(neverOk).toEqual([]);
    expect([...failures.values()]).toEqual([]);
  });
});
