import { cleanText } from '../normalise/text';

/** Clean header names; blank ones become column_N and repeats get a suffix, so every cell has a name. */
export function cleanHeaders(raw: unknown[]): { headers: string[]; warnings: string[] } {
  const seen = new Map<string, number>();
  const warnings: string[] = [];
  const headers = raw.map((h, i) => {
    let name = cleanText(h == null ? '' : String(h));
    if (!name) name = `column_${i + 1}`;
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
