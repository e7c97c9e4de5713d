import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileProblem } from './types';
import { readXlsx } from './xlsx';

const dir = mkdtempSync(join(tmpdir(), 'kho-xlsx-'));

/** A workbook of `sheets` sheets S0…, each with a header and one row naming its sheet. */
async function workbook(sheets: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (let i = 0; i < sheets; i++) {
    const ws = wb.addWorksheet(`S${i}`);
    ws.addRow(['Tên', 'Số']);
    ws.addRow([`trang ${i}`, i]);
  }
  const path = join(dir, `wb-${sheets}.xlsx`);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

async function rowsOf(path: string, sheet?: string) {
  const table = await readXlsx(path, sheet);
  const rows = [];
  for await (const r of table.rows) rows.push(r.cells);
  return { sheet: table.sheet, rows };
}

describe('readXlsx', () => {
  // exceljs's streaming reader parses the zip in one pass; unzipper's parser announced the end
  // of its entries as soon as it had read the whole file, while exceljs was still busy with an
  // earlier entry, so the entries parsed ahead of it were lost — xl/workbook.xml, stored last,
  // among them ("Cannot read properties of undefined (reading 'sheets')"). With ten sheets that
  // happened on every read, with two now and then under load (a CI failure). The fix is the
  // pnpm patch of unzipper (patches/unzipper@0.10.14.patch).
  it('reads any sheet of a workbook with many sheets, every time', async () => {
    const path = await workbook(12);
    for (let k = 0; k < 5; k++) {
      expect(await rowsOf(path, 'S11')).toEqual({ sheet: 'S11', rows: [{ Tên: 'trang 11', Số: 11 }] });
      expect(await rowsOf(path, 'S3')).toEqual({ sheet: 'S3', rows: [{ Tên: 'trang 3', Số: 3 }] });
      expect(await rowsOf(path)).toEqual({ sheet: 'S0', rows: [{ Tên: 'trang 0', Số: 0 }] });
    }
  });

  it('names every sheet when the one asked for is missing', async () => {
    const path = await workbook(10);
    await expect(readXlsx(path, 'Khác')).rejects.toThrow(
      'The workbook has no sheet named "Khác". Its sheets: S0, S1, S2, S3, S4, S5, S6, S7, S8, S9.',
    );
  });

  it('refuses a workbook cut short with a FileProblem at every length, never hanging', async () => {
    const whole = readFileSync(await workbook(3));
    const cut = join(dir, 'cut.xlsx');
    const step = Math.ceil(whole.length / 40);
    for (let length = 4; length < whole.length - 22; length += step) {
      writeFileSync(cut, whole.subarray(0, length));
      const outcome = await readXlsx(cut).then(
        () => 'read',
        (err: unknown) => err,
      );
      // The central directory is at the end of a zip: any cut loses it, and the reader says so
      // before a row is read (a cut file never loads part of a sheet).
      expect(outcome, `cut at ${length} bytes`).toBeInstanceOf(FileProblem);
    }
  });
});
