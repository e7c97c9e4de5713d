import { existsSync } from 'node:fs';
import { ArchiveProblem, exportDataset, importDataset } from '@kho/ingest';
import type { Config } from '../config';
import { openRuntime } from '../runtime';
import { printJson } from './output';
import { CliUsage, type CommandResult } from './usage';

/** kho export <dataset> [--out file]: the dataset with every version and its load history, as a portable archive. */
export async function exportCommand(
  config: Config,
  a: { dataset?: string; out?: string; json: boolean },
): Promise<CommandResult> {
  if (!a.dataset) throw new CliUsage('export <dataset> [--out <file>]');
  const file = a.out ?? `${a.dataset}.kho.ndjson.gz`;
  const runtime = await openRuntime(config, 'export');
  try {
    const r = await exportDataset(runtime.database, a.dataset, file).catch((e: Error) => {
      throw /no dataset/.test(e.message) ? new CliUsage(e.message) : e;
    });
    if (a.json) printJson(r);
    else process.stdout.write(`Exported ${r.dataset} (${r.rows} rows over every version) to ${r.file}\n`);
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}

/** kho import <file> [--as <id>] [--replace]: all or nothing. */
export async function importCommand(
  config: Config,
  a: { file?: string; as?: string; replace: boolean; json: boolean },
): Promise<CommandResult> {
  if (!a.file) throw new CliUsage('import <file> [--as <id>] [--replace]');
  if (!existsSync(a.file)) throw new CliUsage(`file not found: ${a.file}`);
  const runtime = await openRuntime(config, 'import');
  try {
    const r = await importDataset(runtime.database, a.file, {
      ...(a.as ? { as: a.as } : {}),
      replace: a.replace,
    });
    if (a.json) printJson(r);
    else process.stdout.write(`Imported ${r.dataset}: ${r.rows} rows, versions 1 to ${r.versions}.\n`);
    return { exitCode: 0 };
  } catch (e) {
    if (e instanceof ArchiveProblem) {
      process.stderr.write(`kho: ${e.message}\n`);
      return { exitCode: 1 };
    }
    throw e;
  } finally {
    await runtime.close();
  }
}
