import { existsSync } from 'node:fs';
import { seedReferenceData } from '@kho/ingest';
import type { Config } from '../config';
import { buildTemplate, templateFile } from '../lib/data-template';
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

/**
 * kho template: builds the embedded database's template (migrations, reference and demo data),
 * from which new data directories start. `pnpm install` runs it with --if-missing.
 */
export async function templateCommand(
  config: Config,
  a: { ifMissing: boolean; json: boolean },
): Promise<CommandResult> {
  const started = Date.now();
  const existing = templateFile(config.templateDir);
  const built = !(a.ifMissing && existsSync(existing));
  const file = built ? await buildTemplate(config.templateDir) : existing;
  const result = { file, built, ms: Date.now() - started };
  if (a.json) printJson(result);
  else process.stdout.write(`${result.built ? 'Built' : 'Kept'} the embedded database template: ${file}\n`);
  return { exitCode: 0 };
}
