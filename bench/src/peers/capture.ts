/**
 * Which SQL Kho runs for a request: builds Kho's app in this process on the given database,
 * records every statement it sends to postgres.js (text and parameters), injects each request and prints the statements per request as JSON. Each request
 * is injected twice and the second is recorded: what Kho runs in steady state (it keeps an open
 * dataset's catalog row between requests, checked by the statement that reads the rows).
 * Usage: capture.ts <database url> <path> [<path> …]
 */
import { buildApp } from '@kho/api';
import { openDatabase } from '@kho/schema';

export interface Captured {
  path: string;
  status: number;
  statements: { text: string; params: unknown[] }[];
}

const [url, ...paths] = process.argv.slice(2) as [string, ...string[]];
const database = await openDatabase({ url, poolSize: 2, migrate: false });
if (database.engine !== 'postgres') throw new Error('capture.ts needs a PostgreSQL url');
// At the driver: every statement reaches postgres.js's unsafe, whether drizzle rendered it or
// Kho sent it itself (a kept page statement, see shapedPage).
const pg = database.pg as unknown as {
  unsafe: (text: string, params?: unknown[], ...rest: unknown[]) => unknown;
};
let log: Captured['statements'] = [];
const unsafe = pg.unsafe;
pg.unsafe = (text, params, ...rest) => {
  log.push({ text, params: [...(params ?? [])] });
  return unsafe(text, params, ...rest);
};
const app = await buildApp({ database, limits: { anonymousPerMinute: 1e8 } });
const out: Captured[] = [];
for (const path of paths) {
  await app.inject({ method: 'GET', url: path });
  const statements: Captured['statements'] = [];
  log = statements;
  const r = await app.inject({ method: 'GET', url: path });
  log = [];
  out.push({ path, status: r.statusCode, statements });
}
await app.close();
await database.close();
process.stdout.write(JSON.stringify(out));
