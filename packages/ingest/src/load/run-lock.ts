import { type Database, openDatabase, query, sql } from '@kho/schema';

/** The message of a run found `running` that no process runs any more (killed, or the machine went down). */
export const INTERRUPTED =
  'interrupted: the process ended before the ingest finished (killed, or the machine went down); nothing of it was loaded';

// pg_advisory_lock(int4, int4): this namespace and hashtext(dataset). Other advisory locks
// (the migration lock, the change feed's) take one bigint key, a separate key space.
const RUN_LOCK_NAMESPACE = 727_410_053;

const pgliteChains = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Holds the lock of one dataset's runs (or one area label's) until the returned release is
 * called, from before the run's `ingest_runs` row is written until after it is finished, so
 * two runs of a dataset never overlap (they used to overlap up to the load's transaction,
 * where the dataset's row lock serialised them). Whoever holds it knows that any `running`
 * row of the dataset is a run that ended without finishing: see markInterrupted.
 *
 * PostgreSQL: a session-level advisory lock on a connection of its own (not from the pool:
 * a run that held a pool connection while it waited, or while it needed another one for its
 * load, could starve the pool). A process that dies, even by SIGKILL, closes the connection
 * and PostgreSQL releases the lock with it.
 * PGlite: one process per data directory (kho.lock), so a queue per dataset in this process.
 */
export async function holdRunLock(database: Database, dataset: string): Promise<() => Promise<void>> {
  if (database.pg) {
    const lock = await openDatabase({
      url: connectionUrl(database.pg.options),
      migrate: false,
      poolSize: 1,
      applicationName: 'kho-ingest-lock',
    });
    try {
      // No statement timeout on this connection: waiting for a long load of the same dataset is right.
      await query(lock.db, sql`select pg_advisory_lock(${RUN_LOCK_NAMESPACE}, hashtext(${dataset}))`);
    } catch (err) {
      await lock.close().catch(() => {});
      throw err;
    }
    // Ending the session releases the lock (an explicit unlock first would only add a round trip).
    return () => lock.close();
  }
  const engine = (database.pglite ?? database) as object;
  const chains = pgliteChains.get(engine) ?? new Map<string, Promise<void>>();
  pgliteChains.set(engine, chains);
  const before = chains.get(dataset) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = before.then(() => mine);
  chains.set(dataset, tail);
  await before;
  return async () => {
    release();
    if (chains.get(dataset) === tail) chains.delete(dataset);
  };
}

/**
 * Marks the dataset's `running` rows failed, with a finish time and the reason. Call it only
 * while holding the dataset's run lock (and before writing the run's own row): then none of
 * them is alive. Runs of other datasets are not touched. Returns how many were marked.
 */
export async function markInterrupted(database: Database, dataset: string): Promise<number> {
  const rows = await query<{ id: number }>(
    database.db,
    sql`update ingest_runs set status = 'failed', finished_at = now(),
          report = report || jsonb_build_object('message', ${INTERRUPTED}::text)
        where dataset_id = ${dataset} and status = 'running'
        returning id`,
  );
  return rows.length;
}

interface PgOptions {
  host: string[];
  port: number[];
  path?: string | false;
  database: string;
  user: string;
  pass?: unknown;
  ssl?: unknown;
}

/** The pool's connection settings as a URL (postgres.js keeps them parsed, not the URL it was given). */
export function connectionUrl(options: unknown): string {
  const o = options as PgOptions;
  if (o.pass != null && typeof o.pass !== 'string')
    throw new Error('the PostgreSQL password is not a string: cannot open the ingest lock connection');
  const auth = `${encodeURIComponent(o.user)}${o.pass ? `:${encodeURIComponent(o.pass)}` : ''}@`;
  const hosts = o.host.map((h, i) => `${h.includes(':') ? `[${h}]` : h}:${o.port[i] ?? o.port[0]}`).join(',');
  const params = new URLSearchParams();
  if (typeof o.ssl === 'string') params.set('sslmode', o.ssl);
  else if (o.ssl === true) params.set('sslmode', 'require');
  else if (o.ssl)
    throw new Error('TLS options that a URL cannot carry: cannot open the ingest lock connection');
  const search = params.size ? `?${params}` : '';
  // A Unix socket can only have come from PGHOST (a URL cannot name one for postgres.js): no
  // host in the URL makes postgres.js read PGHOST again.
  return `postgres://${auth}${o.path ? '' : hosts}/${encodeURIComponent(o.database)}${search}`;
}
