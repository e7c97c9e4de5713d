import { readFileSync } from 'node:fs';
import { openDatabase, queryOne, sql } from '@kho/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/modules/keys/keys.service';
import { Cluster, clusterUnavailable } from './support/cluster';
import { facilitiesCsv, tempDir } from './support/files';
import { MIXED, percentile, type Sample, startLoad } from './support/load';
import { sleep } from './support/process';
import { collectGarbage, GC_ON_SIGNAL, type KhoServer, kho, startServer } from './support/server';
import { bySize } from './support/size';

/** Seconds of mixed traffic: 60 at full size; CI runs 30 (two windows of ten seconds still apart). */
const SECONDS = bySize(30, 60);
/**
 * Requests per second in all, from WORKERS clients: what the 2-core machine serves beside its
 * own client and an ingest, with room for latency to double (the clients wait for each answer).
 */
const RATE = 30;
const WORKERS = 12;
/** The one ingest: a new edition of a dataset, uploaded to the running server. */
const INGEST_ROWS = 20_000;
const DATASET = 'soak-ingest';

/** Resident memory of a process, in MB (Linux). */
const rssMb = (pid: number) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return m ? Number(m[1]) / 1024 : Number.NaN;
};
const median = (xs: number[]) => percentile(xs, 50);

const skip = clusterUnavailable();

describe.skipIf(!!skip)(`a ${SECONDS} s soak of mixed traffic${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let cluster: Cluster;
  let server: KhoServer;
  let key: string;
  const files = tempDir('kho-soak-');
  const v2 = files.file('v2.csv', facilitiesCsv(INGEST_ROWS, 2));

  beforeAll(async () => {
    cluster = await Cluster.create();
    const url = await cluster.createDatabase('kho');
    const r = kho(
      [
        'ingest',
        files.file('v1.csv', facilitiesCsv(INGEST_ROWS, 1)),
        '--dataset',
        DATASET,
        '--adapter',
        'records',
      ],
      { DATABASE_URL: url },
    );
    expect(r.code, r.stderr).toBe(0);
    const db = await openDatabase({ url, migrate: false, poolSize: 1 });
    try {
      const d = await queryOne<{ publisher_code: string }>(
        db.db,
        sql`select publisher_code from datasets where id = ${DATASET}`,
      );
      key = (
        await createKey(db.db, {
          agency: d!.publisher_code,
          name: 'soak',
          scopes: [`write:publisher:${d!.publisher_code}`],
        })
      ).key;
    } finally {
      await db.close();
    }
    // With --expose-gc and a SIGUSR2 handler: see the sampler below.
    server = await startServer({ DATABASE_URL: url, DB_POOL_SIZE: '10' }, undefined, GC_ON_SIGNAL);
  });
  afterAll(async () => {
    await server?.stop();
    cluster?.destroy();
    files.remove();
  });

  it(`serves ${RATE} requests/s for ${SECONDS} s with one ingest: no error, memory flat`, async () => {
    // Warm-up (first compilations, caches) before anything is measured.
    const warm = startLoad(server.base, MIXED, {
      workers: WORKERS,
      rate: RATE,
      timeoutMs: 30_000,
      maxInFlight: { download: 5 },
    });
    await sleep(3_000);
    await warm.stop();

    const memory: { at: number; mb: number }[] = [];
    // At most half the pool (10) in downloads at once: the server answers more with 503
    // too-many-downloads, by design, and this suite expects every answer to be 200.
    const load = startLoad(server.base, MIXED, {
      workers: WORKERS,
      rate: RATE,
      timeoutMs: 30_000,
      maxInFlight: { download: 5 },
    });
    // A full garbage collection every 2 s: V8 runs its major collections when it sees fit (after
    // GraphQL became lazily loaded, none came in the first 30 s, and RSS climbed at ~2.5 MB/s
    // of garbage while the heap after a full collection stayed at ~78 MB), so without them the
    // windows compared where V8 was in its cycle. RSS is still what is compared.
    let ticks = 0;
    const sampler = setInterval(() => {
      if (ticks++ % 8 === 0) collectGarbage(server);
      memory.push({ at: load.elapsed(), mb: rssMb(server.pid) });
    }, 250);
    let ingest: { status: number; ms: number; body: string } | undefined;
    try {
      // Early, so the second ten seconds already hold what the ingest left behind.
      await sleep(2_000);
      const t0 = performance.now();
      const res = await fetch(`${server.base}/v1/datasets/${DATASET}/ingest?file_name=v2.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: readFileSync(v2),
      });
      ingest = { status: res.status, body: await res.text(), ms: performance.now() - t0 };
      const left = SECONDS * 1000 - load.elapsed();
      if (left > 0) await sleep(left);
    } finally {
      clearInterval(sampler);
      await load.stop();
    }

    const samples = load.samples;
    const errors = samples.filter((s) => s.status !== 200);
    const ms = samples.map((s) => s.ms);
    const perSpec = Object.fromEntries(
      MIXED.map((spec) => {
        const mine = samples.filter((s) => s.name === spec.name).map((s) => s.ms);
        return [
          spec.name,
          { n: mine.length, p50: Math.round(percentile(mine, 50)), p99: Math.round(percentile(mine, 99)) },
        ];
      }),
    );
    // Memory: the second ten seconds against the last ten. Noise is what RSS swings within the
    // second window (garbage collection, buffers of downloads in flight); growth beyond it fails.
    const window = (from: number, to: number) =>
      memory.filter((m) => m.at >= from && m.at < to).map((m) => m.mb);
    const second = window(10_000, 20_000);
    const last = window(SECONDS * 1000 - 10_000, SECONDS * 1000 + 5_000);
    const noise = Math.max(...second) - Math.min(...second);
    const growth = median(last) - median(second);
    const rate = samples.length / (load.elapsed() / 1000);
    console.log(
      `soak: ${samples.length} requests in ${SECONDS} s (${rate.toFixed(1)}/s, ${WORKERS} clients), ${errors.length} errors; ` +
        `p50 ${Math.round(percentile(ms, 50))} ms, p99 ${Math.round(percentile(ms, 99))} ms; per kind ${JSON.stringify(perSpec)}; ` +
        `ingest of ${INGEST_ROWS} rows: ${ingest?.status} in ${Math.round(ingest?.ms ?? 0)} ms; ` +
        `RSS median ${median(second).toFixed(0)} MB (10–20 s, swing ${noise.toFixed(0)} MB) → ${median(last).toFixed(0)} MB (last 10 s), ` +
        `max ${Math.max(...memory.map((m) => m.mb)).toFixed(0)} MB`,
    );

    expect(errors.map(describeSample)).toEqual([]);
    expect(ingest?.status, ingest?.body).toBe(200);
    expect(JSON.parse(ingest!.body)).toMatchObject({ status: 'loaded', version: 2, rowsLoaded: INGEST_ROWS });
    // The machine kept up: at least 90% of the rate asked for.
    expect(rate).toBeGreaterThan(RATE * 0.9);
    expect(second.length).toBeGreaterThan(20);
    expect(last.length).toBeGreaterThan(20);
    expect(growth).toBeLessThanOrEqual(Math.max(noise, 8));
    expect(server.output()).not.toMatch(/uncaught|unhandled rejection|FATAL ERROR|heap out of memory/i);
  });
});

const describeSample = (s: Sample) =>
  `${s.name} at ${Math.round(s.at)} ms: ${s.status || s.error} in ${Math.round(s.ms)} ms`;
