import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  type Database,
  type DatasetInput,
  isDataException,
  query,
  queryOne,
  sql,
  type TableSchemaInput,
  type Tx,
  transaction,
} from '@kho/schema';
import { AREAS_ADAPTER, ingestAreaFile } from '../adapters/areas/index';
import { ADAPTERS, type Adapter, type Mapping, type Plan, type RowProblem } from '../adapters/index';
import { recordChange } from '../datasets/changes';
import { insertDatasetSql } from '../datasets/write';
import { foldForSearch } from '../normalise/text';
import { openTable } from '../read/index';
import { type FileFormat, FileProblem } from '../read/types';
import { AreaResolver } from './area-resolver';
import { ObservationBuilder } from './observations';
import { RecordBuilder } from './records';
import type { IngestReport } from './report';
import { holdRunLock, markInterrupted } from './run-lock';
import type { MergeCounts } from './stage';
import {
  type CopyTarget,
  createStage,
  directTarget,
  duplicateKeys,
  hasCurrentRows,
  mergeStage,
  observationBody,
  recordBody,
  stageTarget,
  type TargetKind,
  UNIQUE_VIOLATION,
} from './stage';

export interface IngestOptions {
  dataset: string;
  /** Path of the file on disk (uploads are spooled to a temporary file first). */
  file: string;
  /** The file's name as the publisher knows it. */
  fileName?: string;
  adapter?: string;
  mapping?: Mapping;
  /** Metadata for a dataset that does not exist yet (validated with datasetInput). */
  meta?: DatasetInput;
  mode?: 'replace' | 'upsert';
  dryRun?: boolean;
  /** Who loads: "cli:<user>", a key prefix … */
  actor?: string;
  sheet?: string;
  format?: FileFormat;
  /** Problems kept in the report (all are counted). */
  maxErrors?: number;
  onProgress?: (p: { rowsRead: number; rowsRejected: number; elapsedMs: number }) => void;
}

/** A mistake in how the load was asked for (unknown adapter, bad metadata): exit code 2, no run recorded. */
export class UsageError extends Error {}

/** A first load streamed into the target table met a key twice: run it again through staging to name the rows. */
class RepeatedKeys extends Error {}

class Stop extends Error {
  constructor(readonly outcome: 'rejected' | 'dry-run' | 'unchanged') {
    super(outcome);
  }
}

type DatasetRow = {
  id: string;
  kind: 'indicators' | 'table';
  version: number;
  table_schema: TableSchemaInput | null;
  publisher_code: string;
};

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function pickAdapter(name: string | undefined, dataset: DatasetRow | undefined): Adapter {
  const chosen = name ?? (dataset ? (dataset.kind === 'indicators' ? 'indicators' : 'records') : undefined);
  if (!chosen)
    throw new UsageError(
      `The dataset does not exist yet: say which adapter reads the file with --adapter (${Object.keys(ADAPTERS).join(', ')}).`,
    );
  // Own names only: --adapter toString found Object.prototype.toString and crashed the load.
  const adapter = Object.hasOwn(ADAPTERS, chosen) ? ADAPTERS[chosen] : undefined;
  if (!adapter)
    throw new UsageError(`Unknown adapter "${chosen}". Adapters: ${Object.keys(ADAPTERS).join(', ')}.`);
  return adapter;
}

/**
 * Loads one file into one dataset, all or nothing: every row is read, normalised and
 * validated; valid rows stream through COPY into a staging table; if any row (or the file)
 * has a problem, the transaction is rolled back and the report lists each problem. Otherwise
 * the staged rows are merged as the dataset's next version. The same file twice is a no-op.
 */
export async function ingestFile(database: Database, options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const fileName = options.fileName ?? basename(options.file);
  const mode = options.mode ?? 'replace';
  const maxErrors = options.maxErrors ?? 1000;
  const bytes = statSync(options.file).size;
  const sha256 = await sha256File(options.file);

  // One run of a dataset at a time, from before its `running` row is written until it is
  // finished. Holding the lock, any `running` row of the dataset is a run that ended without
  // finishing (a kill -9, a machine that went down): mark it failed before starting.
  const release = await holdRunLock(database, options.dataset);
  try {
    await markInterrupted(database, options.dataset);
    if (options.adapter === AREAS_ADAPTER.name)
      return await ingestAreas(database, options, { fileName, sha256, bytes, started, mode });
    return await loadFile(database, options, { fileName, sha256, bytes, started, mode, maxErrors });
  } finally {
    await release();
  }
}

