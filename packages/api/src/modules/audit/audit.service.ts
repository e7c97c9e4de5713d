import { type Executor, pgArray, query, sql } from '@kho/schema';
import { isAudited, type Principal } from '../../lib/policy';

export type Surface = 'rest' | 'download' | 'graphql' | 'ckan' | 'dcat' | 'portal' | 'mcp' | 'cli';

/** Who read, under which request, and where to warn when the access log cannot be written. */
export interface ReadContext {
  principal: Principal;
  requestId: string;
  log?: { warn: (o: object, m: string) => void };
}

export interface AuditEvent {
  principal: Principal;
  surface: Surface;
  action: 'read' | 'write';
  datasetId?: string | null;
  rows?: number | null;
  requestId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * The access log: every read of shared or restricted data and every write, with who (key
 * prefix and agency), where, what and how many rows. Callers decide what to log through the
 * policy (isAudited); this only writes.
 */
export async function audit(db: Executor, e: AuditEvent) {
  await query(
    db,
    sql`insert into access_log (key_prefix, agency_code, surface, action, dataset_id, rows, request_id, detail)
        values (${e.principal.kind === 'key' ? e.principal.prefix : null}, ${e.principal.kind === 'key' ? e.principal.agency : null},
          ${e.surface}, ${e.action}, ${e.datasetId ?? null}, ${e.rows ?? null}, ${e.requestId ?? null},
          ${e.detail ? JSON.stringify(e.detail) : null}::jsonb)`,
  );
}

export async function auditLog(
  db: Executor,
  f: { dataset?: string; agency?: string; since?: string; limit: number },
) {
  return query<{
    at: string;
    key_prefix: string | null;
    agency_code: string | null;
    surface: string;
    action: string;
    dataset_id: string | null;
    rows: number | null;
    request_id: string | null;
  }>(
    db,
    sql`select at, key_prefix, agency_code, surface, action, dataset_id, rows, request_id from access_log
        where ${f.dataset ? sql`dataset_id = ${f.dataset}` : sql`true`} and ${f.agency ? sql`agency_code = ${f.agency}` : sql`true`}
          and ${f.since ? sql`at >= ${f.since}::timestamptz` : sql`true`}
        order by at desc, id desc limit ${f.limit}`,
  );
}

/**
 * Reads of shared or restricted data are logged, open data is not (it needs no key and
 * leaves no trace). Logging never fails the read: a lost log line is reported, not thrown.
 */
export async function auditRead(
  db: Executor,
  ctx: ReadContext,
  surface: Surface,
  reads: { datasetId: string; access: string; rows?: number | null }[],
) {
  for (const r of reads) {
    if (!isAudited(r.access)) continue;
    await audit(db, {
      principal: ctx.principal,
      surface,
      action: 'read',
      datasetId: r.datasetId,
      rows: r.rows ?? null,
      requestId: ctx.requestId,
    }).catch((err) => ctx.log?.warn({ err }, 'could not write the access log'));
  }
}

/**
 * auditRead for rows of several datasets (observations): looks up which are not open. Without a
 * key only open datasets are visible and open reads are not logged, so there is nothing to do
 * and nothing to wait for: it answers undefined at once rather than a promise, so the anonymous
 * observations page is not held for one more turn of the microtask queue (measured, see
 * observationsPageQuery).
 */
export function auditDatasetRows(
  db: Executor,
  ctx: ReadContext,
  surface: Surface,
  datasetIds: string[],
): Promise<void> | undefined {
  if (!datasetIds.length || ctx.principal.kind === 'anonymous') return undefined;
  return auditDatasetRowsOf(db, ctx, surface, datasetIds);
}

async function auditDatasetRowsOf(db: Executor, ctx: ReadContext, surface: Surface, datasetIds: string[]) {
  const counts = new Map<string, number>();
  for (const id of datasetIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const rows = await query<{ id: string; access: string }>(
    db,
    sql`select id, access from datasets where id = any(${pgArray([...counts.keys()])}::text[]) and access <> 'open'`,
  );
  await auditRead(
    db,
    ctx,
    surface,
    rows.map((r) => ({ datasetId: r.id, access: r.access, rows: counts.get(r.id) ?? 0 })),
  );
}
