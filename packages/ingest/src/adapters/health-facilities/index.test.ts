import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../load/ingest';
import { referenceTemplate } from '../../testing/index';
import { canonicalHealthFacilityType, healthFacilitiesAdapter } from './index';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'kho-health-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('canonicalHealthFacilityType', () => {
  it.each([
    ['Bệnh viện', 'Bệnh viện Đa khoa Thu Phúc', 'hospital'],
    ['benh vien', '', 'hospital'],
    ['Trạm y tế', 'Trạm y tế thị trấn Diêu Trì', 'health-station'],
    ['Trung tâm y tế', 'Trung tâm Y tế huyện Tây Sơn', 'medical-centre'],
    ['Phòng khám', 'Phòng khám đa khoa Phạm Ngọc Thạch', 'clinic'],
    ['Nhà thuốc', '', 'pharmacy'],
    ['Commune health station', '', 'health-station'],
    ['Hospital', 'Bệnh viện Quân y 13', 'hospital'],
    // OpenStreetMap tags: loose ones yield to the name, specific ones stand.
    ['hospital', 'Trạm y tế xã Vĩnh Sơn', 'health-station'],
    ['hospital', 'Trung tâm Y tế Phù Cát', 'medical-centre'],
    ['clinic', 'Trung tâm Tiêm chủng Trường An 2', 'clinic'],
    ['dentist', 'Nha Khoa Xuân Thuỷ', 'clinic'],
    ['doctors', 'BS Nuôi', 'clinic'],
    ['pharmacy', 'Nhà thuốc Bệnh viện X', 'pharmacy'],
    ['alternative', 'Lu Tran Osteopaths', 'other'],
    // No type: the name decides, else "other".
    ['', 'Trạm Y Tế Xã Vĩnh Quang', 'health-station'],
    ['', 'Cơ sở vật lý trị liệu', 'other'],
    ['Khác', 'Cơ sở vật lý trị liệu', 'other'],
  ])('%s / %s → %s', (type, name, expected) => {
    expect(canonicalHealthFacilityType(type, name)).toBe(expected);
  });

  it('does not guess an unknown type', () => {
    expect(canonicalHealthFacilityType('veterinary', 'Trạm Thú Y Huyện Phù Mỹ')).toBeNull();
    expect(canonicalHealthFacilityType('Bệnh xá', 'Bệnh xá Quân dân y')).toBeNull();
  });
});

describe('health-facilities schema', () => {
  it('is keyed by source_id when the file has ids, else by name and area', () => {
    expect(healthFacilitiesAdapter.schemaFor(['osm_id', 'name', 'subcategory']).primaryKey).toEqual([
      'source_id',
    ]);
    expect(healthFacilitiesAdapter.schemaFor(['Tên cơ sở', 'Loại hình', 'Huyện']).primaryKey).toEqual([
      'name',
      'area',
    ]);
  });
});