/** ingestFile's load, run while holding the dataset's run lock. */
async function loadFile(
  database: Database,
  options: IngestOptions,
  f: {
    fileName: string;
    sha256: string;
    bytes: number;
    started: number;
    mode: 'replace' | 'upsert';
    maxErrors: number;
  },
): Promise<IngestReport> {
  const { fileName, sha256, bytes, started, mode, maxErrors } = f;
  const db = database.db;

  const existing = await queryOne<DatasetRow>(
    db,
    sql`select id, kind, version, table_schema, publisher_code from datasets where id = ${options.dataset}`,
  );
  const adapter = pickAdapter(options.adapter, existing);
  if (!existing) {
    const publisher = options.meta?.publisher ?? adapter.defaults.publisher;
    const known = await queryOne(db, sql`select 1 from publishers where code = ${publisher}`);
    if (!known)
      throw new UsageError(`Unknown publisher "${publisher}". See GET /v1/publishers for the codes.`);
  }

  const report: IngestReport = {
    dataset: options.dataset,
    ingestId: null,
    status: 'rejected',
    version: existing?.version ?? null,
    created: false,
    dryRun: !!options.dryRun,
    unchanged: false,
    mode,
    adapter: adapter.name,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    added: 0,
    changed: 0,
    removed: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
    message: '',
    file: { name: fileName, sha256, bytes },
    durationMs: 0,
  };

  // The same file as the one that made the current version: nothing to do.
  if (existing && !options.dryRun) {
    const last = await queryOne<{ id: number; sha256: string; version: number | null }>(
      db,
      sql`select id, sha256, version from ingest_runs where dataset_id = ${options.dataset}
          and status in ('loaded', 'unchanged') and not dry_run order by id desc limit 1`,
    );
    if (last && last.sha256 === sha256 && last.version === existing.version) {
      report.status = 'unchanged';
      report.unchanged = true;
      report.message = `This file was already loaded (ingest ${last.id}); the dataset is unchanged at version ${existing.version}.`;
      report.ingestId = await recordRun(database, options, report, adapter.name, 'unchanged');
      report.durationMs = Date.now() - started;
      return report;
    }
  }

  report.ingestId = await recordRun(database, options, report, adapter.name, 'running');
  const problems: RowProblem[] = [];
  const rejectedRows = new Set<number>();
  const addProblem = (p: RowProblem) => {
    report.errorCount++;
    rejectedRows.add(p.row);
    if (problems.length < maxErrors) problems.push(p);
  };

  try {
    const table = await openTable(options.file, {
      fileName,
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(options.format ? { format: options.format } : {}),
    });
    report.file = {
      ...report.file,
      format: table.format,
      ...(table.encoding ? { encoding: table.encoding } : {}),
      ...(table.sheet ? { sheet: table.sheet } : {}),
      ...(table.delimiter ? { delimiter: table.delimiter === '\t' ? 'tab' : table.delimiter } : {}),
    };
    report.warnings.push(...table.warnings);
    const plan = await adapter.plan({
      headers: table.headers,
      ...(options.mapping ? { mapping: options.mapping } : {}),
      tableSchema: existing?.kind === 'table' ? existing.table_schema : null,
      sample: () => ({
        [Symbol.asyncIterator]: async function* () {
          const again = await openTable(options.file, {
            fileName,
            ...(options.sheet ? { sheet: options.sheet } : {}),
            ...(options.format ? { format: options.format } : {}),
          });
          yield* again.rows;
        },
      }),
    });
    report.columns = plan.columns;
    if (plan.kind === 'table' && plan.inferred) report.inferredSchema = plan.tableSchema;
    const kind: TargetKind = plan.kind === 'indicators' ? 'observations' : 'records';
    if (existing && (existing.kind === 'indicators') !== (plan.kind === 'indicators')) {
      throw new FileProblem(
        `The dataset ${options.dataset} holds ${existing.kind === 'indicators' ? 'indicator observations' : 'table records'}, but the ${adapter.name} adapter read this file as ${plan.kind === 'indicators' ? 'indicators' : 'a table'}.`,
        0,
        `Use --adapter ${existing.kind === 'indicators' ? 'indicators' : 'records'} or a sector adapter of the same kind.`,
      );
    }
    const areas = await AreaResolver.load(db);
    const areaDate = options.mapping?.areaDate;

    // One pass over the file in one transaction. A first load streams straight into the target
    // table; if the file turns out to repeat a key there, the load is run again through the
    // staging table, which can name the repeated rows.
    const attempt = (forceStaging: boolean) =>
      transaction(database, async (tx) => {
        const dataset = existing
          ? await lockDataset(tx, options.dataset)
          : await createDataset(tx, options, adapter, plan);
        report.created = !existing;
        const version = dataset.version + 1;
        const direct = !forceStaging && !(await hasCurrentRows(tx, kind, options.dataset));
        if (!direct) await createStage(tx, kind);
        const target = direct
          ? directTarget(kind, options.dataset, version, report.ingestId!)
          : stageTarget(kind);
        const source = forceStaging ? (await reopen()).rows : table.rows;
        const lines = stageLines(
          source,
          plan,
          areas,
          areaDate,
          addProblem,
          report,
          started,
          options.onProgress,
          target,
        );
        try {
          await target.copy(tx, lines.lines);
        } catch (err) {
          if (direct && (err as { code?: string }).code === UNIQUE_VIOLATION) throw new RepeatedKeys();
          throw err;
        }
        if (report.rowsRead === 0 && rejectedRows.size === 0) {
          throw new FileProblem(
            'The file has a header but no data rows.',
            0,
            'Check that the data was exported with the header.',
          );
        }
        const reportDuplicates = (dups: { row_key: string; rows: number[] }[]) => {
          for (const d of dups) {
            addProblem({
              row: d.rows[1]!,
              message: `duplicate of row ${d.rows[0]}: ${kind === 'observations' ? 'same indicator, area, period and dimensions' : 'same key'} (${d.row_key.slice(0, 120)}) on rows ${d.rows.slice(0, 10).join(', ')}${d.rows.length > 10 ? ' …' : ''}`,
              suggestion: 'keep one row per key',
            });
          }
          report.rowsRejected = rejectedRows.size;
        };
        report.rowsRejected = rejectedRows.size;
        if (report.errorCount > 0) {
          // Rejected anyway: list the duplicate keys too, so one round of fixes is enough.
          if (!direct) reportDuplicates(await duplicateKeys(tx, kind));
          throw new Stop('rejected');
        }
        if (plan.kind === 'indicators') await upsertIndicators(tx, lines.indicators());

        let counts: MergeCounts;
        if (direct) {
          counts = { added: lines.staged(), changed: 0, removed: 0, unchanged: 0, staged: lines.staged() };
        } else {
          const merged = await mergeStage(tx, kind, {
            datasetId: options.dataset,
            version,
            ingestId: report.ingestId!,
            mode,
            staged: lines.staged(),
          });
          if (!merged.ok) {
            reportDuplicates(merged.duplicates);
            throw new Stop('rejected');
          }
          counts = merged.counts;
        }
        report.added = counts.added;
        report.changed = counts.changed;
        report.removed = counts.removed;
        const changedAnything = counts.added + counts.changed + counts.removed > 0;
        if (options.dryRun) throw new Stop('dry-run');
        if (!changedAnything && !report.created) throw new Stop('unchanged');
        await publishVersion(tx, options.dataset, version, report.ingestId!, counts, kind, plan);
        if (report.created) {
          await recordChange((q) => tx.query(q), {
            type: 'dataset.created',
            datasetId: options.dataset,
            version,
            actor: options.actor ?? null,
          });
        }
        await recordChange((q) => tx.query(q), {
          type: 'version.published',
          datasetId: options.dataset,
          version,
          added: counts.added,
          changed: counts.changed,
          removed: counts.removed,
          actor: options.actor ?? null,
          detail: { ingestId: report.ingestId, file: fileName },
        });
        report.version = version;
        report.rowsLoaded = counts.staged;
        report.status = 'loaded';
      });
    const reopen = () =>
      openTable(options.file, {
        fileName,
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.format ? { format: options.format } : {}),
      });
    try {
      await attempt(false);
    } catch (err) {
      if (!(err instanceof RepeatedKeys)) throw err;
      report.rowsRead = 0;
      report.errorCount = 0;
      problems.length = 0;
      rejectedRows.clear();
      await attempt(true);
    }
    report.message = report.created
      ? `Created ${options.dataset} and loaded ${report.rowsLoaded} rows as version ${report.version}.`
      : `Loaded version ${report.version}: ${report.added} added, ${report.changed} changed, ${report.removed} removed.`;
  } catch (err) {
    if (err instanceof Stop) {
      report.status = err.outcome;
      report.rowsLoaded = 0;
      if (err.outcome === 'unchanged') {
        report.unchanged = true;
        report.message = `The file's rows are identical to version ${report.version}; no new version.`;
      } else if (err.outcome === 'dry-run') {
        report.message = `Dry run: the file is valid; loading it would add ${report.added}, change ${report.changed} and remove ${report.removed} rows. Nothing was loaded.`;
      } else {
        report.message = `Rejected: ${report.rowsRejected} of ${report.rowsRead} rows have problems (${report.errorCount} in all). Nothing was loaded; fix the rows listed and load the file again.`;
      }
    } else if (err instanceof FileProblem) {
      report.status = 'rejected';
      report.rowsLoaded = 0;
      addProblem({
        row: err.row,
        message: err.message,
        ...(err.suggestion ? { suggestion: err.suggestion } : {}),
      });
      report.rowsRejected = Math.max(report.rowsRejected, rejectedRows.size);
      report.message = `Rejected: ${err.message} Nothing was loaded.`;
    } else if (isDataException(err)) {
      // A value the database refused that no check caught: still a rejection, with its report.
      report.status = 'rejected';
      report.rowsLoaded = 0;
      const reason = (err as Error).message.split('\n')[0]!.slice(0, 300);
      addProblem({
        row: 0,
        message: `A value in the file could not be stored: ${reason}.`,
        suggestion: 'Check the file for unusual characters or numbers out of range.',
      });
      report.message = `Rejected: a value in the file could not be stored (${reason}). Nothing was loaded.`;
    } else {
      report.status = 'rejected';
      await finishRun(database, report, 'failed', started).catch(() => {});
      throw err;
    }
  }
  if (report.status === 'dry-run' || report.status === 'rejected') report.version = existing?.version ?? null;
  report.errors = problems;
  report.durationMs = Date.now() - started;
  await finishRun(database, report, report.status === 'dry-run' ? 'dry-run' : report.status, started);
  return report;
}

