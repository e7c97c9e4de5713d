import { join } from 'node:path';
import { type Database, openDatabase, query, sql } from '@kho/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, clusterUnavailable } from './support/cluster';
import { facilitiesCsv, tempDir } from './support/files';
import { sleep } from './support/process';
import { kho, startKho } from './support/server';
import { bySize } from './support/size';

/**
 * Rows of the file whose load is killed, and kills per engine. How long a load takes depends on
 * the machine and its neighbours (PGlite 2,000–3,500 rows/s and PostgreSQL ~4,000 on one day's
 * 2-core machine; a fixed 1.2–4.2 s kill window later outlasted whole loads on a faster day), so
 * each engine first times a full load of the same file into another dataset and kills at a random
 * point between three tenths and three quarters of that time.
 */
const ROWS_BY_ENGINE: Record<string, number> = {
  pglite: bySize(40_000, 400_000),
  postgres: bySize(80_000, 400_000),
};
const KILLS = bySize(2, 6);
const DATASET = 'kill-test';

type Engine = { name: string; env: Record<string, string>; open(): Promise<Database>; cleanup(): void };

/** Everything the load could have touched: version, versions, every row of every version, the runs. */
async function snapshot(open: () => Promise<Database>) {
  const db = await open();
  try {
    const [s] = await query<Record<string, unknown>>(
      db.db,
      sql`select d.version, (select count(*)::int from dataset_versions v where v.dataset_id = d.id) as versions,
            (select count(*)::int from records r where r.dataset_id = d.id and r.version_to is null) as current,
            (select md5(string_agg(row_key || '|' || row_hash || '|' || version_from || '|' || coalesce(version_to::text, '-'), ',' order by id))
              from records r where r.dataset_id = d.id) as rows
          from datasets d where d.id = ${DATASET}`,
    );
    const runs = await query<{ status: string }>(
      db.db,
      sql`select status from ingest_runs where dataset_id = ${DATASET} order by id`,
    );
    const [{ interrupted }] = (await query<{ interrupted: number }>(
      db.db,
      sql`select count(*)::int as interrupted from ingest_runs where dataset_id = ${DATASET}
          and status = 'failed' and finished_at is not null and report->>'message' like 'interrupted:%'`,
    )) as [{ interrupted: number }];
    return { state: s, runs: runs.map((r) => r.status), interrupted };
  } finally {
    await db.close();
  }
}

const skipPg = clusterUnavailable();
let cluster: Cluster | undefined;
const files = tempDir('kho-kill-');
const engines: [string, () => Promise<Engine>][] = [
  [
    'embedded PGlite',
    async () => {
      const dataDir = join(files.dir, 'data');
      return {
        name: 'pglite',
        env: { KHO_DATA_DIR: dataDir },
        open: () => openDatabase({ dataDir: join(dataDir, 'pgdata'), migrate: false }),
        cleanup: () => {},
      };
    },
  ],
];
if (!skipPg)
  engines.push([
    'a throwaway PostgreSQL',
    async () => {
      cluster = await Cluster.create();
      const url = await cluster.createDatabase('kill');
      return {
        name: 'postgres',
        env: { DATABASE_URL: url },
        open: () => openDatabase({ url, migrate: false, poolSize: 1 }),
        cleanup: () => cluster?.destroy(),
      };
    },
  ]);

afterAll(() => {
  cluster?.destroy();
  files.remove();
});

describe.each(engines)('kill -9 in the middle of a kho ingest on %s', (_label, make) => {
  let e: Engine;
  const ROWS = _label.includes('PGlite') ? ROWS_BY_ENGINE.pglite! : ROWS_BY_ENGINE.postgres!;
  const v1 = files.file(`v1-${_label.length}.csv`, facilitiesCsv(2_000, 1));
  const v2 = files.file(`v2-${_label.length}.csv`, facilitiesCsv(ROWS, 2));
  const ingest = (file: string, dataset = DATASET) => [
    'ingest',
    file,
    '--dataset',
    dataset,
    '--adapter',
    'records',
    '--json',
  ];
  /** Milliseconds a full load of v2 takes here, process start included. */
  let fullLoadMs = 0;
  beforeAll(async () => {
    e = await make();
    const r = kho(ingest(v1), e.env);
    expect(r.code, r.stderr).toBe(0);
    const t0 = performance.now();
    const timed = kho(ingest(v2, `${DATASET}-timing`), e.env);
    fullLoadMs = performance.now() - t0;
    expect(timed.code, timed.stderr).toBe(0);
  });
  afterAll(() => e?.cleanup());

  it(`leaves the dataset of ${ROWS} rows exactly at its previous version, ${KILLS} times, and a re-run loads it`, async () => {
    const before = await snapshot(e.open);
    expect(before.state).toMatchObject({ version: 1, versions: 1, current: 2_000 });
    const killedAfter: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const p = startKho(ingest(v2), e.env);
      // Somewhere in the load: reading, COPY, merge or commit.
      const wait = Math.floor(fullLoadMs * (0.3 + Math.random() * 0.45));
      await sleep(wait);
      expect(p.child.exitCode, `the load finished before the kill: ${p.output()}`).toBeNull();
      p.signal('SIGKILL');
      await p.exited;
      killedAfter.push(wait);
      const after = await snapshot(e.open);
      expect(after.state).toEqual(before.state);
    }
    const t0 = performance.now();
    const again = kho(ingest(v2), e.env);
    const seconds = (performance.now() - t0) / 1000;
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'loaded', version: 2, rowsLoaded: ROWS });
    const end = await snapshot(e.open);
    expect(end.state).toMatchObject({ version: 2, versions: 2, current: ROWS });
    // The killed loads that had written their run row left it `running`; the re-run, once it
    // held the dataset's run lock, marked each failed. None is left running.
    expect(end.runs.filter((s) => s === 'running')).toEqual([]);
    expect(end.runs[0]).toBe('loaded');
    expect(end.runs.at(-1)).toBe('loaded');
    expect(end.runs.slice(1, -1).every((s) => s === 'failed')).toBe(true);
    expect(end.runs.length - 2).toBeLessThanOrEqual(KILLS);
    expect(end.interrupted).toBe(end.runs.length - 2);
    console.log(
      `kill -9 on ${e.name}: a full load took ${Math.round(fullLoadMs)} ms; killed after ${killedAfter.join(', ')} ms, dataset unchanged each time; ` +
        `the re-run loaded ${ROWS} rows in ${seconds.toFixed(1)} s; runs ${JSON.stringify(end.runs)}`,
    );
  });
});
