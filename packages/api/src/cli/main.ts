import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { DataDirInUse } from '../lib/data-dir-lock';
import { exportCommand, importCommand } from './archive.command';
import { auditCommand } from './audit.command';
import { adaptersCommand, datasetsCommand, ingestsCommand } from './datasets.command';
import { ingestCommand } from './ingest.command';
import { keysCommand } from './keys.command';
import { mcpCommand } from './mcp.command';
import { migrateCommand, templateCommand } from './migrate.command';
import { subscriptionsCommand } from './subscriptions.command';
import { CliUsage, type CommandResult, USAGE } from './usage';

const OPTIONS = {
  dataset: { type: 'string' },
  adapter: { type: 'string' },
  mapping: { type: 'string' },
  meta: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  mode: { type: 'string' },
  sheet: { type: 'string' },
  json: { type: 'boolean', default: false },
  agency: { type: 'string' },
  name: { type: 'string' },
  scopes: { type: 'string' },
  expires: { type: 'string' },
  'rate-limit': { type: 'string' },
  since: { type: 'string' },
  out: { type: 'string' },
  as: { type: 'string' },
  replace: { type: 'boolean', default: false },
  'if-missing': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function run(argv: string[]): Promise<CommandResult> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliUsage((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (!command || command === 'help' || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return { exitCode: command ? 0 : 2 };
  }
  if (command === 'adapters') return adaptersCommand({ json: values.json });
  const config = loadConfig();
  switch (command) {
    case 'ingest':
      if (rest.length !== 1) throw new CliUsage('ingest takes exactly one file');
      return ingestCommand(config, {
        file: rest[0]!,
        ...(values.dataset ? { dataset: values.dataset } : {}),
        ...(values.adapter ? { adapter: values.adapter } : {}),
        ...(values.mapping ? { mapping: values.mapping } : {}),
        ...(values.meta ? { meta: values.meta } : {}),
        ...(values.mode ? { mode: values.mode } : {}),
        ...(values.sheet ? { sheet: values.sheet } : {}),
        dryRun: values['dry-run'],
        json: values.json,
      });
    case 'datasets':
      return datasetsCommand(config, { json: values.json });
    case 'export':
      return exportCommand(config, {
        ...(rest[0] ? { dataset: rest[0] } : {}),
        ...(values.out ? { out: values.out } : {}),
        json: values.json,
      });
    case 'import':
      return importCommand(config, {
        ...(rest[0] ? { file: rest[0] } : {}),
        ...(values.as ? { as: values.as } : {}),
        replace: values.replace,
        json: values.json,
      });
    case 'subscriptions':
      return subscriptionsCommand(config, { json: values.json });
    case 'mcp':
      return mcpCommand(config);
    case 'template':
      return templateCommand(config, { ifMissing: values['if-missing'], json: values.json });
    case 'migrate':
      return migrateCommand(config, { json: values.json });
    case 'audit':
      return auditCommand(config, {
        ...(values.dataset ? { dataset: values.dataset } : {}),
        ...(values.agency ? { agency: values.agency } : {}),
        ...(values.since ? { since: values.since } : {}),
        json: values.json,
      });
    case 'keys':
      return keysCommand(config, {
        ...(rest[0] ? { action: rest[0] } : {}),
        ...(rest[1] ? { target: rest[1] } : {}),
        ...(values.agency ? { agency: values.agency } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.scopes ? { scopes: values.scopes } : {}),
        ...(values.expires ? { expires: values.expires } : {}),
        ...(values['rate-limit'] ? { rateLimit: values['rate-limit'] } : {}),
        json: values.json,
      });
    case 'ingests':
      return ingestsCommand(config, { ...(rest[0] ? { dataset: rest[0] } : {}), json: values.json });
    default:
      throw new CliUsage(`unknown command "${command}"`);
  }
}

run(process.argv.slice(2))
  .then((r) => {
    process.exitCode = r.exitCode;
  })
  .catch((e) => {
    if (e instanceof CliUsage) {
      process.stderr.write(`kho: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (e instanceof ConfigError || e instanceof DataDirInUse) {
      process.stderr.write(`kho: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`kho: failed: ${e instanceof Error ? e.message : String(e)}\n`);
      if (process.env.LOG_LEVEL === 'debug') console.error(e);
      process.exitCode = 1;
    }
  });
