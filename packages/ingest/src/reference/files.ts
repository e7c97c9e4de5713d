import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const REFERENCE_DIR = fileURLToPath(new URL('../../reference', import.meta.url));

export type CsvRow = Record<string, string>;

export function readReferenceCsv(name: string): CsvRow[] {
  return parse(readFileSync(`${REFERENCE_DIR}/${name}`), { columns: true, bom: true, skip_empty_lines: true });
}

/** Hash of the given reference files: reseeding happens only when it changes. */
export function referenceHash(names: string[]): string {
  const h = createHash('sha256');
  for (const n of names) h.update(n).update(readFileSync(`${REFERENCE_DIR}/${n}`));
  return h.digest('hex');
}

/** Empty CSV cells are nulls. */
export const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
