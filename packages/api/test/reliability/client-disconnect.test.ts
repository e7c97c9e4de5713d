import { request as httpRequest } from 'node:http';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, clusterUnavailable } from './support/cluster';
import { facilitiesCsv, tempDir } from './support/files';
import { sleep } from './support/process';
import { type KhoServer, kho, startServer } from './support/server';
import { bySize, SEED } from './support/size';

/** Rows of the dataset downloaded (enough bytes to fill every buffer), and downloads cut. */
const ROWS = bySize(40_000, 300_000);
const CUTS = bySize(50, 400);
/** Downloads cut at the same time. */
const PARALLEL = 4;
const POOL = 6;
const DATASET = 'dl-big';
/** How long the server may take to give everything back after the last cut. */
const SETTLE_MS = 5_000;

type Cut = 'before-headers' | 'at-headers' | 'mid-body' | 'stalled' | 'reset';
const CUTS_KINDS: Cut[] = ['before-headers', 'at-headers', 'mid-body', 'stalled', 'reset'];
const FORMATS = ['csv', 'ndjson', 'json', 'geojson', 'xlsx'];
const QUERIES = ['', '?type=eq:clinic', '?sort=-name', '?select=id,name&bom=true'];

/** A small deterministic generator, seeded like the other suites (RELIABILITY_SEED replays). */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/**
 * Starts a download and goes away at `cut`: before the answer, as soon as its headers arrive,
 * after `bytes` of body, after stalling (the server's buffers full) or with a TCP reset.
 * Resolves with the status seen (0 when none) once the socket is closed.
 */
function cutDownload(base: string, path: string, cut: Cut, bytes: number, gzip: boolean) {
  return new Promise<{ status: number; read: number }>((resolve) => {
    let status = 0;
    let read = 0;
    const req = httpRequest(`${base}${path}`, {
      headers: gzip ? { 'accept-encoding': 'gzip' } : {},
    });
    const done = () => resolve({ status, read });
    req.on('error', () => {});
    req.on('close', done);
    if (cut === 'before-headers') {
      req.on('socket', (socket) => socket.once('connect', () => setTimeout(() => req.destroy(), 1)));
    }
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.on('error', () => {});
      if (status !== 200 || cut === 'at-headers') {
        if (status !== 200) res.resume();
        else req.destroy();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read < bytes) return;
        if (cut === 'mid-body') req.destroy();
        else if (cut === 'reset') req.socket?.resetAndDestroy();
        else if (cut === 'stalled' && !res.isPaused()) {
          res.pause();
          setTimeout(() => req.destroy(), 300);
        }
      });
    });
    req.end();
  });
}

/** The value of an unlabelled metric in Prometheus text. */
const metric = (text: string, name: string) => {
  const m = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
  return m ? Number(m[1]) : Number.NaN;
};

const skip = clusterUnavailable();

