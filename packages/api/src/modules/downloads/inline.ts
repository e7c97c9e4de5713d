import type { KhoDb, SQL } from '@kho/schema';
import { BadRequest } from '../../lib/problems';

interface Dialect {
  sqlToQuery(statement: SQL): { sql: string; params: unknown[] };
}

// A placeholder no SQL text of ours can contain: identifiers and JSON keys never hold NUL.
const MARK = /\u0000(\d+)\u0000/g;
const markParam = (n: number) => `\u0000${n}\u0000`;

/**
 * A string constant. E'' escapes backslashes whatever standard_conforming_strings says, and
 * doubling quotes is its only other escape, so no value can end the literal. Like an untyped
 * bind parameter it has type unknown, resolved from its context (`r.lat between '13.7' and …`).
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000'))
    throw new BadRequest('invalid-value', 'A value in the request contains a NUL character.');
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new BadRequest('invalid-value', 'A number in the request is not finite.');
    return `'${value}'`;
  }
  if (typeof value === 'bigint') return `'${value}'`;
  if (typeof value === 'string') return quoteLiteral(value);
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  return quoteLiteral(JSON.stringify(value));
}

/**
 * The statement as text with its parameters written as literals. COPY (the fast path of
 * downloads on PostgreSQL) is a utility statement that cannot take bind parameters, and
 * postgres.js sends COPY TO STDOUT as a simple query. The statement is compiled by the
 * database's own drizzle dialect with placeholders that cannot collide with SQL text, then each
 * placeholder becomes a literal, so a value can only ever be data.
 */
export function inlineSql(db: KhoDb, statement: SQL): string {
  const dialect = (db as unknown as { dialect: Dialect }).dialect;
  const marking = Object.create(dialect, { escapeParam: { value: markParam } }) as Dialect;
  const { sql: text, params } = marking.sqlToQuery(statement);
  const inlined = text.replace(MARK, (_, n: string) => literal(params[Number(n)]));
  // The simple query protocol ends a statement at NUL: one left over would cut it short.
  if (inlined.includes('\u0000')) throw new Error('NUL in SQL text');
  return inlined;
}
