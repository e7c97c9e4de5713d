import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import streamArray from 'stream-json/streamers/stream-array.js';
import { PROTO_RENAMED, protoWarning } from './headers';
import { type Cell, FileProblem, type SourceRow, type Table } from './types';

function toCells(value: unknown, row: number, warnings: string[]): Record<string, Cell> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FileProblem(
      `Item ${row - 1} is not an object with named fields.`,
      row,
      'Each item must look like {"field": value, …}.',
    );
  }
  const cells: Record<string, Cell> = {};
  for (const [key, v] of Object.entries(value)) {
    let k = key;
    if (k === '__proto__') {
      if (Object.hasOwn(value, PROTO_RENAMED))
        throw new FileProblem(
          `Item ${row - 1} has both "__proto__" and "${PROTO_RENAMED}".`,
          row,
          `"__proto__" cannot name a field and is read as "${PROTO_RENAMED}"; rename one of them.`,
        );
      if (!warnings.includes(protoWarning)) warnings.push(protoWarning);
      k = PROTO_RENAMED;
    }
    cells[k] =
      v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? v
        : JSON.stringify(v);
  }
  return cells;
}

/**
 * JSON (an array of objects) and NDJSON (one object per line), streamed. The header is the
 * first item's keys, plus keys first seen later (reported as warnings).
 */
async function tableFrom(
  items: AsyncIterator<{ row: number; value: unknown }>,
  format: 'json' | 'ndjson',
): Promise<Table> {
  const first = await items.next();
  if (first.done)
    throw new FileProblem('The file has no items.', 0, 'Expected an array of objects, one per row.');
  const warnings: string[] = [];
  const firstCells = toCells(first.value.value, first.value.row, warnings);
  const headers = Object.keys(firstCells);
  async function* rows(): AsyncGenerator<SourceRow> {
    yield { row: first.value!.row, cells: firstCells };
    for (;;) {
      const next = await items.next();
      if (next.done) return;
      const cells = toCells(next.value.value, next.value.row, warnings);
      for (const k of Object.keys(cells)) {
        if (!headers.includes(k)) {
          headers.push(k);
          warnings.push(`The field "${k}" first appears in item ${next.value.row - 1}.`);
        }
      }
      yield { row: next.value.row, cells };
    }
  }
  return { format, headers, rows: rows(), encoding: 'utf-8', warnings };
}

export async function readJson(path: string): Promise<Table> {
  const pipeline = createReadStream(path).pipe(streamArray.withParserAsStream());
  async function* items() {
    try {
      for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
        yield { row: item.key + 2, value: item.value };
      }
    } catch (err) {
      if (err instanceof FileProblem) throw err;
      throw new FileProblem(
        `The JSON could not be read: ${(err as Error).message}`,
        0,
        'The file must be one JSON array of objects.',
      );
    }
  }
  return tableFrom(items(), 'json');
}

export async function readNdjson(path: string): Promise<Table> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  async function* items() {
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line.replace(/^\uFEFF/, ''));
      } catch {
        throw new FileProblem(
          `Line ${n} is not valid JSON.`,
          n + 1,
          'NDJSON has exactly one JSON object per line.',
        );
      }
      yield { row: n + 1, value };
    }
  }
  return tableFrom(items(), 'ndjson');
}
