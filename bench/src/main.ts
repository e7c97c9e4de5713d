/**
 * pnpm bench [ingest|download|rest|graphql|all] [--smoke]
 * Every figure is a ratio against a reference doing the same work on the same data in the
 * same run: absolute times on a shared 2-core machine drift, ratios much less.
 */

import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { cleanupAll, cleanupOnSignals } from './lib/cleanup';
import { coldstartWorkload } from './workloads/coldstart';
import { downloadWorkload } from './workloads/download';
import { graphqlWorkload } from './workloads/graphql';
import { ingestWorkload } from './workloads/ingest';
import { restWorkload } from './workloads/rest';
import type { Result, WorkloadOptions } from './workloads/types';

const WORKLOADS: Record<string, (o: WorkloadOptions) => Promise<Result[]>> = {
  ingest: ingestWorkload,
  download: downloadWorkload,
  rest: restWorkload,
  graphql: graphqlWorkload,
  coldstart: coldstartWorkload,
};

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const asked = args.filter((a) => !a.startsWith('--'));
const names = !asked.length || asked.includes('all') ? Object.keys(WORKLOADS) : asked;
for (const n of names) {
  if (!WORKLOADS[n]) {
    console.error(`unknown workload "${n}"; workloads: ${Object.keys(WORKLOADS).join(', ')}, all`);
    process.exit(2);
  }
}

function machine(): string {
  const pg = (() => {
    try {
      return execSync('psql --version', { encoding: 'utf8' }).trim();
    } catch {
      return 'psql not found';
    }
  })();
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${pg}`;
}

const fmtRatio = (r: Result) => (r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`);
const verdict = (r: Result) => (r.ok === null ? 'reported' : r.ok ? 'meets target' : 'below target');

cleanupOnSignals();
const results: Result[] = [];
try {
  for (const n of names) {
    console.error(`running ${n}${smoke ? ' (smoke)' : ''} …`);
    results.push(...(await WORKLOADS[n]!({ smoke })));
  }
} finally {
  await cleanupAll();
}

const rows = results.map((r) => [
  r.workload,
  r.reference,
  r.kho,
  r.ref,
  fmtRatio(r),
  r.target ?? '—',
  verdict(r),
  r.extra ?? '',
]);
const header = ['workload', 'reference', 'Kho', 'reference', 'ratio', 'target', 'verdict', 'notes'];
const table = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);

// A smoke run, or a working run on a reused template or a subset of cases, leaves the doc alone.
const partial = !!(process.env.BENCH_TEMPLATE || process.env.BENCH_CASES || process.env.BENCH_SECONDS);
if (!smoke && !partial) {
  const doc = join(import.meta.dirname, '../../docs/benchmarks.md');
  const text = readFileSync(doc, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const block = `${start}\nLast run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · \`pnpm bench ${names.join(' ')}\` · ${machine()}\n\n${table}\n${end}`;
  const updated = text.includes(start)
    ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
    : `${text}\n${block}\n`;
  writeFileSync(doc, updated);
  console.error(`wrote ${doc}`);
}
