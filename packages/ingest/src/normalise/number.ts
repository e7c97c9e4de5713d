import { cleanText } from './text';

export type NumberResult =
  | { ok: true /** null = the cell marks a missing value */; value: number | null; percent: boolean }
  | { ok: false; reason: string };

/** Cell contents that statistical yearbooks use for "no data" / "not applicable". */
const MISSING = new Set(['', '-', '--', '–', '—', '..', '...', '…', 'x', 'n/a', 'na']);

/**
 * Parses a number as written in Vietnamese (and English) statistical tables.
 *
 * Rules, in order:
 * - A leading sign (+, -, −) and a trailing "%" (spaces allowed) are taken off first.
 * - Spaces (incl. NBSP) are thousands separators: "1 723", "1 234 567"; groups after the first have 3 digits.
 *   A single "." or "," after such groups is the decimal point ("1 234,5").
 * - With both "." and ",", the one used last is the decimal point and occurs once; the other groups
 *   thousands: "1.234.567,5" and "1,234,567.5".
 * - One kind used several times groups thousands: "1.234.567", "1,234,567".
 * - One separator used once groups thousands when exactly 3 digits follow and 1–3 digits (not "0")
 *   precede it: "1.723" and "1,723" are 1723 (Vietnamese dot-thousands). Otherwise it is a decimal
 *   point: "1.5", "3.14", "56,5", "0.125", "1234.567".
 * - "", "-", "–", "—", "..", "x", "n/a" and the like are missing values (value null).
 */
export function parseNumber(text: string): NumberResult {
  const cleaned = cleanText(text).replace(/\u202F/g, ' ');
  if (MISSING.has(cleaned.toLowerCase())) return { ok: true, value: null, percent: false };
  const parts = /^([+\-−])?\s*(.*?)\s*(%)?$/.exec(cleaned);
  const body = parts?.[2] ?? '';
  if (!/^[\d., ]+$/.test(body) || !/\d/.test(body))
    return { ok: false, reason: `not a number: "${cleaned}"` };
  const plain = toPlainDecimal(body);
  if (plain === null) return { ok: false, reason: `misplaced separators in "${cleaned}"` };
  const value = Number(plain) * (parts?.[1] === '-' || parts?.[1] === '−' ? -1 : 1);
  if (!Number.isFinite(value)) return { ok: false, reason: `out of range: "${cleaned}"` };
  return { ok: true, value: value + 0, percent: parts?.[3] === '%' };
}

/** "1.234.567,5" → "1234567.5"; null when the separators fit none of the rules above. */
function toPlainDecimal(body: string): string | null {
  if (/^\d+$/.test(body)) return body;
  if (body.includes(' ')) {
    const m = /^(\d{1,3}(?: \d{3})+)(?:[.,](\d+))?$/.exec(body);
    if (!m) return null;
    return m[1]!.replace(/ /g, '') + (m[2] ? `.${m[2]}` : '');
  }
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const [group, decimal] = lastDot > lastComma ? [',', '.'] : ['.', ','];
    const m = new RegExp(`^(\\d{1,3}(?:\\${group}\\d{3})*)\\${decimal}(\\d+)$`).exec(body);
    return m ? `${m[1]!.split(group).join('')}.${m[2]}` : null;
  }
  const sep = lastDot >= 0 ? '.' : ',';
  const pieces = body.split(sep);
  if (pieces.length > 2) {
    const grouped = /^\d{1,3}$/.test(pieces[0]!) && pieces.slice(1).every((p) => /^\d{3}$/.test(p));
    return grouped ? pieces.join('') : null;
  }
  const [int, frac] = pieces as [string, string];
  if (!/^\d*$/.test(int) || !/^\d+$/.test(frac)) return null;
  if (/^[1-9]\d{0,2}$/.test(int) && frac.length === 3) return int + frac;
  return `${int || '0'}.${frac}`;
}
