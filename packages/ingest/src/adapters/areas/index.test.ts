import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../load/ingest';
import { referenceTemplate } from '../../testing/index';

const dir = mkdtempSync(join(tmpdir(), 'kho-areas-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// A made-up province 99 with one district that splits in 2024: loaded the way another province would.
const UNITS = `code,name,type,level,parent_code,valid_from,valid_to,source
99,Tỉnh Thử Nghiệm,Tỉnh,province,,,,test
990,Huyện Một,Huyện,district,99,,,test
99001,Xã A,Xã,commune,990,,2024-01-01,test
99002,Xã B,Xã,commune,990,2024-01-01,,test
99003,Xã C,Xã,commune,990,2024-01-01,,test
`;
const SUCCESSIONS = `date,from_code,from_name,to_code,to_name,kind,share,source
2024-01-01,99001,Xã A,99002,Xã B,split,partial,test
2024-01-01,99001,Xã A,99003,Xã C,split,partial,test
`;

describe.each(testEngines())('areas adapter on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('loads another province’s unit list and its successions', async () => {
    const u = await ingestFile(t, {
      file: write('units.csv', UNITS),
      dataset: 'areas-99',
      adapter: 'areas',
      actor: 'test',
    });
    expect(u).toMatchObject({ status: 'loaded', rowsLoaded: 5 });
    const s = await ingestFile(t, {
      file: write('succ.csv', SUCCESSIONS),
      dataset: 'areas-99',
      adapter: 'areas',
      actor: 'test',
    });
    expect(s).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
    const rows = await query<{ from_code: string; to_code: string }>(
      t.db,
      sql`select s.from_code, a.code as to_code from area_successions s join areas a on a.id = s.to_area_id
          where s.from_code = '99001' order by a.code`,
    );
    expect(rows).toEqual([
      { from_code: '99001', to_code: '99002' },
      { from_code: '99001', to_code: '99003' },
    ]);
  });

  it('rejects a list with overlapping periods, a missing parent and a bad level — and loads none of it', async () => {
    const bad = `code,name,type,level,parent_code,valid_from,valid_to
99004,Xã D,Xã,commune,991,,
99002,Xã B mới,Xã,commune,990,2024-06-01,
99005,Xã E,Xã,village,990,,
`;
    const r = await ingestFile(t, {
      file: write('bad.csv', bad),
      dataset: 'areas-99',
      adapter: 'areas',
      actor: 'test',
    });
    expect(r.status).toBe('rejected');
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[4, 'level']]);
    const fixedLevel = bad.replace('village', 'commune');
    const r2 = await ingestFile(t, {
      file: write('bad2.csv', fixedLevel),
      dataset: 'areas-99',
      adapter: 'areas',
      actor: 'test',
    });
    expect(r2.status).toBe('rejected');
    expect(r2.errors.map((e) => [e.row, e.column]).sort()).toEqual([
      [2, 'parent_code'],
      [3, 'valid_from'],
    ]);
    const [n] = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from areas where code in ('99004', '99005')`,
    );
    expect(n!.n).toBe(0);
  });

  it('refuses a file that is neither a unit list nor a succession list', async () => {
    const r = await ingestFile(t, {
      file: write('x.csv', 'a,b\n1,2\n'),
      dataset: 'areas-99',
      adapter: 'areas',
      actor: 'test',
    });
    expect(r.status).toBe('rejected');
    expect(r.errors[0]!.message).toMatch(/valid_from/);
  });
});
