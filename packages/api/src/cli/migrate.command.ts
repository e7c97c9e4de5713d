import { seedReferenceData } from '@kho/ingest';
import type { Config } from '../config';
import { openRuntime } from '../runtime';
import { printJson } from './output';
import type { CommandResult } from './usage';

/** kho migrate: apply pending migrations and load the reference data, then exit (the compose migrate job). */
export async function migrateCommand(config: Config, a: { json: boolean }): Promise<CommandResult> {
  const started = Date.now();
  const runtime = await openRuntime(config, 'migrate');
  try {
    const seeded = await seedReferenceData(runtime.database, { demo: config.KHO_DEMO });
    const result = { engine: runtime.database.engine, ...seeded, ms: Date.now() - started };
    if (a.json) printJson(result);
    else
      process.stdout.write(
        `Database up to date (${result.engine}); reference data ${seeded.reference}, demo data ${seeded.demo}.\n`,
      );
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}
