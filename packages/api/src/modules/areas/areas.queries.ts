import { type AreaResolver, foldForSearch } from '@kho/ingest';
import {
  type AreaDetail,
  type AreaLink,
  type AreaListQuery,
  type AreaSummary,
  type Executor,
  pgArray,
  query,
  queryOne,
  type SQL,
  sql,
  todayInVietnam,
} from '@kho/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { NotFound } from '../../lib/problems';

type AreaRow = {
  id: number;
  code: string;
  name: string;
  type: string;
  level: AreaSummary['level'];
  parent_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
};
const COLUMNS = sql.raw('a.id, a.code, a.name, a.type, a.level, a.parent_code, a.valid_from, a.valid_to');

/** The unit versions in force on `date` (validFrom null: since before the bundled history; validTo exclusive). */
export const inForce = (alias: string, date: string): SQL =>
  sql`(${sql.raw(alias)}.valid_from is null or ${sql.raw(alias)}.valid_from <= ${date}::date)
      and (${sql.raw(alias)}.valid_to is null or ${sql.raw(alias)}.valid_to > ${date}::date)`;

export function toSummary(r: AreaRow): AreaSummary {
  return {
    code: r.code,
    name: r.name,
    type: r.type,
    level: r.level,
    parentCode: r.parent_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

/** Units in force on a date, filtered and paged by code (codes are unique on any one date). */
export async function listAreas(db: Executor, q: AreaListQuery) {
  const page = await listAreaRows(db, q);
  return { items: page.rows.map(toSummary), nextCursor: page.nextCursor };
}

export async function listAreaRows(db: Executor, q: AreaListQuery) {
  const at = q.at ?? todayInVietnam();
  const after = q.cursor ? decodeCursor(q.cursor, ['code']).code : null;
  const conditions: SQL[] = [inForce('a', at)];
  if (q.level) conditions.push(sql`a.level = ${q.level}`);
  if (q.q) conditions.push(sql`a.search_text like ${`%${foldForSearch(q.q)}%`}`);
  if (after !== null) conditions.push(sql`a.code > ${String(after)}`);
  if (q.parent) {
    // Everything below the parent on that date: children, and their children when a level is asked for.
    conditions.push(sql`a.code in (
      with recursive below(code) as (
        select c.code from areas c where c.parent_code = ${q.parent} and ${inForce('c', at)}
        union
        select c.code from areas c join below b on c.parent_code = b.code where ${inForce('c', at)}
      ) select code from below)`);
    if (!q.level) conditions.push(sql`a.parent_code = ${q.parent}`);
  }
  const rows = await query<AreaRow>(
    db,
    sql`/* areas.list */ select ${COLUMNS} from areas a where ${sql.join(conditions, sql` and `)}
        order by a.code limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    rows: page,
    nextCursor: rows.length > q.limit ? encodeCursor({ code: page[page.length - 1]!.code }) : null,
  };
}

type LinkRow = AreaRow & { date: string; kind: AreaLink['kind']; share: AreaLink['share']; known: boolean };

async function links(db: Executor, ids: number[], direction: 'predecessors' | 'successors') {
  if (!ids.length) return new Map<number, AreaLink[]>();
  const rows = await query<LinkRow & { for_id: number }>(
    db,
    direction === 'predecessors'
      ? sql`/* areas.predecessors */ select s.to_area_id as for_id, s.date, s.kind, s.share, s.from_area_id is not null as known,
              coalesce(a.id, 0) as id, s.from_code as code, coalesce(a.name, s.from_name) as name, coalesce(a.type, '') as type,
              coalesce(a.level, 'commune') as level, a.parent_code, a.valid_from, coalesce(a.valid_to, s.date) as valid_to
            from area_successions s left join areas a on a.id = s.from_area_id
            where s.to_area_id = any(${pgArray(ids)}::int[]) order by s.date, s.from_code`
      : sql`/* areas.successors */ select s.from_area_id as for_id, s.date, s.kind, s.share, true as known, ${COLUMNS}
            from area_successions s join areas a on a.id = s.to_area_id
            where s.from_area_id = any(${pgArray(ids)}::int[]) order by s.date, a.code`,
  );
  const out = new Map<number, AreaLink[]>();
  for (const r of rows) {
    const list = out.get(r.for_id) ?? [];
    list.push({
      ...toSummary(r),
      type: r.type || typeFromName(r.name),
      date: r.date,
      kind: r.kind,
      share: r.share,
      inReferenceData: r.known,
    });
    out.set(r.for_id, list);
  }
  return out;
}

function typeFromName(name: string): string {
  return (
    ['Thành phố', 'Thị xã', 'Thị trấn', 'Huyện', 'Phường', 'Xã', 'Đặc khu', 'Tỉnh'].find((t) =>
      name.startsWith(t),
    ) ?? ''
  );
}

export const predecessorsOf = (db: Executor, ids: number[]) => links(db, ids, 'predecessors');
export const successorsOf = (db: Executor, ids: number[]) => links(db, ids, 'successors');

/** Which unit a code named on a date; without a date, today's unit or else the code's last one. */
export async function findAreaVersion(db: Executor, code: string, at?: string): Promise<AreaRow | undefined> {
  if (at) {
    return queryOne<AreaRow>(
      db,
      sql`/* areas.at */ select ${COLUMNS} from areas a where a.code = ${code} and ${inForce('a', at)}`,
    );
  }
  return queryOne<AreaRow>(
    db,
    sql`/* areas.latest */ select ${COLUMNS} from areas a where a.code = ${code}
        order by (${inForce('a', todayInVietnam())}) desc, a.valid_to desc nulls first limit 1`,
  );
}

/** The last day a version was in force, or the given date: the date its relatives are read at. */
export function dateWithin(r: Pick<AreaRow, 'valid_to'>, at?: string): string {
  if (at) return at;
  const today = todayInVietnam();
  if (!r.valid_to || r.valid_to > today) return today;
  const d = new Date(`${r.valid_to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export async function getArea(db: Executor, code: string, at?: string): Promise<AreaDetail> {
  const version = await findAreaVersion(db, code, at);
  if (!version) {
    const others = await query<AreaRow>(
      db,
      sql`select ${COLUMNS} from areas a where a.code = ${code} order by a.valid_from nulls first`,
    );
    if (!others.length) throw new NotFound('area-not-found', `No administrative unit has the code ${code}.`);
    const when = others
      .map((o) => `${o.name} (${o.valid_from ?? '…'} – ${o.valid_to ?? 'today'})`)
      .join('; ');
    throw new NotFound(
      'area-not-in-force',
      `The code ${code} named no unit on ${at}. It was used by: ${when}.`,
    );
  }
  const on = dateWithin(version, at);
  const [extra, ancestors, children, versions, preds, succs] = await Promise.all([
    queryOne<{
      source: string | null;
      centroid_lat: number | null;
      centroid_lon: number | null;
      boundary: unknown;
    }>(db, sql`select source, centroid_lat, centroid_lon, boundary from areas where id = ${version.id}`),
    query<AreaRow>(
      db,
      sql`/* areas.ancestors */ with recursive up(code, depth) as (
            select ${version.parent_code}::text, 1
            union all
            select a.parent_code, u.depth + 1 from up u join areas a on a.code = u.code and ${inForce('a', on)}
            where a.parent_code is not null and u.depth < 5
          ) select ${COLUMNS} from up u join areas a on a.code = u.code and ${inForce('a', on)} order by u.depth`,
    ),
    query<AreaRow>(
      db,
      sql`/* areas.children */ select ${COLUMNS} from areas a where a.parent_code = ${version.code} and ${inForce('a', on)} order by a.code`,
    ),
    query<AreaRow>(
      db,
      sql`select ${COLUMNS} from areas a where a.code = ${code} order by a.valid_from nulls first`,
    ),
    predecessorsOf(db, [version.id]),
    successorsOf(db, [version.id]),
  ]);
  return {
    ...toSummary(version),
    source: extra?.source ?? null,
    ancestors: ancestors.map(toSummary),
    children: children.map(toSummary),
    predecessors: preds.get(version.id) ?? [],
    successors: succs.get(version.id) ?? [],
    versions: versions.map(toSummary),
    centroid:
      extra?.centroid_lat != null && extra.centroid_lon != null
        ? { lat: extra.centroid_lat, lon: extra.centroid_lon }
        : null,
    boundary: extra?.boundary ?? null,
  };
}

/** Several codes at once (GraphQL batching): the versions in force on each requested date. */
export async function areasByCodes(
  db: Executor,
  keys: { code: string; at: string }[],
): Promise<(AreaRow | undefined)[]> {
  if (!keys.length) return [];
  const rows = await query<AreaRow & { key: string }>(
    db,
    sql`/* areas.byCodes */ select k.key, ${COLUMNS}
        from unnest(${pgArray(keys.map((k) => k.code))}::text[], ${pgArray(keys.map((k) => k.at))}::date[]) with ordinality as k(code, at, key)
        join areas a on a.code = k.code and (a.valid_from is null or a.valid_from <= k.at) and (a.valid_to is null or a.valid_to > k.at)`,
  );
  const byKey = new Map(rows.map((r) => [Number(r.key), r]));
  return keys.map((_, i) => byKey.get(i + 1));
}

/** Children of several (code, date) pairs at once. */
export async function childrenOf(db: Executor, keys: { code: string; at: string }[]): Promise<AreaRow[][]> {
  if (!keys.length) return [];
  const rows = await query<AreaRow & { key: string }>(
    db,
    sql`/* areas.childrenOf */ select k.key, ${COLUMNS}
        from unnest(${pgArray(keys.map((k) => k.code))}::text[], ${pgArray(keys.map((k) => k.at))}::date[]) with ordinality as k(code, at, key)
        join areas a on a.parent_code = k.code and (a.valid_from is null or a.valid_from <= k.at) and (a.valid_to is null or a.valid_to > k.at)
        order by a.code`,
  );
  const out: AreaRow[][] = keys.map(() => []);
  for (const r of rows) out[Number(r.key) - 1]!.push(r);
  return out;
}

export type { AreaRow };

/** Area matching for agencies' own spreadsheets: the units a name may mean, best first, with a confidence. */
export async function resolveArea(
  db: Executor,
  resolverFor: (db: Executor) => Promise<AreaResolver>,
  q: { name: string; parent?: string; at?: string; level?: AreaSummary['level'] },
) {
  const resolver = await resolverFor(db);
  const r = resolver.resolveName(q.name, {
    ...(q.parent ? { parent: q.parent } : {}),
    ...(q.at ? { at: q.at } : {}),
    ...(q.level ? { level: q.level } : {}),
  });
  const summary = (a: (typeof r.alternatives)[number]['area']): AreaSummary => ({
    code: a.code,
    name: a.name,
    type: a.type,
    level: a.level,
    parentCode: a.parentCode,
    validFrom: a.validFrom,
    validTo: a.validTo,
  });
  return {
    best: r.best ? summary(r.best.area) : null,
    confidence: r.best?.confidence ?? 0,
    ambiguous: r.ambiguous,
    ...(r.message ? { message: r.message } : {}),
    alternatives: r.alternatives.map((m) => ({
      ...summary(m.area),
      confidence: m.confidence,
      reason: m.reason,
    })),
  };
}
