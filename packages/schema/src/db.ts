import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  rmSync,
  statfsSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { fastExecute } from './fast-execute';
import * as tables from './tables/index';

export type Engine = 'pglite' | 'postgres';
export type KhoDb = PgDatabase<PgQueryResultHKT, typeof tables>;
/** A drizzle database or a transaction of one: both run `execute`. */
export type Executor = Pick<KhoDb, 'execute'>;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it Kho runs on embedded PGlite. */
  url?: string;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string;
  /** A PGlite data dir dumped with dumpDataDir() to start from (tests). */
  loadDataDir?: Blob | File;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** postgres.js pool size (default 10). */
  poolSize?: number;
  /** Per-statement timeout in ms on PostgreSQL (default none). */
  statementTimeoutMs?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

export interface Database {
  engine: Engine;
  db: KhoDb;
  /** The embedded engine, for COPY through /dev/blob and dumps. */
  pglite?: PGlite;
  /** The postgres.js pool, for COPY FROM STDIN / TO STDOUT and reserved connections. */
  pg?: postgres.Sql;
  close(): Promise<void>;
}

/** The rows of what `execute` answered, whichever driver ran it (postgres.js an array, PGlite `{ rows }`). */
export const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** Rows of a raw statement, whichever driver ran it. */
export async function query<T = Record<string, unknown>>(exec: Executor, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await exec.execute(statement));
}

export async function queryOne<T = Record<string, unknown>>(
  exec: Executor,
  statement: SQL,
): Promise<T | undefined> {
  return (await query<T>(exec, statement))[0];
}

/**
 * SQLSTATE class 22 (data exception: invalid text representation, numeric out of range …),
 * however the driver wrapped it: the input's fault, answered as a client error or a rejected row.
 */
export function isDataException(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (/^22[0-9A-Z]{3}$/.test(String((e as { code?: unknown }).code))) return true;
  }
  return false;
}

/** Wait before reconnecting after `retries` failed connects: 0.1 s doubling, at most 1 s (with jitter). */
export function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

// A fixed key so concurrent starts (several API instances, the migrate job) apply migrations once.
const MIGRATION_LOCK = 727_410_052;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const shouldMigrate = options.migrate ?? true;
  if (options.url) {
    const pg = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      prepare: true,
      connection: {
        application_name: options.applicationName ?? 'kho',
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      },
      types: { bigint: postgres.BigInt },
      // While the server is down, every request tries to reconnect and fails at once (503).
      // postgres.js's own backoff grows to 20 s, which held requests past the statement
      // timeout and delayed recovery by as much after the server came back.
      backoff: reconnectDelaySeconds,
    });
    // int8 → number: counts and ids stay far below 2^53 in this warehouse.
    pg.options.parsers[20] = (v: string) => Number(v);
    pg.options.parsers[1700] = (v: string) => Number(v);
    // drizzle sends db.execute() statements unnamed (`prepare: false`), so PostgreSQL parses and
    // plans every one again: ~5 ms of planning for a query over the 16 observation partitions.
    // Kho's statements are a bounded set of texts with parameters; prepared, each is parsed once
    // per connection and its plan cached (postgres.js re-prepares after a schema change).
    const unsafe = pg.unsafe;
    pg.unsafe = ((text: string, args?: unknown[], opts?: { prepare?: boolean }) =>
      unsafe(
        text,
        args as never,
        (args?.length ? { ...opts, prepare: true } : opts) as never,
      )) as unknown as typeof pg.unsafe;
    const db = drizzlePostgres({ client: pg, schema: tables }) as unknown as KhoDb;
    fastExecute(db, pg);
    if (shouldMigrate) {
      // The lock lives on a connection of its own, so a pool of one can still migrate.
      const lock = postgres(options.url, { max: 1, onnotice: () => {} });
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await lock.end({ timeout: 5 });
      }
    }
    return { engine: 'postgres', db, pg, close: () => pg.end({ timeout: 5 }) };
  }

  if (options.dataDir) checkDataDir(options.dataDir);
  // Loaded only in embedded mode: a server on PostgreSQL never pays for the WebAssembly build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
  });
  const db = drizzlePglite({ client: pglite, schema: tables }) as unknown as KhoDb;
  if (shouldMigrate) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
  return { engine: 'pglite', db, pglite, close: () => pglite.close() };
}

/** True when the database answers a trivial statement. */
export async function ping(database: Database): Promise<boolean> {
  try {
    await query(database.db, sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/**
 * An array parameter as a PostgreSQL array literal: the same text on both drivers (drizzle
 * expands JS arrays into tuples, and its postgres.js setup passes date[] values unserialised).
 * Cast it in SQL: `any(${pgArray(codes)}::text[])`.
 */
export function pgArray(values: readonly (string | number)[]): SQL {
  const body = values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',');
  return sql`${sql.param(`{${body}}`)}`;
}

/** Free space the embedded database needs to start: a new one takes about 45 MB with its WAL. */
export const DATA_DIR_MIN_FREE_MB = 64;

/** The embedded data directory cannot be used (read-only, not permitted, no space): said plainly at start. */
export class DataDirUnusable extends Error {
  constructor(
    readonly dir: string,
    readonly reason: 'read-only' | 'permission' | 'full' | 'other',
    detail: string,
  ) {
    super(`${detail} Set KHO_DATA_DIR to a writable directory with room, or use PostgreSQL (DATABASE_URL).`);
  }
}

const why = (dir: string, e: unknown, doing: string): DataDirUnusable => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EROFS')
    return new DataDirUnusable(
      dir,
      'read-only',
      `The data directory ${dir} is on a read-only file system: the embedded database must write there.`,
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new DataDirUnusable(
      dir,
      'permission',
      `The data directory ${dir} is not writable by this user (${code} when ${doing}).`,
    );
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new DataDirUnusable(
      dir,
      'full',
      `No space left on the disk holding the data directory ${dir} (${code} when ${doing}).`,
    );
  return new DataDirUnusable(
    dir,
    'other',
    `Cannot use the data directory ${dir}: ${(e as Error).message ?? String(e)}.`,
  );
};

/**
 * Before the embedded database opens: the data directory exists or can be made, can be written
 * and has DATA_DIR_MIN_FREE_MB free. PGlite itself reports a full or read-only disk as a bare
 * WebAssembly errno, or not until later; this says which, and where, at start.
 */
export function checkDataDir(dir: string, minFreeMb = DATA_DIR_MIN_FREE_MB): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    // A recursive mkdir under a read-only mount reports ENOENT: the nearest existing parent says why.
    let parent = dirname(dir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    const probe = join(parent, `.kho-write-test-${process.pid}`);
    try {
      mkdirSync(probe);
      rmSync(probe, { recursive: true, force: true });
    } catch (inParent) {
      throw why(dir, inParent, `creating it in ${parent}`);
    }
    throw why(dir, e, 'creating it');
  }
  const probe = join(dir, `.kho-write-test-${process.pid}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, Buffer.alloc(64 * 1024));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw why(dir, e, 'writing a test file');
  } finally {
    rmSync(probe, { force: true });
  }
  const { bavail, bsize } = statfsSync(dir);
  const freeMb = (bavail * bsize) / 2 ** 20;
  if (freeMb < minFreeMb)
    throw new DataDirUnusable(
      dir,
      'full',
      `The disk holding the data directory ${dir} is full: ${freeMb.toFixed(1)} MB free, and the embedded database needs at least ${minFreeMb} MB to start.`,
    );
}
