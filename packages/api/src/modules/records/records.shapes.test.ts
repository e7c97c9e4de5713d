import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kho-record-shapes-'));
const TYPES = ['hospital', 'clinic', 'pharmacy'];
/** 40 rows: beds 10…400 (none on every 6th), a type, a name with the row's number. */
const ROWS = Array.from({ length: 40 }, (_, k) => {
  const i = k + 1;
  return { id: i, name: `Cơ sở ${i}`, type: TYPES[i % 3]!, beds: i % 6 === 0 ? null : i * 10 };
});
const csv = `id,name,type,beds\n${ROWS.map((r) => `${r.id},${r.name},${r.type},${r.beds ?? ''}`).join('\n')}\n`;
type Row = (typeof ROWS)[number];

/**
 * The records page of a kept open dataset runs a statement kept per shape (sort keys, each
 * filter's field, op and number of values), with this request's values in its placeholders. The
 * answers must be exactly those of the rows, whatever shapes and values come in whatever order.
 */
describe.each(testEngines())('records page statements kept per shape on %s', (engine) => {
  let t: TestApp;
  /** [text, parameters] of every statement sent to the database while `recording`. */
  const sent: [string, unknown[]][] = [];
  let recording = false;
  const page = async (q: string) => {
    const r = await getJson(t.app, `/v1/datasets/shapes/records?${q}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { items: Row[]; nextCursor: string | null };
  };
  /** The first `limit` rows `keep` selects, in load order. */
  const expected = (keep: (r: Row) => boolean, limit = 5) => ROWS.filter(keep).slice(0, limit);
  /** The rows' own ids (the id field of the file). */
  const ids = (items: { id: number }[]) => items.map((i) => i.id);

  beforeAll(async () => {
    t = await createTestApp(engine);
    const f = join(dir, `${engine}.csv`);
    writeFileSync(f, csv);
    const r = await ingestFile(t.database, { dataset: 'shapes', file: f, adapter: 'records', actor: 'test' });
    expect(r.status).toBe('loaded');
    // Every statement, through drizzle or not, reaches the driver: postgres.js's unsafe, PGlite's query.
    const client = (t.database.engine === 'postgres'
      ? t.database.pg
      : t.database.pglite) as unknown as Record<
      string,
      (text: string, params?: unknown[], ...rest: unknown[]) => unknown
    >;
    const method = t.database.engine === 'postgres' ? 'unsafe' : 'query';
    const original = client[method]!.bind(client);
    client[method] = (text, params, ...rest) => {
      if (recording) sent.push([text, [...(params ?? [])]]);
      return original(text, params, ...rest);
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers each value of one shape with its own rows', async () => {
    for (const min of [0, 55, 150, 290, 400, 401]) {
      const body = await page(`limit=5&beds=gte:${min}`);
      expect(ids(body.items), `beds ≥ ${min}`).toEqual(
        ids(expected((r) => r.beds !== null && r.beds >= min)),
      );
    }
    expect((await page('limit=5&beds=gte:401')).items).toEqual([]);
  });

  it('one statement per page once the dataset is kept, the same text with this request’s values', async () => {
    await page('limit=3&beds=lt:100');
    sent.length = 0;
    recording = true;
    const a = await page('limit=3&beds=lt:100');
    const b = await page('limit=2&beds=lt:50');
    recording = false;
    expect(ids(a.items)).toEqual([1, 2, 3]);
    expect(ids(b.items)).toEqual([1, 2]);
    expect(sent).toHaveLength(2);
    expect(sent[0]![0]).toContain('records.page');
    expect(sent[1]![0]).toBe(sent[0]![0]);
    // The filter value and the limit (one more row than the page, to know if another follows).
    expect(sent[0]![1]).toEqual(expect.arrayContaining([100, 4]));
    expect(sent[1]![1]).toEqual(expect.arrayContaining([50, 3]));
    expect(sent[1]![1]).not.toContain(100);
  });

  it('tells shapes apart: isnull true/false, in and nin with more or fewer values, like, ne, sort', async () => {
    const cases: [string, (r: Row) => boolean][] = [
      ['beds=isnull:true', (r) => r.beds === null],
      ['beds=isnull:false', (r) => r.beds !== null],
      ['beds=isnull:true', (r) => r.beds === null],
      ['type=in:clinic,pharmacy', (r) => r.type !== 'hospital'],
      ['type=in:clinic', (r) => r.type === 'clinic'],
      ['type=in:clinic,pharmacy,hospital', () => true],
      ['type=nin:clinic', (r) => r.type !== 'clinic'],
      ['type=nin:clinic,hospital', (r) => r.type === 'pharmacy'],
      ['name=like:*7', (r) => r.name.endsWith('7')],
      ['name=like:3', (r) => r.name.includes('3')],
      ['name=like:*1*', (r) => r.name.includes('1')],
      ['beds=ne:20', (r) => r.beds !== 20],
      ['type=hospital&beds=gt:100', (r) => r.type === 'hospital' && r.beds !== null && r.beds > 100],
      ['beds=gt:100&type=hospital', (r) => r.type === 'hospital' && r.beds !== null && r.beds > 100],
      ['type=clinic&beds=gt:300', (r) => r.type === 'clinic' && r.beds !== null && r.beds > 300],
    ];
    for (const [q, keep] of cases) {
      expect(ids((await page(`limit=6&${q}`)).items), q).toEqual(ids(expected(keep, 6)));
    }
    const byBeds = (desc: boolean) =>
      ROWS.filter((r) => r.beds !== null && r.beds >= 100)
        .sort((x, y) => (desc ? y.beds! - x.beds! : x.beds! - y.beds!))
        .slice(0, 4)
        .map((r) => r.id);
    expect(ids((await page('limit=4&beds=gte:100&sort=-beds')).items)).toEqual(byBeds(true));
    expect(ids((await page('limit=4&beds=gte:100&sort=beds')).items)).toEqual(byBeds(false));
    expect(ids((await page('limit=4&beds=gte:100&sort=-beds')).items)).toEqual(byBeds(true));
  });

  it('a shaped first page and the cursor pages after it return every row once', async () => {
    const want = ROWS.filter((r) => r.beds !== null && r.beds >= 120)
      .sort((x, y) => y.beds! - x.beds!)
      .map((r) => r.id);
    const got: number[] = [];
    let body = await page('limit=4&beds=gte:120&sort=-beds');
    got.push(...ids(body.items));
    while (body.nextCursor) {
      body = await page(`limit=4&beds=gte:120&sort=-beds&cursor=${body.nextCursor}`);
      got.push(...ids(body.items));
    }
    expect(got).toEqual(want);
  });

  it('select, total and a bad value answer as on any page', async () => {
    await page('limit=2&beds=gte:10');
    const selected = await page('limit=2&beds=gte:10&select=name');
    expect(selected.items.map((i) => Object.keys(i))).toEqual([
      ['_id', 'name'],
      ['_id', 'name'],
    ]);
    expect(selected.items.map((i) => i.name)).toEqual(['Cơ sở 1', 'Cơ sở 2']);
    const total = (await page('limit=2&beds=gte:10&total=true')) as unknown as { total: number };
    expect(total.total).toBe(ROWS.filter((r) => r.beds !== null).length);
    const bad = await getJson(t.app, '/v1/datasets/shapes/records?limit=2&beds=gte:many');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('beds');
  });
});
