import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { renderForTest } from './fast-execute';
import { pgArray, type SQL, sql } from './index';
import { datasets } from './tables/index';

const dialect = new PgDialect();
const statements: [string, SQL][] = [
  ['text and values', sql`select ${1}::int, ${'a'}::text, ${null}, ${true}`],
  [
    'nested, joined, raw',
    sql`select ${sql.raw('x')} from t where ${sql.join([sql`a = ${1}`, sql`b = ${'x'}`], sql` and `)}`,
  ],
  ['identifiers', sql`select 1 as ${sql.identifier('we"ird')}`],
  [
    'arrays as tuples',
    sql`select * from t where a in ${[1, 2, 3]} and b = any(${pgArray(['x', 'y"'])}::text[])`,
  ],
  ['sql.param', sql`select ${sql.param(5)}`],
  [
    'dates and objects',
    sql`select ${new Date(0)}::timestamptz, ${JSON.stringify({ a: 1 })}::jsonb, ${{ a: 1 }}`,
  ],
  ['empty', sql``],
];

describe('fastExecute renders statements as drizzle does', () => {
  for (const [name, statement] of statements)
    it(name, () => {
      const mine = renderForTest(statement);
      const theirs = dialect.sqlToQuery(statement);
      expect(mine).toEqual({ sql: theirs.sql, params: theirs.params });
    });

  it('leaves tables, columns and inlined statements to drizzle', () => {
    expect(renderForTest(sql`select ${datasets.id} from ${datasets}`)).toBeNull();
    expect(renderForTest(sql`select ${1}`.inlineParams())).toBeNull();
  });
});
