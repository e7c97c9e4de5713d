import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../load/ingest';
import { referenceTemplate } from '../../testing/index';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'kho-agri-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe.each(testEngines())('agriculture adapter on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });

  const observations = (dataset: string) =>
    query<{
      indicator_code: string;
      period_label: string;
      period_start: string;
      period_end: string;
      granularity: string;
      value: number;
      flag: string | null;
      dimensions: Record<string, string>;
    }>(
      t.db,
      sql`select indicator_code, period_label, period_start::text, period_end::text, granularity, value, flag, dimensions
          from observations where dataset_id = ${dataset} and version_to is null order by 1, period_start`,
    );

  it('loads crops by season, livestock and fisheries with Vietnamese headers', async () => {
    const r = await ingestFile(t, {
      file: fixture('lua-thuy-san.csv'),
      dataset: 'test-nong-nghiep',
      adapter: 'agriculture',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 8 });
    expect(r.columns).toMatchObject({ 'dimension:season': 'Vụ', 'dimension:livestock': 'Vật nuôi' });
    const rows = await observations('test-nong-nghiep');
    expect(rows.map((x) => [x.indicator_code, x.period_label, x.value, x.flag, x.dimensions])).toEqual([
      ['agri.aquaculture-output', '2019', 12000, 'lower_bound', {}],
      ['agri.fisheries-capture-output', '2019', 245000, 'lower_bound', {}],
      ['agri.fisheries-output', '2019', 257000, 'lower_bound', {}],
      ['agri.pig-heads', '2020', 667000, 'lower_bound', { livestock: 'Lợn' }],
      ['agri.rice-output', 'vụ Đông Xuân 2024', 343689, null, { season: 'Đông Xuân' }],
      ['agri.rice-planted-area', 'vụ Đông Xuân 2021–2022', 47049, null, { season: 'Đông Xuân' }],
      ['agri.rice-planted-area', 'vụ Hè Thu 2023', 41545.4, null, { season: 'Hè Thu' }],
      ['agri.rice-yield', 'giai đoạn 2016–2020', 65.8, null, {}],
    ]);
    // A season is a span of months of its harvest year.
    const dongXuan = rows.find((x) => x.period_label === 'vụ Đông Xuân 2021–2022')!;
    expect([dongXuan.period_start, dongXuan.period_end, dongXuan.granularity]).toEqual([
      '2021-12-01',
      '2022-04-30',
      'season',
    ]);
    const units = await query<{ code: string; unit: string; additive: boolean }>(
      t.db,
      sql`select code, unit, additive from indicators where code in ('agri.rice-yield', 'agri.rice-output') order by code`,
    );
    expect(units).toEqual([
      { code: 'agri.rice-output', unit: 'tấn', additive: true },
      { code: 'agri.rice-yield', unit: 'tạ/ha', additive: false },
    ]);
  });

  it('reads English headers with crop and season, taking units from the known indicators', async () => {
    const r = await ingestFile(t, {
      file: fixture('rice-fisheries-en.csv'),
      dataset: 'test-agri-en',
      adapter: 'agriculture',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 4 });
    expect(r.columns).toMatchObject({
      'dimension:crop': 'crop',
      'dimension:season': 'season',
      areaCode: 'area_code',
    });
    const rows = await observations('test-agri-en');
    expect(rows.map((x) => [x.indicator_code, x.value, x.dimensions])).toEqual([
      ['agri.fisheries-capture-output', 273000, {}],
      ['agri.fisheries-output', 286000, {}],
      ['agri.rice-output', 638800, { crop: 'Rice' }],
      ['agri.rice-output', 343689, { crop: 'Rice', season: 'Winter-spring' }],
    ]);
  });

  it('rejects an unknown area, a bad number and a second unit for one indicator', async () => {
    const good = readFileSync(fixture('lua-thuy-san.csv'), 'utf8');
    const file = write(
      'bad.csv',
      `${good}Sản lượng lúa,Hè Thu,,tấn,Huyện Phù Cát Nam,vụ Hè Thu 2023,120.000,
Diện tích lúa,Mùa,,ha,Huyện Phù Cát,vụ Mùa 2023,"khoảng 1,2,3",
Sản lượng lúa,,,nghìn tấn,Tỉnh Bình Định,2023,"638,8",
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-agri-bad', adapter: 'agriculture', actor: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.rowsRejected).toBe(3);
    const at = (row: number) => r.errors.find((e) => e.row === row);
    expect(at(10)).toMatchObject({ column: 'Địa bàn', value: 'Huyện Phù Cát Nam' });
    expect(at(11)).toMatchObject({
      column: 'Giá trị',
      value: 'khoảng 1,2,3',
      message: expect.stringMatching(/not a number/),
    });
    expect(at(12)).toMatchObject({
      value: 'nghìn tấn',
      message: expect.stringContaining('one indicator has one unit'),
    });
  });
});
