import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoManifest } from './demo';
import { seedReferenceData } from './seed';

/** The sectors the demo must show (industry-trade stands for industry and investment). */
const PRIORITY_THEMES = ['health', 'education', 'tourism', 'agriculture', 'digital', 'population', 'industry-trade'];

const inForce = (date: string) =>
  sql`(valid_from is null or valid_from <= ${date}::date) and (valid_to is null or valid_to > ${date}::date)`;

describe.each(testEngines())('bundled reference data on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    expect(await seedReferenceData(t)).toEqual({ reference: 'loaded', demo: 'loaded' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (level: string, date: string) =>
    (await query<{ n: number }>(t.db, sql`select count(*)::int as n from areas where level = ${level} and ${inForce(date)}`))[0]!.n;
  const nameAt = async (code: string, date: string) =>
    (await query<{ name: string }>(t.db, sql`select name from areas where code = ${code} and ${inForce(date)}`)).map(
      (r) => r.name,
    );

  it('has 11 districts and 159 communes in 2022, 155 communes in March 2025, 135 in 2026', async () => {
    expect(await count('province', '2022-06-03')).toBe(1);
    expect(await count('district', '2022-06-03')).toBe(11);
    expect(await count('commune', '2022-06-03')).toBe(159);
    expect(await count('commune', '2019-06-01')).toBe(159);
    expect(await count('district', '2025-03-01')).toBe(11);
    expect(await count('commune', '2025-03-01')).toBe(155);
    expect(await count('district', '2026-01-01')).toBe(0);
    expect(await count('commune', '2026-01-01')).toBe(135);
  });

  it('resolves reused codes by date', async () => {
    expect(await nameAt('21553', '2022-06-03')).toEqual(['Phường Nhơn Phú']);
    expect(await nameAt('21553', '2026-01-01')).toEqual(['Phường Quy Nhơn Bắc']);
    expect(await nameAt('21583', '2022-06-03')).toEqual(['Phường Lê Lợi']);
    expect(await nameAt('21583', '2025-03-01')).toEqual(['Phường Thị Nại']);
    expect(await nameAt('21583', '2026-01-01')).toEqual(['Phường Quy Nhơn']);
    expect(await nameAt('52', '2022-06-03')).toEqual(['Tỉnh Bình Định']);
    expect(await nameAt('52', '2026-01-01')).toEqual(['Tỉnh Gia Lai']);
  });

  it('dates the Hoài Nhơn town (2020-06-01) and Cát Tiến township (2021-02-01) changes', async () => {
    expect(await nameAt('543', '2020-05-31')).toEqual(['Huyện Hoài Nhơn']);
    expect(await nameAt('543', '2020-06-01')).toEqual(['Thị xã Hoài Nhơn']);
    expect(await nameAt('21640', '2019-06-01')).toEqual(['Thị trấn Bồng Sơn']);
    expect(await nameAt('21640', '2022-06-03')).toEqual(['Phường Bồng Sơn']);
    expect(await nameAt('21898', '2021-01-31')).toEqual(['Xã Cát Tiến']);
    expect(await nameAt('21898', '2021-02-01')).toEqual(['Thị trấn Cát Tiến']);
  });

  it('lists several successors for each of the four split communes, all partial', async () => {
    const rows = await query<{ from_name: string; successors: number; partial: number }>(
      t.db,
      sql`select s.from_name, count(*)::int as successors, count(*) filter (where s.share = 'partial')::int as partial
          from area_successions s where s.kind = 'split' group by s.from_name order by s.from_name`,
    );
    expect(rows).toEqual([
      { from_name: 'Xã An Nghĩa', successors: 2, partial: 2 },
      { from_name: 'Xã Canh Hiệp', successors: 2, partial: 2 },
      { from_name: 'Xã Canh Liên', successors: 2, partial: 2 },
      { from_name: 'Xã Ân Nghĩa', successors: 3, partial: 3 },
    ]);
  });

  it('links every 2025-03 commune to at least one 2025-07 successor, and the 2025-01 mergers', async () => {
    const orphans = await query(
      t.db,
      sql`select a.code from areas a where a.level = 'commune' and ${inForce('2025-06-30')}
          and not exists (select 1 from area_successions s where s.from_area_id = a.id)`,
    );
    expect(orphans).toEqual([]);
    const thiNai = await query<{ from_name: string }>(
      t.db,
      sql`select s.from_name from area_successions s join areas a on a.id = s.to_area_id
          where a.code = '21583' and a.valid_from = '2025-01-01' order by 1`,
    );
    expect(thiNai.map((r) => r.from_name)).toEqual(['Phường Lê Lợi', 'Phường Thị Nại', 'Phường Trần Hưng Đạo']);
  });

  it('keeps predecessors outside the bundled lists by code and name', async () => {
    const [row] = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from area_successions where from_area_id is null and date = '2025-07-01'`,
    );
    expect(row!.n).toBeGreaterThan(100);
  });

  it('loads the departments as publishers, with the 2025 mergers', async () => {
    const rows = await query<{ code: string; successor_code: string | null }>(
      t.db,
      sql`select code, successor_code from publishers where code in ('SYT', 'STTTT', 'SKHDT', 'SNNPTNT', 'CTK') order by code`,
    );
    expect(rows).toEqual([
      { code: 'CTK', successor_code: null },
      { code: 'SKHDT', successor_code: 'STC' },
      { code: 'SNNPTNT', successor_code: 'SNNMT' },
      { code: 'STTTT', successor_code: 'SKHCN' },
      { code: 'SYT', successor_code: null },
    ]);
  });

  it('loads the June 2022 digital figures with their status flags', async () => {
    const rows = await query<{ indicator_code: string; area_code: string; value: number; flag: string | null }>(
      t.db,
      sql`select indicator_code, area_code, value, flag from observations where dataset_id = 'digital-infrastructure-2022'
          and indicator_code in ('mobile-base-transceiver-stations-bts', 'households-passed-by-fibre-broadband', 'communes-with-fibre-broadband')
          order by indicator_code`,
    );
    expect(rows).toEqual([
      { indicator_code: 'communes-with-fibre-broadband', area_code: '52', value: 99, flag: 'lower_bound' },
      { indicator_code: 'households-passed-by-fibre-broadband', area_code: '52', value: 56, flag: 'approximate' },
      { indicator_code: 'mobile-base-transceiver-stations-bts', area_code: '52', value: 1723, flag: null },
    ]);
    const [total] = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from observations where dataset_id = 'digital-infrastructure-2022'`,
    );
    expect(total!.n).toBe(16);
  });

  it('loads every demo dataset of the manifest, each with rows', async () => {
    const rows = await query<{ id: string; version: number; row_count: number; kind: string; themes: string[] }>(
      t.db,
      sql`select d.id, d.version, v.row_count, d.kind, d.themes from datasets d
          join dataset_versions v on v.dataset_id = d.id and v.version = d.version order by d.id`,
    );
    const manifest = demoManifest();
    expect(rows.map((r) => r.id)).toEqual(manifest.map((d) => d.id).sort());
    for (const r of rows) {
      expect(r.version, r.id).toBe(1);
      expect(r.row_count, r.id).toBeGreaterThan(0);
    }
    // Every dataset lists its sources; every figure keeps its own.
    for (const d of manifest) expect(d.meta.sources.length, d.id).toBeGreaterThan(0);
    const [unsourced] = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from observations where version_to is null and coalesce(attributes->>'source', '') = ''`,
    );
    expect(unsourced!.n).toBe(0);
  });

  it('has at least one demo dataset per priority sector', async () => {
    const rows = await query<{ theme: string; n: number }>(
      t.db,
      sql`select theme, count(*)::int as n from datasets, unnest(themes) as theme group by theme`,
    );
    const byTheme = Object.fromEntries(rows.map((r) => [r.theme, r.n]));
    for (const theme of PRIORITY_THEMES) expect(byTheme[theme], theme).toBeGreaterThan(0);
  });

  it('gives full-year visitor arrivals as one series, partial years apart', async () => {
    const rows = await query<{ period_label: string; granularity: string; value: number; flag: string | null }>(
      t.db,
      sql`select period_label, granularity, value, flag from observations
          where dataset_id = 'tourism-statistics' and indicator_code = 'tourism.visitor-arrivals' and version_to is null
          order by period_start`,
    );
    expect(rows).toEqual([
      { period_label: '2018', granularity: 'year', value: 4090000, flag: 'lower_bound' },
      { period_label: '2019', granularity: 'year', value: 5000000, flag: 'approximate' },
      { period_label: '2023', granularity: 'year', value: 5000000, flag: 'lower_bound' },
      { period_label: '2024', granularity: 'year', value: 9200000, flag: 'estimated' },
    ]);
    const [ytd] = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from observations where indicator_code = 'tourism.visitor-arrivals-ytd' and granularity <> 'year'`,
    );
    expect(ytd!.n).toBe(8);
    // A 2025 target of the former province stays with Tỉnh Bình Định, not the new Gia Lai.
    const [target] = await query<{ name: string; flag: string }>(
      t.db,
      sql`select a.name, o.flag from observations o join areas a on a.id = o.area_id
          where o.indicator_code = 'tourism.visitor-arrivals-target' and o.period_start = '2025-01-01'`,
    );
    expect(target).toEqual({ name: 'Tỉnh Bình Định', flag: 'target' });
  });

  it('resolves the 2019 census names to the units of 1 April 2019, adding up level by level', async () => {
    const rows = await query<{ level: string; units: number; total: number }>(
      t.db,
      sql`select a.level, count(*)::int as units, sum(o.value)::int as total from observations o join areas a on a.id = o.area_id
          where o.dataset_id = 'population-census-2019' and o.indicator_code = 'pop.population' and o.version_to is null
          group by a.level order by a.level`,
    );
    expect(rows).toEqual([
      { level: 'commune', units: 159, total: 1486918 },
      { level: 'district', units: 11, total: 1486918 },
      { level: 'province', units: 1, total: 1486918 },
    ]);
    const named = await query<{ code: string; name: string; value: number }>(
      t.db,
      sql`select a.code, a.name, o.value from observations o join areas a on a.id = o.area_id
          where o.dataset_id = 'population-census-2019' and o.indicator_code = 'pop.population'
          and a.code in ('21637', '21700', '21898') order by a.code`,
    );
    expect(named).toEqual([
      { code: '21637', name: 'Thị trấn Tam Quan', value: 12186 },
      { code: '21700', name: 'Xã Đak Mang', value: 1246 },
      { code: '21898', name: 'Xã Cát Tiến', value: 11607 },
    ]);
  });

  it('loads the registries with canonical types and districts', async () => {
    const rows = await query<{ dataset_id: string; kind: string; n: number }>(
      t.db,
      sql`select dataset_id, coalesce(data->>'type', data->>'level') as kind, count(*)::int as n from records
          where dataset_id in ('health-facilities', 'schools') and version_to is null group by 1, 2 order by 1, 2`,
    );
    expect(rows).toEqual([
      { dataset_id: 'health-facilities', kind: 'clinic', n: 4 },
      { dataset_id: 'health-facilities', kind: 'health-station', n: 3 },
      { dataset_id: 'health-facilities', kind: 'hospital', n: 8 },
      { dataset_id: 'health-facilities', kind: 'medical-centre', n: 13 },
      { dataset_id: 'health-facilities', kind: 'other', n: 1 },
      { dataset_id: 'health-facilities', kind: 'pharmacy', n: 2 },
      { dataset_id: 'schools', kind: 'mam-non', n: 2 },
      { dataset_id: 'schools', kind: 'other', n: 3 },
    ]);
    const [unplaced] = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from records where dataset_id in ('health-facilities', 'schools', 'industrial-zones') and area_code is null`,
    );
    expect(unplaced!.n).toBe(0);
  });

  it('does nothing on a second start', async () => {
    expect(await seedReferenceData(t)).toEqual({ reference: 'current', demo: 'current' });
  });
});
