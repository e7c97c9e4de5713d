import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer } from '../lib/cleanup';
import { median } from '../lib/pg';
import { freePort, ROOT, startArgs, startServer } from '../lib/proc';
import type { Result, WorkloadOptions } from './types';

/** One start of embedded Kho on `dataDir`: milliseconds to the first 200 of /ready, demo data checked. */
async function startOnce(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ ms: number; datasets: number }> {
  const port = await freePort();
  const kho = await startServer({
    name: 'kho (PGlite)',
    args: startArgs(),
    env: { PORT: String(port), KHO_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
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
 * `pnpm start`'s command on embedded PGlite, as a newcomer runs it after `pnpm install`: into a
 * fresh data directory (started from the template `pnpm install` built: migrations, reference
 * data and demo datasets loaded), then again on the directory it left. Also, for the record, a
 * fresh directory with no template at all (an empty KHO_TEMPLATE_DIR: initdb, migrations and the
 * demo loaded by the start itself, which then writes the template). The bundle is built before
 * the first timed start. Time from spawning the process to the first 200 of /ready.
 */
export async function coldstartWorkload(o: WorkloadOptions): Promise<Result[]> {
  const rounds = o.smoke ? 1 : 2;
  const fresh: number[] = [];
  const reused: number[] = [];
  const untemplated: number[] = [];
  let datasets = 0;
  // What `pnpm install` leaves: the bundle and the template (both no-ops when already there).
  const prepare = spawnSync(
    process.execPath,
    [join(ROOT, 'packages/api/bin/run.mjs'), 'cli', 'template', '--if-missing'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '' },
      encoding: 'utf8',
    },
  );
  if (prepare.status !== 0) throw new Error(`kho template failed: ${prepare.stderr}`);
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
    const bare = mkdtempSync(join(tmpdir(), 'kho-bench-coldstart-'));
    const noTemplates = mkdtempSync(join(tmpdir(), 'kho-bench-templates-'));
    const removeBare = defer(`data directory ${bare}`, () => {
      rmSync(bare, { recursive: true, force: true });
      rmSync(noTemplates, { recursive: true, force: true });
    });
    try {
      untemplated.push((await startOnce(bare, { KHO_TEMPLATE_DIR: noTemplates })).ms);
    } finally {
      await removeBare();
    }
  }
  const row = (what: string, ms: number[], target = true): Result => {
    const m = median(ms);
    return {
      workload: `embedded cold start to /ready, ${what}`,
      reference: '—',
      kho: `${(m / 1000).toFixed(1)} s`,
      ref: '—',
      ratio: null,
      target: target ? '< 5 s' : '— (reported)',
      ok: target ? m < 5000 : null,
      extra: `${rounds === 1 ? 'one start' : `median of ${rounds}`} (${ms.map((x) => (x / 1000).toFixed(1)).join(', ')} s); ${datasets} demo datasets served`,
    };
  };
  return [
    row('fresh data directory (from the template pnpm install built)', fresh),
    row('reused data directory', reused),
    row(
      'fresh data directory, no template (initdb, migrations, demo load, template written)',
      untemplated,
      false,
    ),
  ];
}
