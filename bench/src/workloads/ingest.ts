import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indicatorCsv } from '../lib/generate';
import { freshDatabase, median, timed } from '../lib/pg';
import { atLeast, type Result, type WorkloadOptions } from './types';

const HERE = import.meta.dirname;

/**
 * Ingest of a long indicator CSV (parse, normalise, resolve areas, validate, COPY, merge)
 * against psql's \copy of the same file into a plain table: the cost of moving those bytes
 * into PostgreSQL with nothing else done.
 */
export async function ingestWorkload(o: WorkloadOptions): Promise<Result[]> {
  const rows = o.smoke ? 5_000 : 1_000_000;
  const file = await indicatorCsv(rows);
  const mb = statSync(file).size / 2 ** 20;
  const psqlMs: number[] = [];
  const sameTableMs: number[] = [];
  const khoMs: number[] = [];
  const khoRss: number[] = [];
  let khoCpu = 0;
  const rounds = o.smoke ? 1 : 2;
  for (let i = 0; i < rounds; i++) {
    const ref = await freshDatabase('kho_bench_psql');
    try {
      await timed('psql', [
        ref.url,
        '-qc',
        'create table raw (code text, indicator text, unit text, area text, sex text, period text, value text)',
      ]);
      const p = await timed('psql', [
        ref.url,
        '-qc',
        `\\copy raw from '${file}' with (format csv, header true)`,
      ]);
      if (p.code !== 0) throw new Error(`psql failed: ${p.stderr}`);
      psqlMs.push(p.ms);
    } finally {
      await ref.drop();
    }
    const db = await freshDatabase('kho_bench_ingest');
    try {
      const run = await timed(process.execPath, [
        '--import',
        'tsx',
        join(HERE, 'ingest-child.ts'),
        db.url,
        file,
        'bench-indicators',
      ]);
      const out = JSON.parse(run.stdout || '{}') as {
        ms: number;
        status: string;
        rowsLoaded: number;
        errors: unknown[];
      };
      if (run.code !== 0 || out.status !== 'loaded' || out.rowsLoaded !== rows) {
        throw new Error(`kho ingest failed: ${run.stderr.slice(-500)} ${JSON.stringify(out).slice(0, 500)}`);
      }
      khoMs.push(out.ms);
      khoRss.push(run.peakRssMb);
      khoCpu = run.cpuSec;
      // The database's share of the work: the rows Kho produced, \copy'd by psql into the same
      // observations table with the same indexes.
      const cols =
        'dataset_id, version_from, ingest_id, indicator_code, area_id, area_code, period_start, period_end, granularity, period_label, value, dimensions, dimensions_key, flag, attributes, row_key, row_hash';
      const normalised = `${file}.normalised.csv`;
      await timed('psql', [
        db.url,
        '-qc',
        `\\copy (select ${cols} from observations) to '${normalised}' with (format csv)`,
      ]);
      const same = await freshDatabase('kho_bench_same');
      try {
        await timed(process.execPath, ['--import', 'tsx', join(HERE, 'migrate-child.ts'), same.url]);
        const c = await timed('psql', [
          same.url,
          '-qc',
          `\\copy observations (${cols}) from '${normalised}' with (format csv)`,
        ]);
        if (c.code !== 0) throw new Error(`psql into observations failed: ${c.stderr}`);
        sameTableMs.push(c.ms);
      } finally {
        rmSync(normalised, { force: true });
        await same.drop();
      }
    } finally {
      await db.drop();
    }
  }
  const psqlRate = rows / (median(psqlMs) / 1000);
  const khoRate = rows / (median(khoMs) / 1000);
  const sameRate = rows / (median(sameTableMs) / 1000);
  const ratio = khoRate / psqlRate;
  const peakRss = Math.max(...khoRss);
  return [
    {
      workload: `ingest ${rows.toLocaleString('en')}-row CSV (${mb.toFixed(0)} MB)`,
      reference: 'psql \\copy … from the same file',
      kho: `${Math.round(khoRate).toLocaleString('en')} rows/s`,
      ref: `${Math.round(psqlRate).toLocaleString('en')} rows/s`,
      ratio,
      ...atLeast(ratio, 0.5, peakRss < 300),
      // The target's reachable ceiling, stated in the row itself: no loader that keeps the
      // indexes can beat psql writing the finished rows into the same table.
      extra: `peak RSS ${Math.round(peakRss)} MB (target < 300); Kho process CPU ${khoCpu.toFixed(1)} s; ceiling ${(sameRate / psqlRate).toFixed(2)}× — psql itself, into the same indexed table (row below)`,
    },
    {
      workload: `ingest ${rows.toLocaleString('en')} rows: PostgreSQL's share`,
      reference: 'psql \\copy of the normalised rows into the same indexed observations table',
      kho: `${Math.round(khoRate).toLocaleString('en')} rows/s`,
      ref: `${Math.round(sameRate).toLocaleString('en')} rows/s`,
      ratio: khoRate / sameRate,
      target: null,
      ok: null,
      extra: 'the ceiling for any loader that keeps these indexes; Kho also parses, normalises and validates',
    },
  ];
}
