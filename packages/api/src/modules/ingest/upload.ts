import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Problem } from '../../lib/problems';

/** Content types an upload may have; the format is still sniffed from the bytes. */
export const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/json',
  'application/x-ndjson',
  'application/octet-stream',
];

const EXTENSION: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/json': '.json',
  'application/x-ndjson': '.ndjson',
};

/** Streams a request body to a temporary file, refusing (413) past `maxBytes`; never held in memory. */
export async function spoolUpload(body: NodeJS.ReadableStream, contentType: string, maxBytes: number) {
  const path = join(
    tmpdir(),
    `kho-upload-${randomBytes(8).toString('hex')}${EXTENSION[contentType] ?? '.csv'}`,
  );
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes)
        done(
          new Problem(
            413,
            'upload-too-large',
            'Payload too large',
            `Uploads are limited to ${Math.round(maxBytes / 2 ** 20)} MB. Split the file, or load it with the kho CLI on the server.`,
          ),
        );
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  if (size === 0) {
    await rm(path, { force: true });
    throw new Problem(
      400,
      'empty-upload',
      'Bad request',
      'The request body is empty: send the file as the body (curl --data-binary @file.csv).',
    );
  }
  return { path, size, cleanup: () => rm(path, { force: true }) };
}
