import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { type IngestReport, ingestFile, seedReferenceData, UsageError } from '@kho/ingest';
import { datasetId, datasetInput } from '@kho/schema';
import { z } from 'zod';
import type { Config } from '../config';
import { openRuntime } from '../runtime';
import { printJson, progressLine, table } from './output';
import { CliUsage, type CommandResult } from './usage';

const mappingSchema = z
  .object({
    columns: z.record(z.string(), z.string()).optional(),
    defaults: z.record(z.string(), z.string()).optional(),
    dimensions: z.array(z.string()).optional(),
    wide: z.enum(['period', 'indicator']).optional(),
    areaLevel: z.enum(['province', 'district', 'commune']).optional(),
    areaDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    primaryKey: z.array(z.string()).optional(),
  })
  .strict();

function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): T {
  if (!existsSync(path)) throw new CliUsage(`${what} file not found: ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliUsage(`${what} file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new CliUsage(
      `${what} file ${path} is not valid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}

export interface IngestArgs {
  file: string;
  dataset?: string;
  adapter?: string;
  mapping?: string;
  meta?: string;
  dryRun: boolean;
  mode?: string;
  sheet?: string;
  json: boolean;
}

export async function ingestCommand(config: Config, args: IngestArgs): Promise<CommandResult> {
  if (!args.dataset) throw new CliUsage('--dataset <id> is required');
  const id = datasetId.safeParse(args.dataset);
  if (!id.success) throw new CliUsage(`--dataset: ${id.error.issues[0]!.message}`);
  if (!existsSync(args.file) || !statSync(args.file).isFile())
    throw new CliUsage(`file not found: ${args.file}`);
  if (args.mode && args.mode !== 'replace' && args.mode !== 'upsert')
    throw new CliUsage('--mode is replace or upsert');
  const mapping = args.mapping ? readJsonFile(args.mapping, mappingSchema, 'mapping') : undefined;
  const meta = args.meta ? readJsonFile(args.meta, datasetInput, 'meta') : undefined;

  const runtime = await openRuntime(config, 'ingest');
  const progress = args.json ? null : progressLine();
  let report: IngestReport;
  try {
    await seedReferenceData(runtime.database, { demo: false });
    report = await ingestFile(runtime.database, {
      dataset: id.data,
      file: args.file,
      ...(args.adapter ? { adapter: args.adapter } : {}),
      ...(mapping ? { mapping } : {}),
      ...(meta ? { meta } : {}),
      mode: (args.mode as 'replace' | 'upsert') ?? 'replace',
      dryRun: args.dryRun,
      ...(args.sheet ? { sheet: args.sheet } : {}),
      actor: `cli:${userInfo().username}`,
      ...(progress ? { onProgress: (p) => progress.update(p.rowsRead, p.rowsRejected, p.elapsedMs) } : {}),
    });
  } catch (e) {
    if (e instanceof UsageError) throw new CliUsage(e.message);
    throw e;
  } finally {
    progress?.done();
    await runtime.close();
  }
  if (args.json) {
    printJson(report);
  } else {
    printSummary(report);
  }
  return { exitCode: report.status === 'rejected' ? 1 : 0 };
}

function printSummary(r: IngestReport) {
  const out: string[] = [];
  out.push(r.message, '');
  out.push(
    table(
      [
        'dataset',
        'status',
        'version',
        'rows read',
        'loaded',
        'rejected',
        'added',
        'changed',
        'removed',
        'time',
      ],
      [
        [
          r.dataset,
          r.status,
          r.version ?? '—',
          r.rowsRead,
          r.rowsLoaded,
          r.rowsRejected,
          r.added,
          r.changed,
          r.removed,
          `${(r.durationMs / 1000).toFixed(1)} s`,
        ],
      ],
    ),
  );
  out.push(
    `file ${r.file.name} · ${r.file.format ?? '?'}${r.file.encoding ? ` · ${r.file.encoding}` : ''}${r.file.sheet ? ` · sheet ${r.file.sheet}` : ''} · sha256 ${r.file.sha256.slice(0, 12)}… · adapter ${r.adapter}`,
  );
  if (r.columns)
    out.push(
      `columns: ${Object.entries(r.columns)
        .map(([k, v]) => `${k} ← ${v}`)
        .join(', ')}`,
    );
  if (r.inferredSchema) {
    out.push('', 'Data dictionary inferred from this file (the dataset had none):');
    out.push(
      table(
        ['field', 'type', 'key'],
        r.inferredSchema.fields.map((f) => [
          f.name,
          f.type,
          r.inferredSchema!.primaryKey?.includes(f.name) ? 'yes' : '',
        ]),
      ),
    );
  }
  for (const w of r.warnings) out.push(`note: ${w}`);
  if (r.errors.length) {
    out.push(
      '',
      `Rows to fix (${r.errorCount} problem${r.errorCount === 1 ? '' : 's'}${r.errorCount > r.errors.length ? `, first ${r.errors.length} shown` : ''}):`,
    );
    out.push(
      table(
        ['row', 'column', 'value', 'problem', 'suggestion'],
        r.errors.map((e) => [e.row || '—', e.column, e.value, e.message, e.suggestion]),
      ),
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