/** Reads rows, builds staged lines; problems are collected, valid rows stream on to COPY. */
function stageLines(
  rows: AsyncIterable<import('../read/types').SourceRow>,
  plan: Plan,
  areas: AreaResolver,
  areaDate: string | undefined,
  addProblem: (p: RowProblem) => void,
  report: IngestReport,
  started: number,
  onProgress: IngestOptions['onProgress'],
  target: CopyTarget,
) {
  const obs = plan.kind === 'indicators' ? new ObservationBuilder(areas, areaDate ? { areaDate } : {}) : null;
  const rec =
    plan.kind === 'table' ? new RecordBuilder(plan.tableSchema, areas, areaDate ? { areaDate } : {}) : null;
  let lastProgress = Date.now();
  let staged = 0;
  // COPY takes text in large slices: one socket write per ~128 KB instead of one per row.
  const CHUNK = 128 * 1024;
  async function* lines(): AsyncGenerator<string> {
    const problems: RowProblem[] = [];
    let chunk = '';
    for await (const row of rows) {
      report.rowsRead++;
      problems.length = 0;
      if (row.extra) {
        problems.push({
          row: row.row,
          message: `the row has ${row.extra} more cell(s) than the header has columns`,
          suggestion: 'a delimiter inside an unquoted cell shifts the row: quote that cell',
        });
      }
      for (const column in row.cells) {
        const v = row.cells[column];
        if (typeof v === 'string' && v.includes('\u0000'))
          problems.push({
            row: row.row,
            column,
            message: 'the cell holds a NUL character (byte 0), which the database cannot store',
            suggestion: 'remove it; a file with many of them was probably saved as UTF-16 or is damaged',
          });
      }
      // Once any row is rejected nothing will be loaded: keep checking rows, stop sending them.
      const sending = report.errorCount === 0 && problems.length === 0;
      if (plan.kind === 'indicators') {
        for (const draft of plan.toDrafts(row)) {
          const s = obs!.build(draft, problems);
          if (s && sending) {
            chunk += target.prefix(row.row) + observationBody(s);
            staged++;
          }
        }
      } else {
        const s = rec!.build(plan.toDraft(row), problems);
        if (s && sending) {
          chunk += target.prefix(row.row) + recordBody(s);
          staged++;
        }
      }
      for (const p of problems) addProblem(p);
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
      if (onProgress && report.rowsRead % 5000 === 0 && Date.now() - lastProgress > 200) {
        lastProgress = Date.now();
        onProgress({
          rowsRead: report.rowsRead,
          rowsRejected: report.errorCount,
          elapsedMs: Date.now() - started,
        });
      }
    }
    if (chunk) yield chunk;
    onProgress?.({
      rowsRead: report.rowsRead,
      rowsRejected: report.errorCount,
      elapsedMs: Date.now() - started,
    });
    if (obs?.missing) {
      report.warnings.push(
        `${obs.missing} value(s) were marked missing (–, -, .., empty) and were left out.`,
      );
    }
  }
  return { lines: lines(), staged: () => staged, indicators: () => [...(obs?.indicators.values() ?? [])] };
}

