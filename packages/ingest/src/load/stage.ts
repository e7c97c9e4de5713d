import { copyField, sql, type Tx } from '@kho/schema';
import type { StagedObservation } from './observations';
import type { StagedRecord } from './records';

export type TargetKind = 'observations' | 'records';

const STAGE = { observations: 'kho_stage_observations', records: 'kho_stage_records' } as const;

/** Columns of the target tables that a load writes, in COPY line order. */
const BODY: Record<TargetKind, string[]> = {
  observations: [
    'indicator_code',
    'area_id',
    'area_code',
    'period_start',
    'period_end',
    'granularity',
    'period_label',
    'value',
    'dimensions',
    'dimensions_key',
    'flag',
    'attributes',
    'row_key',
    'row_hash',
  ],
  records: ['row_key', 'row_hash', 'data', 'area_id', 'area_code', 'lat', 'lon', 'search_text'],
};

/** A temporary staging table for this transaction: COPY lands here, the merge reads from here. */
export async function createStage(tx: Tx, kind: TargetKind) {
  if (kind === 'observations') {
    await tx.query(
      sql.raw(`create temp table ${STAGE.observations} (
      row_no int, indicator_code text, area_id int, area_code text, period_start date, period_end date,
      granularity text, period_label text, value double precision, dimensions jsonb, dimensions_key text,
      flag text, attributes jsonb, row_key text, row_hash text) on commit drop`),
    );
  } else {
    await tx.query(
      sql.raw(`create temp table ${STAGE.records} (
      row_no int, row_key text, row_hash text, data jsonb, area_id int, area_code text,
      lat double precision, lon double precision, search_text text) on commit drop`),
    );
  }
}

/** One COPY line per observation (a template, not an array joined: it is built for every row of a load). */
export function observationBody(o: StagedObservation): string {
  return `${copyField(o.indicatorCode)}\t${o.areaId}\t${copyField(o.areaCode)}\t${o.periodStart}\t${o.periodEnd}\t${o.granularity}\t${copyField(o.periodLabel)}\t${o.value}\t${copyField(JSON.stringify(o.dimensions))}\t${copyField(o.dimensionsKey)}\t${copyField(o.flag)}\t${copyField(JSON.stringify(o.attributes))}\t${copyField(o.rowKey)}\t${o.rowHash}\n`;
}

export function recordBody(r: StagedRecord): string {
  return `${[
    copyField(r.rowKey),
    r.rowHash,
    copyField(JSON.stringify(r.data)),
    copyField(r.areaId),
    copyField(r.areaCode),
    copyField(r.lat),
    copyField(r.lon),
    copyField(r.searchText),
  ].join('\t')}\n`;
}

/**
 * Where COPY sends the rows: the staging table (each line starts with the row number), or —
 * for the first load of a dataset, when there is nothing to compare with — straight into
 * the target table, so PostgreSQL indexes rows while the file is still being read.
 */
export interface CopyTarget {
  direct: boolean;
  prefix(row: number): string;
  copy(tx: Tx, lines: AsyncIterable<string>): Promise<void>;
}

export function stageTarget(kind: TargetKind): CopyTarget {
  return {
    direct: false,
    prefix: (row) => `${row}\t`,
    copy: (tx, lines) => tx.copyFrom(STAGE[kind], ['row_no', ...BODY[kind]], lines),
  };
}

export function directTarget(
  kind: TargetKind,
  datasetId: string,
  version: number,
  ingestId: number,
): CopyTarget {
  const head = `${copyField(datasetId)}\t${version}\t${ingestId}\t`;
  return {
    direct: true,
    prefix: () => head,
    copy: (tx, lines) => tx.copyFrom(kind, ['dataset_id', 'version_from', 'ingest_id', ...BODY[kind]], lines),
  };
}

export async function hasCurrentRows(tx: Tx, kind: TargetKind, datasetId: string): Promise<boolean> {
  const [row] = await tx.query<{ has_rows: boolean }>(
    sql`select exists (select 1 from ${sql.raw(kind)} where dataset_id = ${datasetId} and version_to is null) as has_rows`,
  );
  return !!row?.has_rows;
}

