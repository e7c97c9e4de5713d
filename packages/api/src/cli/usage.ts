/** A mistake on the command line: printed with the usage, exit code 2. */
export class CliUsage extends Error {}

export interface CommandResult {
  exitCode: number;
}

export const USAGE = `kho — the provincial data warehouse, from the command line

usage:
  pnpm kho ingest <file> --dataset <id> [--adapter <name>] [--mapping <file>] [--meta <file>]
                         [--dry-run] [--mode replace|upsert] [--sheet <name>] [--json]
  pnpm kho datasets [--json]              datasets with their versions
  pnpm kho ingests <dataset> [--json]     a dataset's load history
  pnpm kho adapters [--json]              the adapters that read sector files
  pnpm kho keys create --agency <code> --name <label> --scopes <s,s> [--expires 90d] [--rate-limit N] [--json]
                                          scopes: read:shared, read:dataset:<id>, write:publisher:<code>, admin
  pnpm kho keys list [--json]             keys (prefix, agency, scopes, expiry, last use) — never the keys
  pnpm kho keys revoke <prefix>
  pnpm kho audit [--dataset <id>] [--agency <code>] [--since <date>] [--json]
                                          reads of shared/restricted data and every write
  pnpm kho export <dataset> [--out <file>] [--json]
                                          the dataset, every version and its history, as a portable archive
  pnpm kho import <file> [--as <id>] [--replace] [--json]
  pnpm kho subscriptions [--json]         webhook subscriptions and their deliveries
  pnpm --silent kho mcp                   the MCP tools for AI assistants on stdin/stdout (KHO_MCP_KEY: optional key)
  pnpm kho migrate [--json]               apply migrations and load the reference data, then exit
  pnpm kho template [--if-missing] [--json]
                                          build the template new embedded data directories start from (pnpm install runs it)
  pnpm kho help

The database is the one the server uses: DATABASE_URL, or embedded in KHO_DATA_DIR (./data).
Exit codes: 0 done, 1 the file was rejected (nothing loaded), 2 usage error.`;
