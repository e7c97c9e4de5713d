import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { query, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';
import { createKey } from '../keys/keys.service';

describe.each(testEngines())('the access log on %s', (engine) => {
  let t: TestApp;
  let key: { key: string; prefix: string };
  beforeAll(async () => {
    t = await createTestApp(engine);
    const f = join(mkdtempSync(join(tmpdir(), 'kho-audit-')), 'x.csv');
    writeFileSync(f, 'Chỉ tiêu,Địa bàn,Năm,Giá trị\nSố ca bệnh,Tỉnh Bình Định,2023,12\n');
    await ingestFile(t.database, {
      dataset: 'audit-shared',
      file: f,
      adapter: 'indicators',
      actor: 'test',
      meta: {
        title: 'Ca bệnh (chia sẻ)',
        publisher: 'SYT',
        themes: ['health'],
        access: 'shared',
        keywords: [],
        license: 'CC-BY-4.0',
        description: '',
        sources: [],
      },
    });
    key = await createKey(t.database.db, { agency: 'SGDDT', name: 'reader', scopes: ['read:shared'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records each read of shared data by surface, with key prefix, agency, rows and request id', async () => {
    const h = { authorization: `Bearer ${key.key}` };
    await t.app.inject({ url: '/v1/datasets/audit-shared', headers: h });
    await t.app.inject({ url: '/v1/datasets/audit-shared/records', headers: h });
    await t.app.inject({ url: '/v1/observations?dataset=audit-shared', headers: h });
    await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: h,
      payload: { query: '{ records(datasetId: "audit-shared") { edges { node } } }' },
    });
    const log = await query<{
      surface: string;
      key_prefix: string;
      agency_code: string;
      rows: number;
      request_id: string;
    }>(
      t.database.db,
      sql`select surface, key_prefix, agency_code, rows, request_id from access_log where dataset_id = 'audit-shared' and action = 'read' order by id`,
    );
    expect(log.map((l) => [l.surface, l.rows])).toEqual([
      ['rest', 0],
      ['rest', 1],
      ['rest', 1],
      ['graphql', 1],
    ]);
    expect(new Set(log.map((l) => `${l.key_prefix}/${l.agency_code}`))).toEqual(
      new Set([`${key.prefix}/SGDDT`]),
    );
    expect(log.every((l) => l.request_id)).toBe(true);
  });

  it('leaves no trace of open-data reads', async () => {
    const before = await query<{ n: number }>(t.database.db, sql`select count(*)::int as n from access_log`);
    await t.app.inject({ url: '/v1/datasets/digital-infrastructure-2022/records' });
    await t.app.inject({
      url: '/v1/datasets/digital-infrastructure-2022/records',
      headers: { authorization: `Bearer ${key.key}` },
    });
    const after = await query<{ n: number }>(t.database.db, sql`select count(*)::int as n from access_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
