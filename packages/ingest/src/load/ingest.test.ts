import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unicodeToTcvn3 } from '../normalise/legacy-font';
import { referenceTemplate } from '../testing/index';
import { type IngestOptions, ingestFile } from './ingest';

const dir = mkdtempSync(join(tmpdir(), 'kho-ingest-test-'));
let n = 0;
function file(content: string | Buffer, ext = 'csv'): string {
  const path = join(dir, `f${++n}.${ext}`);
  writeFileSync(path, content);
  return path;
}

const LONG = `Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị
Dân số trung bình,người,Tỉnh Bình Định,2022,"1.504.300"
Dân số trung bình,người,TP. Quy Nhơn,2022,"291.000"
Dân số trung bình,người,H. Vân Canh,2022,"27.000"
Tỷ lệ hộ có cáp quang,%,Tỉnh Bình Định,2022,"gần 56%"
`;

/** Windows-1258 has precomposed ă â ê ô ơ ư đ but spells tones as combining marks. */
function toWindows1258Form(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => {
      const parts = [...ch.normalize('NFD')];
      const tones = parts.filter((c) => /[\u0300\u0301\u0303\u0309\u0323]/.test(c));
      const rest = parts
        .filter((c) => !tones.includes(c))
        .join('')
        .normalize('NFC');
      return rest + tones.join('');
    })
    .join('');
}

