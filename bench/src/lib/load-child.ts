/**
 * Loads the served data into a database through Kho's own ingest, in a process of its own:
 * the reference data, the indicator CSV as `bench-indicators` and the facility registry as
 * `bench-facilities`, then VACUUM ANALYZE so every workload starts from the same statistics.
 */
import { ingestFile, seedReferenceData } from '@kho/ingest';
import { openDatabase, query, sql } from '@kho/schema';

const [url, indicators, facilities] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase({ url, poolSize: 2 });
try {
  await seedReferenceData(database, { demo: false });
  const loads = [
    { dataset: 'bench-indicators', file: indicators, adapter: 'indicators' },
    { dataset: 'bench-facilities', file: facilities, adapter: 'health-facilities' },
  ];
  for (const l of loads) {
    const report = await ingestFile(database, { ...l, actor: 'bench' });
    if (report.status !== 'loaded')
      throw new Error(`${l.dataset}: ${report.status} ${JSON.stringify(report.errors.slice(0, 3))}`);
  }
  await query(database.db, sql`vacuum analyze`);
} finally {
  await database.close();
}
