import { get, type IncomingMessage } from 'node:http';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';
import { loadBig } from './downloads.fixtures';

const BIG = 'test-dl-big';
const ROWS = 100_000;

/** Starts a download, reads its first bytes, then stops reading (the server's buffers fill up). */
function startDownload(base: string, path: string): Promise<{ res: IncomingMessage; abort: () => void }> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}${path}`, (res) => {
      res.once('data', () => {
        res.pause();
        resolve({ res, abort: () => req.destroy() });
      });
    });
    req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
  });
}

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
};

describe.each(testEngines())('aborted downloads on %s', (engine) => {
  let t: TestApp;
  let base: string;
  /** COPY statements running for this test's database (PostgreSQL). */
  const copies = async () =>
    (
      await t.database.pg!`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state <> 'idle' and query ilike 'copy (select%'`
    )[0]!.n as number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    // ~35 MB of CSV, far more than every buffer between PostgreSQL and the client.
    await loadBig(t.database, BIG, ROWS);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('releases the database when the client goes away, again and again', async () => {
    for (let i = 0; i < 6; i++) {
      const d = await startDownload(base, `/v1/datasets/${BIG}/download.${i % 2 ? 'csv' : 'ndjson'}`);
      if (engine === 'postgres') expect(await until(async () => (await copies()) === 1)).toBe(true);
      d.abort();
      if (engine === 'postgres') expect(await until(async () => (await copies()) === 0)).toBe(true);
    }
    // The pool still answers (6 aborts > 4 connections), several requests at once.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => t.app.inject(`/v1/datasets/${BIG}/records?limit=5`)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    const full = await fetch(`${base}/v1/datasets/${BIG}/download.csv?select=id`);
    expect(full.status).toBe(200);
    expect((await full.text()).trimEnd().split('\n')).toHaveLength(ROWS + 10 + 1);
    if (engine === 'postgres') {
      // Every connection is back to the pool's own statement timeout.
      const settings = await Promise.all(
        Array.from({ length: 4 }, () => t.database.pg!`show statement_timeout`),
      );
      expect(settings.map((s) => s[0]!.statement_timeout)).toEqual(Array(4).fill('0'));
    }
  }, 120_000);

  it.runIf(engine === 'postgres')(
    'holds at most half the pool for downloads, then answers 503',
    async () => {
      const running = [
        await startDownload(base, `/v1/datasets/${BIG}/download.csv`),
        await startDownload(base, `/v1/datasets/${BIG}/download.json`),
      ];
      const third = await fetch(`${base}/v1/datasets/${BIG}/download.csv`);
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(await third.json()).toMatchObject({ code: 'too-many-downloads' });
      expect((await t.app.inject(`/v1/datasets/${BIG}/records?limit=1`)).statusCode).toBe(200);
      for (const d of running) d.abort();
      expect(await until(async () => (await copies()) === 0)).toBe(true);
      const ok = async () => {
        const r = await fetch(`${base}/v1/datasets/${BIG}/download.csv?id=eq:1`);
        await r.text();
        return r.status === 200;
      };
      expect(await until(ok)).toBe(true);
    },
    60_000,
  );

  it('stops mid-stream XLSX and JSON downloads too', async () => {
    for (const format of ['xlsx', 'json', 'geojson']) {
      const d = await startDownload(base, `/v1/datasets/${BIG}/download.${format}`);
      d.abort();
    }
    if (engine === 'postgres') expect(await until(async () => (await copies()) === 0)).toBe(true);
    const after = await fetch(`${base}/v1/datasets/${BIG}/download.json?id=lte:3`);
    expect(after.status).toBe(200);
    expect(JSON.parse(await after.text())).toHaveLength(3);
  }, 60_000);
});
