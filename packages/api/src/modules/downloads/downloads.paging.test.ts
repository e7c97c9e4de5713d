import { get } from 'node:http';
import { openDatabase } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';
import { buildApp } from '../../app';
import { loadBig, loadFacilities } from './downloads.fixtures';
import { BATCH_ROWS } from './feed';

const BIG = 'test-dl-paging';
const ROWS = 8 * BATCH_ROWS + 123;

type Line = { _id: number; beds: number | null; name: string };
const lines = (body: string) =>
  body
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

/** Every row once, in `beds` descending order (nulls last), ties by row id. */
function expectSortedByBedsDesc(rows: Line[], count: number) {
  expect(rows).toHaveLength(count);
  expect(new Set(rows.map((r) => r._id)).size).toBe(count);
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    if (a.beds === b.beds) expect(a._id).toBeLessThan(b._id);
    else expect(b.beds === null || (a.beds !== null && a.beds > b.beds)).toBe(true);
  }
}

describe.each(testEngines())('downloads paging on %s', (engine) => {
  let t: TestApp;
  /** On PostgreSQL, an app whose pool has one connection: it pages like PGlite instead of COPY. */
  let paging: FastifyInstance;
  let closePaging = async () => {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadBig(t.database, BIG, ROWS);
    paging = t.app;
    if (engine === 'postgres') {
      const single = await openDatabase({ url: t.database.url!, poolSize: 1, migrate: false });
      paging = await buildApp({ database: single, limits: { anonymousPerMinute: 1e6, keyPerMinute: 1e6 } });
      closePaging = async () => {
        await paging.close();
        await single.close();
      };
    }
  }, 120_000);
  afterAll(async () => {
    await closePaging();
    await t?.close();
  });

  it('pages through every row exactly once, in the sort order, nulls last', async () => {
    const url = `/v1/datasets/${BIG}/download.ndjson?select=_id,beds,name&sort=-beds`;
    const paged = await paging.inject(url);
    expect(paged.statusCode).toBe(200);
    expectSortedByBedsDesc(lines(paged.body), ROWS + 10);
    // Byte for byte what COPY writes.
    if (engine === 'postgres') expect(paged.body).toBe((await t.app.inject(url)).body);
    const csv = `/v1/datasets/${BIG}/download.csv?sort=name,-opened&beds=lt:250`;
    const pagedCsv = await paging.inject(csv);
    expect(pagedCsv.body.split('\n').length).toBeGreaterThan(BATCH_ROWS);
    if (engine === 'postgres') expect(pagedCsv.body).toBe((await t.app.inject(csv)).body);
  }, 60_000);

  it('keeps to the version it started with while a new version is loaded mid-download', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const body = await new Promise<string>((resolve, reject) => {
      get(`${base}/v1/datasets/${BIG}/download.ndjson?select=_id,beds,name&sort=-beds`, (res) => {
        const chunks: Buffer[] = [];
        res.once('data', async (first: Buffer) => {
          res.pause();
          chunks.push(first);
          // Version 2 replaces every row: 12 facilities, the big rows removed.
          await loadFacilities(t.database, BIG, 12).catch(reject);
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString()));
          res.resume();
        });
      }).on('error', reject);
    });
    expectSortedByBedsDesc(lines(body), ROWS + 10);
    const now = await t.app.inject(`/v1/datasets/${BIG}/download.ndjson?select=_id`);
    expect(now.headers['content-disposition']).toContain(`${BIG}-v2.ndjson`);
    expect(lines(now.body)).toHaveLength(12);
  }, 120_000);
});