describe.each(testEngines())('ingest on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });
  const load = (o: Partial<IngestOptions> & { file: string; dataset: string }) =>
    ingestFile(t, { actor: 'test', ...o });
  const current = (dataset: string) =>
    query<{
      indicator_code: string;
      area_code: string;
      value: number;
      flag: string | null;
      version_from: number;
    }>(
      t.db,
      sql`select indicator_code, area_code, value, flag, version_from from observations
          where dataset_id = ${dataset} and version_to is null order by area_code, indicator_code`,
    );
  const atVersion = (dataset: string, v: number) =>
    query<{ area_code: string; value: number }>(
      t.db,
      sql`select area_code, value from observations where dataset_id = ${dataset}
          and version_from <= ${v} and (version_to is null or version_to > ${v}) order by area_code, indicator_code`,
    );
  const versionOf = async (dataset: string) =>
    (await query<{ version: number }>(t.db, sql`select version from datasets where id = ${dataset}`))[0]
      ?.version;

  describe('indicator tables', () => {
    it('loads a long Vietnamese table, creating the dataset, resolving names and reading qualifiers', async () => {
      const r = await load({ file: file(LONG), dataset: 'pop-test', adapter: 'indicators' });
      expect(r).toMatchObject({
        status: 'loaded',
        version: 1,
        created: true,
        rowsRead: 4,
        rowsLoaded: 4,
        rowsRejected: 0,
        added: 4,
      });
      const rows = await current('pop-test');
      expect(rows.map((x) => [x.area_code, x.value, x.flag])).toEqual([
        ['52', 1504300, null],
        ['52', 56, 'approximate'],
        ['540', 291000, null],
        ['551', 27000, null],
      ]);
    });

    it('says "unchanged" for the same file, and records the run', async () => {
      const path = file(LONG);
      const r = await load({ file: path, dataset: 'pop-test' });
      expect(r).toMatchObject({ status: 'unchanged', unchanged: true, version: 1 });
      const [run] = await query<{ status: string }>(
        t.db,
        sql`select status from ingest_runs where id = ${r.ingestId}`,
      );
      expect(run!.status).toBe('unchanged');
    });

    it('makes version 2 from a corrected file and keeps version 1 readable', async () => {
      const corrected = LONG.replace('"27.000"', '"27.500"').replace(
        'Tỷ lệ hộ có cáp quang,%,Tỉnh Bình Định,2022,"gần 56%"\n',
        '',
      );
      const r = await load({
        file: file(`${corrected}Dân số trung bình,người,H. Vĩnh Thạnh,2022,"31.000"\n`),
        dataset: 'pop-test',
      });
      expect(r).toMatchObject({ status: 'loaded', version: 2, added: 1, changed: 1, removed: 1 });
      expect((await atVersion('pop-test', 1)).map((x) => x.value)).toEqual([1504300, 56, 291000, 27000]);
      expect((await atVersion('pop-test', 2)).map((x) => x.value)).toEqual([1504300, 291000, 31000, 27500]);
      const versions = await query(
        t.db,
        sql`select version, row_count, added, changed, removed from dataset_versions where dataset_id = 'pop-test' order by version`,
      );
      expect(versions).toEqual([
        { version: 1, row_count: 4, added: 4, changed: 0, removed: 0 },
        { version: 2, row_count: 4, added: 1, changed: 1, removed: 1 },
      ]);
    });

    it('upsert adds and changes but removes nothing', async () => {
      const r = await load({
        file: file(
          'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\nDân số trung bình,người,H. Vân Canh,2022,"28.000"\n',
        ),
        dataset: 'pop-test',
        mode: 'upsert',
      });
      expect(r).toMatchObject({ status: 'loaded', version: 3, added: 0, changed: 1, removed: 0 });
      expect(await current('pop-test')).toHaveLength(4);
    });

    it('a dry run reports what would change and changes nothing', async () => {
      const r = await load({ file: file(LONG), dataset: 'pop-test', dryRun: true });
      expect(r).toMatchObject({ status: 'dry-run', version: 3, rowsLoaded: 0 });
      expect(r.added + r.changed + r.removed).toBeGreaterThan(0);
      expect(await versionOf('pop-test')).toBe(3);
    });

    it('reads wide tables with a column per period', async () => {
      const wide =
        'Chỉ tiêu,Đơn vị,Huyện,2020,2021,2022\nLượt khách,lượt,Thành phố Quy Nhơn,"1.200","1.500","2.100"\nLượt khách,lượt,Huyện Tây Sơn,300,–,450\n';
      const r = await load({ file: file(wide), dataset: 'wide-test', adapter: 'indicators' });
      expect(r).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 5 });
    });

    it('reads the published briefing with its flags in the quote column', async () => {
      const r = await load({
        file: '../../../shared/data/stats/digital-transformation-2022-briefing.csv'.replace(
          /^/,
          join(import.meta.dirname, ''),
        ),
        dataset: 'briefing',
        adapter: 'indicators',
      }).catch(() => null);
      if (!r) return; // the shared data folder is not part of the repository
      expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 16 });
      const flags = await query<{ flag: string }>(
        t.db,
        sql`select flag from observations where dataset_id = 'briefing' and flag is not null order by flag`,
      );
      expect(flags.map((f) => f.flag)).toEqual(['approximate', 'approximate', 'approximate', 'lower_bound']);
    });
  });

  describe('bad input changes nothing and says which rows to fix', () => {
    const rejected = async (content: string | Buffer, ext = 'csv', extra: Partial<IngestOptions> = {}) => {
      const before = await versionOf('pop-test');
      const rowsBefore = await current('pop-test');
      const r = await load({ file: file(content, ext), dataset: 'pop-test', ...extra });
      expect(r.status).toBe('rejected');
      expect(r.rowsLoaded).toBe(0);
      expect(r.errors.length).toBeGreaterThan(0);
      expect(await versionOf('pop-test')).toBe(before);
      expect(await current('pop-test')).toEqual(rowsBefore);
      const [run] = await query<{ status: string; report: { errors: unknown[] } }>(
        t.db,
        sql`select status, report from ingest_runs where id = ${r.ingestId}`,
      );
      expect(run!.status).toBe('rejected');
      expect(run!.report.errors.length).toBeGreaterThan(0);
      return r;
    };
    const H = 'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\n';

    it('a missing required column, naming it and the file’s columns', async () => {
      const r = await rejected('Chỉ tiêu,Địa bàn,Giá trị\nDân số,Tỉnh Bình Định,5\n');
      expect(r.errors[0]!.message).toMatch(/period/);
      expect(r.errors[0]!.message).toMatch(/Chỉ tiêu, Địa bàn, Giá trị/);
    });

    it('an unknown area, with the closest name', async () => {
      const r = await rejected(`${H}Dân số trung bình,người,Huyện Vân Cnah,2022,5\n`);
      expect(r.errors[0]).toMatchObject({ row: 2, column: 'Địa bàn', value: 'Huyện Vân Cnah' });
      expect(`${r.errors[0]!.message} ${r.errors[0]!.suggestion ?? ''}`).toMatch(/Vân Canh/);
    });

    it('an ambiguous area, naming both units', async () => {
      const r = await rejected(`${H}Dân số trung bình,người,Bình Định,2022,5\n`);
      expect(r.errors[0]!.message).toMatch(/Tỉnh Bình Định/);
      expect(r.errors[0]!.message).toMatch(/Phường Bình Định/);
    });

    it('an area that did not exist on the row’s date', async () => {
      const r = await rejected(`${H}Dân số trung bình,người,Phường Lê Lợi,2026,5\n`);
      expect(r.errors[0]!.message).toMatch(/2025-01-01/);
    });

    it('an unparseable number and period, with every row reported', async () => {
      const r = await rejected(
        `${H}Dân số trung bình,người,Tỉnh Bình Định,2022,abc\nDân số trung bình,người,Tỉnh Bình Định,năm ngoái,5\n`,
      );
      expect(r.rowsRejected).toBe(2);
      expect(r.errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'Giá trị'],
        [3, 'Năm'],
      ]);
    });

    it('duplicate key rows', async () => {
      const r = await rejected(
        `${H}Dân số trung bình,người,Tỉnh Bình Định,2022,5\nDân số trung bình,người,Tỉnh Bình Định,2022,6\n`,
      );
      expect(r.errors[0]!.message).toMatch(/duplicate of row 2/);
      expect(r.errors[0]!.row).toBe(3);
    });

    it('duplicate key rows in a first load', async () => {
      const r = await load({
        file: file(
          `${H}Dân số trung bình,người,Tỉnh Bình Định,2022,5\nDân số trung bình,người,Tỉnh Bình Định,2022,6\n`,
        ),
        dataset: 'dup-first',
        adapter: 'indicators',
      });
      expect(r.status).toBe('rejected');
      expect(r.errors[0]).toMatchObject({ row: 3, message: expect.stringMatching(/duplicate of row 2/) });
      expect(await versionOf('dup-first')).toBeUndefined();
    });

    it('an empty file, and a header without rows', async () => {
      expect((await rejected('')).errors[0]!.message).toMatch(/empty/);
      expect((await rejected(H)).errors[0]!.message).toMatch(/no data rows/);
    });

    it('a 10 MB cell', async () => {
      const r = await rejected(
        `${H}Dân số trung bình,người,Tỉnh Bình Định,2022,"${'9'.repeat(10 * 1024 * 1024)}"\n`,
      );
      expect(r.errors[0]!.message).toMatch(/larger than/);
      expect(r.errors[0]!.row).toBe(2);
    });

    it('a binary file renamed .csv, and a workbook renamed .csv', async () => {
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        Buffer.alloc(200, 7),
      ]);
      expect((await rejected(png)).errors[0]!.message).toMatch(/not a text file/);
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('a').addRow(['x']);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      expect((await rejected(xlsx)).errors[0]!.suggestion).toMatch(/xlsx/);
    });

    it('text in mixed encodings', async () => {
      const mixed = Buffer.concat([
        Buffer.from(`${H}Dân số trung bình,người,Tỉnh Bình Định,2022,5\n`),
        Buffer.alloc(70_000, 0x20),
        Buffer.from('\nDân số,người,Huy'),
        Buffer.from([0xea, 0xf2]),
        Buffer.from('n Vân Canh,2022,5\n'),
      ]);
      await rejected(mixed);
    });

    it('an adapter named like a property of every object is unknown, not a crash', async () => {
      for (const adapter of ['toString', 'constructor', '__proto__', 'nope'])
        await expect(
          load({
            file: file(`${H}Dân số trung bình,người,Tỉnh Bình Định,2022,5\n`),
            dataset: 'adapter-test',
            adapter,
          }),
        ).rejects.toThrow(/^Unknown adapter/);
    });

    it('a NUL character in a cell, named by row and column (it escaped as a database exception)', async () => {
      const r = await rejected(`${H}Dân số\u0000 trung bình,người,Tỉnh Bình Định,2022,5\n`);
      expect(r.errors[0]).toMatchObject({
        row: 2,
        column: 'Chỉ tiêu',
        message: expect.stringMatching(/NUL/),
      });
      const attr = await rejected(
        `Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị,Ghi chú\nDân số trung bình,người,Tỉnh Bình Định,2022,5,a\u0000b\n`,
      );
      expect(attr.errors[0]).toMatchObject({ row: 2, column: 'Ghi chú' });
      // The report quotes the value of another problem on that row: it is still recorded (jsonb refuses \u0000).
      const area = await rejected(`${H}Dân số trung bình,người,Huyện\u0000Không Có,2022,5\n`);
      expect(area.errors.some((e) => e.value === 'Huyện\u0000Không Có')).toBe(true);
    });

    it('a quote opening in the middle of a field, in the header or a row (it escaped as an exception)', async () => {
      const header = await rejected('[{"a":1}]\n');
      expect(header.errors[0]!.message).toMatch(/could not be read at row 1/);
      const row = await rejected(
        `${H}Dân số trung bình,người,Tỉnh Bình Định,2022,5\nDân số "trung" bình,người\n`,
      );
      expect(row.errors[0]).toMatchObject({ row: 3, suggestion: expect.stringMatching(/quotes/) });
    });

    it('an indicator loaded with a different unit than Kho has for it', async () => {
      const r = await rejected(`${H}Dân số trung bình,nghìn người,Tỉnh Bình Định,2023,1504\n`);
      expect(r.errors[0]!.message).toMatch(/unit/);
    });
  });

  describe('encodings and formats', () => {
    it('reads Windows-1258 and TCVN3 files as Vietnamese', async () => {
      const text = 'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\nSố trường học,trường,Huyện Vân Canh,2023,12\n';
      const r1 = await load({
        file: file(iconv.encode(toWindows1258Form(text), 'windows-1258')),
        dataset: 'enc-1258',
        adapter: 'indicators',
      });
      expect(r1).toMatchObject({ status: 'loaded', rowsLoaded: 1, file: { encoding: 'windows-1258' } });
      const tcvn = iconv.encode(unicodeToTcvn3(text), 'windows-1252');
      const r2 = await load({ file: file(tcvn), dataset: 'enc-tcvn3', adapter: 'indicators' });
      expect(r2).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
      expect(r2.warnings.join(' ')).toMatch(/TCVN3/);
      const [ind] = await query<{ name: string }>(
        t.db,
        sql`select i.name from observations o join indicators i on i.code = o.indicator_code where o.dataset_id = 'enc-tcvn3'`,
      );
      expect(ind!.name).toBe('Số trường học');
    });

    it('gives the same rows for a decomposed (NFD) file, quotes and extra columns included', async () => {
      const text =
        'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị,Trích dẫn,Ghi chú\nSố trạm BTS,trạm,Tỉnh Bình Định,2022,1723,"với 1.723 trạm thu phát sóng",Báo Bình Định\n';
      const composed = await load({ file: file(text), dataset: 'nfd-test', adapter: 'indicators' });
      expect(composed.status).toBe('loaded');
      const decomposed = await load({ file: file(text.normalize('NFD')), dataset: 'nfd-test' });
      expect(decomposed).toMatchObject({ status: 'unchanged', changed: 0 });
    });

    it('reads semicolon CSV, JSON and NDJSON', async () => {
      const semi = 'Chỉ tiêu;Địa bàn;Năm;Giá trị\nSố trạm BTS;Tỉnh Bình Định;2023;1800\n';
      const rs = await load({ file: file(semi), dataset: 'semi', adapter: 'indicators' });
      expect(rs.errors).toEqual([]);
      expect(rs.rowsLoaded).toBe(1);
      const json = JSON.stringify([
        { indicator: 'Số trạm BTS', area: 'Tỉnh Bình Định', period: 2024, value: 1900 },
      ]);
      const rj = await load({ file: file(json, 'json'), dataset: 'json-in', adapter: 'indicators' });
      expect([rj.status, rj.message, rj.errors]).toEqual(['loaded', expect.any(String), []]);
      expect(rj.rowsLoaded).toBe(1);
      const nd = `${JSON.stringify({ indicator: 'Số trạm BTS', area: 'Tỉnh Bình Định', period: '2025', value: 2000 })}\n`;
      expect(
        (await load({ file: file(nd, 'ndjson'), dataset: 'ndjson-in', adapter: 'indicators' })).rowsLoaded,
      ).toBe(1);
    });

    it('reads the first non-empty sheet of a workbook, or the one asked for', async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Trống');
      const a = wb.addWorksheet('Dữ liệu');
      a.addRow(['Chỉ tiêu', 'Địa bàn', 'Năm', 'Giá trị']);
      a.addRow(['Số trạm BTS', 'Tỉnh Bình Định', 2021, 1650.5]);
      const b = wb.addWorksheet('Khác');
      b.addRow(['Chỉ tiêu', 'Địa bàn', 'Năm', 'Giá trị']);
      b.addRow(['Số trạm BTS', 'Tỉnh Bình Định', 2020, 1600]);
      b.addRow(['Số trạm BTS', 'Tỉnh Bình Định', 2019, 1500]);
      const path = file(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
      const first = await load({ file: path, dataset: 'xlsx-1', adapter: 'indicators' });
      expect([first.status, first.message, first.errors]).toEqual(['loaded', expect.any(String), []]);
      expect(first).toMatchObject({ status: 'loaded', rowsLoaded: 1, file: { sheet: 'Dữ liệu' } });
      const [v] = await query<{ value: number }>(
        t.db,
        sql`select value from observations where dataset_id = 'xlsx-1'`,
      );
      expect(v!.value).toBe(1650.5);
      expect(
        await load({ file: path, dataset: 'xlsx-2', adapter: 'indicators', sheet: 'Khác' }),
      ).toMatchObject({ status: 'loaded', rowsLoaded: 2, file: { sheet: 'Khác' } });
      const missing = await load({ file: path, dataset: 'xlsx-3', adapter: 'indicators', sheet: 'Không có' });
      expect(missing.status).toBe('rejected');
      expect(missing.errors[0]!.message).toMatch(/Trống, Dữ liệu, Khác/);
    });
  });

  describe('records', () => {
    const REG =
      'osm_id,name,lat,lon,beds,district,opened\n11,Bệnh viện A,13.7927447,109.2045626,120,TP. Quy Nhơn,31/05/2019\n12,Bệnh viện B,13.9,109.1,,Huyện Tây Sơn,2020-01-02\n';

    it('infers a Table Schema with a key, types the values and resolves areas', async () => {
      const r = await load({ file: file(REG), dataset: 'reg', adapter: 'records' });
      expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
      expect(r.inferredSchema).toMatchObject({
        primaryKey: ['osm_id'],
        fields: [
          { name: 'osm_id', type: 'integer' },
          { name: 'name', type: 'string' },
          { name: 'lat', type: 'number' },
          { name: 'lon', type: 'number' },
          { name: 'beds', type: 'integer' },
          { name: 'district', type: 'string' },
          { name: 'opened', type: 'date' },
        ],
      });
      const rows = await query<{ data: Record<string, unknown>; area_code: string; lat: number }>(
        t.db,
        sql`select data, area_code, lat from records where dataset_id = 'reg' order by row_key`,
      );
      expect(rows[0]).toMatchObject({
        area_code: '540',
        lat: 13.7927447,
        data: { osm_id: 11, beds: 120, opened: '2019-05-31' },
      });
      expect(rows[1]!.data.beds).toBeNull();
    });

    it('checks later loads against the stored schema', async () => {
      const r = await load({
        file: file(
          'osm_id,name,lat,lon,beds,district,opened\n13,C,109.2,13.8,nhiều,Huyện Tây Sơn,2020-01-02\n',
        ),
        dataset: 'reg',
        mode: 'upsert',
      });
      expect(r.status).toBe('rejected');
      expect(r.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['beds', 'lat']));
      expect(r.errors.find((e) => e.column === 'lat')!.suggestion).toMatch(/swapped/);
    });

    it('refuses rows without their key', async () => {
      const r = await load({
        file: file('osm_id,name,lat,lon,beds,district,opened\n,D,13.8,109.2,5,Huyện Tây Sơn,2020-01-02\n'),
        dataset: 'reg',
        mode: 'upsert',
      });
      expect(r.status).toBe('rejected');
      expect(r.errors[0]!.message).toMatch(/key/);
    });

    // A "__proto__" key set the cells' prototype: the column vanished (JSON, NDJSON) without a word.
    it.each([
      ['csv', 'id,__proto__,name\n1,alpha,A\n2,beta,B\n'],
      ['ndjson', '{"id":1,"__proto__":"alpha","name":"A"}\n{"id":2,"__proto__":"beta","name":"B"}\n'],
      ['json', '[{"id":1,"__proto__":"alpha","name":"A"},{"id":2,"__proto__":"beta","name":"B"}]'],
    ])('keeps a %s column named "__proto__", renamed with a warning', async (ext, content) => {
      const dataset = `proto-${ext}`;
      const r = await load({ file: file(content, ext), dataset, adapter: 'records' });
      expect(r).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
      expect(r.warnings).toContain('The field name "__proto__" cannot be used; it is read as "_proto_".');
      const rows = await query<{ data: Record<string, unknown> }>(
        t.db,
        sql`select data from records where dataset_id = ${dataset} order by row_key`,
      );
      expect(rows.map((row) => row.data._proto_)).toEqual(['alpha', 'beta']);
    });
  });
});
