/** A cell as read: text from CSV, typed values from XLSX and JSON (never re-parsed as Vietnamese text). */
export type Cell = string | number | boolean | null;

export interface SourceRow {
  /** The row as the publisher sees it: the line in a CSV, the row number in a sheet, the index in JSON (1 = header). */
  row: number;
  cells: Record<string, Cell>;
  /** Non-empty cells beyond the header's columns (a shifted row). */
  extra?: number;
}

export type FileFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

export interface Table {
  format: FileFormat;
  headers: string[];
  rows: AsyncIterable<SourceRow>;
  /** What was detected, shown in the report. */
  encoding?: string;
  legacy?: 'tcvn3' | 'vni' | null;
  delimiter?: string;
  sheet?: string;
  warnings: string[];
}

/** A problem with the file as a whole: nothing can be read from it. */
export class FileProblem extends Error {
  constructor(
    message: string,
    readonly row = 0,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}
