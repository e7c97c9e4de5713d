import { type Executor, queryOne, type SQL, sql, type TableSchemaInput } from '@kho/schema';
import type { Principal } from '../../lib/policy';
import { Problem } from '../../lib/problems';
import { type DatasetRow, findVisibleDataset } from './catalog.queries';

/** What a read of a dataset's rows needs of the dataset: nothing a kept copy could hold stale. */
export type RowsDataset = Pick<DatasetRow, 'id' | 'access' | 'kind' | 'version'> & {
  table_schema: TableSchemaInput | null;
};

/** A kept dataset row and its guard: one SQL object per kept row, so statements can be kept per guard. */
type Kept = { dataset: RowsDataset; xmin: string; guard: SQL };

/** At most this many datasets are kept per database handle; past it the oldest goes. */
const MAX_KEPT = 500;

/** The kept open datasets of each database handle (tests run many apps in one process). */
const kept = new WeakMap<Executor, Map<string, Kept>>();

/**
 * A statement guarded by `guard` found that the kept dataset row changed (a new version, another
 * schema, another access level, retired, deleted): read the row again and run once more.
 */
export class StaleDataset extends Error {}

/**
 * Reading rows of an open dataset in one statement instead of two. The dataset's row (version,
 * kind, Table Schema, access) is kept between requests, but only ever used through `guard`: a
 * condition the statement that reads the rows checks in its own snapshot — that the dataset row
 * is the same tuple (its `xmin`, which every update changes) and is still open and unretired.
 * Only open datasets are kept (visible to every principal, so no per-principal rule is repeated
 * in JavaScript); anything else is read afresh with the viewer's rule, every time.
 *
 * `work` gets the dataset and the guard to add to its statement's conditions; when the statement
 * comes back empty it asks `checkGuard` whether the guard failed, which throws StaleDataset. A
 * refusal (4xx) from work on a kept row is believed only if the guard still holds: a filter on a
 * field added since, or a version loaded since, was refused by the kept row's Table Schema or
 * version. Either way the kept copy is dropped and `work` runs again with a fresh row and no
 * guard — which is a 404 now if the dataset went away or is no longer visible.
 */
export async function withOpenDataset<T>(
  db: Executor,
  id: string,
  viewer: Principal,
  work: (dataset: RowsDataset, guard: SQL | undefined) => Promise<T>,
): Promise<T> {
  let byId = kept.get(db);
  if (!byId) {
    byId = new Map();
    kept.set(db, byId);
  }
  const hit = byId.get(id);
  if (hit) {
    const guard = hit.guard;
    try {
      return await work(hit.dataset, guard);
    } catch (err) {
      // Stale, or a refusal (4xx) that the kept row may have caused: read afresh. Anything else (a
      // lost database, …) is not the kept row's doing, and the database is not asked again.
      const stale =
        err instanceof StaleDataset ||
        (err instanceof Problem && err.status < 500 && !(await guardHolds(db, guard)));
      if (!stale) throw err;
      byId.delete(id);
    }
  }
  const fresh = await freshDataset(db, id, viewer);
  if (fresh.dataset.access === 'open') {
    if (byId.size >= MAX_KEPT) byId.delete(byId.keys().next().value!);
    byId.set(id, fresh);
  }
  return work(fresh.dataset, undefined);
}

/** The row as findVisibleDataset reads it (the viewer's rule). */
async function freshDataset(db: Executor, id: string, viewer: Principal) {
  const d = await findVisibleDataset(db, id, viewer);
  const dataset: RowsDataset = {
    id: d.id,
    access: d.access,
    kind: d.kind,
    version: d.version,
    table_schema: d.table_schema,
  };
  return { dataset, xmin: d.row_xmin, guard: guardOf(d.id, d.row_xmin) };
}

const guardOf = (id: string, xmin: string): SQL =>
  sql`exists (select 1 from datasets g where g.id = ${id} and g.xmin = ${xmin}::xid
      and g.access = 'open' and g.retired_at is null)`;

/**
 * `guard` on its own: for work whose statements cannot carry it (aggregates), and to tell an
 * empty answer of a guarded statement from a failed guard. Throws StaleDataset when it fails.
 */
export async function checkGuard(db: Executor, guard: SQL | undefined): Promise<void> {
  if (guard && !(await guardHolds(db, guard))) throw new StaleDataset();
}

async function guardHolds(db: Executor, guard: SQL): Promise<boolean> {
  const r = await queryOne<{ ok: boolean }>(db, sql`/* catalog.guard */ select ${guard} as ok`);
  return !!r?.ok;
}
