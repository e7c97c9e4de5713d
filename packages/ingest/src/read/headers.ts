import { cleanText } from '../normalise/text';

/**
 * "__proto__" cannot name a field: assigned as an object key it sets the prototype and the cell is
 * lost. It is read as this name instead, with a warning.
 */
export const PROTO_RENAMED = '_proto_';
export const protoWarning = `The field name "__proto__" cannot be used; it is read as "${PROTO_RENAMED}".`;

/** Clean header names; blank ones become column_N and repeats get a suffix, so every cell has a name. */
export function cleanHeaders(raw: unknown[]): { headers: string[]; warnings: string[] } {
  const seen = new Map<string, number>();
  const warnings: string[] = [];
  const headers = raw.map((h, i) => {
    let name = cleanText(h == null ? '' : String(h));
    if (!name) name = `column_${i + 1}`;
    if (name === '__proto__') {
      warnings.push(protoWarning);
      name = PROTO_RENAMED;
    }
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) {
      warnings.push(`The column "${name}" appears ${n + 1} times; the repeat is read as "${name}_${n + 1}".`);
      name = `${name}_${n + 1}`;
    }
    return name;
  });
  return { headers, warnings };
}
