import { pipeline, type Readable, Transform } from 'node:stream';
import type { RowSource } from '../records/source';
import { csvHeader, geojsonFeature, jsonArray, jsonObject, type OutColumn } from './columns';
import type { FeedQuery } from './feed';

export const FORMATS = ['csv', 'json', 'ndjson', 'geojson', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What each format reads from the database: CSV cells, or one JSON document per row. */
export function feedShape(
  format: Format,
  source: RowSource,
  columns: OutColumn[],
): Pick<FeedQuery, 'mode' | 'select'> {
  switch (format) {
    case 'csv':
      return { mode: 'csv', select: columns.map((c) => c.text) };
    case 'geojson':
      return { mode: 'line', select: [geojsonFeature(source, columns)] };
    case 'xlsx':
      return { mode: 'line', select: [jsonArray(columns)] };
    default:
      return { mode: 'line', select: [jsonObject(columns)] };
  }
}

const NL = 0x0a;

/**
 * Rows (one per line) → one JSON document: `prefix`, the rows separated by commas, `suffix`.
 * Byte-level, so it never parses a row and never splits a UTF-8 character.
 */
function joinRows(prefix: string, suffix: string): Transform {
  let held = false;
  return new Transform({
    construct(callback) {
      this.push(prefix);
      callback();
    },
    transform(chunk: Buffer, _enc, callback) {
      if (!chunk.length) return callback();
      const parts: Buffer[] = [];
      if (held) parts.push(Buffer.from(',\n'));
      held = chunk[chunk.length - 1] === NL;
      const body = held ? chunk.subarray(0, -1) : chunk;
      let start = 0;
      for (let i = body.indexOf(NL); i !== -1; i = body.indexOf(NL, start)) {
        parts.push(body.subarray(start, i), Buffer.from(',\n'));
        start = i + 1;
      }
      parts.push(body.subarray(start));
      callback(null, Buffer.concat(parts));
    },
    flush(callback) {
      callback(null, `${held ? '\n' : ''}${suffix}`);
    },
  });
}

function prefixed(prefix: string): Transform {
  return new Transform({
    construct(callback) {
      if (prefix) this.push(prefix);
      callback();
    },
    transform(chunk, _enc, callback) {
      callback(null, chunk);
    },
  });
}

/** The body of a text format around the feed; destroying it destroys the feed. */
export function textBody(
  format: Exclude<Format, 'xlsx'>,
  feed: Readable,
  columns: OutColumn[],
  bom: boolean,
) {
  const frame =
    format === 'csv'
      ? prefixed(`${bom ? '\uFEFF' : ''}${csvHeader(columns)}`)
      : format === 'ndjson'
        ? prefixed('')
        : format === 'json'
          ? joinRows('[\n', ']\n')
          : joinRows('{"type":"FeatureCollection","features":[\n', ']}\n');
  return pipeline(feed, frame, () => {});
}
