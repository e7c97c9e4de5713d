import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkDataDir,
  DataDirUnusable,
  openDatabase,
  pgArray,
  query,
  runShaped,
  shapeStatement,
  sql,
} from './index';
import { createTestDatabase, type TestDatabase, testEngines } from './testing/index';

describe.each(testEngines())('database on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has every table of the data model after migrations', async () => {
    const rows = await query<{ table_name: string }>(
      t.db,
      sql`select table_name from information_schema.tables where table_schema = 'public'
          and table_name not like 'observations\_p__' order by 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'access_log',
      'api_clients',
      'area_successions',
      'areas',
      'change_events',
      'dataset_indicators',
      'dataset_versions',
      'datasets',
      'indicators',
      'ingest_runs',
      'kho_meta',
      'observations',
      'publishers',
      'records',
      'webhook_deliveries',
      'webhook_subscriptions',
    ]);
  });

  it('partitions observations by dataset into 16 partitions, and a dataset lands in one', async () => {
    const parts = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from pg_inherits i join pg_class c on c.oid = i.inhparent where c.relname = 'observations'`,
    );
    expect(parts[0]!.n).toBe(16);
    await query(
      t.db,
      sql`insert into observations (dataset_id, indicator_code, area_id, area_code, period_start, period_end, granularity, value, row_key, row_hash, version_from)
          select 'part-test', 'x', 1, '52', '2022-01-01', '2022-12-31', 'year', g, 'k' || g, 'h', 1 from generate_series(1, 20) g`,
    );
    const where = await query<{ part: string; n: number }>(
      t.db,
      sql`select tableoid::regclass::text as part, count(*)::int as n from observations where dataset_id = 'part-test' group by 1`,
    );
    expect(where).toHaveLength(1);
    expect(where[0]!.n).toBe(20);
    await query(t.db, sql`delete from observations where dataset_id = 'part-test'`);
  });

  it('applies migrations idempotently (a second open changes nothing)', async () => {
    const again = engine === 'postgres' ? await openDatabase({ url: t.url!, poolSize: 1 }) : undefined;
    if (again) await again.close();
    const applied = await query<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied[0]!.n).toBeGreaterThan(0);
  });

  it('returns dates as ISO strings and counts as numbers on both drivers', async () => {
    const [row] = await query<{ d: string; n: number; big: number }>(
      t.db,
      sql`select '2025-07-01'::date as d, count(*) as n, 9007199254740::bigint as big from areas`,
    );
    expect(row).toEqual({ d: '2025-07-01', n: 0, big: 9007199254740 });
  });

  it('passes arrays as one parameter, quoting odd characters', async () => {
    const values = ['a', 'b,c', 'd"e', 'f\\g', 'Phường Nhơn Bình'];
    const [row] = await query<{ v: string[] }>(t.db, sql`select ${pgArray(values)}::text[] as v`);
    expect(row!.v).toEqual(values);
  });

  it('keeps (code, validFrom) unique, including an unknown start', async () => {
    const insert = () =>
      query(
        t.db,
        sql`insert into areas (code, name, type, level, search_text) values ('99', 'Test', 'Tỉnh', 'province', 'test')`,
      );
    await insert();
    await expect(insert()).rejects.toThrow();
    await query(t.db, sql`delete from areas where code = '99'`);
  });
});

describe('checkDataDir (embedded mode, before PGlite opens)', () => {
  const root = mkdtempSync(join(tmpdir(), 'kho-check-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes the directory and leaves no test file behind', () => {
    const dir = join(root, 'a', 'b');
    checkDataDir(dir, 0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says the disk is full, with the space free and needed, instead of a bare errno', () => {
    const dir = join(root, 'full');
    const err = (() => {
      try {
        checkDataDir(dir, Number.MAX_SAFE_INTEGER);
      } catch (e) {
        return e as DataDirUnusable;
      }
    })();
    expect(err).toBeInstanceOf(DataDirUnusable);
    expect(err?.reason).toBe('full');
    expect(err?.message).toMatch(
      /^The disk holding the data directory .*full: [\d.]+ MB free, .* needs at least \d+ MB to start\. Set KHO_DATA_DIR/,
    );
  });

  it('names the directory when it cannot be made (a file in the way)', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => checkDataDir(join(root, 'file', 'data'))).toThrow(
      new RegExp(`Cannot use the data directory ${join(root, 'file', 'data')}`),
    );
  });

  it('refuses before PGlite opens: openDatabase on a data dir that cannot be made', async () => {
    await expect(openDatabase({ dataDir: join(root, 'file', 'pgdata') })).rejects.toBeInstanceOf(
      DataDirUnusable,
    );
  });
});

describe.each(testEngines())('statements shaped once, run with values, on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('renders placeholders as parameters and fills them per run (PostgreSQL); PGlite has no such path', async () => {
    const statement = sql`select ${sql.placeholder('a')}::int + ${2}::int as n, ${sql.placeholder('b')}::text as s`;
    const shaped = shapeStatement(t.db, statement);
    if (engine !== 'postgres') {
      expect(shaped).toBeNull();
      return;
    }
    expect(shaped!.text).toBe('select $1::int + $2::int as n, $3::text as s');
    expect(await runShaped(t.db, shaped!, { a: 40, b: 'x' })).toEqual([{ n: 42, s: 'x' }]);
    expect(await runShaped(t.db, shaped!, { a: 1, b: 'y' })).toEqual([{ n: 3, s: 'y' }]);
    // A missing value is an error before anything is sent, never a null.
    expect(() => runShaped(t.db, shaped!, { a: 1 })).toThrow(/no value for placeholder b/);
    // A statement with chunks only drizzle renders is not shaped.
    expect(shapeStatement(t.db, sql`select ${sql.placeholder('a')}`.inlineParams())).toBeNull();
  });
});
