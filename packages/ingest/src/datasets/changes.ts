import { type SQL, sql } from '@kho/schema';

export type ChangeType = 'dataset.created' | 'dataset.updated' | 'version.published' | 'dataset.retired';

export interface ChangeEvent {
  type: ChangeType;
  datasetId: string;
  version?: number | null;
  added?: number;
  changed?: number;
  removed?: number;
  actor?: string | null;
  detail?: Record<string, unknown>;
}

// Events are numbered one transaction at a time (the lock is held until commit), so feed
// positions follow commit order and a reader never misses an event that commits late.
const FEED_LOCK = 727_410_053;

/** Writes a change event in the caller's transaction. `run` executes one statement there. */
export async function recordChange(run: (statement: SQL) => Promise<unknown>, e: ChangeEvent) {
  await run(sql`select pg_advisory_xact_lock(${FEED_LOCK})`);
  await run(
    sql`insert into change_events (type, dataset_id, version, added, changed, removed, actor, detail)
        values (${e.type}, ${e.datasetId}, ${e.version ?? null}, ${e.added ?? null}, ${e.changed ?? null}, ${e.removed ?? null},
          ${e.actor ?? null}, ${e.detail ? JSON.stringify(e.detail) : null}::jsonb)`,
  );
}
