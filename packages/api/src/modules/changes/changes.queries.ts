import type { ChangeType } from '@kho/ingest';
import { type Executor, pgArray, query, type SQL, sql } from '@kho/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type Principal, visibleDatasets } from '../../lib/policy';
import { BadRequest, NotFound } from '../../lib/problems';
import { type DatasetRow, iso } from '../catalog/catalog.queries';
import { sourceFor } from '../records/source';

export interface ChangeFilter {
  since?: string;
  dataset?: string;
  publisher?: string;
  theme?: string;
  limit: number;
}

type EventRow = {
  id: number;
  at: string;
  type: ChangeType;
  dataset_id: string;
  version: number | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
  publisher_code: string;
};

export const eventCursor = (id: number) => encodeCursor({ e: id });

/**
 * The change feed: events of the datasets the viewer may see, in commit order, after the
 * `since` cursor. nextCursor is always the place to resume (the same one when nothing is new),
 * and it is the event number, so it survives restarts and holds across instances.
 */
export async function listChanges(db: Executor, f: ChangeFilter, viewer: Principal) {
  const after = f.since ? Number(decodeCursor(f.since, ['e']).e) : 0;
  if (!Number.isSafeInteger(after) || after < 0)
    throw new BadRequest('invalid-cursor', 'since: not a cursor this feed issued', [
      { parameter: 'since', message: 'malformed cursor' },
    ]);
  const where: SQL[] = [sql`e.id > ${after}`, visibleDatasets(viewer)];
  if (f.dataset) where.push(sql`e.dataset_id = ${f.dataset}`);
  if (f.publisher) where.push(sql`d.publisher_code = ${f.publisher}`);
  if (f.theme) where.push(sql`${f.theme} = any(d.themes)`);
  const rows = await query<EventRow>(
    db,
    sql`/* changes.feed */ select e.id, e.at, e.type, e.dataset_id, e.version, e.added, e.changed, e.removed, d.publisher_code
        from change_events e join datasets d on d.id = e.dataset_id
        where ${sql.join(where, sql` and `)} order by e.id limit ${f.limit + 1}`,
  );
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({
      cursor: eventCursor(e.id),
      id: e.id,
      at: iso(e.at),
      type: e.type,
      dataset: e.dataset_id,
      publisher: e.publisher_code,
      version: e.version,
      counts: e.added === null ? null : { added: e.added, changed: e.changed ?? 0, removed: e.removed ?? 0 },
    })),
    nextCursor: eventCursor(last ? last.id : after),
    hasMore: rows.length > f.limit,
  };
}

export type DiffChange =
  | { op: 'added'; key: string; after: Record<string, unknown> }
  | { op: 'removed'; key: string; before: Record<string, unknown> }
  | { op: 'changed'; key: string; before: Record<string, unknown>; after: Record<string, unknown> };

const KEYS_PER_BATCH = 1000;

/**
 * Every row that differs between versions a and b, key by key in key order, read in batches
 * so a million-row diff streams in constant memory.
 */
export async function* diffRows(
  db: Executor,
  d: DatasetRow,
  a: number,
  b: number,
): AsyncGenerator<DiffChange> {
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || a >= b) {
    throw new BadRequest('invalid-range', 'from must be below to: ?from=1&to=2', [
      { parameter: 'from', message: 'from must be below to' },
    ]);
  }
  if (b > d.version) throw new NotFound('version-not-found', `This dataset has versions 1 to ${d.version}.`);
  const source = sourceFor(d);
  const table = sql.raw(d.kind === 'indicators' ? 'observations' : 'records');
  const inA = sql`r.version_from <= ${a} and (r.version_to is null or r.version_to > ${a})`;
  const inB = sql`r.version_from <= ${b} and (r.version_to is null or r.version_to > ${b})`;
  const strip = (row: Record<string, unknown>) => {
    const { _id: _omit, ...rest } = source.toItem(row);
    return rest;
  };
  let last = '';
  for (;;) {
    const keys = (
      await query<{ row_key: string }>(
        db,
        sql`/* changes.keys */ select distinct r.row_key from ${table} r
            where r.dataset_id = ${d.id} and ((${inA}) <> (${inB})) and r.row_key > ${last}
            order by r.row_key limit ${KEYS_PER_BATCH}`,
      )
    ).map((k) => k.row_key);
    if (!keys.length) return;
    const rows = await query<Record<string, unknown> & { _key: string; _in_a: boolean }>(
      db,
      sql`/* changes.rows */ select ${source.columns}, r.row_key as _key, (${inA}) as _in_a from ${source.from}
          where r.dataset_id = ${d.id} and r.row_key = any(${pgArray(keys)}::text[]) and ((${inA}) <> (${inB}))`,
    );
    const byKey = new Map<string, { before?: Record<string, unknown>; after?: Record<string, unknown> }>();
    for (const r of rows) {
      const e = byKey.get(r._key) ?? {};
      if (r._in_a) e.before = strip(r);
      else e.after = strip(r);
      byKey.set(r._key, e);
    }
    for (const key of keys) {
      const e = byKey.get(key);
      if (!e) continue;
      if (e.before && e.after) yield { op: 'changed', key, before: e.before, after: e.after };
      else if (e.after) yield { op: 'added', key, after: e.after };
      else if (e.before) yield { op: 'removed', key, before: e.before };
    }
    if (keys.length < KEYS_PER_BATCH) return;
    last = keys[keys.length - 1]!;
  }
}
