import { BadRequest } from './problems';

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: Record<string, string | number | null>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, fields: string[]): Record<string, string | number | null> {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    const key = value as Record<string, unknown>;
    for (const f of fields) {
      const v = key[f];
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new Error(`missing ${f}`);
    }
    return key as Record<string, string | number | null>;
  } catch {
    throw new BadRequest(
      'invalid-cursor',
      "The cursor is not one this API issued. Start again without `cursor`, then pass each page's `nextCursor` unchanged.",
      [{ parameter: 'cursor', message: 'malformed cursor' }],
    );
  }
}
