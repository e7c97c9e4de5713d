import type { TableSchemaInput } from '@kho/schema';
import { decimalEvidence, isMissing, toBoolean, toDate, toInteger, toNumber } from '../../load/values';
import { foldForSearch } from '../../normalise/text';
import type { Cell, SourceRow } from '../../read/types';

type FieldType = 'integer' | 'number' | 'boolean' | 'date' | 'string';
const ORDER: FieldType[] = ['boolean', 'integer', 'number', 'date', 'string'];

interface ColumnStats {
  possible: Set<FieldType>;
  decimal?: '.' | ',';
  conflictingDecimals: boolean;
  nonEmpty: number;
  values?: Set<string>;
  duplicate: boolean;
}

const ID_NAMES = new Set([
  'id',
  'ma',
  'ma so',
  'code',
  'osm id',
  'osm_id',
  'ma co so',
  'ma truong',
  'ma dinh danh',
  'stt id',
]);
const looksLikeId = (header: string) => {
  const f = foldForSearch(header);
  return ID_NAMES.has(f) || /(^| )id$/.test(f) || f.startsWith('ma ');
};

/**
 * A Table Schema inferred from every row of the file (a first load with no data dictionary):
 * each column gets the narrowest of boolean, integer, number, date, string that all its
 * values fit; a decimal convention where its numbers show one; and an id-like column whose
 * values are all present and unique becomes the primary key.
 */
export async function inferTableSchema(
  headers: string[],
  rows: AsyncIterable<SourceRow>,
): Promise<TableSchemaInput> {
  const stats = new Map<string, ColumnStats>(
    headers.map((h) => [
      h,
      {
        possible: new Set(ORDER),
        conflictingDecimals: false,
        nonEmpty: 0,
        ...(looksLikeId(h) ? { values: new Set<string>() } : {}),
        duplicate: false,
      },
    ]),
  );
  let count = 0;
  for await (const row of rows) {
    count++;
    for (const h of headers) {
      const s = stats.get(h)!;
      const c: Cell = row.cells[h] ?? null;
      if (isMissing(c)) continue;
      s.nonEmpty++;
      if (s.values) {
        const k = String(c);
        if (s.values.has(k)) {
          s.duplicate = true;
          s.values = undefined;
        } else s.values.add(k);
      }
      const ev = decimalEvidence(c);
      if (ev) {
        if (s.decimal && s.decimal !== ev) s.conflictingDecimals = true;
        s.decimal = ev;
      }
      if (s.possible.size === 1) continue;
      // A code with a leading zero ("021553") or a phone number ("+84…") is an identifier: keep it as text.
      if (typeof c === 'string' && /^(0\d|\+)/.test(c.trim())) {
        s.possible.delete('integer');
        s.possible.delete('number');
      }
      if (
        s.possible.has('boolean') &&
        (typeof c === 'number' || !toBoolean(c).ok || /^[01]$/.test(String(c)))
      )
        s.possible.delete('boolean');
      const fmt = s.decimal ? { decimalChar: s.decimal } : {};
      if (s.possible.has('integer') && !toInteger(c, fmt).ok) s.possible.delete('integer');
      if (s.possible.has('number') && !toNumber(c, fmt).ok) s.possible.delete('number');
      if (s.possible.has('date') && (typeof c === 'number' || !toDate(c).ok)) s.possible.delete('date');
    }
  }
  const fields = headers.map((h) => {
    const s = stats.get(h)!;
    let type: FieldType = s.nonEmpty === 0 ? 'string' : (ORDER.find((t) => s.possible.has(t)) ?? 'string');
    if ((type === 'integer' || type === 'number') && s.conflictingDecimals) type = 'string';
    return {
      name: h,
      type,
      ...((type === 'number' || type === 'integer') && s.decimal ? { decimalChar: s.decimal } : {}),
    };
  });
  const key = headers.find((h) => {
    const s = stats.get(h)!;
    return s.values && !s.duplicate && s.nonEmpty === count && count > 0;
  });
  return { fields: fields as TableSchemaInput['fields'], ...(key ? { primaryKey: [key] } : {}) };
}
