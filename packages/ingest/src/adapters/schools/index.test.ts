import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../load/ingest';
import { referenceTemplate } from '../../testing/index';
import { canonicalSchoolLevel } from './index';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'kho-schools-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('canonicalSchoolLevel', () => {
  it.each([
    ['Mầm non', '', 'mam-non'],
    ['mẫu giáo', '', 'mam-non'],
    ['kindergarten', 'Hoa Mai', 'mam-non'],
    ['Tiểu học', '', 'tieu-hoc'],
    ['TH', '', 'tieu-hoc'],
    ['primary', '', 'tieu-hoc'],
    ['THCS', '', 'thcs'],
    ['trung học cơ sở', '', 'thcs'],
    ['Lower secondary', '', 'thcs'],
    ['THPT', '', 'thpt'],
    ['Trung học phổ thông', '', 'thpt'],
    ['upper secondary', '', 'thpt'],
    ['TH&THCS', '', 'lien-cap'],
    ['THCS và THPT', '', 'lien-cap'],
    ['Tiểu học và Trung học cơ sở', '', 'lien-cap'],
    ['liên cấp', '', 'lien-cap'],
    ['university', '', 'dai-hoc'],
    ['Cao đẳng', '', 'nghe-nghiep'],
    ['college', '', 'nghe-nghiep'],
    ['library', 'Thư Viện Tỉnh Bình Định', 'other'],
    ['language_school', 'Zen English Studio', 'other'],
    ['driving_school', '', 'other'],
    // A level that only says "school" yields to the name; no level: the name, else other.
    ['school', 'Trường THCS Nhơn Bình', 'thcs'],
    ['', 'Trường THPT Chuyên Lê Quý Đôn', 'thpt'],
    ['', 'Trường TH và THCS Canh Liên', 'lien-cap'],
    ['', 'Trường Phổ thông Dân tộc nội trú tỉnh Bình Định', 'other'],
  ])('%s / %s → %s', (level, name, expected) => {
    expect(canonicalSchoolLevel(level, name)).toBe(expected);
  });

  it('does not guess an unknown level', () => {
    expect(canonicalSchoolLevel('Công lập', 'Trường X')).toBeNull();
  });
});

describe.each(testEngines())('schools adapter on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });

  const rowsOf = (dataset: string) =>
    query<{ row_key: string; data: Record<string, unknown>; area_code: string | null }>(
      t.db,
      sql`select row_key, data, area_code from records where dataset_id = ${dataset} and version_to is null order by row_key`,
    );

  it('loads a department list with Vietnamese headers', async () => {
    const r = await ingestFile(t, {
      file: fixture('truong-hoc.csv'),
      dataset: 'test-truong-hoc',
      adapter: 'schools',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 5, errorCount: 0 });
    expect(r.columns).toMatchObject({
      name: 'Tên trường',
      level: 'Cấp học',
      area: 'Huyện',
      pupils: 'Số học sinh',
      teachers: 'Số giáo viên',
    });
    const rows = await rowsOf('test-truong-hoc');
    expect(rows.map((x) => [x.data.name, x.data.level, x.data.pupils, x.area_code])).toEqual([
      ['EcoSchool', 'mam-non', null, '540'],
      ['Hoa Mai', 'mam-non', null, '550'],
      ['Thư Viện Tỉnh Bình Định', 'other', null, '540'],
      ['Trường Phổ thông Dân tộc nội trú tỉnh Bình Định', 'other', 365, '52'],
      ['Trường THPT Chuyên Lê Quý Đôn', 'thpt', 900, '540'],
    ]);
    expect(rows[4]!.data.level_detail).toBe('Trung học phổ thông');
  });

  it('loads an OpenStreetMap export, keyed by the OSM id', async () => {
    const r = await ingestFile(t, {
      file: fixture('osm-education.csv'),
      dataset: 'test-osm-schools',
      adapter: 'schools',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 5 });
    expect(r.columns).toMatchObject({ source_id: 'osm_id', level: 'subcategory' });
    const rows = await rowsOf('test-osm-schools');
    expect(Object.fromEntries(rows.map((x) => [x.row_key, [x.data.level, x.data.level_detail]]))).toEqual({
      '3237591965': ['mam-non', 'kindergarten'],
      '12777647301': ['mam-non', 'kindergarten'],
      '1527943753': ['other', 'library'],
      '11389953782': ['other', 'driving_school'],
      '12777627301': ['other', 'language_school'],
    });
  });

  it('reads English headers', async () => {
    const file = write(
      'schools-en.csv',
      `school name,school level,commune,students,teachers
Le Quy Don High School for the Gifted,Upper secondary,Phường Trần Hưng Đạo,900,
Hoa Mai Kindergarten,Kindergarten,Xã Phước Thuận,,
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-schools-en', adapter: 'schools', actor: 'test' });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    expect(r.columns).toMatchObject({
      name: 'school name',
      level: 'school level',
      area: 'commune',
      pupils: 'students',
    });
    const rows = await rowsOf('test-schools-en');
    expect(rows.map((x) => [x.data.level, x.area_code])).toEqual([
      ['mam-non', '21982'],
      ['thpt', '21574'],
    ]);
  });

  it('rejects an unknown area, a bad number and an unknown level with row, column and value', async () => {
    const good = readFileSync(fixture('truong-hoc.csv'), 'utf8');
    const file = write(
      'bad.csv',
      `${good}Trường THCS Nhơn Bình,THCS,,Thành phố Quy Nhon Bắc,12.5,
Trường Tiểu học số 1,Công lập,,Thành phố Quy Nhơn,,n/a giáo viên
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-schools-bad', adapter: 'schools', actor: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.rowsRejected).toBe(2);
    const at = (row: number, column: string) => r.errors.find((e) => e.row === row && e.column === column);
    expect(at(7, 'Huyện')).toMatchObject({ value: 'Thành phố Quy Nhon Bắc' });
    expect(at(7, 'Số học sinh')).toMatchObject({ value: '12.5', message: 'not a whole number' });
    expect(at(8, 'Cấp học')).toMatchObject({
      value: 'Công lập',
      message: expect.stringContaining('not one of'),
    });
    expect(at(8, 'Số giáo viên')).toMatchObject({ value: 'n/a giáo viên' });
  });
});
