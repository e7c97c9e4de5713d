import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { csvField } from '../../src/read/csv-write';

/** A change to a real file, and whether the rows it holds stay exactly the same. */
export interface Mutation {
  name: string;
  apply(file: Buffer): Buffer;
  /** Same rows, other bytes (order, quoting, encoding): loading it must change nothing. */
  sameRows: boolean;
  /** Works on parsed rows (applied first, on UTF-8 text) rather than on the bytes. */
  rows?: boolean;
}

/**
 * The delimiter a file written by these mutations uses: `;` once 'semicolon-delimited' ran (its
 * header then has no comma), else `,`. Later row mutations read and write with it, so a shuffle
 * after the delimiter change keeps the rows (parsing a `;` file at commas cut quoted cells).
 */
const delimiterOf = (file: Buffer): string => {
  const end = file.indexOf(0x0a);
  const head = file.subarray(0, end < 0 ? file.length : end).toString('utf8');
  return head.includes(';') && !head.includes(',') ? ';' : ',';
};

/** The rows of a CSV; none when it cannot be parsed (a truncated quote …): the mutation is then a no-op. */
function rowsOf(file: Buffer, delimiter: string): string[][] {
  try {
    return parse(file, { bom: true, relax_column_count: true, delimiter });
  } catch {
    return [];
  }
}
/** A rows mutation, leaving a file without rows as it is. */
const onRows = (
  name: string,
  sameRows: boolean,
  f: (rows: string[][]) => string[][],
  delimiter?: string,
): Mutation => ({
  name,
  sameRows,
  rows: true,
  apply: (b) => {
    const read = delimiterOf(b);
    const rows = rowsOf(b, read);
    return rows.length ? write(f(rows), delimiter ?? read) : b;
  },
});
const write = (rows: string[][], delimiter = ',') =>
  Buffer.from(
    `${rows.map((r) => r.map((c) => (delimiter === ',' ? csvField(c) : /[";\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter)).join('\n')}\n`,
  );

const permute = <T>(xs: T[], order: number[]): T[] =>
  xs
    .map((_, i) => i)
    .sort((a, b) => order[a % order.length]! - order[b % order.length]! || a - b)
    .map((i) => xs[i]!);

const BAD_CELLS = [
  'nhiều',
  'Huyện Không Có',
  'a\u0000b',
  '"',
  '1.2.3,4',
  '-',
  '#N/A',
  '2022-02-30',
  '99999999999999999999999',
  'x'.repeat(70_000),
  '=cmd|/c calc',
  '🏥',
];

/** Mutations of a CSV, built from random choices. Apply the `rows` ones first (see `applyAll`). */
export function mutationArb(): fc.Arbitrary<Mutation> {
  const order = fc.array(fc.integer(), { minLength: 1, maxLength: 40 });
  return fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({
      name: `truncated at ${(f * 100).toFixed(1)}%`,
      sameRows: false,
      apply: (b: Buffer) => b.subarray(0, Math.floor(b.length * f)),
    })),
    fc.constantFrom<Mutation>(
      {
        name: 're-encoded as Windows-1258',
        sameRows: true,
        // Only where every character has a Windows-1258 form (else the file is left as it is).
        apply: (b) => {
          const text = b.toString('utf8').normalize('NFD');
          const encoded = iconv.encode(text, 'windows-1258');
          return iconv.decode(encoded, 'windows-1258') === text ? encoded : b;
        },
      },
      {
        name: 're-encoded as UTF-16LE with BOM',
        sameRows: false,
        apply: (b) =>
          Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(b.toString('utf8'), 'utf-16le')]),
      },
      {
        name: 'with a UTF-8 BOM',
        sameRows: true,
        apply: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
      },
      {
        name: 'decomposed (NFD)',
        sameRows: true,
        apply: (b) => Buffer.from(b.toString('utf8').normalize('NFD')),
      },
      {
        name: 'mojibake (UTF-8 read as Latin-1)',
        sameRows: false,
        apply: (b) => Buffer.from(b.toString('latin1'), 'utf8'),
      },
      {
        name: 'CRLF line ends',
        sameRows: true,
        apply: (b) => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r\n')),
      },
      onRows('semicolon-delimited', true, (r) => r, ';'),
      onRows('header only', false, (r) => r.slice(0, 1)),
      { name: 'empty', sameRows: false, apply: () => Buffer.alloc(0) },
      onRows('a column dropped', false, (r) => r.map((row) => row.slice(1))),
      onRows('a row repeated', false, (r) => [...r, r[r.length - 1]!]),
      {
        name: 'binary garbage appended',
        sameRows: false,
        apply: (b) => Buffer.concat([b, Buffer.from([0, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47])]),
      },
    ),
    order.map((o) =>
      onRows('columns shuffled', true, (rows) => {
        const cols = permute(
          rows[0]!.map((_, i) => i),
          o,
        );
        return rows.map((r) => cols.map((c) => r[c] ?? ''));
      }),
    ),
    order.map((o) => onRows('rows shuffled', true, ([head, ...rest]) => [head!, ...permute(rest, o)])),
    fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...BAD_CELLS)).map(([at, col, bad]) =>
      onRows(`a bad cell (${JSON.stringify(bad.slice(0, 20))})`, false, (rows) => {
        const r = 1 + (at % Math.max(1, rows.length - 1));
        const row = [...(rows[r] ?? rows[0]!)];
        row[col % row.length] = bad;
        return [...rows.slice(0, r), row, ...rows.slice(r + 1)];
      }),
    ),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5 })).map(([at, extra]) =>
      onRows(`a row with ${extra} extra cells`, false, (rows) => {
        const r = 1 + (at % Math.max(1, rows.length - 1));
        return [
          ...rows.slice(0, r),
          [...(rows[r] ?? []), ...Array(extra).fill('thừa')],
          ...rows.slice(r + 1),
        ];
      }),
    ),
  );
}

/** Applies mutations: those on rows first (they parse UTF-8), then those on bytes. */
export function applyAll(file: Buffer, mutations: Mutation[]): Buffer {
  const ordered = [...mutations.filter((m) => m.rows), ...mutations.filter((m) => !m.rows)];
  return ordered.reduce((b, m) => m.apply(b), file);
}
