/**
 * The REST reference: a bare Fastify + postgres.js server answering the benchmark's two REST
 * requests with exactly the SQL Kho runs for them (captured from Kho by capture.ts and passed
 * in STATEMENTS), as prepared statements on a pool of the same size, serialising the same JSON
 * (JSON.stringify, no schema, no hooks, no plugins).
 * With CONTRACT=1 it is the "contract floor": the same handlers behind Kho's own per-request
 * HTTP plugins — request id and log line, metrics, security headers and rate limit, CORS, ETag
 * and Cache-Control — registered as Kho registers them, and nothing else of Kho (no validation,
 * no auth, no SQL building). Kho's distance from this server is its own code; this server's
 * distance from the bare one is what the contract's features cost.
 * Env: DATABASE_URL, DB_POOL_SIZE, PORT, STATEMENTS (the capture's JSON file), CONTRACT.
 */
import { readFileSync } from 'node:fs';
import { httpPlugin } from '@kho/api/plugins/http';
import { metricsPlugin } from '@kho/api/plugins/metrics';
import { limitsPlugin } from '@kho/api/plugins/rate-limit';
import { requestId, requestPlugin } from '@kho/api/plugins/request';
import Fastify, { LogController } from 'fastify';
import postgres from 'postgres';
import type { Captured } from './capture';

const env = process.env as Record<string, string>;
const captured = JSON.parse(readFileSync(env.STATEMENTS!, 'utf8')) as Captured[];
const sql = postgres(env.DATABASE_URL!, {
  max: Number(env.DB_POOL_SIZE ?? 10),
  onnotice: () => {},
  types: { bigint: postgres.BigInt },
});
// The values as Kho's driver setup reads them: int8 and numeric as numbers, dates as text.
sql.options.parsers[20] = (v: string) => Number(v);
sql.options.parsers[1700] = (v: string) => Number(v);
for (const t of [1082, 1083, 1114, 1184]) sql.options.parsers[t] = (v: string) => v;

type Row = Record<string, unknown>;
type Query = Record<string, string | undefined>;
const cursor = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const run = (text: string, params: unknown[]) =>
  sql.unsafe<Row[]>(text, params as never[], { prepare: true });
const pgArray = (xs: string[]) => `{${xs.map((x) => JSON.stringify(x)).join(',')}}`;

/** The statements Kho ran for the request whose path starts with `prefix`. */
function statements(prefix: string) {
  const c = captured.find((x) => x.path.startsWith(prefix));
  if (!c) throw new Error(`no captured statements for ${prefix}`);
  return { path: c.path, list: c.statements };
}

// GET /v1/datasets/:id/records?limit=N&<field>=gte:<number>
// Kho keeps an open dataset's catalog row between requests and runs one statement, the page,
// which checks that row (same xmin, still open); this server reads the version and stamp once
// at start, as Kho does on its first request, and runs the same statement.
const records = statements('/v1/datasets/');
if (records.list.length !== 1)
  throw new Error(`records: expected Kho's one statement, got ${records.list.length}`);
const recordsParams = (id: string, q: Query, xmin: string) => {
  const [field, filter] = Object.entries(q).find(([k]) => k !== 'limit') as [string, string];
  const limit = Number(q.limit ?? 100);
  return { limit, params: [id, field, Number(filter.split(':')[1]), id, xmin, limit + 1] };
};

// GET /v1/observations?area=X&period_from=YYYY-MM&period_to=YYYY-MM[&limit=N]
const observations = statements('/v1/observations');
const lastDay = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const observationParams = (q: Query) => {
  const limit = Number(q.limit ?? 100);
  return { limit, params: [q.area, `${q.period_from}-01`, lastDay(q.period_to!), limit + 1] };
};

// The parameters this server derives for the captured requests are the captured ones.
const query = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams) as Query;
const expectSame = (what: string, mine: unknown, theirs: unknown) => {
  if (JSON.stringify(mine) !== JSON.stringify(theirs))
    throw new Error(`${what}: parameters ${JSON.stringify(mine)} ≠ Kho's ${JSON.stringify(theirs)}`);
};
const recId = decodeURIComponent(records.path.split('/')[3]!);
const [kept] = await run(
  `select version, xmin::text as xmin from datasets where id = $1 and access = 'open'`,
  [recId],
);
if (!kept) throw new Error(`records: no open dataset ${recId}`);
expectSame(
  'records',
  recordsParams(recId, query(records.path), kept.xmin as string).params,
  records.list[0]!.params,
);
expectSame('observations', observationParams(query(observations.path)).params, observations.list[0]!.params);

const contract = env.CONTRACT === '1';
const app = Fastify(
  contract
    ? {
        // As Kho's server: pino at warn, one log line per request from Kho's own hook.
        logger: { level: 'warn' },
        genReqId: requestId,
        logController: new LogController({ disableRequestLogging: true }),
      }
    : { logger: false },
);
if (contract) {
  // Kho's plugins, in Kho's order and with the settings the bench starts Kho with.
  await app.register(requestPlugin);
  await app.register(metricsPlugin, { poolSize: Number(env.DB_POOL_SIZE ?? 10) });
  await app.register(limitsPlugin, { anonymousPerMinute: 100_000_000, keyPerMinute: 100_000_000 });
  await app.register(httpPlugin, { writeOrigins: [], maxAge: 60 });
}
app.get('/ready', async () => 'ok');

app.get<{ Params: { id: string }; Querystring: Query }>('/v1/datasets/:id/records', async (req, reply) => {
  if (req.params.id !== recId) return reply.code(404).send({ title: 'Not found' });
  const { limit, params } = recordsParams(recId, req.query, kept.xmin as string);
  const rows = await run(records.list[0]!.text, params);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ _id: r._id, ...(r.data as Row) })),
    nextCursor: rows.length > limit && last ? cursor({ v: kept.version, id: last._id, k: [] }) : null,
    version: kept.version,
  };
});

app.get<{ Querystring: Query }>('/v1/observations', async (req) => {
  const { limit, params } = observationParams(req.query);
  const rows = await run(observations.list[0]!.text, params);
  const page = rows.slice(0, limit);
  // Kho's access-log check (which of these datasets are not open), when Kho ran one: it does not
  // for requests without a key, which see only open datasets.
  const audit = observations.list[1];
  if (audit) await run(audit.text, [pgArray([...new Set(page.map((r) => r.dataset as string))])]);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
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
    })),
    nextCursor:
      rows.length > limit && last
        ? cursor({ i: last.indicator, p: last.period_start, a: last.area_code, id: last.id })
        : null,
  };
});

await app.listen({ port: Number(env.PORT), host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void app
      .close()
      .then(() => sql.end({ timeout: 1 }))
      .finally(() => process.exit(0));
  });
