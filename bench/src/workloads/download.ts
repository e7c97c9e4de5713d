import { servedDatabase, sizes, startKho } from '../lib/fixture';
import { median, timed } from '../lib/pg';
import type { Server } from '../lib/proc';
import { atLeast, type Result, type WorkloadOptions } from './types';

const DATASET = 'bench-indicators';

/** The rows and columns of Kho's indicator download, as a DBA would select them. */
const COLUMNS: [string, string][] = [
  ['indicator', 'r.indicator_code'],
  ['indicatorName', 'i.name'],
  ['areaCode', 'r.area_code'],
  ['areaName', 'a.name'],
  ['periodStart', 'r.period_start'],
  ['periodEnd', 'r.period_end'],
  ['period', 'r.period_label'],
  ['value', 'r.value'],
  ['unit', 'i.unit'],
  ['flag', 'r.flag'],
  ['dimensions', 'r.dimensions'],
  ['source', "r.attributes->>'source'"],
];
const FROM = `from observations r join indicators i on i.code = r.indicator_code join areas a on a.id = r.area_id
  where r.dataset_id = '${DATASET}' and r.version_to is null order by r.id`;
const CSV_SQL = `copy (select ${COLUMNS.map(([, e]) => e).join(', ')} ${FROM}) to stdout with (format csv)`;
const JSON_SQL = `copy (select row_to_json(t) from (select ${COLUMNS.map(([n, e]) => `${e} as "${n}"`).join(', ')} ${FROM}) t) to stdout`;

const FORMATS = [
  { format: 'csv', target: 0.8, ref: CSV_SQL, refName: 'psql: copy (select …) to stdout (csv)' },
  { format: 'ndjson', target: 0.6, ref: JSON_SQL, refName: 'psql: copy (select row_to_json(…)) to stdout' },
  { format: 'json', target: 0.6, ref: JSON_SQL, refName: 'psql: copy (select row_to_json(…)) to stdout' },
] as const;

interface Transfer {
  bytes: number;
  sec: number;
}

/** Bytes and seconds of one command whose standard output is the download, counted by wc. */
async function transfer(command: string): Promise<Transfer> {
  const t0 = performance.now();
  const run = await timed('bash', ['-o', 'pipefail', '-c', `${command} | wc -c`]);
  const sec = (performance.now() - t0) / 1000;
  if (run.code !== 0) throw new Error(`${command.slice(0, 200)} failed: ${run.stderr.slice(0, 500)}`);
  return { bytes: Number(run.stdout.trim()), sec };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const psql = (url: string, sql: string) => `psql ${quote(url)} -Xq -c ${quote(sql)}`;
const curl = (url: string) => `curl -sf --no-buffer ${quote(url)}`;

/** Samples a server's resident memory every 20 ms while `work` runs; the peak in MB. */
async function peakRss<T>(s: Server, work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = s.stats().rssMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, s.stats().rssMb);
  }, 20);
  try {
    return { value: await work(), peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}

const mbps = (t: Transfer) => t.bytes / 2 ** 20 / t.sec;

/**
 * Whole-dataset downloads from Kho (a real server process, COPY streamed through its HTTP
 * response, read by curl) against psql running the same SELECT as COPY … TO STDOUT. Rounds
 * alternate; the byte counts must agree (Kho adds only its header line, or JSON's brackets and
 * commas) before a figure is reported.
 */
export async function downloadWorkload(o: WorkloadOptions): Promise<Result[]> {
  const s = sizes(o.smoke);
  const db = await servedDatabase('kho_bench_download', s);
  let kho: Server | undefined;
  try {
    kho = await startKho(db.url, 10);
    const idleMb = kho.stats().rssMb;
    // Warm the caches for both sides alike: one untimed pass of the CSV query.
    await transfer(psql(db.url, CSV_SQL));
    const results: Result[] = [];
    const rounds = o.smoke ? 1 : 3;
    for (const f of FORMATS) {
      const url = `${kho.base}/v1/datasets/${DATASET}/download.${f.format}`;
      const k: Transfer[] = [];
      const r: Transfer[] = [];
      let peakMb = 0;
      for (let i = 0; i < rounds; i++) {
        const measured = await peakRss(kho, () => transfer(curl(url)));
        peakMb = Math.max(peakMb, measured.peakMb);
        k.push(measured.value);
        r.push(await transfer(psql(db.url, f.ref)));
      }
      const extra = k[0]!.bytes - r[0]!.bytes;
      // CSV: Kho's header line; JSON: "[\n", a comma after every row but the last, "]\n".
      const expected =
        f.format === 'csv'
          ? Buffer.byteLength(`${COLUMNS.map(([n]) => n).join(',')}\n`)
          : f.format === 'json'
            ? s.observations + 3
            : 0;
      if (extra !== expected)
        throw new Error(
          `download.${f.format}: Kho sent ${k[0]!.bytes} bytes, psql ${r[0]!.bytes}: not the same rows`,
        );
      const kRate = median(k.map(mbps));
      const rRate = median(r.map(mbps));
      const ratio = kRate / rRate;
      const memoryOk = f.format !== 'csv' || peakMb < 150;
      results.push({
        workload: `download.${f.format}: ${s.observations.toLocaleString('en')} rows (${(k[0]!.bytes / 2 ** 20).toFixed(0)} MB)`,
        reference: f.refName,
        kho: `${kRate.toFixed(1)} MB/s`,
        ref: `${rRate.toFixed(1)} MB/s`,
        ratio,
        ...atLeast(ratio, f.target, memoryOk),
        extra: `Kho RSS ${Math.round(idleMb)} MB idle, ${Math.round(peakMb)} MB peak while downloading${f.format === 'csv' ? ' (target < 150)' : ''}; median of ${rounds}`,
      });
    }
    return results;
  } finally {
    await kho?.stop();
    await db.drop();
  }
}
