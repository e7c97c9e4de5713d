import { Name, Param, Placeholder, SQL, StringChunk } from 'drizzle-orm';
import type postgres from 'postgres';

/** A chunk this renderer does not know (tables, columns, placeholders, inlined SQL …): drizzle renders the statement. */
const UNKNOWN = Symbol('unknown chunk');

const escapeName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The text and parameters of an `sql` template, as drizzle's PgDialect.sqlToQuery renders them
 * ($1, $2 … in order; arrays as (a, b); identifiers quoted), for the chunks Kho's raw statements
 * are made of. Anything else throws UNKNOWN and the caller lets drizzle render the statement.
 */
function render(
  chunks: readonly unknown[],
  out: { text: string; params: unknown[]; slots?: [number, string][] },
): void {
  for (const chunk of chunks) {
    if (chunk === undefined) continue;
    if (chunk === null || typeof chunk !== 'object') {
      if (typeof chunk === 'function' || typeof chunk === 'symbol') throw UNKNOWN;
      out.params.push(chunk);
      out.text += `$${out.params.length}`;
      continue;
    }
    const ctor = (chunk as object).constructor;
    if (ctor === StringChunk) {
      out.text += (chunk as StringChunk).value.join('');
    } else if (ctor === SQL) {
      if ((chunk as unknown as { shouldInlineParams?: boolean }).shouldInlineParams) throw UNKNOWN;
      render((chunk as SQL).queryChunks, out);
    } else if (ctor === Param) {
      const p = chunk as Param;
      if (p.value instanceof Placeholder) throw UNKNOWN;
      const mapped = p.value === null ? null : p.encoder.mapToDriverValue(p.value);
      if (mapped instanceof SQL) render([mapped], out);
      else {
        out.params.push(mapped);
        out.text += `$${out.params.length}`;
      }
    } else if (ctor === Placeholder && out.slots) {
      out.slots.push([out.params.length, (chunk as Placeholder).name]);
      out.params.push(undefined);
      out.text += `$${out.params.length}`;
    } else if (ctor === Name) {
      out.text += escapeName((chunk as Name).value);
    } else if (Array.isArray(chunk)) {
      out.text += '(';
      chunk.forEach((c, i) => {
        if (i) out.text += ', ';
        render([c], out);
      });
      out.text += ')';
    } else if (ctor === Object || ctor === Date || chunk instanceof Uint8Array) {
      if ('getSQL' in chunk) throw UNKNOWN;
      out.params.push(chunk);
      out.text += `$${out.params.length}`;
    } else throw UNKNOWN;
  }
}

/** The postgres.js handle of each database handle fastExecute set up (the statements of runShaped go there). */
const clients = new WeakMap<object, postgres.Sql>();

/**
 * A statement rendered once, with `sql.placeholder(name)` where its values go: the text and the
 * parameters that do not change, and which parameter each placeholder fills.
 */
export interface Shaped {
  text: string;
  params: unknown[];
  slots: [number, string][];
}

/**
 * `statement` rendered for runShaped, or null where that cannot be (the handle is not one
 * fastExecute set up — PGlite — or the statement has chunks only drizzle renders): the caller
 * then runs the statement itself, built with values, as before.
 */
export function shapeStatement(db: object, statement: SQL): Shaped | null {
  if (!clients.has(db)) return null;
  const out = { text: '', params: [] as unknown[], slots: [] as [number, string][] };
  try {
    render([statement], out);
  } catch (e) {
    if (e === UNKNOWN) return null;
    throw e;
  }
  return out;
}

/**
 * Runs a statement shapeStatement rendered, with this request's values for its placeholders:
 * no statement is built or rendered, and postgres.js finds its prepared statement by the same
 * text. A placeholder without a value is an error, never a null.
 */
export function runShaped<T = Record<string, unknown>>(
  db: object,
  shaped: Shaped,
  values: Record<string, unknown>,
): Promise<T[]> {
  const params = shaped.params.slice();
  for (const [i, name] of shaped.slots) {
    if (!(name in values)) throw new Error(`no value for placeholder ${name}`);
    params[i] = values[name];
  }
  return clients.get(db)!.unsafe(shaped.text, params as never[]) as unknown as Promise<T[]>;
}

/**
 * `db.execute(sql…)` on postgres.js without drizzle's per-statement machinery (tracing spans,
 * the prepared-query object, the query cache wrapper and its entity checks): the statement is
 * rendered here and sent with `pg.unsafe` exactly as drizzle sends it. Measured on the REST
 * records page: drizzle's execute path was ~7% of the server's CPU per request. Statements with
 * chunks this renderer does not know still go through drizzle.
 */
export function fastExecute<T extends { execute: (q: never) => unknown }>(db: T, pg: postgres.Sql): void {
  const drizzleExecute = db.execute.bind(db) as (q: unknown) => unknown;
  clients.set(db, pg);
  db.execute = ((query: unknown) => {
    if (!(query instanceof SQL)) return drizzleExecute(query);
    const out = { text: '', params: [] as unknown[] };
    try {
      render([query], out);
    } catch (e) {
      if (e === UNKNOWN) return drizzleExecute(query);
      throw e;
    }
    return pg.unsafe(out.text, out.params as never[], { prepare: false });
  }) as T['execute'];
}

/** For tests: the text and parameters fastExecute sends, or null where drizzle renders it. */
export function renderForTest(query: SQL): { sql: string; params: unknown[] } | null {
  const out = { text: '', params: [] as unknown[] };
  try {
    render([query], out);
  } catch (e) {
    if (e === UNKNOWN) return null;
    throw e;
  }
  return { sql: out.text, params: out.params };
}
