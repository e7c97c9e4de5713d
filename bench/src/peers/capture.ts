/**
 * Which SQL Kho runs for a request: builds Kho's app in this process on the given database,
 * records every statement its query functions send (drizzle's own rendering: text and
 * parameters), injects each request and prints the statements per request as JSON. Each request
 * is injected twice and the second is recorded: what Kho runs in steady state (it keeps an open
 * dataset's catalog row between requests, checked by the statement that reads the rows).
 * Usage: capture.ts <database url> <path> [<path> …]
 */
import { buildApp } from '@kho/api';
import { openDatabase, type SQL } from '@kho/schema';

export interface Captured {
  path: string;
  status: number;
  statements: { text: string; params: unknown[] }[];
}

const [url, ...paths] = process.argv.slice(2) as [string, ...string[]];
const database = await openDatabase({ url, poolSize: 2, migrate: false });
const db = database.db as unknown as {
  execute: (q: SQL) => unknown;
  dialect: { sqlToQuery: (q: SQL) => { sql: string; params: unknown[] } };
};
let log: Captured['statements'] = [];
const execute = db.execute.bind(db);
db.execute = (q: SQL) => {
  const { sql, params } = db.dialect.sqlToQuery(q);
  log.push({ text: sql, params });
  return execute(q);
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
