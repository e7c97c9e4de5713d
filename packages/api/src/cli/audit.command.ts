import type { Config } from '../config';
import { auditLog } from '../modules/audit/audit.service';
import { openRuntime } from '../runtime';
import { printJson, table } from './output';
import { CliUsage, type CommandResult } from './usage';

/** kho audit [--dataset <id>] [--agency <code>] [--since <date>]: who read or changed what. */
export async function auditCommand(
  config: Config,
  a: { dataset?: string; agency?: string; since?: string; json: boolean },
): Promise<CommandResult> {
  if (a.since && Number.isNaN(Date.parse(a.since)))
    throw new CliUsage('--since is a date or date-time, e.g. 2026-01-31');
  const runtime = await openRuntime(config, 'audit');
  try {
    const rows = await auditLog(runtime.database.db, { ...a, limit: 10_000 });
    if (a.json) printJson({ items: rows });
    else if (!rows.length) process.stdout.write('Nothing in the access log for that filter.\n');
    else {
      process.stdout.write(
        `${table(
          ['when', 'key', 'agency', 'surface', 'action', 'dataset', 'rows', 'request'],
          rows.map((r) => [
            r.at.slice(0, 19),
            r.key_prefix ?? '—',
            r.agency_code ?? '—',
            r.surface,
            r.action,
            r.dataset_id,
            r.rows,
            r.request_id,
          ]),
        )}\n${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, newest first.\n`,
      );
    }
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}
