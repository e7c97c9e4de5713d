import { type Database, query, queryOne, sql } from '@kho/schema';
import { AREA_FILES, loadBundledAreas } from './areas';
import { demoHash, loadDemoDatasets } from './demo';
import { referenceHash } from './files';
import { loadBundledPublishers } from './publishers';

export interface SeedOptions {
  /** Load the demo datasets too (default true; `pnpm start` shows them on a fresh machine). */
  demo?: boolean;
}
export interface SeedResult {
  reference: 'loaded' | 'current';
  demo: 'loaded' | 'current' | 'skipped';
}

/**
 * Brings the bundled reference data (areas, successions, publishers) and demo datasets into
 * the database. Cheap when nothing changed: a hash of the reference files is kept in kho_meta.
 */
/** What seedReferenceData would bring in: equal keys, equal reference and demo data. */
export function seedKey(options: SeedOptions = {}): string {
  return `${referenceHash([...AREA_FILES, 'publishers.csv'])}:${options.demo === false ? '' : demoHash()}`;
}

export async function seedReferenceData(database: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const refHash = referenceHash([...AREA_FILES, 'publishers.csv']);
  const meta = async (key: string) =>
    (await queryOne<{ value: string }>(database.db, sql`select value from kho_meta where key = ${key}`))?.value;
  const setMeta = (tx: Database['db'], key: string, value: string) =>
    query(
      tx,
      sql`insert into kho_meta (key, value) values (${key}, ${value})
          on conflict (key) do update set value = excluded.value, updated_at = now()`,
    );
  const result: SeedResult = { reference: 'current', demo: options.demo === false ? 'skipped' : 'current' };
  if ((await meta('reference_hash')) !== refHash) {
    await database.db.transaction(async (tx) => {
      await loadBundledPublishers(tx);
      await loadBundledAreas(tx);
      await setMeta(tx as never, 'reference_hash', refHash);
    });
    result.reference = 'loaded';
  }
  const demo = options.demo === false ? '' : demoHash();
  if (demo && (await meta('demo_hash')) !== demo) {
    const { failed } = await loadDemoDatasets(database);
    // A demo file that no longer loads is a bug of this release: stop rather than serve half the demo.
    if (failed.length) throw new Error(`demo data failed to load:\n${failed.join('\n')}`);
    await setMeta(database.db, 'demo_hash', demo);
    result.demo = 'loaded';
  }
  return result;
}
