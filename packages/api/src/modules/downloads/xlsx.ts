import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { OutColumn } from './columns';

type Cell = string | number | boolean | Date | null;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A JSON value as a typed cell: numbers as numbers, dates as dates, structures as JSON text. */
function cell(value: unknown, type: OutColumn['type']): Cell {
  if (value === null || value === undefined) return null;
  if (type === 'date' && typeof value === 'string' && DAY.test(value)) return new Date(`${value}T00:00:00Z`);
  if (typeof value === 'object') return JSON.stringify(value);
  // Datetimes stay ISO text: a spreadsheet cell has no time zone to keep the offset in.
  return value as string | number | boolean;
}

/** An Excel sheet name: at most 31 characters, none of \ / ? * [ ] : */
export const sheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, '-').slice(0, 31) || 'data';

/** Bytes of sheet XML waiting to be zipped before rows wait. */
const SHEET_BACKLOG = 1 << 20;

/**
 * exceljs writes the sheet into a buffer piped into the zip (a readable-stream v2 PassThrough)
 * without looking at backpressure: the backlog at the zip's end of that pipe is where to wait.
 * It grows while compression or the client lag; 'drain' comes when it is empty again.
 */
function backedUpSink(ws: unknown): Writable | undefined {
  const sink = (ws as { stream?: { pipes?: Writable[] } }).stream?.pipes?.[0];
  const state = (sink as { _writableState?: { length: number } } | undefined)?._writableState;
  return sink && state && state.length > SHEET_BACKLOG ? sink : undefined;
}

/**
 * XLSX with exceljs's streaming WorkbookWriter: rows (JSON arrays, one per line) are committed
 * as they come, and fed only while the zip keeps up, so memory stays flat whatever the row
 * count. Destroying the returned stream stops reading the feed.
 */
export async function xlsxBody(feed: Readable, columns: OutColumn[], sheet: string): Promise<Readable> {
  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Kho';
  const ws = workbook.addWorksheet(sheetName(sheet));
  ws.columns = columns.map((c) => ({
    header: c.name,
    key: c.name,
    width: Math.min(40, Math.max(10, c.name.length + 2)),
    ...(c.type === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
  }));
  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  void (async () => {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of feed) {
        const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          const values = JSON.parse(line) as unknown[];
          ws.addRow(values.map((v, i) => cell(v, columns[i]!.type))).commit();
        }
        const sink = backedUpSink(ws);
        if (sink) await Promise.race([once(sink, 'drain'), closed]);
        if (out.destroyed) return;
      }
      ws.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    } finally {
      feed.destroy();
    }
  })();
  return out;
}
