import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../load/ingest';
import { referenceTemplate } from '../../testing/index';
import { canonicalTourismType, starsOf, tourismCategory, tourismFileKind } from './index';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const dir = mkdtempSync(join(tmpdir(), 'kho-tourism-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('tourism file kind', () => {
  it.each([
    [['Chỉ tiêu', 'Đơn vị tính', 'Địa bàn', 'Kỳ', 'Giá trị'], 'indicators'],
    [['Indicator', 'Unit', 'Area', '2018', '2019'], 'indicators'],
    [['Năm', 'Huyện', 'Lượt khách', 'Doanh thu (tỷ đồng)'], 'indicators'],
    [['Tên cơ sở', 'Loại hình', 'Hạng sao', 'Số phòng', 'Địa chỉ', 'Huyện'], 'registry'],
    [['hotel name', 'stars', 'rooms', 'district'], 'registry'],
    [['Tên điểm du lịch', 'Loại hình', 'Huyện'], 'registry'],
  ])('%j → %s', (headers, kind) => {
    expect(tourismFileKind({ headers })).toBe(kind);
  });

  it('follows the dataset and the mapping file', () => {
    expect(
      tourismFileKind({ headers: ['A', 'B'], tableSchema: { fields: [{ name: 'A', type: 'string' }] } }),
    ).toBe('registry');
    expect(
      tourismFileKind({ headers: ['Tên', 'Số liệu'], mapping: { columns: { 'Số liệu': 'value' } } }),
    ).toBe('indicators');
  });
});

describe('tourism canonical values', () => {
  it.each([
    ['Khách sạn', '', 'hotel', 'accommodation'],
    ['hotel', '', 'hotel', 'accommodation'],
    ['Nhà nghỉ', '', 'guesthouse', 'accommodation'],
    ['guest_house', '', 'guesthouse', 'accommodation'],
    ['Khu nghỉ dưỡng', '', 'resort', 'accommodation'],
    ['Homestay', '', 'homestay', 'accommodation'],
    ['Căn hộ du lịch', '', 'apartment', 'accommodation'],
    ['Bãi biển', 'Kỳ Co', 'beach', 'attraction'],
    ['Thắng cảnh', 'Eo Gió', 'natural-site', 'attraction'],
    ['Di tích lịch sử', 'Tháp Đôi', 'historic-site', 'attraction'],
    ['Chùa', '', 'religious-site', 'attraction'],
    ['museum', '', 'museum', 'attraction'],
    ['', 'Khu du lịch Hầm Hô', 'tourist-area', 'attraction'],
    ['', 'Công viên động vật hoang dã FLC Quy Nhơn', 'park', 'attraction'],
    ['', 'Trung tâm Khám phá khoa học Quy Nhơn', 'museum', 'attraction'],
    ['attraction', 'Bảo tàng Quang Trung', 'museum', 'attraction'],
    ['', 'Nơi không rõ', 'other', 'other'],
  ])('%s / %s → %s (%s)', (type, name, canonical, category) => {
    expect(canonicalTourismType(type, name)).toBe(canonical);
    expect(tourismCategory('', canonical)).toBe(category);
  });

  it('reads star ratings and categories', () => {
    expect(starsOf('3 sao')).toBe('3');
    expect(starsOf('★★★★')).toBe('4');
    expect(starsOf('5*')).toBe('5');
    expect(starsOf('4 stars')).toBe('4');
    expect(starsOf('Chưa xếp hạng')).toBeNull();
    expect(starsOf('ba sao')).toBe('ba sao');
    expect(tourismCategory('Cơ sở lưu trú', 'other')).toBe('accommodation');
    expect(tourismCategory('Điểm tham quan', 'other')).toBe('attraction');
    expect(tourismCategory('Lữ hành', 'other')).toBeNull();
    expect(canonicalTourismType('Karaoke', '')).toBeNull();
  });
});

