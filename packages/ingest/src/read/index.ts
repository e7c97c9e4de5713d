import { basename } from 'node:path';
import { readCsv } from './csv';
import { readJson, readNdjson } from './json';
import { detectFormat, readSample } from './sniff';
import type { FileFormat, Table } from './types';

export { detectFormat } from './sniff';
export * from './types';

export interface OpenOptions {
  /** The name the publisher gave the file (uploads are stored under temporary names). */
  fileName?: string;
  sheet?: string;
  format?: FileFormat;
}

/** Opens a file as a stream of rows with named cells, whatever its format; refuses unreadable files with a FileProblem. */
export async function openTable(path: string, options: OpenOptions = {}): Promise<Table> {
  const sample = await readSample(path);
  const format = detectFormat(options.fileName ?? basename(path), sample, options.format);
  switch (format) {
    case 'xlsx':
      // exceljs is large: load it only for workbooks.
      return (await import('./xlsx')).readXlsx(path, options.sheet);
    case 'json':
      return readJson(path);
    case 'ndjson':
      return readNdjson(path);
    default:
      return readCsv(path, sample);
  }
}
