import { Readable } from 'node:stream';
import { type Database, type KhoDb, query, type SQL, sql } from '@kho/schema';
import { orderBy, type SortKey } from '../records/records.queries';
import type { RowSource } from '../records/source';
import { csvCell } from './columns';
import { inlineSql } from './inline';
import { keysetAfter } from './keyset';

type Sql = NonNullable<Database['pg']>;

/** What a download reads: the select list, the conditions and the order, on either engine. */
export interface FeedQuery {
  source: RowSource;
  /** 'csv': one text column per output column; 'line': one text column, a JSON document per row. */
  mode: 'csv' | 'line';
  select: SQL[];
  keys: SortKey[];
  /** rowConditions for the version, in its "current rows" form or its pinned form. */
  where: (current: boolean) => SQL[];
  current: boolean;
  version: number;
}

/** Rows per query when paging through PGlite. */
export const BATCH_ROWS = 5000;
/** Bytes of COPY rows sent to the response at a time. */
const BATCH_BYTES = 64 * 1024;
/** A download may outlast the API's per-statement timeout, but not forever. */
const COPY_TIMEOUT = '1h';

const selectList = (select: SQL[]) =>
  sql.join(
    select.map((s, i) => sql`${s} as ${sql.raw(`c${i}`)}`),
    sql`, `,
  );

/**
 * The rows as bytes, one line per row (CSV rows, or JSON documents without raw line breaks).
 * The first chunk is read before this returns, so a query that fails fails before any header
 * is sent and is answered as a problem; later chunks follow the reader's pace.
 * `onRelease` is called once the COPY's reserved connection is back in the pool (PostgreSQL),
 * so a caller counting download slots frees the slot with the connection, not later when the
 * stream emits 'close'.
 */
export async function openFeed(
  database: Database,
  f: FeedQuery,
  useCopy: boolean,
  onRelease?: () => void,
): Promise<Readable> {
  const chunks =
    database.pg && useCopy ? copyChunks(database.pg, database.db, f, onRelease) : batchChunks(database.db, f);
  const first = await chunks.next();
  let pending: Buffer | null = first.done ? null : first.value;
  return new Readable({
    async read() {
      try {
        if (pending) {
          const chunk = pending;
          pending = null;
          this.push(chunk);
          return;
        }
        const next = await chunks.next();
        this.push(next.done ? null : next.value);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
    // Ending the generator runs its cleanup: stop the COPY or the paging.
    destroy(err, callback) {
      chunks.return(undefined).then(
        () => callback(err),
        (e: Error) => callback(err ?? e),
      );
    },
  });
}

/**
 * PostgreSQL: COPY (select …) TO STDOUT on a reserved connection, with its statement timeout
 * lifted to COPY_TIMEOUT (a download may take long to a slow client) and reset afterwards.
 */
async function* copyChunks(pg: Sql, db: KhoDb, f: FeedQuery, onRelease?: () => void): AsyncGenerator<Buffer> {
  const options =
    f.mode === 'line' ? sql`(format csv, quote e'\\x01', delimiter e'\\x02')` : sql`(format csv)`;
  const text = inlineSql(
    db,
    sql`copy (select ${selectList(f.select)} from ${f.source.from}
        where ${sql.join(f.where(f.current), sql` and `)} order by ${orderBy(f.keys)}) to stdout with ${options}`,
  );
  const conn = await pg.reserve();
  let stream: Readable | undefined;
  let pid = 0;
  try {
    [{ pid }] =
      (await conn`select pg_backend_pid() as pid, set_config('statement_timeout', ${COPY_TIMEOUT}, false)`) as unknown as [
        { pid: number },
      ];
    stream = await conn.unsafe(text).readable();
    // postgres.js gives one chunk per row (a COPY data message): passed on one by one, each row
    // went through the response stream on its own (0.7× psql's rate for CSV). Rows are sent in
    // slices of about BATCH_BYTES instead; the reader's pace still paces the COPY.
    let parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      parts.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= BATCH_BYTES) {
        yield parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
        parts = [];
        size = 0;
      }
    }
    if (size) yield Buffer.concat(parts, size);
  } finally {
    if (stream) {
      if (!stream.destroyed && !stream.readableEnded) await stopCopy(pg, pid, stream);
      // postgres.js pauses the socket when the COPY stream is full and resumes it only from the
      // stream's read(), which an ended stream never calls: resume it, or the connection's
      // next answer is never read.
      stream._read(0);
    }
    await conn`reset statement_timeout`.catch(() => {});
    conn.release();
    onRelease?.();
  }
}

/**
 * The reader went away mid-COPY. Destroying postgres.js's COPY stream would leave the
 * connection busy for good (its socket paused under the stream), so the COPY is cancelled and
 * the rest drained. pg_cancel_backend goes through the pool and is awaited before the
 * connection is released: a cancel that arrived later could stop another request's query.
 */
async function stopCopy(pg: Sql, pid: number, stream: Readable) {
  stream.on('error', () => {});
  const closed = new Promise((resolve) => stream.once('close', resolve));
  stream.resume();
  await pg`select pg_cancel_backend(${pid})`.catch(() => {});
  await closed;
}

/**
 * PGlite has no COPY TO STDOUT stream: keyset pages of BATCH_ROWS rows, one query each, so
 * other requests run between pages. While the dataset stays at the version being read, pages
 * read its current rows (the partial index); if a new version lands mid-download the rest is
 * read pinned to the version the download started with, so no row is skipped or repeated.
 */
async function* batchChunks(db: KhoDb, f: FeedQuery): AsyncGenerator<Buffer> {
  const keyCols = f.keys.map((k, i) => sql`, (${k.field.expr})::text as ${sql.raw(`k${i}`)}`);
  let current = f.current;
  let after: { id: number; keys: (string | null)[] } | null = null;
  const page = (cur: boolean) =>
    query<Record<string, unknown>>(
      db,
      sql`/* downloads.page */ select ${selectList(f.select)}, r.id as kid${sql.join(keyCols, sql``)}
          from ${f.source.from}
          where ${sql.join([...f.where(cur), ...(after ? [keysetAfter(f.keys, after.keys, after.id)] : [])], sql` and `)}
          order by ${orderBy(f.keys)} limit ${BATCH_ROWS}`,
    );
  for (;;) {
    let rows = await page(current);
    if (current) {
      const [d] = await query<{ version: number }>(
        db,
        sql`select version from datasets where id = ${f.source.datasetId}`,
      );
      if (d?.version !== f.version) {
        current = false;
        rows = await page(false);
      }
    }
    if (rows.length) yield Buffer.from(encode(rows, f));
    if (rows.length < BATCH_ROWS) return;
    const last = rows[rows.length - 1]!;
    after = { id: Number(last.kid), keys: f.keys.map((_, i) => (last[`k${i}`] ?? null) as string | null) };
  }
}

function encode(rows: Record<string, unknown>[], f: FeedQuery): string {
  const n = f.select.length;
  let out = '';
  for (const row of rows) {
    if (f.mode === 'line') out += `${row.c0}\n`;
    else {
      for (let i = 0; i < n; i++)
        out += (i ? ',' : '') + csvCell((row[`c${i}`] ?? null) as string | null, n === 1);
      out += '\n';
    }
  }
  return out;
}
