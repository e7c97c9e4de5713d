import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { convertLegacy, decodeText } from '../normalise/encoding';
import { cleanHeaders } from './headers';
import { FileProblem, type SourceRow, type Table } from './types';

/** Largest record (characters) a row may have; a bigger one is refused with its row number, not read into memory. */
export const MAX_RECORD_CHARS = 1_000_000;

/** Bytes of the sample up to its last line break, so a multi-byte character is never cut in two. */
function wholeLines(sample: Buffer): Buffer {
  const nl = sample.lastIndexOf(0x0a);
  return nl > 0 && sample.length >= 64 * 1024 ? sample.subarray(0, nl + 1) : sample;
}

/** The delimiter used in the header line (outside quotes): comma, semicolon or tab. */
export function sniffDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

export async function readCsv(path: string, sample: Buffer): Promise<Table> {
  const detected = decodeText(wholeLines(sample));
  const delimiter = sniffDelimiter(detected.text);
  const legacy = detected.legacy;
  const warnings: string[] = [];
  if (detected.encoding.startsWith('windows-'))
    warnings.push(
      `The file is not UTF-8; it was read as ${detected.encoding === 'windows-1258' ? 'Windows-1258 (Vietnamese)' : 'Windows-1252'}.`,
    );
  if (legacy)
    warnings.push(
      `The text uses the legacy ${legacy.toUpperCase()} font encoding; it was converted to Unicode.`,
    );

  const source = createReadStream(path);
  const nodeEncoding =
    detected.encoding === 'utf-8' || detected.encoding === 'utf-8-bom' ? null : detected.encoding;
  const text = nodeEncoding ? source.pipe(iconv.decodeStream(nodeEncoding)) : source;
  const parser = text.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
  source.on('error', (e) => parser.destroy(e));
  // Windows-1258 spells tones as combining marks: compose them (NFC) like every other source.
  const compose = detected.encoding === 'windows-1258';
  const fix = (v: string) => (legacy ? convertLegacy(v, legacy) : compose ? v.normalize('NFC') : v);
  // Rows are numbered as a spreadsheet shows them: the header is row 1, each record one row
  // (a quoted line break stays inside its cell), blank lines count but are skipped.
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let record = 0;

  const fail = (err: unknown): never => {
    const e = err as { code?: string; lines?: number; records?: number; message?: string };
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      throw new FileProblem(
        `Row ${record + 1} is larger than ${MAX_RECORD_CHARS.toLocaleString('en')} characters (a cell of that size is not data this warehouse can index).`,
        record + 1,
        'Check that row: an unclosed quote or pasted file contents usually cause this.',
      );
    }
    // Every parse error of csv-parse (INVALID_OPENING_QUOTE has no CSV_ prefix: it escaped as a 500).
    if (err instanceof CsvError || e.code?.startsWith('CSV_')) {
      // The parser reads ahead of the rows taken so far: its own count names the row.
      const at = typeof e.records === 'number' ? e.records + 1 : record + 1;
      throw new FileProblem(
        `The CSV could not be read at row ${at} (line ${e.lines ?? '?'} of the text): ${e.message}`,
        at,
        'Check the quotes on that line.',
      );
    }
    throw err;
  };

  let first: IteratorResult<string[]>;
  try {
    do {
      first = await iterator.next();
      record++;
    } while (!first.done && first.value.every((c) => c.trim() === ''));
  } catch (err) {
    fail(err);
    throw err;
  }
  if (first.done)
    throw new FileProblem('The file has no rows.', 0, 'Export the sheet again with its header row.');
  const cleaned = cleanHeaders(first.value.map(fix));
  warnings.push(...cleaned.warnings);
  const headers = cleaned.headers;

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        record++;
        const values = next.value;
        if (values.length === 1 && values[0] === '') continue;
        const cells: Record<string, string> = {};
        let blank = true;
        for (let i = 0; i < headers.length; i++) {
          const v = values[i] ?? '';
          if (blank && v !== '' && v.trim() !== '') blank = false;
          cells[headers[i]!] = legacy || compose ? fix(v) : v;
        }
        let extra = 0;
        for (let i = headers.length; i < values.length; i++) if (values[i]!.trim() !== '') extra++;
        if (blank && !extra) continue;
        yield { row: record, cells, ...(extra ? { extra } : {}) };
      }
    } catch (err) {
      fail(err);
    } finally {
      parser.destroy();
    }
  }
  return { format: 'csv', headers, rows: rows(), encoding: detected.encoding, legacy, delimiter, warnings };
}