describe.each(testEngines())('tourism adapter on %s', (engine) => {
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
      area_code: string;
      period_label: string;
      value: number;
      flag: string | null;
    }>(
      t.db,
      sql`select o.indicator_code, a.code as area_code, o.period_label, o.value, o.flag
          from observations o join areas a on a.id = o.area_id
          where o.dataset_id = ${dataset} and o.version_to is null order by 1, o.period_start, o.period_end`,
    );

  it('loads a long indicator table with Vietnamese headers under stable codes', async () => {
    const r = await ingestFile(t, {
      file: fixture('chi-tieu-du-lich.csv'),
      dataset: 'test-du-lich',
      adapter: 'tourism',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 7, adapter: 'tourism' });
    expect(r.columns).toMatchObject({
      indicator: 'Chỉ tiêu',
      unit: 'Đơn vị tính',
      period: 'Kỳ',
      value: 'Giá trị',
    });
    expect(await observations('test-du-lich')).toEqual([
      {
        indicator_code: 'tourism.domestic-arrivals',
        area_code: '52',
        period_label: '2024',
        value: 9100000,
        flag: 'lower_bound',
      },
      {
        indicator_code: 'tourism.international-arrivals',
        area_code: '52',
        period_label: '2024',
        value: 93850,
        flag: null,
      },
      {
        indicator_code: 'tourism.overnight-guests',
        area_code: '52',
        period_label: '2024',
        value: 4500000,
        flag: 'lower_bound',
      },
      {
        indicator_code: 'tourism.revenue',
        area_code: '52',
        period_label: 'Quý I/2024',
        value: 6835,
        flag: null,
      },
      { indicator_code: 'tourism.revenue', area_code: '52', period_label: '2024', value: 25500, flag: null },
      {
        indicator_code: 'tourism.visitor-arrivals',
        area_code: '52',
        period_label: '9 tháng đầu năm 2024',
        value: 8000000,
        flag: 'lower_bound',
      },
      {
        indicator_code: 'tourism.visitor-arrivals',
        area_code: '52',
        period_label: '2024',
        value: 9200000,
        flag: null,
      },
    ]);
    const [ind] = await query<{ name: string; name_en: string; unit: string; additive: boolean }>(
      t.db,
      sql`select name, name_en, unit, additive from indicators where code = 'tourism.visitor-arrivals'`,
    );
    expect(ind).toEqual({
      name: 'Lượt khách du lịch',
      name_en: 'visitor arrivals',
      unit: 'lượt khách',
      additive: true,
    });
    const [attrs] = await query<{ attributes: Record<string, unknown> }>(
      t.db,
      sql`select attributes from observations where dataset_id = 'test-du-lich' and indicator_code = 'tourism.revenue' and period_label = '2024'`,
    );
    expect(attrs!.attributes).toEqual({
      source: 'https://vneconomy.vn/nam-boi-thu-cua-nganh-du-lich-binh-dinh.htm',
    });
  });

  it('loads a wide table (a column per year) with English headers: one series per indicator', async () => {
    const r = await ingestFile(t, {
      file: fixture('visitor-arrivals-wide.csv'),
      dataset: 'test-tourism-wide',
      adapter: 'tourism',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 8 });
    const rows = await observations('test-tourism-wide');
    expect(
      rows
        .filter((x) => x.indicator_code === 'tourism.visitor-arrivals')
        .map((x) => [x.period_label, x.value, x.flag]),
    ).toEqual([
      ['2018', 4090000, 'lower_bound'],
      ['2019', 5000000, 'approximate'],
      ['2023', 5000000, 'lower_bound'],
      ['2024', 9200000, null],
    ]);
    expect(rows.filter((x) => x.indicator_code === 'tourism.revenue')).toHaveLength(4);
  });

  it('loads a registry of attractions, telling it from an indicator table by its header', async () => {
    const r = await ingestFile(t, {
      file: fixture('diem-du-lich.csv'),
      dataset: 'test-diem-du-lich',
      adapter: 'tourism',
      actor: 'test',
    });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 5 });
    const rows = await query<{ data: Record<string, unknown>; area_code: string }>(
      t.db,
      sql`select data, area_code from records where dataset_id = 'test-diem-du-lich' order by row_key`,
    );
    expect(rows.map((x) => [x.data.name, x.data.category, x.data.type, x.area_code])).toEqual([
      ['Công viên động vật hoang dã FLC Quy Nhơn', 'attraction', 'park', '540'],
      ['Eo Gió', 'attraction', 'natural-site', '540'],
      ['Khu du lịch Hầm Hô', 'attraction', 'tourist-area', '547'],
      ['Kỳ Co', 'attraction', 'beach', '540'],
      ['Trung tâm Khám phá khoa học Quy Nhơn', 'attraction', 'museum', '540'],
    ]);
  });

  it('loads accommodation with English headers, star ratings and rooms', async () => {
    const file = write(
      'hotels.csv',
      `hotel name,type,stars,rooms,address,district
Hotel A,Hotel,4 stars,120,Nguyễn Huệ,Quy Nhơn
Guesthouse B,guest house,,12,,Tuy Phước
Hotel C,Khách sạn,★★★,60,,Quy Nhơn
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-hotels', adapter: 'tourism', actor: 'test' });
    expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 3 });
    expect(r.columns).toMatchObject({ name: 'hotel name', stars: 'stars', rooms: 'rooms', area: 'district' });
    const rows = await query<{ data: Record<string, unknown>; area_code: string }>(
      t.db,
      sql`select data, area_code from records where dataset_id = 'test-hotels' order by row_key`,
    );
    expect(rows.map((x) => [x.data.category, x.data.type, x.data.stars, x.data.rooms, x.area_code])).toEqual([
      ['accommodation', 'guesthouse', null, 12, '550'],
      ['accommodation', 'hotel', 4, 120, '540'],
      ['accommodation', 'hotel', 3, 60, '540'],
    ]);
  });

  it('rejects an indicator row with an unknown area or a bad number, naming row, column and value', async () => {
    const good = readFileSync(fixture('chi-tieu-du-lich.csv'), 'utf8');
    const file = write(
      'bad.csv',
      `${good}Lượt khách du lịch,lượt khách,Huyện Đảo Xanh,2024,120.000,
Doanh thu du lịch,tỷ đồng,Tỉnh Bình Định,2023,mười sáu nghìn,
Lượt khách du lịch,lượt khách,Tỉnh Bình Định,năm ngoái,5.000.000,
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-tourism-bad', adapter: 'tourism', actor: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.rowsRejected).toBe(3);
    const at = (row: number) => r.errors.find((e) => e.row === row);
    expect(at(9)).toMatchObject({ column: 'Địa bàn', value: 'Huyện Đảo Xanh' });
    expect(at(10)).toMatchObject({
      column: 'Giá trị',
      value: 'mười sáu nghìn',
      message: expect.stringMatching(/^not a number/),
    });
    expect(at(11)).toMatchObject({
      column: 'Kỳ',
      value: 'năm ngoái',
      message: expect.stringMatching(/not a period/),
    });
  });

  it('rejects a registry row with a bad star rating or an unknown type', async () => {
    const file = write(
      'bad-hotels.csv',
      `Tên cơ sở,Loại hình,Hạng sao,Số phòng,Huyện
Khách sạn D,Khách sạn,7 sao,40,Quy Nhơn
Cơ sở E,Karaoke,,,Quy Nhơn
`,
    );
    const r = await ingestFile(t, { file, dataset: 'test-hotels-bad', adapter: 'tourism', actor: 'test' });
    expect(r.status).toBe('rejected');
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: 'Hạng sao', value: '7', message: 'above the maximum 5' }),
        expect.objectContaining({ row: 3, column: 'Loại hình', value: 'Karaoke' }),
      ]),
    );
  });
});
