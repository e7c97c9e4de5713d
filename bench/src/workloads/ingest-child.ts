/** Runs one Kho load in a process of its own, so its time and memory are measured alone. */
import { ingestFile, seedReferenceData } from '@kho/ingest';
import { openDatabase } from '@kho/schema';

const [url, file, dataset] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase({ url, poolSize: 2 });
await seedReferenceData(database, { demo: false });
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const report = await ingestFile(database, { dataset, file, adapter: 'indicators', actor: 'bench' });
const ms = performance.now() - t0;
await database.close();
process.stdout.write(
  JSON.stringify({
    ms,
    status: report.status,
    rowsRead: report.rowsRead,
    rowsLoaded: report.rowsLoaded,
    errors: report.errors.slice(0, 3),
    rssBeforeMb: rssBefore / 2 ** 20,
  }),
);
