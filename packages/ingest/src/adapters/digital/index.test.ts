import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../load/ingest';
import { referenceTemplate } from '../../testing/index';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'kho-digital-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe.each(testEngines())('digital adapter on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });

  const observations = (dataset: string) =>
    query<{ indicator_code: string; period_label: string; value: number; flag: string | null }>(
      t.db,
      sql`select indicator_code, period_label, value, flag from observations
          where dataset_id = ${dataset} and version_to is null order by 1, period_start`,
    );

  it('loads a wide table (a column per year) with Vietnamese headers under stable codes', async () => {
    const r = await ingestFile(t, {
      file: fixture('ha-tang-so.csv'),
      dataset: 'test-ha-tang-so',
      adapter: 'digital',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsRead: 4, rowsLoaded: 5 });
    expect(r.columns).toMatchObject({ indicator: 'Chỉ tiêu', periods: '2022, 2024' });
    expect(await observations('test-ha-tang-so')).toEqual([
      { indicator_code: 'digital.bts-stations', period_label: '2022', value: 1723, flag: null },
      { indicator_code: 'digital.dti-rank', period_label: '2022', value: 29, flag: null },
      {
        indicator_code: 'digital.fibre-commune-coverage',
        period_label: '2022',
        value: 99,
        flag: 'lower_bound',
      },
      { indicator_code: 'digital.fibre-commune-coverage', period_label: '2024', value: 100, flag: null },
      { indicator_code: 'digital.smartphone-households', period_label: '2024', value: 99.6, flag: null },
    ]);
    const [ds] = await query<{ publisher_code: string; themes: string[] }>(
      t.db,
      sql`select publisher_code, themes from datasets where id = 'test-ha-tang-so'`,
    );
    expect(ds).toEqual({ publisher_code: 'SKHCN', themes: ['digital'] });
  });

  it('loads a long table with English headers, units from the known indicators', async () => {
    const r = await ingestFile(t, {
      file: fixture('digital-en.csv'),
      dataset: 'test-digital-en',
      adapter: 'digital',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 4 });
    expect(await observations('test-digital-en')).toEqual([
      { indicator_code: 'digital.5g-stations', period_label: '2024', value: 70, flag: 'lower_bound' },
      { indicator_code: 'digital.dti-rank', period_label: '2022', value: 29, flag: null },
      { indicator_code: 'digital.fibre-village-coverage', period_label: '2024', value: 99.2, flag: null },
      { indicator_code: 'digital.smartphone-households', period_label: '2024', value: 99.6, flag: null },
    ]);
    const units = await query<{ code: string; unit: string; additive: boolean }>(
      t.db,
      sql`select code, unit, additive from indicators where code in ('digital.5g-stations', 'digital.dti-rank') order by code`,
    );
    expect(units).toEqual([
      { code: 'digital.5g-stations', unit: 'trạm', additive: true },
      { code: 'digital.dti-rank', unit: 'hạng/63', additive: false },
    ]);
  });

  it('rejects an unknown area and a bad number, naming row, column and value', async () => {
    const good = readFileSync(fixture('ha-tang-so.csv'), 'utf8');
    const file = write(
      'bad.csv',
      `${good}Số trạm BTS,trạm,Huyện Vân Canh Mới,120,
Tỷ lệ hộ gia đình có điện thoại thông minh,%,Tỉnh Bình Định,,chín mươi
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-digital-bad', adapter: 'digital', actor: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 6, column: 'Địa bàn', value: 'Huyện Vân Canh Mới' }),
      expect.objectContaining({
        row: 7,
        column: '2024',
        value: 'chín mươi',
        message: expect.stringMatching(/not a number/),
      }),
    ]);
  });
});
