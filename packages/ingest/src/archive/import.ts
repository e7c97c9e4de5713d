import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { copyField, type Database, pgArray, query, sql, transaction } from '@kho/schema';
import { foldForSearch } from '../normalise/text';
import { ARCHIVE_FORMAT, type ArchiveLine } from './format';

export class ArchiveProblem extends Error {}

const OBS_COPY = [
  'dataset_id',
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
  'ingest_id',
  'version_from',
  'version_to',
];
const REC_COPY = [
  'dataset_id',
  'row_key',
  'row_hash',
  'data',
  'area_id',
  'area_code',
  'lat',
  'lon',
  'search_text',
  'ingest_id',
  'version_from',
  'version_to',
];
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * Loads an archive made by exportDataset, all or nothing, as `as` (default: its own id).
 * Ingest runs get new ids here; versions and rows keep their version numbers; areas are
 * matched by (code, validFrom) and an unknown one stops the import.
 */
export async function importDataset(
  database: Database,
  file: string,
  options: { as?: string; replace?: boolean } = {},
) {
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<ArchiveLine | null> => {
    const r = await iterator.next();
    if (r.done) return null;
    try {
      return JSON.parse(r.value) as ArchiveLine;
    } catch {
      throw new ArchiveProblem('The archive has a line that is not JSON: it is damaged.');
    }
  };
  let head: ArchiveLine | null;
  try {
    head = await next();
  } catch (e) {
    if (e instanceof ArchiveProblem) throw e;
    throw new ArchiveProblem(`Not a Kho archive (gzip'd NDJSON): ${(e as Error).message}`);
  }
  if (!head || head.kind !== 'kho-archive')
    throw new ArchiveProblem('Not a Kho archive: the first line is not its header.');
  if (head.format !== ARCHIVE_FORMAT)
    throw new ArchiveProblem(
      `Archive format ${head.format} is not supported (this Kho reads ${ARCHIVE_FORMAT}).`,
    );
  const d = head.dataset as Record<string, unknown> & { id: string; kind: string };
  const id = options.as ?? d.id;
  const observations = d.kind === 'indicators';
  const areas = new Map(
    (
      await query<{ id: number; code: string; valid_from: string | null }>(
        database.db,
        sql`select id, code, valid_from from areas`,
      )
    ).map((a) => [`${a.code}@${a.valid_from ?? ''}`, a.id]),
  );
  return transaction(database, async (tx) => {
    const exists = await tx.query(sql`select 1 from datasets where id = ${id}`);
    if (exists.length && !options.replace)
      throw new ArchiveProblem(
        `A dataset ${id} exists already: import it under another id (--as) or pass --replace.`,
      );
    if (exists.length) {
      for (const t of [
        'observations',
        'records',
        'dataset_versions',
        'dataset_indicators',
        'ingest_runs',
        'datasets',
      ]) {
        await tx.query(
          sql`delete from ${sql.raw(t)} where ${sql.raw(t === 'datasets' ? 'id' : 'dataset_id')} = ${id}`,
        );
      }
    }
    await tx.query(
      sql`insert into datasets (id, title, title_en, description, description_en, publisher_code, themes, keywords, license, access, kind,
            update_frequency, temporal_start, temporal_end, spatial_code, table_schema, sources, contact_email, version, search_text, issued, modified)
          values (${id}, ${d.title as string}, ${(d.title_en as string) ?? null}, ${(d.description as string) ?? ''}, ${(d.description_en as string) ?? null},
            ${d.publisher_code as string}, ${pgArray((d.themes as string[]) ?? [])}::text[], ${pgArray((d.keywords as string[]) ?? [])}::text[],
            ${d.license as string}, ${d.access as string}, ${d.kind}, ${(d.update_frequency as string) ?? null}, ${(d.temporal_start as string) ?? null},
            ${(d.temporal_end as string) ?? null}, ${(d.spatial_code as string) ?? null}, ${json(d.table_schema)}::jsonb, ${json(d.sources ?? [])}::jsonb,
            ${(d.contact_email as string) ?? null}, ${d.version as number}, ${(d.search_text as string) ?? ''}, ${d.issued as string}, ${d.modified as string})`,
    );
    const runIds = new Map<number, number>();
    let line = await next();
    let rows = 0;
    async function* rowLines(first: ArchiveLine | null): AsyncGenerator<string> {
      let l = first;
      while (l && l.kind === 'row') {
        const r = l as Record<string, unknown>;
        const areaKey = r.area_code ? `${r.area_code}@${r.area_valid_from ?? ''}` : null;
        const areaId = areaKey ? areas.get(areaKey) : null;
        if (areaKey && areaId === undefined)
          throw new ArchiveProblem(
            `The archive refers to the area ${areaKey}, which this warehouse does not have.`,
          );
        const ingest = r.ingest_id ? (runIds.get(r.ingest_id as number) ?? null) : null;
        const values = observations
          ? [
              id,
              r.indicator_code,
              areaId,
              r.area_code,
              r.period_start,
              r.period_end,
              r.granularity,
              r.period_label,
              r.value,
              json(r.dimensions),
              r.dimensions_key,
              r.flag,
              json(r.attributes),
              r.row_key,
              r.row_hash,
              ingest,
              r.version_from,
              r.version_to,
            ]
          : [
              id,
              r.row_key,
              r.row_hash,
              json(r.data),
              areaId,
              r.area_code,
              r.lat,
              r.lon,
              r.search_text,
              ingest,
              r.version_from,
              r.version_to,
            ];
        yield `${values.map((v) => copyField(v as string | number | null)).join('\t')}\n`;
        rows++;
        l = await next();
      }
      line = l;
    }
    while (line && line.kind !== 'end') {
      const l = line as Record<string, unknown>;
      if (line.kind === 'indicator') {
        await tx.query(
          sql`insert into indicators (code, name, name_en, unit, additive, description, search_text)
              values (${l.code as string}, ${l.name as string}, ${(l.name_en as string) ?? null}, ${l.unit as string}, ${l.additive as boolean},
                ${(l.description as string) ?? null}, ${foldForSearch(`${l.name} ${l.name_en ?? ''} ${l.code}`)}) on conflict (code) do nothing`,
        );
        line = await next();
      } else if (line.kind === 'ingest') {
        const [r] = await tx.query<{ id: number }>(
          sql`insert into ingest_runs (dataset_id, file_name, sha256, adapter, actor, mode, dry_run, status, started_at, finished_at, rows_read,
                rows_loaded, rows_rejected, added, changed, removed, version, report)
              values (${id}, ${l.file_name as string}, ${l.sha256 as string}, ${l.adapter as string}, ${l.actor as string}, ${l.mode as string},
                ${l.dry_run as boolean}, ${l.status as string}, ${l.started_at as string}, ${(l.finished_at as string) ?? null}, ${l.rows_read as number},
                ${l.rows_loaded as number}, ${l.rows_rejected as number}, ${l.added as number}, ${l.changed as number}, ${l.removed as number},
                ${(l.version as number) ?? null}, ${json(l.report)}::jsonb) returning id`,
        );
        runIds.set(l.id as number, r!.id);
        line = await next();
      } else if (line.kind === 'version') {
        await tx.query(
          sql`insert into dataset_versions (dataset_id, version, ingest_id, row_count, added, changed, removed, note, created_at)
              values (${id}, ${l.version as number}, ${l.ingest_id ? (runIds.get(l.ingest_id as number) ?? null) : null}, ${l.row_count as number},
                ${l.added as number}, ${l.changed as number}, ${l.removed as number}, ${(l.note as string) ?? null}, ${l.created_at as string})`,
        );
        line = await next();
      } else if (line.kind === 'row') {
        await tx.copyFrom(
          observations ? 'observations' : 'records',
          observations ? OBS_COPY : REC_COPY,
          rowLines(line),
        );
      } else {
        throw new ArchiveProblem(
          `Unexpected line of kind "${(line as { kind: string }).kind}" in the archive.`,
        );
      }
    }
    if (!line || (line as { kind: string }).kind !== 'end')
      throw new ArchiveProblem('The archive is cut short (no end line): nothing was imported.');
    if ((line as { rows: number }).rows !== rows)
      throw new ArchiveProblem(
        `The archive says ${(line as { rows: number }).rows} rows but holds ${rows}: nothing was imported.`,
      );
    if (observations) {
      await tx.query(
        sql`insert into dataset_indicators (dataset_id, indicator_code, observations, period_start, period_end, area_levels)
            select o.dataset_id, o.indicator_code, count(*)::int, min(o.period_start), max(o.period_end), array_agg(distinct a.level)
            from observations o join areas a on a.id = o.area_id where o.dataset_id = ${id} and o.version_to is null group by 1, 2`,
      );
    }
    return { dataset: id, rows, versions: d.version as number };
  });
}
