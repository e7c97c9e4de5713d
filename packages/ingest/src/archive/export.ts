import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { type Database, query, queryOne, type SQL, sql } from '@kho/schema';
import { ARCHIVE_FORMAT } from './format';

const BATCH = 5000;

const OBSERVATION_COLUMNS =
  sql.raw(`o.id, o.indicator_code, a.code as area_code, a.valid_from as area_valid_from, o.period_start,
  o.period_end, o.granularity, o.period_label, o.value, o.dimensions, o.dimensions_key, o.flag, o.attributes, o.row_key, o.row_hash,
  o.ingest_id, o.version_from, o.version_to`);
const RECORD_COLUMNS =
  sql.raw(`o.id, o.row_key, o.row_hash, o.data, a.code as area_code, a.valid_from as area_valid_from, o.lat, o.lon,
  o.search_text, o.ingest_id, o.version_from, o.version_to`);

/** Writes a dataset with all its versions to a gzip'd NDJSON archive, in batches (memory does not grow with the dataset). */
export async function exportDataset(database: Database, datasetId: string, file: string) {
  const db = database.db;
  const dataset = await queryOne<Record<string, unknown> & { kind: string }>(
    db,
    sql`select * from datasets where id = ${datasetId}`,
  );
  if (!dataset) throw new Error(`There is no dataset ${datasetId}.`);
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file));
  const write = async (obj: unknown) => {
    if (!gzip.write(`${JSON.stringify(obj)}\n`)) await once(gzip, 'drain');
  };
  await write({ kind: 'kho-archive', format: ARCHIVE_FORMAT, exportedAt: new Date().toISOString(), dataset });
  const observations = dataset.kind === 'indicators';
  if (observations) {
    for (const i of await query(
      db,
      sql`select distinct i.code, i.name, i.name_en, i.unit, i.additive, i.description
        from indicators i join observations o on o.indicator_code = i.code where o.dataset_id = ${datasetId}`,
    )) {
      await write({ kind: 'indicator', ...i });
    }
  }
  for (const r of await query(db, sql`select * from ingest_runs where dataset_id = ${datasetId} order by id`))
    await write({ kind: 'ingest', ...r });
  for (const v of await query(
    db,
    sql`select * from dataset_versions where dataset_id = ${datasetId} order by version`,
  ))
    await write({ kind: 'version', ...v });
  const table = sql.raw(observations ? 'observations' : 'records');
  const columns: SQL = observations ? OBSERVATION_COLUMNS : RECORD_COLUMNS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const batch = await query<{ id: number }>(
      db,
      sql`select ${columns} from ${table} o left join areas a on a.id = o.area_id
          where o.dataset_id = ${datasetId} and o.id > ${after} order by o.id limit ${BATCH}`,
    );
    for (const r of batch) {
      const { id: _id, ...rest } = r;
      await write({ kind: 'row', ...rest });
    }
    rows += batch.length;
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.id;
  }
  await write({ kind: 'end', rows });
  gzip.end();
  await once(out, 'finish');
  return { dataset: datasetId, rows, file };
}