describe.skipIf(!!skip)(`clients that go away mid-download${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let cluster: Cluster;
  let server: KhoServer;
  let monitor: postgres.Sql;
  const files = tempDir('kho-disconnect-');
  /** The server's own sessions, as PostgreSQL sees them. */
  const sessions = () =>
    monitor<{ state: string | null; query: string; xact: boolean }[]>`
        select state, query, xact_start is not null as xact from pg_stat_activity
        where datname = 'kho' and application_name = 'kho-server'`;
  const pool = async () => {
    const text = await (await fetch(`${server.base}/metrics`)).text();
    return { inUse: metric(text, 'kho_db_pool_in_use'), waiting: metric(text, 'kho_db_pool_waiting') };
  };

  beforeAll(async () => {
    cluster = await Cluster.create();
    const url = await cluster.createDatabase('kho');
    const file = files.file('big.csv', facilitiesCsv(ROWS, 1));
    const r = kho(['ingest', file, '--dataset', DATASET, '--adapter', 'records', '--json'], {
      DATABASE_URL: url,
    });
    expect(r.code, r.stderr).toBe(0);
    // Only DATASET is downloaded: the demo datasets would cost ~5 s of seeding for nothing.
    server = await startServer({ DATABASE_URL: url, DB_POOL_SIZE: String(POOL), KHO_DEMO: 'false' });
    monitor = postgres(cluster.url(), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await monitor?.end({ timeout: 5 });
    await server?.stop();
    cluster?.destroy();
    files.remove();
  });

  it(`gives back every connection and cursor after ${CUTS} cut downloads (seed ${SEED})`, async () => {
    const rnd = random(SEED);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const plan = Array.from({ length: CUTS }, (_, i) => ({
      cut: CUTS_KINDS[i % CUTS_KINDS.length]!,
      path: `/v1/datasets/${DATASET}/download.${pick(FORMATS)}${pick(QUERIES)}`,
      bytes: 1 + Math.floor(rnd() * 2 ** (10 + Math.floor(rnd() * 11))),
      gzip: rnd() < 0.3,
    }));
    const statuses: Record<string, number> = {};
    let busiest = 0;
    const t0 = performance.now();
    for (let i = 0; i < plan.length; i += PARALLEL) {
      const batch = plan.slice(i, i + PARALLEL);
      const seen = await Promise.all(
        batch.map((p) => cutDownload(server.base, p.path, p.cut, p.bytes, p.gzip)),
      );
      for (const s of seen) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
      busiest = Math.max(busiest, (await sessions()).length);
    }
    const seconds = (performance.now() - t0) / 1000;

    // Everything given back within SETTLE_MS: no query in flight, no session busy, in a
    // transaction (an open cursor lives in one) or running a COPY.
    const settled = performance.now();
    let last: { pool: { inUse: number; waiting: number }; busy: unknown[] } | undefined;
    while (performance.now() - settled < SETTLE_MS) {
      const s = await sessions();
      last = { pool: await pool(), busy: s.filter((x) => x.state !== 'idle' || x.xact) };
      if (last.pool.inUse === 0 && last.pool.waiting === 0 && last.busy.length === 0) break;
      await sleep(100);
    }
    const settleMs = Math.round(performance.now() - settled);
    const open = (await sessions()).length;
    console.log(
      `client disconnects: ${CUTS} downloads of ${ROWS} rows cut (${CUTS_KINDS.join(', ')}; ` +
        `${FORMATS.join(', ')}; ${PARALLEL} at a time) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(statuses)}; ` +
        `at most ${busiest} server sessions; idle again after ${settleMs} ms with ${open} sessions open (pool ${POOL})`,
    );
    expect(last?.pool).toEqual({ inUse: 0, waiting: 0 });
    expect(last?.busy).toEqual([]);
    expect(open).toBeLessThanOrEqual(POOL);
    expect(busiest).toBeLessThanOrEqual(POOL);
    expect(Object.keys(statuses).every((s) => s === '0' || s === '200' || s === '503')).toBe(true);
    expect(statuses['200'] ?? 0).toBeGreaterThan(CUTS / 2);

    // The download slots came back too: as many whole downloads at once as the server allows
    // (half the pool) all answer 200 with every row, and the rest of the API answers beside them.
    const whole = await Promise.all(
      Array.from({ length: POOL / 2 }, async () => {
        const res = await fetch(`${server.base}/v1/datasets/${DATASET}/download.csv?select=id`);
        const text = await res.text();
        // A refusal's problem (which one) is part of what a failure shows.
        return res.status === 200
          ? { status: res.status, lines: text.trimEnd().split('\n').length }
          : { status: res.status, problem: text.slice(0, 300) };
      }),
    );
    expect(whole).toEqual(Array(POOL / 2).fill({ status: 200, lines: ROWS + 1 }));
    const reads = await Promise.all(
      Array.from({ length: POOL }, () => fetch(`${server.base}/v1/datasets/${DATASET}/records?limit=5`)),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(POOL).fill(200));
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/uncaught|unhandled rejection|FATAL ERROR|heap out of memory/i);
  });
});
