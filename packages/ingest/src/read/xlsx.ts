import ExcelJS from 'exceljs';
import { cleanHeaders } from './headers';
import { type Cell, FileProblem, type SourceRow, type Table } from './types';

/** An Excel cell as a plain value: numbers stay numbers, dates become ISO dates, formulas their result. */
export function excelValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof v === 'object') {
    if ('result' in v) return excelValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return null;
  }
  return String(v);
}

const isBlank = (values: Cell[]) =>
  values.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** What went wrong inside exceljs or the zip, as a problem with the file (a FileProblem stays as it is). */
function unreadable(err: unknown): FileProblem {
  if (err instanceof FileProblem) return err;
  return new FileProblem(
    `The workbook could not be read: ${(err as Error).message}`,
    0,
    'Open it in Excel or LibreOffice and save it again as .xlsx.',
  );
}

/**
 * Streams one worksheet: the one named by `sheet`, or else the first that has any data. Rows
 * are read with exceljs's streaming reader, so memory does not grow with the sheet (shared
 * strings are cached, as Excel stores them once for the workbook).
 */
export async function readXlsx(path: string, sheet?: string): Promise<Table> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  const sheetsIterator = reader[Symbol.asyncIterator]();
  const seen: string[] = [];
  const warnings: string[] = [];
  try {
    for (;;) {
      const next = await sheetsIterator.next();
      if (next.done) break;
      const ws = next.value as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      const name = ws.name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      if (sheet && name !== sheet) {
        for await (const _ of ws) {
          // Skipping a sheet still means reading past it in the zip stream.
        }
        continue;
      }
      const rowsIterator = ws[Symbol.asyncIterator]();
      let header: ExcelJS.Row | undefined;
      for (;;) {
        const r = await rowsIterator.next();
        if (r.done) break;
        const values = (r.value.values as ExcelJS.CellValue[]).slice(1).map(excelValue);
        if (!isBlank(values)) {
          header = r.value;
          break;
        }
      }
      if (!header) {
        if (sheet) throw new FileProblem(`The sheet "${sheet}" is empty.`);
        warnings.push(`The sheet "${name}" is empty and was skipped.`);
        continue;
      }
      const cleaned = cleanHeaders((header.values as ExcelJS.CellValue[]).slice(1).map(excelValue));
      warnings.push(...cleaned.warnings);
      const headers = cleaned.headers;
      async function* rows(): AsyncGenerator<SourceRow> {
        for (;;) {
          let r: IteratorResult<ExcelJS.Row>;
          try {
            r = await rowsIterator.next();
          } catch (err) {
            throw unreadable(err);
          }
          if (r.done) return;
          const values = (r.value.values as ExcelJS.CellValue[]).slice(1).map(excelValue);
          if (isBlank(values)) continue;
          const cells: Record<string, Cell> = {};
          for (let i = 0; i < headers.length; i++) cells[headers[i]!] = values[i] ?? null;
          const extra = values.slice(headers.length).filter((c) => c !== null && c !== '').length;
          yield { row: r.value.number, cells, ...(extra ? { extra } : {}) };
        }
      }
      if (!sheet && seen.length > 1)
        warnings.push(`Read the sheet "${name}", the first with data; choose another with --sheet.`);
      return { format: 'xlsx', headers, rows: rows(), sheet: name, warnings };
    }
  } catch (err) {
    throw unreadable(err);
  }
  if (sheet)
    throw new FileProblem(
      `The workbook has no sheet named "${sheet}". Its sheets: ${seen.join(', ') || 'none'}.`,
    );
  if (seen.length === 0)
    throw new FileProblem(
      'The workbook holds no worksheet: it is damaged or was cut short.',
      0,
      'Open it in Excel or LibreOffice and save it again as .xlsx.',
    );
  throw new FileProblem('Every sheet of the workbook is empty.');
}
