import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query, queryOne, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/load/ingest';
import { holdRunLock, INTERRUPTED } from '../src/load/run-lock';
import { referenceTemplate } from '../src/testing/index';

const dir = mkdtempSync(join(tmpdir(), 'kho-interrupted-test-'));
let n = 0;
function file(content: string): string {
  const path = join(dir, `f${++n}.csv`);
  writeFileSync(path, content);
  return path;
}
const indicators = (value: number) =>
  file(`Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\nDân số trung bình,người,Tỉnh Bình Định,2022,"${value}"\n`);

type Run = {
  id: number;
  dataset_id: string;
  status: string;
  finished_at: string | null;
  report: { message?: string };
};

/**
 * A `kho ingest` killed with SIGKILL leaves its `ingest_runs` row at `running` (the load's
 * transaction is rolled back, the row was written before it). The next run of the dataset
 * marks it failed. The kill itself: api/test/reliability/kill-ingest.test.ts.
 */
describe.each(testEngines())('runs that ended without finishing, on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, referenceTemplate);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The row a run leaves when its process dies after writing it (what recordRun writes). */
  const leftRunning = async (dataset: string) =>
    (await queryOne<{ id: number }>(
      t.db,
      sql`insert into ingest_runs (dataset_id, file_name, sha256, adapter, actor, status)
          values (${dataset}, 'killed.csv', 'x', 'indicators', 'test', 'running') returning id`,
    ))!.id;
  const run = async (id: number) =>
    (await queryOne<Run>(
      t.db,
      sql`select id, dataset_id, status, finished_at, report from ingest_runs where id = ${id}`,
    ))!;
  const running = (dataset: string) =>
    query<Run>(t.db, sql`select id from ingest_runs where dataset_id = ${dataset} and status = 'running'`);

  it('marks a `running` row of the dataset failed, with a finish time and why, when the next run starts', async () => {
    const dataset = `interrupted-${engine}`;
    const first = await ingestFile(t, {
      dataset,
      file: indicators(100),
      adapter: 'indicators',
      actor: 'test',
    });
    expect(first.status).toBe('loaded');
    const dead = await leftRunning(dataset);

    const next = await ingestFile(t, { dataset, file: indicators(200), actor: 'test' });
    expect(next).toMatchObject({ status: 'loaded', version: 2 });
    expect(await run(dead)).toMatchObject({
      status: 'failed',
      finished_at: expect.any(String),
      report: { message: INTERRUPTED },
    });
    expect(await running(dataset)).toEqual([]);
    // The run that marked it is not marked, and finished as it should.
    expect(await run(next.ingestId!)).toMatchObject({ status: 'loaded', report: { message: next.message } });
  });

  it('also when the next run loads nothing (a dry run, the same file again), and for a dataset never created', async () => {
    const dataset = `interrupted-new-${engine}`;
    const dead = await leftRunning(dataset); // a first load killed: the dataset does not exist
    const f = indicators(300);
    const dry = await ingestFile(t, { dataset, file: f, adapter: 'indicators', dryRun: true, actor: 'test' });
    expect(dry.status).toBe('dry-run');
    expect((await run(dead)).status).toBe('failed');

    await ingestFile(t, { dataset, file: f, adapter: 'indicators', actor: 'test' });
    const again = await leftRunning(dataset);
    const same = await ingestFile(t, { dataset, file: f, actor: 'test' });
    expect(same.status).toBe('unchanged');
    expect((await run(again)).status).toBe('failed');
    expect(await running(dataset)).toEqual([]);
  });

  it("leaves other datasets' runs alone, running or dead", async () => {
    const dataset = `interrupted-mine-${engine}`;
    const other = `interrupted-other-${engine}`;
    const deadElsewhere = await leftRunning(other);
    // A live run of the other dataset: it holds that dataset's run lock while its row is running.
    const release = await holdRunLock(t, other);
    try {
      const live = await leftRunning(other);
      const r = await ingestFile(t, { dataset, file: indicators(400), adapter: 'indicators', actor: 'test' });
      expect(r.status).toBe('loaded');
      expect((await run(live)).status).toBe('running');
      expect((await run(deadElsewhere)).status).toBe('running');
    } finally {
      await release();
    }
  });

  it('waits for a live run of the same dataset instead of marking it, then starts', async () => {
    const dataset = `interrupted-live-${engine}`;
    await ingestFile(t, { dataset, file: indicators(500), adapter: 'indicators', actor: 'test' });
    const release = await holdRunLock(t, dataset);
    let live: number;
    let next: ReturnType<typeof ingestFile> | undefined;
    try {
      live = await leftRunning(dataset);
      next = ingestFile(t, { dataset, file: indicators(600), actor: 'test' });
      let settled = false;
      void next.then(
        () => (settled = true),
        () => (settled = true),
      );
      if (t.pg) {
        // Proof that it waits: its lock connection's advisory lock is not granted.
        for (;;) {
          const waiting = await query<{ n: number }>(
            t.db,
            sql`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and not l.granted and a.datname = current_database()`,
          );
          if (waiting[0]!.n > 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
      } else {
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(settled).toBe(false);
      expect((await run(live)).status).toBe('running');
      // The live run finishes as a run does.
      await query(
        t.db,
        sql`update ingest_runs set status = 'rejected', finished_at = now() where id = ${live}`,
      );
    } finally {
      await release();
    }
    const r = await next!;
    expect(r).toMatchObject({ status: 'loaded', version: 2 });
    expect((await run(live)).status).toBe('rejected');
    expect(await running(dataset)).toEqual([]);
  });

  it('two runs of one dataset at once: one after the other, neither marked', async () => {
    const dataset = `interrupted-both-${engine}`;
    await ingestFile(t, { dataset, file: indicators(700), adapter: 'indicators', actor: 'test' });
    const [a, b] = await Promise.all([
      ingestFile(t, { dataset, file: indicators(800), actor: 'test' }),
      ingestFile(t, { dataset, file: indicators(900), actor: 'test' }),
    ]);
    expect([a.status, b.status]).toEqual(['loaded', 'loaded']);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const runs = await query<Run>(
      t.db,
      sql`select id, status, report from ingest_runs where dataset_id = ${dataset} order by id`,
    );
    expect(runs.map((r) => r.status)).toEqual(['loaded', 'loaded', 'loaded']);
    expect(runs.some((r) => r.report.message === INTERRUPTED)).toBe(false);
  });
});
