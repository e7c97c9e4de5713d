import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, ingestFile } from '@kho/ingest';
import { type Database, query, sql } from '@kho/schema';
import { type Options, parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export const parseCsv = (input: string | Buffer, options: Options): string[][] => parse(input, options);

const dir = mkdtempSync(join(tmpdir(), 'kho-downloads-'));
const DISTRICTS = ['TP. Quy Nhơn', 'Huyện Tây Sơn', 'Huyện Vân Canh', 'Thị xã An Nhơn', 'Huyện Phù Cát'];
const TYPES = ['hospital', 'clinic', 'health-station'];
/** Names that SQL, CSV and JSON all have to keep as data. */
export const HOSTILE: Record<number, string> = {
  10: "O'Brien $$ ; drop table records; --",
  11: 'Bệnh viện "Hòa Bình", cơ sở 2',
  12: 'Trạm y tế\nxã Phước Sơn',
  13: "C:\\Temp\\x\\ \\' tab\there",
  14: "$tag$ E'x' \\' '' \\\\",
};

/** n health facilities; every 7th has no beds, the last one no point. */
export function facilitiesCsv(n: number): string {
  const rows = ['id,name,type,beds,district,lat,lon,opened'];
  for (let i = 1; i <= n; i++) {
    const point =
      i === n ? ['', ''] : [(13.7 + (i % 100) * 0.003).toFixed(4), (109.2 - (i % 50) * 0.004).toFixed(4)];
    rows.push(
      [
        i,
        HOSTILE[i] ?? `Cơ sở y tế số ${i} — Phường Nhơn Bình`,
        TYPES[i % 3],
        i % 7 === 0 ? '' : (i * 37) % 500,
        DISTRICTS[i % 5],
        ...point,
        `20${10 + (i % 15)}-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}

export async function loadFacilities(database: Database, dataset: string, n: number) {
  const file = join(dir, `${dataset}-${database.engine}-${n}.csv`);
  writeFileSync(file, facilitiesCsv(n));
  const r = await ingestFile(database, { dataset, file, adapter: 'records', actor: 'test' });
  expect(r.status).toBe('loaded');
}

/** Every row /records answers for a query (pages of 1000), without _id. */
export async function recordsOf(
  app: FastifyInstance,
  id: string,
  query = '',
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const res = await app.inject(
      `/v1/datasets/${id}/records?limit=1000${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    items.push(...page.items.map(({ _id, ...rest }) => rest));
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function download(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, text: res.body };
}

/** A CSV cell as the value /records gives for a field of this type. */
export function fromCsv(cell: string, type: string): unknown {
  if (cell === '') return null;
  if (type === 'integer' || type === 'number') return Number(cell);
  if (type === 'object' || type === 'array') return JSON.parse(cell);
  if (type === 'boolean') return cell === 'true';
  return cell;
}

/**
 * A big table dataset, fast: 10 facilities through the loader, then `rows` more inserted in
 * SQL (~350 bytes of CSV each; beds repeat, so sorting by beds has many ties).
 */
export async function loadBig(database: Database, dataset: string, rows: number) {
  await loadFacilities(database, dataset, 10);
  await query(
    database.db,
    sql`insert into records (dataset_id, row_key, row_hash, data, lat, lon, search_text, version_from)
        select ${dataset}, 'big-' || g, md5(g::text),
          jsonb_build_object('id', g, 'name', 'Cơ sở y tế ' || g || repeat(' — ghi chú', 25), 'type', 'clinic',
            'beds', g % 500, 'district', 'Huyện Tây Sơn', 'lat', 13.7, 'lon', 109.2, 'opened', '2020-01-01'),
          13.7, 109.2, '', 1
        from generate_series(100, ${rows + 99}) g`,
  );
}