describe.each(testEngines())('health-facilities adapter on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });

  const rowsOf = (dataset: string) =>
    query<{ row_key: string; data: Record<string, unknown>; area_code: string | null; lat: number | null }>(
      t.db,
      sql`select row_key, data, area_code, lat from records where dataset_id = ${dataset} and version_to is null order by row_key`,
    );

  it('loads a department list with Vietnamese headers, resolving districts and types', async () => {
    const r = await ingestFile(t, {
      file: fixture('co-so-y-te.csv'),
      dataset: 'test-co-so-y-te',
      adapter: 'health-facilities',
      actor: 'test',
    });
    expect(r.message).toContain('Created test-co-so-y-te');
    expect(r).toMatchObject({ status: 'loaded', rowsRead: 5, rowsLoaded: 5, errorCount: 0 });
    expect(r.columns).toMatchObject({
      name: 'Tên cơ sở',
      type: 'Loại hình',
      address: 'Địa chỉ',
      area: 'Huyện',
      beds: 'Số giường',
      lat: 'Vĩ độ',
      lon: 'Kinh độ',
    });
    const rows = await rowsOf('test-co-so-y-te');
    const byName = Object.fromEntries(rows.map((x) => [x.data.name, x]));
    expect(byName['Bệnh viện Đa khoa Thu Phúc']).toMatchObject({
      area_code: '540',
      data: { type: 'hospital', type_detail: 'Bệnh viện', beds: 36 },
    });
    expect(byName['Trạm y tế thị trấn Diêu Trì']).toMatchObject({
      area_code: '550',
      data: { type: 'health-station' },
    });
    expect(byName['Trung tâm Y tế huyện Tây Sơn']!.data.type).toBe('medical-centre');
    expect(byName['Nhà Thuốc Hồng Phúc']!.data.type).toBe('pharmacy');
    // No ids in the file: the key is name + area as written.
    expect(byName['Bệnh viện Đa khoa Thu Phúc']!.row_key).toBe('Bệnh viện Đa khoa Thu Phúc|TP. Quy Nhơn');
    const [ds] = await query<{
      publisher_code: string;
      themes: string[];
      table_schema: { primaryKey: string[] };
    }>(t.db, sql`select publisher_code, themes, table_schema from datasets where id = 'test-co-so-y-te'`);
    expect(ds).toMatchObject({
      publisher_code: 'SYT',
      themes: ['health'],
      table_schema: { primaryKey: ['name', 'area'] },
    });
  });

  it('loads an OpenStreetMap export (English headers), keyed by the OSM id', async () => {
    const r = await ingestFile(t, {
      file: fixture('osm-hospitals.csv'),
      dataset: 'test-osm-health',
      adapter: 'health-facilities',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 7 });
    // The OSM tag column is read as the type; "type" (node/way) is left alone.
    expect(r.columns).toMatchObject({
      source_id: 'osm_id',
      type: 'subcategory',
      name: 'name',
      name_en: 'name_en',
    });
    expect(r.columns!.ignored).toContain('type');
    const rows = await rowsOf('test-osm-health');
    expect(rows.map((x) => [x.row_key, x.data.type])).toEqual([
      ['13042312901', 'clinic'],
      ['13179773001', 'clinic'],
      ['13426067401', 'other'],
      ['230797817', 'medical-centre'],
      ['231881946', 'hospital'],
      ['6426171212', 'pharmacy'],
      ['685460664', 'health-station'],
    ]);
    expect(rows.every((x) => typeof x.lat === 'number')).toBe(true);
  });

  it('reads an English department list', async () => {
    const file = write(
      'facilities-en.csv',
      `name,type,address,district,beds,latitude,longitude
Thu Phuc General Hospital,Hospital,420 Nguyen Thai Hoc,Quy Nhơn,36,,
Dieu Tri township health station,Commune health station,,Tuy Phước,,13.8094907,109.1476503
Hong Phuc pharmacy,Pharmacy,,Tây Sơn,,13.9607029,108.8255677
`,
    );
    const r = await ingestFile(t, {
      file,
      dataset: 'test-health-en',
      adapter: 'health-facilities',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 3 });
    expect(r.columns).toMatchObject({ area: 'district', beds: 'beds', lat: 'latitude', lon: 'longitude' });
    const rows = await rowsOf('test-health-en');
    // "Quy Nhơn" under a "district" header is the district (540), not today's Phường Quy Nhơn.
    expect(rows.map((x) => [x.data.type, x.area_code])).toEqual([
      ['health-station', '550'],
      ['pharmacy', '547'],
      ['hospital', '540'],
    ]);
  });

  it('rejects a file with an unknown area, a bad number and an unknown type, naming row, column and value', async () => {
    const good = readFileSync(fixture('co-so-y-te.csv'), 'utf8');
    const file = write(
      'bad.csv',
      `${good}Trạm y tế xã Vĩnh Sơn,Trạm y tế,,Huyện Vĩnh Thạnh Tây,,,
Trung tâm Y tế huyện Vân Canh,Trung tâm y tế,,Huyện Vân Canh,ba mươi,,
Bệnh xá Quân dân y,Bệnh xá,,Huyện Vân Canh,-4,,
`,
    );
    const r = await ingestFile(t, {
      file,
      dataset: 'test-health-bad',
      adapter: 'health-facilities',
      actor: 'test',
    });
    expect(r.status).toBe('rejected');
    expect(r.rowsLoaded).toBe(0);
    expect(r.rowsRejected).toBe(3);
    expect(r.message).toMatch(/Rejected: 3 of 8 rows/);
    const at = (row: number, column: string) => r.errors.find((e) => e.row === row && e.column === column);
    expect(at(7, 'Huyện')).toMatchObject({ value: 'Huyện Vĩnh Thạnh Tây' });
    expect(at(7, 'Huyện')!.message).toMatch(/Vĩnh Thạnh Tây/);
    expect(at(8, 'Số giường')).toMatchObject({ value: 'ba mươi', message: expect.stringMatching(/number/) });
    expect(at(9, 'Loại hình')).toMatchObject({
      value: 'Bệnh xá',
      message: expect.stringContaining('not one of hospital, health-station'),
    });
    expect(at(9, 'Số giường')).toMatchObject({ value: '-4', message: 'below the minimum 0' });
    // All or nothing: the dataset was not created.
    expect(await query(t.db, sql`select 1 from datasets where id = 'test-health-bad'`)).toEqual([]);
  });
});
