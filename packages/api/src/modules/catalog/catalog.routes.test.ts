import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';

describe.each(testEngines())('REST catalog on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the demo datasets with facets and a total', async () => {
    const r = await getJson(t.app, '/v1/datasets?limit=100');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.total).toBe(r.body.items.length);
    expect(r.body.facets.theme.find((f: { value: string }) => f.value === 'digital').count).toBeGreaterThan(
      0,
    );
    expect(r.body.facets.access).toEqual([{ value: 'open', count: r.body.total }]);
  });

  it('finds datasets without accents and pages each exactly once', async () => {
    const r = await getJson(t.app, '/v1/datasets?q=ha%20tang%20so');
    expect(r.body.items.map((d: { id: string }) => d.id)).toContain('digital-infrastructure-2022');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: any } = await getJson(
        t.app,
        `/v1/datasets?limit=1&sort=title${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((d: { id: string }) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = (await getJson(t.app, '/v1/datasets?limit=100')).body.items.map((d: { id: string }) => d.id);
    expect([...seen].sort()).toEqual([...all].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by theme and publisher', async () => {
    const r = await getJson(t.app, '/v1/datasets?theme=digital&publisher=STTTT');
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const d of r.body.items) {
      expect(d.themes).toContain('digital');
      expect(d.publisher.code).toBe('STTTT');
    }
  });

  it('answers one dataset with its dictionary, downloads and indicators', async () => {
    const r = await getJson(t.app, '/v1/datasets/digital-infrastructure-2022');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: 'digital-infrastructure-2022',
      kind: 'indicators',
      access: 'open',
      version: 1,
      rowCount: 16,
    });
    expect(r.body.distributions.map((d: { format: string }) => d.format)).toEqual([
      'csv',
      'json',
      'ndjson',
      'geojson',
      'xlsx',
    ]);
    expect(r.body.distributions[0].url).toBe(
      'http://kho.test/v1/datasets/digital-infrastructure-2022/download.csv',
    );
    expect(r.body.indicators.map((i: { code: string }) => i.code)).toContain(
      'mobile-base-transceiver-stations-bts',
    );
    expect(r.body.tableSchema.fields.map((f: { name: string }) => f.name)).toContain('value');
    expect(r.body.temporal).toEqual({ start: '2021-01-01', end: '2022-12-31' });
  });

  it('lists the publishers with their 2025 successors and visible dataset counts', async () => {
    const r = await getJson(t.app, '/v1/publishers');
    const stttt = r.body.items.find((p: { code: string }) => p.code === 'STTTT');
    expect(stttt).toMatchObject({
      successorCode: 'SKHCN',
      nameEn: 'Department of Information and Communications',
    });
    expect(stttt.datasetCount).toBeGreaterThan(0);
  });

  describe('errors', () => {
    it.each([
      ['/v1/datasets?limit=-5', 'limit'],
      ['/v1/datasets?limit=101', 'limit'],
      ['/v1/datasets?theme=space', 'theme'],
      ['/v1/datasets?sort=random', 'sort'],
      ['/v1/datasets?cursor=%27%3Bdrop%20table', 'cursor'],
      ['/v1/datasets/Bad%20Id', 'id'],
    ])('%s → 400 naming %s', async (url, parameter) => {
      const r = await getJson(t.app, url);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.body.errors)).toContain(parameter);
    });

    it('answers an unknown dataset with 404', async () => {
      const r = await getJson(t.app, '/v1/datasets/no-such-dataset');
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('dataset-not-found');
    });
  });
});
