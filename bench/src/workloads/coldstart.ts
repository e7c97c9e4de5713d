import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer } from '../lib/cleanup';
import { median } from '../lib/pg';
import { freePort, ROOT, startServer } from '../lib/proc';
import type { Result, WorkloadOptions } from './types';

/** The root package's `start` script as node arguments: `node --import tsx packages/api/src/server.ts`. */
function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`pnpm start runs "${pkg.scripts.start}", expected node …`);
  return args;
}

/** One start of embedded Kho on `dataDir`: milliseconds to the first 200 of /ready, demo data checked. */
async function startOnce(dataDir: string): Promise<{ ms: number; datasets: number }> {
  const port = await freePort();
  const kho = await startServer({
    name: 'kho (PGlite)',
    args: startArgs(),
    env: { PORT: String(port), KHO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    port,
    readyPath: '/ready',
    cwd: ROOT,
    timeoutMs: 180_000,
  });
  try {
    const r = await fetch(`${kho.base}/v1/datasets?limit=100`);
    const body = (await r.json()) as { items: unknown[] };
    if (!r.ok || !body.items.length) throw new Error(`no demo datasets after the start: ${r.status}`);
    return { ms: kho.readyMs, datasets: body.items.length };
  } finally {
    await kho.stop();
  }
}

/**
 * `pnpm start`'s command on embedded PGlite, as a newcomer runs it: into a fresh data directory
 * (migrations, reference data and demo datasets loaded), then again on the directory it left.
 * Time from spawning the process to the first 200 of /ready.
 */
export async function coldstartWorkload(o: WorkloadOptions): Promise<Result[]> {
  const rounds = o.smoke ? 1 : 2;
  const fresh: number[] = [];
  const reused: number[] = [];
  let datasets = 0;
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'kho-bench-coldstart-'));
    const remove = defer(`data directory ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
    try {
      const first = await startOnce(dir);
      fresh.push(first.ms);
      datasets = first.datasets;
      reused.push((await startOnce(dir)).ms);
    } finally {
      await remove();
    }
  }
  const row = (what: string, ms: number[]): Result => {
    const m = median(ms);
    return {
      workload: `embedded cold start to /ready, ${what}`,
      reference: '—',
      kho: `${(m / 1000).toFixed(1)} s`,
      ref: '—',
      ratio: null,
      target: '< 5 s',
      ok: m < 5000,
      extra: `${rounds === 1 ? 'one start' : `median of ${rounds}`} (${ms.map((x) => (x / 1000).toFixed(1)).join(', ')} s); ${datasets} demo datasets served`,
    };
  };
  return [
    row('fresh data directory (migrations, reference and demo data loaded)', fresh),
    row('reused data directory', reused),
  ];
}
