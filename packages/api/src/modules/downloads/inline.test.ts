import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineSql, literal } from './inline';

const PIECES = [
  "'",
  "''",
  '\\',
  "\\'",
  '"',
  '$$',
  '$tag$',
  ';',
  '--',
  '/*',
  '*/',
  '\n',
  '\r',
  '\t',
  'E',
  "E'",
  'x',
  ' ',
  'ế',
  'Đ',
  '😀',
  '%',
  '_',
  '?',
  ':',
  '\u2028',
  'drop table records',
];

/** Deterministic "random" strings made of the pieces SQL quoting gets wrong. */
function hostileStrings(n: number): string[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: n }, () =>
    Array.from({ length: 1 + (next() % 12) }, () => PIECES[next() % PIECES.length]).join(''),
  );
}

describe.each(testEngines())('inlined literals on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('reads every string back exactly as it was', async () => {
    const values = hostileStrings(300);
    const text = inlineSql(
      database.db,
      sql`select ${sql.join(
        values.map((v, i) => sql`${v}::text as ${sql.raw(`v${i}`)}`),
        sql`, `,
      )}`,
    );
    const [row] = await query<Record<string, string>>(database.db, sql.raw(text));
    expect(values.map((_, i) => row![`v${i}`])).toEqual(values);
  });

  it('keeps numbers, booleans and nulls typed by their context', async () => {
    const text = inlineSql(
      database.db,
      sql`select ${-1.5e-7}::float8 as a, 13.77 between ${13.7} and ${13.8} as b, ${true} as c, ${null}::text as d`,
    );
    const [row] = await query<Record<string, unknown>>(database.db, sql.raw(text));
    expect(row).toEqual({ a: -1.5e-7, b: true, c: true, d: null });
  });

  it('refuses what a literal cannot hold', () => {
    expect(() => literal('a\u0000b')).toThrow(/NUL/);
    expect(() => literal(Number.NaN)).toThrow(/finite/);
  });
});
