import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kho-records-'));
const DISTRICTS = ['TP. Quy Nhơn', 'Huyện Tây Sơn', 'Huyện Vân Canh', 'Thị xã An Nhơn', 'Huyện Phù Cát'];
const TYPES = ['hospital', 'clinic', 'health-station'];
/** 30 facilities around Quy Nhơn, some without beds, one without a point. */
function facilities(changed = false): string {
  const rows = ['id,name,type,beds,district,lat,lon,opened'];
  for (let i = 1; i <= 30; i++) {
    const beds = i % 7 === 0 ? '' : String(i * 10 + (changed && i === 3 ? 5 : 0));
    const lat = i === 30 ? '' : (13.7 + i * 0.01).toFixed(4);
    const lon = i === 30 ? '' : (109.2 - i * 0.005).toFixed(4);
    rows.push(
      `${i},Cơ sở y tế số ${i}${i === 5 ? ' Bệnh viện Đa khoa' : ''},${TYPES[i % 3]},${beds},${DISTRICTS[i % 5]},${lat},${lon},2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
    );
  }
  if (changed) rows.push('31,Trạm mới,health-station,0,Huyện Tây Sơn,13.9,109.0,2024-05-01');
  return `${rows.join('\n')}\n`;
}

describe.each(testEngines())('REST records on %s', (engine) => {
  let t: TestApp;
  const get = (url: string) => getJson(t.app, url);
  beforeAll(async () => {
    t = await createTestApp(engine);
    const f = join(dir, `f-${engine}.csv`);
    writeFileSync(f, facilities());
    const r = await ingestFile(t.database, {
      dataset: 'test-facilities',
      file: f,
      adapter: 'records',
      actor: 'test',
    });
    expect(r.status).toBe('loaded');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function walk(url: string, from: string | null = null) {
    const all: any[] = [];
    let cursor: string | null = from;
    let pages = 0;
    do {
      const r: { status: number; body: any } = await get(
        `${url}${url.includes('?') ? '&' : '?'}limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      all.push(...r.body.items);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return all;
  }

  describe('happy', () => {
    it('pages every row exactly once, in any sort order', async () => {
      for (const sort of ['', 'sort=-beds,name', 'sort=district,-opened', 'sort=lat']) {
        const rows = await walk(`/v1/datasets/test-facilities/records?${sort}`);
        expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
      }
      const byBeds = await walk('/v1/datasets/test-facilities/records?sort=-beds');
      const beds = byBeds.map((r) => r.beds);
      expect(beds.slice(0, 3)).toEqual([300, 290, 270]);
      expect(beds.slice(-4)).toEqual([null, null, null, null]);
    });

    it('types values by the data dictionary', async () => {
      const r = await get('/v1/datasets/test-facilities/records?id=eq:5');
      expect(r.body.items).toEqual([
        {
          _id: expect.any(Number),
          id: 5,
          name: 'Cơ sở y tế số 5 Bệnh viện Đa khoa',
          type: 'health-station',
          beds: 50,
          district: 'TP. Quy Nhơn',
          lat: 13.75,
          lon: 109.175,
          opened: '2020-01-06',
        },
      ]);
    });

    it.each([
      ['beds=gte:250', [25, 26, 27, 29, 30]],
      ['beds=lt:30', [1, 2]],
      ['type=in:hospital,clinic&beds=gt:260', [27, 30]],
      ['type=nin:hospital,clinic&id=lte:6', [2, 5]],
      ['beds=isnull:true', [7, 14, 21, 28]],
      ['name=like:bệnh viện', [5]],
      ['opened=gte:2020-01-27', [26, 27]],
      ['district=ne:Huyện Tây Sơn&id=lte:3', [2, 3]],
      ['q=benh%20vien%20da%20khoa', [5]],
    ])('%s', async (filter, ids) => {
      const r = await get(`/v1/datasets/test-facilities/records?${filter}&limit=1000`);
      expect(r.status).toBe(200);
      expect(r.body.items.map((x: { id: number }) => x.id).sort((a: number, b: number) => a - b)).toEqual(
        ids,
      );
    });

    it('selects fields and counts the total', async () => {
      const r = await get(
        '/v1/datasets/test-facilities/records?select=name,beds&limit=2&total=true&type=eq:hospital',
      );
      expect(Object.keys(r.body.items[0])).toEqual(['_id', 'name', 'beds']);
      expect(r.body.total).toBe(10);
      // The first page's total comes with the page statement; later pages count on their own.
      const next = await get(
        `/v1/datasets/test-facilities/records?select=name,beds&limit=2&total=true&type=eq:hospital&cursor=${encodeURIComponent(r.body.nextCursor)}`,
      );
      expect(next.body.total).toBe(10);
      expect(next.body.items[0]._id).not.toBe(r.body.items[0]._id);
      const none = await get('/v1/datasets/test-facilities/records?limit=2&total=true&type=eq:nowhere');
      expect(none.body).toMatchObject({ items: [], total: 0 });
    });

    it('filters by area, including every unit below it', async () => {
      const r = await get('/v1/datasets/test-facilities/records?area=547&limit=100');
      expect(r.body.items.every((x: { district: string }) => x.district === 'Huyện Tây Sơn')).toBe(true);
      expect(r.body.items).toHaveLength(6);
      const province = await get('/v1/datasets/test-facilities/records?area=52&limit=100');
      expect(province.body.items).toHaveLength(30);
    });

    it('finds rows in a box and near a point', async () => {
      const box = await get('/v1/datasets/test-facilities/records?bbox=109.1,13.7,109.2,13.75&limit=100');
      expect(box.body.items.map((x: { id: number }) => x.id)).toEqual([1, 2, 3, 4, 5]);
      // id 10 is at 13.80, 109.15; 1 km around it holds only itself (neighbours are ~1.2 km away).
      const near = await get('/v1/datasets/test-facilities/records?near=13.8,109.15,1000&limit=100');
      expect(near.body.items.map((x: { id: number }) => x.id)).toEqual([10]);
      const wider = await get('/v1/datasets/test-facilities/records?near=13.8,109.15,1300&limit=100');
      expect(wider.body.items.map((x: { id: number }) => x.id)).toEqual([9, 10, 11]);
    });

    it('aggregates by group', async () => {
      const r = await get('/v1/datasets/test-facilities/records?group_by=type&agg=count,sum:beds,max:beds');
      expect(r.body.items).toEqual([
        { type: 'clinic', count: 10, sum_beds: 1100, max_beds: 250 },
        { type: 'health-station', count: 10, sum_beds: 1410, max_beds: 290 },
        { type: 'hospital', count: 10, sum_beds: 1440, max_beds: 300 },
      ]);
    });

    it('reads version 1 after version 2 is loaded, and keeps a cursor on its version', async () => {
      const before = await get('/v1/datasets/test-facilities/records?limit=10');
      const f = join(dir, `g-${engine}.csv`);
      writeFileSync(f, facilities(true));
      const r = await ingestFile(t.database, { dataset: 'test-facilities', file: f, actor: 'test' });
      expect(r).toMatchObject({ status: 'loaded', version: 2, added: 1, changed: 1 });
      const rest = await walk('/v1/datasets/test-facilities/records', before.body.nextCursor);
      expect(before.body.items.length + rest.length).toBe(30);
      const v1 = await get('/v1/datasets/test-facilities/records?version=1&id=eq:3');
      expect(v1.body).toMatchObject({ version: 1, items: [{ beds: 30 }] });
      const v2 = await get('/v1/datasets/test-facilities/records?id=eq:3');
      expect(v2.body).toMatchObject({ version: 2, items: [{ beds: 35 }] });
      expect((await walk('/v1/datasets/test-facilities/records')).length).toBe(31);
    });

    it('serves an indicator dataset as rows of observations', async () => {
      const r = await get(
        '/v1/datasets/digital-infrastructure-2022/records?indicator=eq:mobile-base-transceiver-stations-bts',
      );
      expect(r.body.items).toEqual([
        expect.objectContaining({
          indicator: 'mobile-base-transceiver-stations-bts',
          areaCode: '52',
          areaName: 'Tỉnh Bình Định',
          value: 1723,
          unit: 'stations',
          periodStart: '2022-05-31',
        }),
      ]);
      const flagged = await get(
        '/v1/datasets/digital-infrastructure-2022/records?flag=isnull:false&sort=value',
      );
      expect(flagged.body.items.map((x: { flag: string }) => x.flag)).toEqual([
        'approximate',
        'lower_bound',
        'approximate',
        'approximate',
      ]);
    });
  });

  describe('errors', () => {
    it.each([
      ['no_such_field=eq:1', 'no_such_field'],
      // Names of Object.prototype: __proto__ was dropped by the query schema and matched every row.
      ['__proto__=eq:1', '__proto__'],
      ['toString=eq:1', 'toString'],
      ['beds=gte:many', 'beds'],
      ['beds=eq:1.5', 'beds'],
      ['opened=lt:yesterday', 'opened'],
      [`type=in:${Array.from({ length: 101 }, (_, i) => i).join(',')}`, 'type'],
      ['beds=like:1', 'beds'],
      ['sort=nothing', 'sort'],
      ['select=a,b', 'select'],
      ['limit=1001', 'limit'],
      ['limit=-1', 'limit'],
      ['cursor=abc', 'cursor'],
      ['bbox=1,2,3', 'bbox'],
      ['near=13,109', 'near'],
      ['group_by=name&agg=sum:name', 'agg'],
      ['agg=median:beds', 'agg'],
      ['version=0', 'version'],
    ])('%s → 400 naming %s', async (q, parameter) => {
      const r = await get(`/v1/datasets/test-facilities/records?${q}`);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.body.errors)).toContain(parameter);
    });

    it('answers a version that does not exist with 404', async () => {
      expect((await get('/v1/datasets/test-facilities/records?version=99')).status).toBe(404);
    });

    it('answers a tampered cursor with 400, not 500', async () => {
      const cursor = Buffer.from(JSON.stringify({ v: 1, id: 1, k: ['not-a-number'] })).toString('base64url');
      const r = await get(`/v1/datasets/test-facilities/records?sort=beds&cursor=${cursor}`);
      expect(r.status).toBe(400);
    });
  });

  describe('security', () => {
    it('treats SQL in values and names as data', async () => {
      for (const q of [
        "name=eq:' or 1=1 --",
        'name=like:%',
        "q=') or true --",
        'name=in:a%27)%20or%20(1=1',
      ]) {
        const r = await get(`/v1/datasets/test-facilities/records?${q}`);
        expect(r.status).toBe(200);
        expect(r.body.items).toHaveLength(0);
      }
      const weird = await get(
        `/v1/datasets/test-facilities/records?${encodeURIComponent("x') or 1=1--")}=eq:1`,
      );
      expect(weird.status).toBe(400);
      expect(JSON.stringify(weird.body)).not.toMatch(/select|from records/i);
    });
  });
});
