import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kho-versions-'));

describe.each(testEngines())('REST versions and the area resolver on %s', (engine) => {
  let t: TestApp;
  const get = (url: string) => getJson(t.app, url);
  beforeAll(async () => {
    t = await createTestApp(engine);
    const load = (name: string, text: string) => {
      const f = join(dir, `${name}-${engine}.csv`);
      writeFileSync(f, text);
      return ingestFile(t.database, { dataset: 'test-schools', file: f, adapter: 'records', actor: 'test' });
    };
    await load('v1', 'id,name,pupils\n1,Trường A,300\n2,Trường B,420\n3,Trường C,150\n');
    const r = await load('v2', 'id,name,pupils\n1,Trường A,310\n2,Trường B,420\n4,Trường D,90\n');
    expect(r).toMatchObject({ version: 2, added: 1, changed: 1, removed: 1 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the versions with their counts, newest first', async () => {
    const r = await get('/v1/datasets/test-schools/versions');
    expect(r.body.items.map((v: any) => [v.version, v.rowCount, v.added, v.changed, v.removed])).toEqual([
      [2, 3, 1, 1, 1],
      [1, 3, 3, 0, 0],
    ]);
    expect(r.body.items[0].fileName).toBe(`v2-${engine}.csv`);
  });

  it('diffs two versions row by row', async () => {
    const r = await get('/v1/datasets/test-schools/versions/1..2');
    expect(r.status).toBe(200);
    expect(r.body.counts).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(r.body.added).toEqual([{ id: 4, name: 'Trường D', pupils: 90 }]);
    expect(r.body.removed).toEqual([{ id: 3, name: 'Trường C', pupils: 150 }]);
    expect(r.body.changed).toEqual([
      {
        key: '1',
        before: { id: 1, name: 'Trường A', pupils: 300 },
        after: { id: 1, name: 'Trường A', pupils: 310 },
      },
    ]);
    expect((await get('/v1/datasets/test-schools/versions/0..1')).body.counts.added).toBe(3);
  });

  it.each([
    ['/v1/datasets/test-schools/versions/2..1', 400],
    ['/v1/datasets/test-schools/versions/1..9', 404],
    ['/v1/datasets/test-schools/versions/abc', 400],
    ['/v1/datasets/nope/versions', 404],
  ])('%s → %i', async (url, status) => {
    const r = await get(url);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it.each([
    ['H. Vân Canh', '2022-06-03', '551'],
    ['TP. Quy Nhơn', '2022-06-03', '540'],
    ['P. Nhon Binh', '2022-06-03', '21550'],
    ['Quy Nhon Bac', '2026-01-01', '21553'],
  ])('resolves %s on %s to %s', async (name, at, code) => {
    const r = await get(`/v1/areas/resolve?name=${encodeURIComponent(name)}&at=${at}`);
    expect(r.status).toBe(200);
    expect(r.body.best.code).toBe(code);
    expect(r.body.confidence).toBeGreaterThan(0.8);
  });

  it('says when a name is ambiguous, and lists the candidates', async () => {
    const r = await get('/v1/areas/resolve?name=B%C3%ACnh%20%C4%90%E1%BB%8Bnh&at=2022-06-03');
    expect(r.body.ambiguous).toBe(true);
    expect(r.body.alternatives.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['52', '21907']),
    );
    const province = await get(
      '/v1/areas/resolve?name=B%C3%ACnh%20%C4%90%E1%BB%8Bnh&at=2022-06-03&level=province',
    );
    expect(province.body).toMatchObject({ ambiguous: false, best: { code: '52' } });
  });

  it('refuses a resolve without a name', async () => {
    expect((await get('/v1/areas/resolve')).status).toBe(400);
  });
});