export const UNIQUE_VIOLATION = '23505';

/** Rows of the file that share a key: the load stops and names them. */
export async function duplicateKeys(tx: Tx, kind: TargetKind) {
  return tx.query<{ row_key: string; rows: number[] }>(
    sql.raw(`select row_key, array_agg(row_no order by row_no) as rows from ${STAGE[kind]}
             group by row_key having count(*) > 1 order by min(row_no) limit 200`),
  );
}

export interface MergeCounts {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  staged: number;
}

export type MergeResult =
  | { ok: true; counts: MergeCounts }
  | { ok: false; duplicates: { row_key: string; rows: number[] }[] };

const TARGET_COLUMNS: Record<TargetKind, string> = {
  observations: BODY.observations.join(', '),
  records: BODY.records.join(', '),
};

/**
 * Applies the staged rows as version `version` of the dataset, in the caller's transaction.
 * Rows are never updated in place: a changed or removed row is closed (version_to), a new or
 * changed one inserted (version_from). `replace` makes the file the whole dataset; `upsert`
 * only adds and changes. Rows of the file that share a key are refused, not merged.
 */
export async function mergeStage(
  tx: Tx,
  kind: TargetKind,
  args: { datasetId: string; version: number; ingestId: number; mode: 'replace' | 'upsert'; staged: number },
): Promise<MergeResult> {
  const stage = sql.raw(STAGE[kind]);
  const target = sql.raw(kind);
  const { datasetId, version, ingestId, staged } = args;
  const cols = sql.raw(TARGET_COLUMNS[kind]);
  if (!(await hasCurrentRows(tx, kind, datasetId))) {
    // A first load (or a dataset emptied): a plain insert. The unique index on current keys
    // catches rows of the file that share a key; only then is the file searched for them.
    await tx.query(sql`savepoint kho_merge`);
    try {
      const inserted = await tx.execute(
        sql`/* ingest.insert-all */ insert into ${target} (dataset_id, version_from, ingest_id, ${cols})
            select ${datasetId}, ${version}, ${ingestId}, ${cols} from ${stage}`,
      );
      return { ok: true, counts: { added: inserted, changed: 0, removed: 0, unchanged: 0, staged } };
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      await tx.query(sql`rollback to savepoint kho_merge`);
      return { ok: false, duplicates: await duplicateKeys(tx, kind) };
    }
  }

  const duplicates = await duplicateKeys(tx, kind);
  if (duplicates.length) return { ok: false, duplicates };
  await tx.query(sql`create index on ${stage} (row_key)`);
  await tx.query(sql`analyze ${stage}`);
  const closed = await tx.execute(
    args.mode === 'replace'
      ? sql`/* ingest.close */ update ${target} o set version_to = ${version}
            where o.dataset_id = ${datasetId} and o.version_to is null
              and not exists (select 1 from ${stage} s where s.row_key = o.row_key and s.row_hash = o.row_hash)`
      : sql`/* ingest.close */ update ${target} o set version_to = ${version}
            where o.dataset_id = ${datasetId} and o.version_to is null
              and exists (select 1 from ${stage} s where s.row_key = o.row_key and s.row_hash <> o.row_hash)`,
  );
  const inserted = await tx.execute(
    sql`/* ingest.insert */ insert into ${target} (dataset_id, version_from, ingest_id, ${cols})
        select ${datasetId}, ${version}, ${ingestId}, ${cols} from ${stage} s
        where not exists (select 1 from ${target} o where o.dataset_id = ${datasetId} and o.version_to is null and o.row_key = s.row_key)`,
  );
  const [{ changed }] = (await tx.query<{ changed: number }>(
    sql`select count(*)::int as changed from ${target} o
        where o.dataset_id = ${datasetId} and o.version_to = ${version}
          and exists (select 1 from ${stage} s where s.row_key = o.row_key)`,
  )) as [{ changed: number }];
  return {
    ok: true,
    counts: {
      added: inserted - changed,
      changed,
      removed: closed - changed,
      unchanged: staged - inserted,
      staged,
    },
  };
}
