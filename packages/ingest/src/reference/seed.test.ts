import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReferenceData } from './seed';

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

  it('does nothing on a second start', async () => {
    expect(await seedReferenceData(t)).toEqual({ reference: 'current', demo: 'current' });
  });
});
