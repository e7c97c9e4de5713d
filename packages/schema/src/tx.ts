import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './db';

const dialect = new PgDialect();

/** Dates and timestamps as the text PostgreSQL sends, as drizzle's drivers return them. */
const PGLITE_PARSERS = Object.fromEntries(
  [1082, 1114, 1184, 1182, 1115, 1185, 1083].map((oid) => [oid, (v: string) => v]),
) as Record<number, (v: string) => unknown>;

/**
 * A transaction on the raw driver, for work drizzle does not cover: COPY into staging tables.
 * The same statements run on both engines; only the COPY transport differs.
 */
export interface Tx {
  query<T = Record<string, unknown>>(statement: SQL): Promise<T[]>;
  /** Rows affected by a statement (insert/update/delete). */
  execute(statement: SQL): Promise<number>;
  /** Streams COPY text-format lines (each ending in \n) into a table. */
  copyFrom(table: string, columns: string[], lines: AsyncIterable<string>): Promise<void>;
}

/** One COPY text-format field: backslash escapes for the delimiter, line breaks and backslash; \N is null. */
export function copyField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

// PGlite reads COPY input from a Blob: send it in slices so memory stays flat however long the input.
const PGLITE_COPY_BYTES = 8 * 1024 * 1024;

async function* chunked(lines: AsyncIterable<string>, max: number): AsyncGenerator<string> {
  let buf: string[] = [];
  let size = 0;
  for await (const line of lines) {
    buf.push(line);
    size += line.length;
    if (size >= max) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

export async function transaction<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (database.pg) {
    return (await database.pg.begin(async (sql) => {
      const tx: Tx = {
        query: async <R>(statement: SQL) => {
          const q = dialect.sqlToQuery(statement);
          return (await sql.unsafe(q.sql, q.params as never[])) as unknown as R[];
        },
        execute: async (statement) => {
          const q = dialect.sqlToQuery(statement);
          return (await sql.unsafe(q.sql, q.params as never[])).count;
        },
        copyFrom: async (table, columns, lines) => {
          const writable = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
          await pipeline(Readable.from(lines), writable);
        },
      };
      return fn(tx);
    })) as T;
  }
  const pglite = database.pglite!;
  return pglite.transaction(async (t) => {
    const tx: Tx = {
      query: async <R>(statement: SQL) => {
        const q = dialect.sqlToQuery(statement);
        return (await t.query<R>(q.sql, q.params, { parsers: PGLITE_PARSERS })).rows;
      },
      execute: async (statement) => {
        const q = dialect.sqlToQuery(statement);
        return (await t.query(q.sql, q.params)).affectedRows ?? 0;
      },
      copyFrom: async (table, columns, lines) => {
        for await (const chunk of chunked(lines, PGLITE_COPY_BYTES)) {
          await t.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
            blob: new Blob([chunk]),
          });
        }
      },
    };
    return fn(tx);
  });
}
