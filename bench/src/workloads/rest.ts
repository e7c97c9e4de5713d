import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { servedDatabase, sizes, startKho, startPeer } from '../lib/fixture';
import { compareLoad, loadNotes, loadSettings, pairedRatio, reqs, selected } from '../lib/load';
import { timed } from '../lib/pg';
import { type Server, startArgs } from '../lib/proc';
import { requireWrk } from '../lib/wrk';
import type { Captured } from '../peers/capture';
import { atLeast, ceilingOfRowAbove, type Result, type WorkloadOptions } from './types';

export const POOL = 10;

/**
 * The two REST requests: a records page with one filter, and observations of one commune (the
 * generated file's first, 21550) over a year (the first month in a smoke run's tiny data).
 */
export const restCases = (smoke: boolean) => [
  {
    name: 'REST records: 20 rows, one filter (beds ≥ 100), the dataset checked in the same statement',
    path: '/v1/datasets/bench-facilities/records?limit=20&beds=gte:100',
    floor: true,
  },
  {
    name: 'REST observations: one commune, one year, 100 rows (4 tables joined)',
    path: `/v1/observations?area=21550&${smoke ? 'period_from=2017-01&period_to=2017-01' : 'period_from=2022-01&period_to=2022-12'}`,
  },
];

/** The node flags `pnpm start` gives Kho (its script and command left out). */
const nodeFlagsOfStart = () => startArgs().filter((a) => a.startsWith('--'));

/** The SQL Kho runs for each path, captured from Kho itself in a process of its own. */
export async function captureSql(url: string, paths: string[]): Promise<string> {
  const run = await timed(process.execPath, [
    '--import',
    'tsx',
    join(import.meta.dirname, '../peers/capture.ts'),
    url,
    ...paths,
  ]);
  if (run.code !== 0) throw new Error(`capturing Kho's SQL failed:\n${run.stderr.slice(-2000)}`);
  const captured = JSON.parse(run.stdout) as Captured[];
  for (const c of captured) {
    if (c.status !== 200) throw new Error(`${c.path} answered ${c.status} while capturing its SQL`);
  }
  const file = join(tmpdir(), `kho-bench-${process.pid}-statements.json`);
  writeFileSync(file, JSON.stringify(captured, null, 1));
  return file;
}

/** Both servers must answer the same JSON (same rows, same fields) before anything is timed. */
export async function sameAnswers(a: Server, b: Server, path: string, minItems: number): Promise<number> {
  const [x, y] = await Promise.all(
    [a, b].map(async (s) => {
      const r = await fetch(s.base + path);
      if (!r.ok) throw new Error(`${s.name} ${path}: ${r.status} ${(await r.text()).slice(0, 300)}`);
      return (await r.json()) as { items: unknown[] };
    }),
  );
  if (!isDeepStrictEqual(x, y))
    throw new Error(
      `${a.name} and ${b.name} answer ${path} differently:\n${JSON.stringify(x).slice(0, 600)}\n${JSON.stringify(y).slice(0, 600)}`,
    );
  if (x!.items.length < minItems) throw new Error(`${path}: ${x!.items.length} items, expected ${minItems}`);
  return x!.items.length;
}

/**
 * Kho's REST requests against a bare Fastify + postgres.js server running the same SQL, each
 * as a real process on its own fresh copy of the served data, under the same wrk load; both
 * processes are started afresh for every round (see compareLoad).
 */
export async function restWorkload(o: WorkloadOptions): Promise<Result[]> {
  requireWrk();
  const db = await servedDatabase('kho_bench_rest', sizes(o.smoke));
  try {
    const cases = restCases(o.smoke);
    const statements = await captureSql(
      db.url,
      cases.map((c) => c.path),
    );
    const peer =
      (name: string, extra: Record<string, string>, nodeFlags: string[] = []) =>
      () =>
        startPeer(
          name,
          'rest-peer.ts',
          { DATABASE_URL: db.url, DB_POOL_SIZE: String(POOL), STATEMENTS: statements, ...extra },
          nodeFlags,
        );
    const bare = peer('bare Fastify', {});
    const sides = [() => startKho(db.url, POOL), bare];
    const results: Result[] = [];
    for (const c of cases) {
      if (!selected(c.name)) continue;
      console.error(`  ${c.name} …`);
      const check = async ([x, y]: Server[]) => {
        await sameAnswers(x!, y!, c.path, o.smoke ? 1 : 20);
      };
      const [k, r] = await compareLoad(sides, {
        paths: [c.path, c.path],
        ...loadSettings(o.smoke),
        // Every round's pair of processes must answer the same JSON before it is timed.
        check,
      });
      const ratio = pairedRatio(k!, r!);
      results.push({
        workload: c.name,
        reference: 'bare Fastify + postgres.js, same SQL (prepared), same JSON',
        kho: reqs(k!.rps),
        ref: reqs(r!.rps),
        ratio,
        ...atLeast(ratio, 0.8),
        extra: loadNotes(k!, r!, 'bare'),
      });
      if (c.floor) {
        // What the contract's per-request features cost, apart from the rest of Kho: the bare
        // handlers behind Kho's own HTTP plugins (request id and log line, metrics, security
        // headers, rate limit, CORS, ETag and Cache-Control), run with Kho's node flags, against
        // the bare server, measured the same way.
        const floor = peer('contract floor', { CONTRACT: '1' }, nodeFlagsOfStart());
        const [f, b] = await compareLoad([floor, bare], {
          paths: [c.path, c.path],
          ...loadSettings(o.smoke),
          check,
        });
        const floorRatio = pairedRatio(f!, b!);
        results.push({
          workload: `${c.name}: the contract's floor (the bare handler behind Kho's per-request HTTP plugins: security headers, CORS, ETag and Cache-Control, rate limit, metrics, request id, log line)`,
          reference: 'bare Fastify + postgres.js, same SQL (prepared), same JSON',
          kho: reqs(f!.rps),
          ref: reqs(b!.rps),
          ratio: floorRatio,
          ...ceilingOfRowAbove,
          extra: `Kho reaches ${((ratio / floorRatio) * 100).toFixed(0)}% of this floor (the two rows' ratios divided); ${loadNotes(f!, b!, 'bare')}`,
        });
      }
    }
    return results;
  } finally {
    await db.drop();
  }
}