async function lockDataset(tx: Tx, id: string) {
  const [row] = await tx.query<{ version: number }>(
    sql`select version from datasets where id = ${id} for update`,
  );
  if (!row) throw new FileProblem(`The dataset ${id} was deleted during the load.`);
  return row;
}

async function createDataset(tx: Tx, options: IngestOptions, adapter: Adapter, plan: Plan) {
  const m = options.meta;
  const d = adapter.defaults;
  const meta: DatasetInput = {
    ...(m ?? {}),
    title: m?.title ?? `${d.title} (${options.dataset})`,
    ...(m?.titleEn || d.titleEn ? { titleEn: m?.titleEn ?? d.titleEn } : {}),
    description: m?.description || d.description || '',
    publisher: m?.publisher ?? d.publisher,
    themes: m?.themes?.length ? m.themes : d.themes,
    keywords: m?.keywords ?? d.keywords ?? [],
    license: m?.license ?? 'CC-BY-4.0',
    access: m?.access ?? 'open',
    sources: m?.sources ?? [],
  };
  await tx.query(
    insertDatasetSql(options.dataset, plan.kind, meta, plan.kind === 'table' ? plan.tableSchema : null),
  );
  return { version: 0 };
}

async function upsertIndicators(
  tx: Tx,
  indicators: ReturnType<ObservationBuilder['indicators']['values']> extends Iterable<infer T> ? T[] : never,
) {
  for (const i of indicators) {
    const [row] = await tx.query<{ unit: string }>(
      sql`insert into indicators (code, name, name_en, unit, additive, search_text)
          values (${i.code}, ${i.name}, ${i.nameEn ?? null}, ${i.unit}, ${i.additive ?? false}, ${foldForSearch(`${i.name} ${i.nameEn ?? ''} ${i.code}`)})
          on conflict (code) do update set name_en = coalesce(indicators.name_en, excluded.name_en)
          returning unit`,
    );
    if (row && i.unit && row.unit && row.unit !== i.unit) {
      throw new FileProblem(
        `The indicator ${i.code} is recorded in Kho with the unit "${row.unit}", but this file gives "${i.unit}" (row ${i.row}).`,
        i.row,
        'Convert the values to the recorded unit, or give the indicator another code.',
      );
    }
  }
}

