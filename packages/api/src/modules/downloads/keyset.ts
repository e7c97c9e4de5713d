import { type SQL, sql } from '@kho/schema';
import type { SortKey } from '../records/records.queries';

const SQL_TYPE: Record<string, string> = {
  integer: 'numeric',
  number: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
};

/**
 * Rows after (keys, id) in the order of records' orderBy(keys): each key nulls last, then r.id.
 * The keys come back as the text of the last row's values and are cast to the field's type,
 * so numbers, dates and times compare exactly as they sorted.
 */
export function keysetAfter(keys: SortKey[], values: (string | null)[], id: number): SQL {
  const terms: { expr: SQL; op: '<' | '>'; value: SQL; skip: boolean }[] = [];
  keys.forEach((k, i) => {
    const v = values[i] ?? null;
    terms.push({
      expr: sql`(${k.field.expr} is null)`,
      op: '>',
      value: sql`${v === null}::boolean`,
      skip: false,
    });
    terms.push({
      expr: k.field.expr,
      op: k.desc ? '<' : '>',
      value: v === null ? sql`null` : sql`${v}::${sql.raw(SQL_TYPE[k.field.type] ?? 'text')}`,
      // Nothing sorts after a null within equal preceding keys but other nulls.
      skip: v === null,
    });
  });
  terms.push({ expr: sql`r.id`, op: '>', value: sql`${id}::bigint`, skip: false });
  const ors = terms.flatMap((t, i) =>
    t.skip
      ? []
      : [
          sql.join(
            [
              ...terms.slice(0, i).map((e) => sql`${e.expr} is not distinct from ${e.value}`),
              sql`${t.expr} ${sql.raw(t.op)} ${t.value}`,
            ],
            sql` and `,
          ),
        ],
  );
  return sql`(${sql.join(ors, sql` or `)})`;
}
