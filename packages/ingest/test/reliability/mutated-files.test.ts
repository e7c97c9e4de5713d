import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase, testEngines } from '@kho/schema/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/load/ingest';
import { type DemoDataset, demoManifest } from '../../src/reference/demo';
import { REFERENCE_DIR } from '../../src/reference/files';
import { demoTemplate } from '../../src/testing/index';
import { applyAll, type Mutation, mutationArb } from './mutations';

const CASES = process.env.RELIABILITY_SIZE === 'full' ? 1_500 : 100;
const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Date.now() % 2 ** 31;

type State = { version: number; versions: number; history: string; current: number };

/** Everything a load could change: the version, the version list, every row of every version. */
async function state(db: Database, id: string): Promise<State> {
  const rows = (table: string) =>
    sql.raw(
      `(select coalesce(md5(string_agg(row_key || '|' || row_hash || '|' || version_from || '|' || coalesce(version_to::text, '-'), ',' order by row_key, version_from)), '')
      from ${table} where dataset_id = '${id}')`,
    );
  const [s] = await query<State>(
    db.db,
    sql`select d.version, (select count(*)::int from dataset_versions v where v.dataset_id = d.id) as versions,
          ${rows('records')} || ${rows('observations')} as history,
          (select count(*)::int from records r where r.dataset_id = d.id and r.version_to is null)
            + (select count(*)::int from observations o where o.dataset_id = d.id and o.version_to is null) as current
        from datasets d where d.id = ${id}`,
  );
  return s!;
}

describe.each(testEngines())('mutated real files on %s', (engine) => {
  let t: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'kho-mutated-'));
  beforeAll(async () => {
    t = await createTestDatabase(engine, demoTemplate);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const load = async (d: DemoDataset, name: string, bytes: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return ingestFile(t, {
      dataset: d.id,
      file,
      adapter: d.adapter,
      ...(d.mapping ? { mapping: d.mapping as never } : {}),
      actor: 'reliability',
    });
  };

  it(`loads ${CASES} mutated demo files all or nothing, always with a report (seed ${SEED})`, async () => {
    const demo = demoManifest().filter((d) => d.file.endsWith('.csv'));
    const cases = fc.sample(
      fc.tuple(fc.constantFrom(...demo), fc.array(mutationArb(), { minLength: 1, maxLength: 3 })),
      {
        numRuns: CASES,
        seed: SEED,
      },
    );
    const outcomes: Record<string, number> = {};
    for (const [i, [d, mutations]] of cases.entries()) {
      const original = readFileSync(join(REFERENCE_DIR, 'demo', d.file));
      const sameRows = mutations.every((m: Mutation) => m.sameRows);
      // A file that should change nothing is compared with the original's rows: load those first
      // (with a blank line more, so it is not skipped as the file the template already loaded).
      if (sameRows) {
        const again = await load(d, `${i}-original.csv`, Buffer.concat([original, Buffer.from('\n')]));
        expect(['loaded', 'unchanged']).toContain(again.status);
      }
      const before = await state(t, d.id);
      const bytes = applyAll(original, mutations);
      const label = `${d.id}: ${mutations.map((m: Mutation) => m.name).join(' + ')}`;
      const report = await load(d, `${i}.csv`, bytes);
      const after = await state(t, d.id);
      outcomes[report.status] = (outcomes[report.status] ?? 0) + 1;

      expect(report.message, label).not.toBe('');
      const [run] = await query<{ status: string }>(
        t.db,
        sql`select status from ingest_runs where id = ${report.ingestId}`,
      );
      expect(run?.status, label).toBe(report.status);
      if (report.status === 'loaded') {
        // A whole new version: every row of the file current, the earlier versions kept.
        expect(after.version, label).toBe(before.version + 1);
        expect(after.versions, label).toBe(before.versions + 1);
        expect(after.current, label).toBe(report.rowsLoaded);
      } else {
        expect(report.status, label).toMatch(/^(rejected|unchanged)$/);
        if (report.status === 'rejected') expect(report.errors.length, label).toBeGreaterThan(0);
        // Never a partial load: exactly the previous version and rows.
        expect(after, label).toEqual(before);
      }
      if (sameRows) expect(report.status, label).toBe('unchanged');
    }
    console.log(
      `mutated files on ${engine}: ${cases.length} loads ${JSON.stringify(outcomes)} (seed ${SEED})`,
    );
    expect(outcomes.rejected).toBeGreaterThan(0);
  });
});
