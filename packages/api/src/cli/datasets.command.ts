import { ADAPTERS, AREAS_ADAPTER } from '@kho/ingest';
import { query, sql } from '@kho/schema';
import type { Config } from '../config';
import { openRuntime } from '../runtime';
import { printJson, table } from './output';
import type { CommandResult } from './usage';

export async function datasetsCommand(config: Config, args: { json: boolean }): Promise<CommandResult> {
  const runtime = await openRuntime(config, 'datasets');
  try {
    const rows = await query<{
      id: string;
      title: string;
      publisher_code: string;
      kind: string;
      access: string;
      version: number;
      modified: string;
      rows: number | null;
    }>(
      runtime.database.db,
      sql`select d.id, d.title, d.publisher_code, d.kind, d.access, d.version, d.modified,
            (select v.row_count from dataset_versions v where v.dataset_id = d.id and v.version = d.version) as rows
          from datasets d order by d.id`,
    );
    if (args.json)
      printJson({
        items: rows.map((r) => ({
          id: r.id,
          title: r.title,
          publisher: r.publisher_code,
          kind: r.kind,
          access: r.access,
          version: r.version,
          rows: r.rows ?? 0,
          modified: r.modified,
        })),
      });
    else if (!rows.length)
      process.stdout.write(
        'No datasets yet. Load one with: pnpm kho ingest <file> --dataset <id> --adapter <name>\n',
      );
    else {
      process.stdout.write(
        `${table(
          ['id', 'title', 'publisher', 'kind', 'access', 'version', 'rows', 'modified'],
          rows.map((r) => [
            r.id,
            r.title,
            r.publisher_code,
            r.kind,
            r.access,
            r.version,
            r.rows ?? 0,
            r.modified.slice(0, 16),
          ]),
        )}\n`,
      );
    }
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}

export async function ingestsCommand(
  config: Config,
  args: { dataset?: string; json: boolean },
): Promise<CommandResult> {
  const runtime = await openRuntime(config, 'ingests');
  try {
    const rows = await query<{
      id: number;
      file_name: string;
      status: string;
      adapter: string;
      actor: string;
      started_at: string;
      rows_read: number;
      rows_loaded: number;
      rows_rejected: number;
      version: number | null;
      added: number;
      changed: number;
      removed: number;
      sha256: string;
      dry_run: boolean;
    }>(
      runtime.database.db,
      sql`select id, file_name, status, adapter, actor, started_at, rows_read, rows_loaded, rows_rejected, version,
            added, changed, removed, sha256, dry_run
          from ingest_runs where ${args.dataset ? sql`dataset_id = ${args.dataset}` : sql`true`} order by id`,
    );
    if (args.json) printJson({ items: rows });
    else if (!rows.length)
      process.stdout.write(`No loads${args.dataset ? ` for ${args.dataset}` : ''} yet.\n`);
    else {
      process.stdout.write(
        `${table(
          ['run', 'when', 'file', 'status', 'version', 'read', 'loaded', 'rejected', '+', '~', '−', 'by'],
          rows.map((r) => [
            r.id,
            r.started_at.slice(0, 19),
            r.file_name,
            r.dry_run ? `${r.status} (dry run)` : r.status,
            r.version ?? '—',
            r.rows_read,
            r.rows_loaded,
            r.rows_rejected,
            r.added,
            r.changed,
            r.removed,
            r.actor,
          ]),
        )}\n`,
      );
    }
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}

export async function adaptersCommand(args: { json: boolean }): Promise<CommandResult> {
  const list = [
    ...Object.values(ADAPTERS).map((a) => ({
      name: a.name,
      description: a.description,
      publisher: a.defaults.publisher,
      themes: a.defaults.themes as string[],
    })),
    {
      name: AREAS_ADAPTER.name,
      description: AREAS_ADAPTER.description,
      publisher: '—',
      themes: [] as string[],
    },
  ];
  if (args.json) printJson({ items: list });
  else
    process.stdout.write(
      `${table(
        ['adapter', 'reads', 'default publisher'],
        list.map((a) => [a.name, a.description, a.publisher]),
      )}\n`,
    );
  return { exitCode: 0 };
}
