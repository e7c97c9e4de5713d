import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Database, datasetInput, query, sql } from '@kho/schema';
import { z } from 'zod';
import { ingestFile } from '../load/ingest';
import { REFERENCE_DIR } from './files';

const manifestEntry = z.object({
  id: z.string(),
  file: z.string(),
  adapter: z.string(),
  meta: datasetInput,
  mapping: z.record(z.string(), z.unknown()).optional(),
});
export type DemoDataset = z.output<typeof manifestEntry>;

const MANIFEST = 'demo/datasets.json';

export function demoManifest(): DemoDataset[] {
  return z.array(manifestEntry).parse(JSON.parse(readFileSync(`${REFERENCE_DIR}/${MANIFEST}`, 'utf8')));
}

/** Every file the demo data is made of (for the change check and test template keys). */
export function demoFiles(): string[] {
  return [MANIFEST, ...demoManifest().map((d) => `demo/${d.file}`)];
}

export function demoHash(): string {
  const h = createHash('sha256');
  for (const f of demoFiles()) h.update(f).update(readFileSync(`${REFERENCE_DIR}/${f}`));
  return h.digest('hex');
}

/**
 * Loads the demo datasets through the same pipeline as any publisher's file, so they carry
 * versions and ingest runs like real data. A demo file changed in a new release makes a new
 * version; a dataset a user changed by hand since is left alone.
 */
export async function loadDemoDatasets(database: Database): Promise<{ loaded: string[]; failed: string[] }> {
  const loaded: string[] = [];
  const failed: string[] = [];
  for (const d of demoManifest()) {
    const owner = await query<{ actor: string }>(
      database.db,
      sql`select actor from ingest_runs where dataset_id = ${d.id} and status = 'loaded' order by id desc limit 1`,
    );
    if (owner[0] && owner[0].actor !== 'demo') continue;
    const report = await ingestFile(database, {
      dataset: d.id,
      file: `${REFERENCE_DIR}/demo/${d.file}`,
      adapter: d.adapter,
      meta: d.meta,
      ...(d.mapping ? { mapping: d.mapping as never } : {}),
      actor: 'demo',
    });
    if (report.status === 'loaded') loaded.push(d.id);
    else if (report.status === 'rejected') failed.push(`${d.id}: ${report.message} ${report.errors.slice(0, 3).map((e) => `row ${e.row}: ${e.message}`).join('; ')}`);
  }
  return { loaded, failed };
}
