import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { type FileFormat, FileProblem } from './types';

export const SAMPLE_BYTES = 64 * 1024;

export async function readSample(path: string, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Share of bytes that no text file has (NUL and C0 controls other than tab, CR, LF, FF). */
function binaryShare(sample: Buffer): number {
  if (sample.length === 0) return 0;
  // UTF-16 text is full of NULs: leave it to the decoder, which recognises its BOM.
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return 0;
  let odd = 0;
  for (const b of sample) if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12)) odd++;
  return odd / sample.length;
}

/** Which reader a file needs, from its name and its first bytes; refuses what no reader can read. */
export function detectFormat(fileName: string, sample: Buffer, forced?: FileFormat): FileFormat {
  if (sample.length === 0)
    throw new FileProblem(
      'The file is empty.',
      0,
      'Export the sheet again and check that it has a header row and data.',
    );
  const ext = extname(fileName).toLowerCase();
  const isZip = sample.subarray(0, 4).equals(ZIP);
  if (forced) return forced;
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!isZip)
      throw new FileProblem(
        `${fileName} is named .xlsx but is not an Excel workbook.`,
        0,
        'Open it in Excel or LibreOffice and save it as .xlsx or .csv.',
      );
    return 'xlsx';
  }
  if (sample.subarray(0, 4).equals(OLE) || ext === '.xls') {
    throw new FileProblem(
      'This is an old Excel 97–2003 workbook (.xls), which Kho does not read.',
      0,
      'Save it as .xlsx (Excel 2007+) or as CSV UTF-8 and upload that.',
    );
  }
  if (isZip) {
    throw new FileProblem(
      `${fileName} is a zip archive (perhaps an Excel workbook renamed), not ${ext ? `a ${ext} file` : 'text'}.`,
      0,
      'If it is an Excel workbook, name it .xlsx; otherwise export the data as CSV.',
    );
  }
  if (binaryShare(sample) > 0.01) {
    throw new FileProblem(
      `${fileName} is not a text file: it contains binary data.`,
      0,
      'Upload a CSV, XLSX, JSON or NDJSON export of the data.',
    );
  }
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  const first = sample
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (ext === '' && (first === '[' || first === '{')) return first === '[' ? 'json' : 'ndjson';
  return 'csv';
}
