import { gunzipSync } from 'node:zlib';
import { OBSERVATION_TABLE_SCHEMA } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import Ajv2020 from 'ajv/dist/2020';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';
import { download, fromCsv, HOSTILE, loadFacilities, parseCsv, recordsOf } from './downloads.fixtures';

type Row = Record<string, unknown>;
const FACILITIES = 'test-dl-facilities';
const INDICATORS = 'digital-infrastructure-2022';
const byId = (rows: Row[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));

describe.each(testEngines())('downloads on %s', (engine) => {
  let t: TestApp;
  const fieldTypes: Record<string, Record<string, string>> = {};

  /** A download parsed into rows (objects keyed by field), whatever its format. */
  async function rowsOf(id: string, format: string, query = ''): Promise<{ header: string[]; rows: Row[] }> {
    const r = await download(t.app, `/v1/datasets/${id}/download.${format}${query ? `?${query}` : ''}`);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    const types = fieldTypes[id]!;
    switch (format) {
      case 'csv': {
        const [header, ...cells] = parseCsv(r.raw, { bom: true, relax_column_count: false });
        return {
          header: header!,
          rows: cells.map((c) =>
            Object.fromEntries(header!.map((h, i) => [h, fromCsv(c[i]!, types[h] ?? 'string')])),
          ),
        };
      }
      case 'json': {
        const rows = JSON.parse(r.text) as Row[];
        return { header: Object.keys(rows[0] ?? {}), rows };
      }
      case 'ndjson': {
        const rows = r.text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Row);
        return { header: Object.keys(rows[0] ?? {}), rows };
      }
      case 'geojson': {
        const fc = JSON.parse(r.text) as {
          type: string;
          features: { type: string; geometry: unknown; properties: Row }[];
        };
        expect(fc.type).toBe('FeatureCollection');
        for (const f of fc.features) {
          expect(f.type).toBe('Feature');
          expect(f.geometry === null || (f.geometry as { type: string }).type === 'Point').toBe(true);
        }
        return {
          header: Object.keys(fc.features[0]?.properties ?? {}),
          rows: fc.features.map((f) => f.properties),
        };
      }
      default: {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(r.raw as never);
        const ws = wb.worksheets[0]!;
        expect(ws.name).toBe(id.slice(0, 31));
        const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
        const header = values(1) as string[];
        const rows: Row[] = [];
        for (let n = 2; n <= ws.rowCount; n++) {
          const v = values(n);
          rows.push(
            Object.fromEntries(
              header.map((h, i) => {
                const c = v[i] ?? null;
                if (c instanceof Date) return [h, c.toISOString().slice(0, 10)];
                return [h, types[h] === 'object' && typeof c === 'string' ? JSON.parse(c) : c];
              }),
            ),
          );
        }
        return { header, rows };
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadFacilities(t.database, FACILITIES, 2000);
    for (const id of [FACILITIES, INDICATORS]) {
      const d = (await t.app.inject(`/v1/datasets/${id}`)).json() as {
        tableSchema: { fields: { name: string; type: string }[] } | null;
      };
      const fields = d.tableSchema?.fields ?? OBSERVATION_TABLE_SCHEMA.fields;
      fieldTypes[id] = Object.fromEntries(fields.map((f) => [f.name, f.type]));
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  describe.each(['csv', 'json', 'ndjson', 'geojson', 'xlsx'])('%s', (format) => {
    it.each([FACILITIES, INDICATORS])('has every row of %s, as /records has them', async (id) => {
      const total = (await t.app.inject(`/v1/datasets/${id}/records?total=true&limit=1`)).json()
        .total as number;
      const expected = await recordsOf(t.app, id);
      expect(expected).toHaveLength(total);
      const { header, rows } = await rowsOf(id, format);
      expect(header).toEqual(Object.keys(fieldTypes[id]!));
      expect(rows).toHaveLength(total);
      expect(id === FACILITIES ? byId(rows) : rows).toEqual(id === FACILITIES ? byId(expected) : expected);
    });

    it('applies filters, sort and select like /records', async () => {
      const query = 'beds=gte:100&type=in:hospital,clinic&sort=-beds,name';
      const expected = await recordsOf(t.app, FACILITIES, query);
      expect(expected.length).toBeGreaterThan(100);
      const { rows } = await rowsOf(FACILITIES, format, query);
      expect(rows).toEqual(expected);
      const narrow = await rowsOf(FACILITIES, format, `${query}&select=name,beds`);
      expect(narrow.header).toEqual(['name', 'beds']);
      expect(narrow.rows).toEqual(expected.map((r) => ({ name: r.name, beds: r.beds })));
    });
  });

  it('keeps Vietnamese, quotes, commas, tabs and backslashes intact in CSV; BOM on request', async () => {
    const plain = await download(t.app, `/v1/datasets/${FACILITIES}/download.csv?id=lte:14`);
    expect(plain.raw.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
    const bom = await download(t.app, `/v1/datasets/${FACILITIES}/download.csv?id=lte:14&bom=true`);
    expect(bom.raw.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const [header, ...rows] = parseCsv(bom.raw, { bom: true });
    const names = rows.map((r) => r[header!.indexOf('name')]);
    expect(names[0]).toBe('Cơ sở y tế số 1 — Phường Nhơn Bình');
    // As loaded (the loader collapses line breaks and tabs to spaces).
    expect(names.slice(9)).toEqual(Object.values(HOSTILE).map((n) => n.replace(/\s+/g, ' ')));
  });

  it('writes Points, and null geometry where a row has no point', async () => {
    const fc = JSON.parse(
      (await download(t.app, `/v1/datasets/${FACILITIES}/download.geojson?id=in:1,2000`)).text,
    );
    expect(fc.features.map((f: { geometry: unknown }) => f.geometry)).toEqual([
      { type: 'Point', coordinates: [109.196, 13.703] },
      null,
    ]);
  });

  it('types XLSX cells: numbers as numbers, dates as dates', async () => {
    const r = await download(t.app, `/v1/datasets/${FACILITIES}/download.xlsx?id=eq:1`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as never);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(4).value).toBe(37);
    expect(row.getCell(8).value).toEqual(new Date('2011-02-02T00:00:00Z'));
  });

  it('names the file, tags it with the version and answers If-None-Match with 304', async () => {
    const url = `/v1/datasets/${FACILITIES}/download.csv?beds=gte:100`;
    const r = await download(t.app, url);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="${FACILITIES}-v1.csv"; filename*=UTF-8''${FACILITIES}-v1.csv`,
    );
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    const etag = String(r.headers.etag);
    expect(etag).toMatch(new RegExp(`^"${FACILITIES}-v1-[\\w-]+"$`));
    const again = await download(t.app, url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.raw).toHaveLength(0);
    expect((await download(t.app, `${url}&version=1`)).headers.etag).toBe(etag);
    for (const other of [`${url}&bom=true`, url.replace('100', '101'), url.replace('.csv', '.json')])
      expect((await download(t.app, other)).headers.etag).not.toBe(etag);
    const head = await t.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(etag);
    // The length of a streamed download is unknown up front: never claim an empty body.
    expect(head.headers['content-length']).toBeUndefined();
  });

  it.each(['csv', 'json', 'ndjson', 'geojson'])('gzips %s when asked', async (format) => {
    const url = `/v1/datasets/${FACILITIES}/download.${format}`;
    const plain = await download(t.app, url);
    const zipped = await download(t.app, url, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.raw.length).toBeLessThan(plain.raw.length / 3);
    expect(gunzipSync(zipped.raw).equals(plain.raw)).toBe(true);
  });

  it('does not gzip XLSX (a zip already)', async () => {
    const r = await download(t.app, `/v1/datasets/${FACILITIES}/download.xlsx`, {
      'accept-encoding': 'gzip',
    });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it.each([
    [`${FACILITIES}/download.exe`, 400],
    [`${FACILITIES}/download.csv?limit=10`, 400],
    [`${FACILITIES}/download.json?group_by=type`, 400],
    [`${FACILITIES}/download.csv?beds=gte:many`, 400],
    [`${FACILITIES}/download.csv?sort=nothing`, 400],
    [`${FACILITIES}/download.csv?version=9`, 404],
    [`${FACILITIES}/download.csv?name=eq:a%00b`, 400],
    ['no-such-dataset/download.csv', 404],
  ])('%s → problem+json %i', async (path, status) => {
    const r = await download(t.app, `/v1/datasets/${path}`);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.text).not.toMatch(/copy|select|records r/i);
  });

  it('treats quotes, backslashes, $$ and statements in filter values as data', async () => {
    for (const format of ['csv', 'ndjson']) {
      for (const id of [10, 13, 14]) {
        const [row] = await recordsOf(t.app, FACILITIES, `id=eq:${id}`);
        const name = encodeURIComponent(String(row!.name));
        const hit = await download(
          t.app,
          `/v1/datasets/${FACILITIES}/download.${format}?name=eq:${name}&select=id`,
        );
        expect(hit.status).toBe(200);
        expect(hit.text).toContain(String(id));
      }
      for (const q of [
        "name=eq:' or 1=1 --",
        "name=in:a')%20or%20(1=1,b",
        'name=eq:\\',
        "q=') or true --",
        'name=like:$$%3B drop',
      ]) {
        const miss = await download(t.app, `/v1/datasets/${FACILITIES}/download.${format}?${q}&select=id`);
        expect(miss.status, q).toBe(200);
        expect(miss.text.trim()).toBe(format === 'csv' ? 'id' : '');
      }
    }
    expect((await t.app.inject(`/v1/datasets/${FACILITIES}/records?total=true&limit=1`)).json().total).toBe(
      2000,
    );
  });

  it('documents the route in OpenAPI', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const op = doc.paths['/v1/datasets/{id}/download.{format}'].get;
    expect(op).toMatchObject({ operationId: 'downloadDataset', tags: ['downloads'] });
    expect(Object.keys(op.responses['200'].content)).toContain('text/csv');
    // GeoJSON answers validate against what the document says (it said "a string").
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(op.responses['200'].content['application/geo+json'].schema);
    for (const q of ['', '?id=in:1,2000']) {
      const body = JSON.parse(
        (await download(t.app, `/v1/datasets/${FACILITIES}/download.geojson${q}`)).text,
      );
      expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    }
  });
});