async function publishVersion(
  tx: Tx,
  datasetId: string,
  version: number,
  ingestId: number,
  counts: { added: number; changed: number; removed: number },
  kind: TargetKind,
  plan: Plan,
) {
  const [{ n }] = (await tx.query<{ n: number }>(
    sql`select count(*)::int as n from ${sql.raw(kind)} where dataset_id = ${datasetId} and version_to is null`,
  )) as [{ n: number }];
  await tx.query(
    sql`insert into dataset_versions (dataset_id, version, ingest_id, row_count, added, changed, removed)
        values (${datasetId}, ${version}, ${ingestId}, ${n}, ${counts.added}, ${counts.changed}, ${counts.removed})`,
  );
  if (kind === 'observations') {
    await tx.query(sql`delete from dataset_indicators where dataset_id = ${datasetId}`);
    await tx.query(
      sql`insert into dataset_indicators (dataset_id, indicator_code, observations, period_start, period_end, area_levels)
          select o.dataset_id, o.indicator_code, count(*)::int, min(o.period_start), max(o.period_end), array_agg(distinct a.level)
          from observations o join areas a on a.id = o.area_id
          where o.dataset_id = ${datasetId} and o.version_to is null group by 1, 2`,
    );
  }
  const coverage =
    kind === 'observations'
      ? sql`, temporal_start = (select min(period_start) from observations where dataset_id = ${datasetId} and version_to is null),
            temporal_end = (select max(period_end) from observations where dataset_id = ${datasetId} and version_to is null)`
      : sql``;
  const schema =
    plan.kind === 'table' && plan.inferred
      ? sql`, table_schema = coalesce(table_schema, ${JSON.stringify(plan.tableSchema)}::jsonb)`
      : sql``;
  await tx.query(
    sql`update datasets set version = ${version}, modified = now() ${coverage} ${schema} where id = ${datasetId}`,
  );
}

