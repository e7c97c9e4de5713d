import { isoDate, type SQL, sql } from '@kho/schema';
import { BadRequest } from '../../lib/problems';
import type { RowSource, SourceField } from './source';

export const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'like', 'isnull'] as const;
export type Op = (typeof OPS)[number];
export const MAX_IN_VALUES = 100;

export interface Filter {
  field: SourceField;
  op: Op;
  values: (string | number | boolean)[];
}

/** Parameters that are not filters on fields. */
export const RESERVED = new Set([
  'select',
  'q',
  'sort',
  'limit',
  'cursor',
  'version',
  'area',
  'bbox',
  'near',
  'group_by',
  'agg',
  'total',
  'bom',
  'lang',
]);

const bad = (parameter: string, message: string): never => {
  throw new BadRequest('invalid-filter', `${parameter}: ${message}`, [{ parameter, message }]);
};

function typedValue(field: SourceField, raw: string, parameter: string): string | number | boolean {
  switch (field.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n))
        bad(parameter, `"${raw.slice(0, 50)}" is not a number (field ${field.name} is ${field.type})`);
      if (field.type === 'integer' && !Number.isInteger(n))
        bad(parameter, `"${raw.slice(0, 50)}" is not a whole number`);
      return n;
    }
    case 'date': {
      const r = isoDate.safeParse(raw.trim());
      if (!r.success) bad(parameter, `"${raw.slice(0, 50)}" is not a date (YYYY-MM-DD)`);
      return raw.trim();
    }
    case 'datetime': {
      if (Number.isNaN(Date.parse(raw))) bad(parameter, `"${raw.slice(0, 50)}" is not a date and time`);
      return raw.trim();
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') bad(parameter, 'expected true or false');
      return v === 'true';
    }
    default:
      return raw;
  }
}

/**
 * The query schema drops a "__proto__" key (as it should), so a filter on it would silently match
 * every row; it names no field, and is refused like any unknown one. Call before the schema runs.
 */
export function refuseProtoField(query: object): void {
  if (Object.hasOwn(query, '__proto__')) bad('__proto__', 'no field "__proto__" in this dataset');
}

/**
 * Filters from the query string: every parameter that is not reserved names a field, its
 * value is `op:value` (or just a value for eq), typed by the field's type in the Table Schema.
 */
export function parseFilters(source: RowSource, query: Record<string, unknown>): Filter[] {
  const filters: Filter[] = [];
  for (const [name, rawValue] of Object.entries(query)) {
    if (RESERVED.has(name)) continue;
    const field = source.field(name);
    if (!field) {
      bad(
        name,
        `no field "${name.slice(0, 100)}" in this dataset; its fields: ${source.fields.map((f) => f.name).join(', ')}`,
      );
    }
    const values = Array.isArray(rawValue) ? rawValue : [rawValue];
    for (const v of values) {
      if (typeof v !== 'string') bad(name, 'expected op:value');
      const m = /^(eq|ne|lt|lte|gt|gte|in|nin|like|isnull):([\s\S]*)$/.exec(v as string);
      const op = (m ? m[1] : 'eq') as Op;
      const text = m ? m[2]! : (v as string);
      if (op === 'isnull') {
        if (text !== 'true' && text !== 'false') bad(name, 'isnull takes true or false');
        filters.push({ field: field!, op, values: [text === 'true'] });
        continue;
      }
      if (!field!.scalar) bad(name, `field ${name} is ${field!.type}: only isnull applies`);
      if (op === 'like' && field!.type !== 'string') bad(name, 'like applies to text fields');
      if (op === 'in' || op === 'nin') {
        const items = text.split(',');
        if (items.length > MAX_IN_VALUES) bad(name, `at most ${MAX_IN_VALUES} values in ${op}:`);
        filters.push({ field: field!, op, values: items.map((i) => typedValue(field!, i, name)) });
        continue;
      }
      filters.push({ field: field!, op, values: [typedValue(field!, text, name)] });
    }
  }
  return filters;
}

const CMP: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

function param(f: SourceField, v: unknown): SQL {
  if (f.type === 'integer' || f.type === 'number') return sql`${v}::numeric`;
  if (f.type === 'date') return sql`${v}::date`;
  if (f.type === 'datetime') return sql`${v}::timestamptz`;
  if (f.type === 'boolean') return sql`${v}::boolean`;
  return sql`${v}::text`;
}

/** The values a filter's SQL binds, in order: a like pattern translated (`*` the wildcard). */
export function filterValues(f: Filter): unknown[] {
  if (f.op === 'isnull') return [];
  if (f.op === 'like') {
    // `*` is the wildcard; % and _ are matched literally. Case-insensitive.
    const pattern = String(f.values[0])
      .replace(/[\\%_]/g, (c) => `\\${c}`)
      .replace(/\*/g, '%');
    return [pattern.includes('%') ? pattern : `%${pattern}%`];
  }
  return f.values;
}

/**
 * A filter as a condition. `bound` are the values it binds (filterValues), or placeholders for
 * them: the statement's text depends on the field, the op, how many values and (isnull) which.
 */
export function filterSql(f: Filter, bound: unknown[] = filterValues(f)): SQL {
  const e = f.field.expr;
  const p = (i: number) => param(f.field, bound[i]);
  switch (f.op) {
    case 'isnull':
      return f.values[0] ? sql`${e} is null` : sql`${e} is not null`;
    case 'in':
      return sql`${e} in (${sql.join(
        bound.map((_, i) => p(i)),
        sql`, `,
      )})`;
    case 'nin':
      return sql`(${e} is null or ${e} not in (${sql.join(
        bound.map((_, i) => p(i)),
        sql`, `,
      )}))`;
    case 'like':
      return sql`${e} ilike ${bound[0]}`;
    case 'ne':
      return sql`(${e} is null or ${e} <> ${p(0)})`;
    default:
      return sql`${e} ${sql.raw(CMP[f.op]!)} ${p(0)}`;
  }
}
