import { type Executor, query, sql } from '@kho/schema';
import { BadRequest, NotFound } from '../../lib/problems';
import type { DatasetRow } from '../catalog/catalog.queries';
import { iso } from '../catalog/catalog.queries';
import { type RowSource, sourceFor } from '../records/source';

export async function listVersions(db: Executor, d: DatasetRow) {
  const rows = await query<{
    version: number;
    created_at: string;
    row_count: number;
    added: number;
    changed: number;
    removed: number;
    ingest_id: number | null;
    file_name: string | null;
    note: string | null;
  }>(
    db,
    sql`/* versions.list */ select v.version, v.created_at, v.row_count, v.added, v.changed, v.removed, v.ingest_id, r.file_name, v.note
        from dataset_versions v left join ingest_runs r on r.id = v.ingest_id
        where v.dataset_id = ${d.id} order by v.version desc`,
  );
  return {
    items: rows.map((v) => ({
      version: v.version,
      createdAt: iso(v.created_at),
      rowCount: v.row_count,
      added: v.added,
      changed: v.changed,
      removed: v.removed,
      ingestId: v.ingest_id,
      fileName: v.file_name,
      note: v.note,
    })),
    nextCursor: null,
  };
}

/** At most this many rows of each kind in one diff answer; the counts are always complete. */
export const DIFF_LIMIT = 1000;

/**
 * Rows that differ between version a and version b (a < b): added (in b, not a), removed
 * (in a, not b), and changed (the same key in both, different content), with old and new.
 */
export async function diffVersions(db: Executor, d: DatasetRow, a: number, b: number) {
  if (a >= b)
    throw new BadRequest('invalid-range', 'Ask for an older version first: /versions/1..2.', [
      { parameter: 'range', message: 'a must be below b' },
    ]);
  if (b > d.version || a < 0)
    throw new NotFound('version-not-found', `This dataset has versions 1 to ${d.version}.`);
  const source: RowSource = sourceFor(d);
  const inA = sql`r.version_from <= ${a} and (r.version_to is null or r.version_to > ${a})`;
  const inB = sql`r.version_from <= ${b} and (r.version_to is null or r.version_to > ${b})`;
  const base = sql`r.dataset_id = ${d.id}`;
  const select = async (cond: ReturnType<typeof sql>) =>
    query<Record<string, unknown>>(
      db,
      sql`/* versions.diff */ select ${source.columns}, r.row_key as _key from ${source.from} where ${base} and ${cond} order by r.row_key, r.id limit ${DIFF_LIMIT * 2 + 1}`,
    );
  const [after, before] = await Promise.all([
    select(sql`${inB} and not (${inA})`),
    select(sql`${inA} and not (${inB})`),
  ]);
  const beforeByKey = new Map(before.map((r) => [r._key as string, r]));
  const afterKeys = new Set(after.map((r) => r._key as string));
  const strip = (r: Record<string, unknown>) => {
    const { _id: _omit, ...rest } = source.toItem(r);
    return rest;
  };
  const changed = after
    .filter((r) => beforeByKey.has(r._key as string))
    .map((r) => ({
      key: r._key as string,
      before: strip(beforeByKey.get(r._key as string)!),
      after: strip(r),
    }));
  const added = after.filter((r) => !beforeByKey.has(r._key as string)).map(strip);
  const removed = before.filter((r) => !afterKeys.has(r._key as string)).map(strip);
  const [counts] = await query<{ added: number; changed: number; removed: number }>(
    db,
    sql`/* versions.counts */ with k as (
          select r.row_key, bool_or(${inA}) as a, bool_or(${inB}) as b
          from ${sql.raw(source.kind === 'table' ? 'records' : 'observations')} r
          where ${base} and ((${inA}) <> (${inB})) group by r.row_key)
        select count(*) filter (where b and not a)::int as added, count(*) filter (where a and b)::int as changed,
               count(*) filter (where a and not b)::int as removed from k`,
  );
  return {
    from: a,
    to: b,
    counts: counts!,
    truncated:
      counts!.added > added.length || counts!.changed > changed.length || counts!.removed > removed.length,
    added: added.slice(0, DIFF_LIMIT),
    changed: changed.slice(0, DIFF_LIMIT),
    removed: removed.slice(0, DIFF_LIMIT),
  };
}
