import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../load/ingest';
import { referenceTemplate } from '../testing/index';
import { exportDataset } from './export';
import { importDataset } from './import';

const dir = mkdtempSync(join(tmpdir(), 'kho-archive-'));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe.each(testEngines())('export and import on %s', (engine) => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeAll(async () => {
    source = await createTestDatabase(engine, referenceTemplate);
    target = await createTestDatabase(engine, referenceTemplate);
    const h = 'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\n';
    await ingestFile(source, {
      dataset: 'arch',
      file: write(
        `a1-${engine}.csv`,
        `${h}Dân số,người,Phường Nhơn Phú,2022,100\nDân số,người,Huyện Vân Canh,2022,200\n`,
      ),
      adapter: 'indicators',
      actor: 't',
    });
    await ingestFile(source, {
      dataset: 'arch',
      file: write(
        `a2-${engine}.csv`,
        `${h}Dân số,người,Phường Nhơn Phú,2022,110\nDân số,người,Phường Quy Nhơn Bắc,2026,300\n`,
      ),
      actor: 't',
    });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('moves a dataset with every version and its history to another warehouse', async () => {
    const file = join(dir, `arch-${engine}.kho.ndjson.gz`);
    expect(await exportDataset(source, 'arch', file)).toMatchObject({ rows: 4 });
    expect(await importDataset(target, file)).toMatchObject({ dataset: 'arch', rows: 4, versions: 2 });
    const read = (db: TestDatabase, v: number) =>
      query<{ area_code: string; value: number }>(
        db.db,
        sql`select area_code, value from observations where dataset_id = 'arch' and version_from <= ${v}
            and (version_to is null or version_to > ${v}) order by area_code, period_start`,
      );
    for (const v of [1, 2]) expect(await read(target, v)).toEqual(await read(source, v));
    const versions = await query(
      target.db,
      sql`select version, row_count, added, changed, removed from dataset_versions where dataset_id = 'arch' order by version`,
    );
    expect(versions).toHaveLength(2);
    const runs = await query(
      target.db,
      sql`select count(*)::int as n from ingest_runs where dataset_id = 'arch'`,
    );
    expect(runs).toEqual([{ n: 2 }]);
  });

  it('refuses to overwrite without --replace, and imports under another id', async () => {
    const file = join(dir, `arch-${engine}.kho.ndjson.gz`);
    await expect(importDataset(target, file)).rejects.toThrow(/exists already/);
    expect(await importDataset(target, file, { as: 'arch-copy' })).toMatchObject({ dataset: 'arch-copy' });
    expect(await importDataset(target, file, { replace: true })).toMatchObject({ dataset: 'arch' });
  });

  it('imports nothing from a damaged or cut archive', async () => {
    const whole = gunzipSync(readFileSync(join(dir, `arch-${engine}.kho.ndjson.gz`))).toString('utf8');
    const cut = join(dir, `cut-${engine}.gz`);
    writeFileSync(cut, gzipSync(whole.split('\n').slice(0, -3).join('\n')));
    await expect(importDataset(target, cut, { as: 'arch-cut' })).rejects.toThrow(/cut short|end line/);
    const bad = join(dir, `bad-${engine}.gz`);
    writeFileSync(bad, gzipSync(whole.replace('"area_code":"551"', '"area_code":"99999"')));
    await expect(importDataset(target, bad, { as: 'arch-bad' })).rejects.toThrow(/99999/);
    const rows = await query(target.db, sql`select id from datasets where id in ('arch-cut', 'arch-bad')`);
    expect(rows).toEqual([]);
  });
});