async function recordRun(
  database: Database,
  options: IngestOptions,
  report: IngestReport,
  adapter: string,
  status: string,
) {
  const [row] = await query<{ id: number }>(
    database.db,
    sql`insert into ingest_runs (dataset_id, file_name, sha256, adapter, actor, mode, dry_run, status, version, report, finished_at)
        values (${options.dataset}, ${report.file.name}, ${report.file.sha256}, ${adapter}, ${options.actor ?? 'unknown'},
          ${report.mode}, ${report.dryRun}, ${status}, ${report.version}, ${JSON.stringify(status === 'running' ? {} : { message: report.message })}::jsonb,
          ${status === 'running' ? null : new Date().toISOString()})
        returning id`,
  );
  return row!.id;
}

/** JSON for a jsonb column, which cannot hold \u0000: a NUL a rejected cell held is kept as ␀. */
const jsonForDb = (v: unknown) => JSON.stringify(v).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1␀');

async function finishRun(database: Database, report: IngestReport, status: string, started: number) {
  const { errors, ...summary } = report;
  await query(
    database.db,
    sql`update ingest_runs set status = ${status}, finished_at = now(), rows_read = ${report.rowsRead},
          rows_loaded = ${report.rowsLoaded}, rows_rejected = ${report.rowsRejected}, added = ${report.added},
          changed = ${report.changed}, removed = ${report.removed}, version = ${report.version},
          report = ${jsonForDb({ ...summary, errors, durationMs: Date.now() - started })}::jsonb
        where id = ${report.ingestId}`,
  );
}

function emptyReport(
  dataset: string,
  adapter: string,
  file: IngestReport['file'],
  mode: 'replace' | 'upsert',
  dryRun: boolean,
): IngestReport {
  return {
    dataset,
    ingestId: null,
    status: 'rejected',
    version: null,
    created: false,
    dryRun,
    unchanged: false,
    mode,
    adapter,
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    added: 0,
    changed: 0,
    removed: 0,
    errors: [],
    errorCount: 0,
    warnings: [],
    message: '',
    file,
    durationMs: 0,
  };
}

/** Unit and succession lists go to the area tables, not to a dataset; the run is recorded under the label. */
async function ingestAreas(
  database: Database,
  options: IngestOptions,
  f: { fileName: string; sha256: string; bytes: number; started: number; mode: 'replace' | 'upsert' },
): Promise<IngestReport> {
  const report = emptyReport(
    options.dataset,
    AREAS_ADAPTER.name,
    { name: f.fileName, sha256: f.sha256, bytes: f.bytes },
    f.mode,
    !!options.dryRun,
  );
  report.ingestId = await recordRun(database, options, report, AREAS_ADAPTER.name, 'running');
  try {
    await ingestAreaFile(database, {
      file: options.file,
      fileName: f.fileName,
      label: options.dataset,
      dryRun: !!options.dryRun,
      report,
    });
  } catch (err) {
    if (!(err instanceof FileProblem)) {
      await finishRun(database, report, 'failed', f.started).catch(() => {});
      throw err;
    }
    report.status = 'rejected';
    report.errorCount++;
    report.errors.push({
      row: err.row,
      message: err.message,
      ...(err.suggestion ? { suggestion: err.suggestion } : {}),
    });
    report.message = `Rejected: ${err.message} Nothing was loaded.`;
  }
  report.durationMs = Date.now() - f.started;
  await finishRun(database, report, report.status, f.started);
  return report;
}
