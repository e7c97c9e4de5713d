import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kho-obs-'));
// Population of old units in 2022 (made-up figures) to re-aggregate across the 2025 reform.
const POP = `indicator_code,indicator,unit,additive,area_code,period,value,sex
test.population,Dân số,người,true,21553,2022,12000,Tổng
test.population,Dân số,người,true,21559,2022,8000,Tổng
test.population,Dân số,người,true,21553,2022,5900,Nam
test.population,Dân số,người,true,21583,2022,7000,Tổng
test.population,Dân số,người,true,21634,2022,4000,Tổng
test.population,Dân số,người,true,551,2022,27000,Tổng
test.population,Dân số,người,true,52,2022,1504300,Tổng
test.population,Dân số,người,true,21553,2026,21000,Tổng
test.urban-share,Tỷ lệ dân số thành thị,%,false,21553,2022,100,Tổng
`;

describe.each(testEngines())('REST observations and indicators on %s', (engine) => {
  let t: TestApp;
  const get = (url: string) => getJson(t.app, url);
  beforeAll(async () => {
    t = await createTestApp(engine);
    const f = join(dir, `pop-${engine}.csv`);
    writeFileSync(f, POP);
    const r = await ingestFile(t.database, {
      dataset: 'test-population',
      file: f,
      adapter: 'indicators',
      actor: 'test',
      mapping: { dimensions: ['sex'] },
    });
    expect(r.errors).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists observations with filters, pages each once', async () => {
    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: any } = await get(
        `/v1/observations?dataset=test-population&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      all.push(...r.body.items);
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(9);
    expect(
      new Set(all.map((o) => `${o.indicator}${o.areaCode}${o.periodStart}${JSON.stringify(o.dimensions)}`))
        .size,
    ).toBe(9);
    const nam = await get('/v1/observations?dataset=test-population&dim.sex=Nam');
    expect(nam.body.items.map((o: { value: number }) => o.value)).toEqual([5900]);
    const byArea = await get(
      '/v1/observations?indicator=test.population&area=540&descendants=true&period_to=2022',
    );
    expect(byArea.body.items.map((o: { areaCode: string }) => o.areaCode).sort()).toEqual([
      '21553',
      '21553',
      '21559',
      '21583',
    ]);
  });

  it('gives the 1723 BTS stations of the briefing', async () => {
    const r = await get('/v1/observations?indicator=mobile-base-transceiver-stations-bts');
    expect(r.body.items).toEqual([
      expect.objectContaining({
        value: 1723,
        areaCode: '52',
        areaName: 'Tỉnh Bình Định',
        periodStart: '2022-05-31',
        unit: 'stations',
        flag: null,
      }),
    ]);
  });

  it('re-aggregates into today’s units where every succession is a full merge, and says why elsewhere', async () => {
    const r = await get(
      '/v1/observations?dataset=test-population&boundaries=current&dim.sex=Tổng&period_to=2022',
    );
    expect(r.status).toBe(200);
    const qnb = r.body.items.find((o: any) => o.areaCode === '21553' && o.indicator === 'test.population');
    expect(qnb).toMatchObject({
      areaName: 'Phường Quy Nhơn Bắc',
      value: 20000,
      derived: { from: ['21553', '21559'] },
    });
    const reasons = r.body.notes.map((n: any) => `${n.areaCode} ${n.reason}`).join('\n');
    expect(reasons).toMatch(/21583 .*Phường Quy Nhơn would need values for/); // Lê Lợi alone is not Quy Nhơn
    expect(reasons).toMatch(/21634 .*split/); // An Nghĩa was split
    expect(reasons).toMatch(/551 .*no successor/); // districts were abolished
    expect(reasons).toMatch(/52 .*outside this warehouse/); // Gia Lai was also formed from the old Gia Lai
    const asRecorded = r.body.items.find((o: any) => o.areaCode === '551');
    expect(asRecorded).toMatchObject({ value: 27000, areaName: 'Huyện Vân Canh' });
    expect(asRecorded.derived).toBeUndefined();
  });

  it('keeps non-additive indicators as recorded', async () => {
    const r = await get('/v1/observations?indicator=test.urban-share&boundaries=current');
    expect(r.body.items).toEqual([
      expect.objectContaining({ areaCode: '21553', areaName: 'Phường Nhơn Phú', value: 100 }),
    ]);
    expect(r.body.notes[0].reason).toMatch(/not additive/);
  });

  it('answers CSV for every matching observation', async () => {
    const res = await t.app.inject({ url: '/v1/observations?dataset=test-population&format=csv' });
    expect(res.headers['content-type']).toContain('text/csv');
    // … and documents it (the OpenAPI document only knew the JSON page).
    const doc = (await t.app.inject('/openapi.json')).json();
    expect(Object.keys(doc.paths['/v1/observations'].get.responses['200'].content)).toEqual([
      'application/json',
      'text/csv',
    ]);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^indicator,indicatorName,unit,areaCode/);
    expect(res.body).toContain('Phường Nhơn Phú');
  });

  it('refuses a bad request for CSV with a problem, before any byte of CSV (it used to cut the answer)', async () => {
    for (const url of [
      '/v1/observations?dataset=test-population&format=csv&cursor=abc',
      '/v1/observations?area=543&format=csv&cursor=%ED%A0%80',
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'invalid-cursor' });
    }
  });

  it('lists indicators through visible datasets, and one by code', async () => {
    const r = await get('/v1/indicators?q=dan%20so');
    expect(r.body.items.map((i: { code: string }) => i.code)).toContain('test.population');
    const one = await get('/v1/indicators/test.population');
    expect(one.body).toMatchObject({
      code: 'test.population',
      unit: 'người',
      additive: true,
      datasets: ['test-population'],
      observations: 8,
      periodStart: '2022-01-01',
      periodEnd: '2026-12-31',
      areaLevels: ['commune', 'district', 'province'],
    });
    expect((await get('/v1/indicators/nope')).status).toBe(404);
  });

  it.each([
    ['/v1/observations?period_from=banana', 'period_from'],
    ['/v1/observations?boundaries=future', 'boundaries'],
    ['/v1/observations?colour=red', 'colour'],
    ['/v1/observations?indicator=Not%20A%20Code', 'indicator'],
    ['/v1/observations?cursor=x', 'cursor'],
  ])('%s → 400 naming %s', async (url, parameter) => {
    const r = await get(url);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain(parameter);
  });
});
