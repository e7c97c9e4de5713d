import { parseNumber } from '../normalise/number';
import { parsePeriod } from '../normalise/period';
import { cleanText } from '../normalise/text';
import type { Cell } from '../read/types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface NumberFormat {
  /** Frictionless `decimalChar`: set when the column's convention is known ('.' or ','). */
  decimalChar?: string;
  groupChar?: string;
}

const MISSING = new Set(['', '-', '–', '—', '..', '...', 'x', 'n/a', 'na', 'null', 'không có', 'kxđ']);
export const isMissing = (c: Cell) =>
  c === null || (typeof c === 'string' && MISSING.has(cleanText(c).toLowerCase()));

/**
 * A number from a cell. Typed cells (XLSX, JSON) are taken as they are; text follows the
 * column's known convention, else the Vietnamese one ("1.723" = 1723, "56,5" = 56.5), except
 * where only a decimal point makes sense ("0.589").
 */
export function toNumber(c: Cell, format: NumberFormat = {}): Parsed<number | null> {
  if (c === null || isMissing(c)) return { ok: true, value: null };
  if (typeof c === 'number')
    return Number.isFinite(c) ? { ok: true, value: c } : { ok: false, reason: 'not a finite number' };
  if (typeof c === 'boolean') return { ok: false, reason: 'expected a number, found true/false' };
  const text = cleanText(c).replace(/[\s\u00A0]/g, '');
  if (format.decimalChar) {
    const group = format.groupChar ?? (format.decimalChar === '.' ? ',' : '.');
    const plain = text.replace(/%$/, '').split(group).join('').replace(format.decimalChar, '.');
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain)) return { ok: true, value: Number(plain) };
    return { ok: false, reason: `not a number (this column writes decimals with "${format.decimalChar}")` };
  }
  if (/^[+-]?0\.\d+$/.test(text)) return { ok: true, value: Number(text) };
  const r = parseNumber(text);
  return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.reason };
}

export function toInteger(c: Cell, format: NumberFormat = {}): Parsed<number | null> {
  const n = toNumber(c, format);
  if (!n.ok || n.value === null) return n;
  return Number.isInteger(n.value) && Number.isSafeInteger(n.value)
    ? n
    : { ok: false, reason: 'not a whole number' };
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'có', 'co', 'x', 'đúng', 'dung', 'c']);
const FALSE = new Set(['false', 'no', 'n', '0', 'không', 'khong', 'sai', 'k']);
export function toBoolean(c: Cell): Parsed<boolean | null> {
  if (c === null || c === '') return { ok: true, value: null };
  if (typeof c === 'boolean') return { ok: true, value: c };
  const t = cleanText(String(c)).toLowerCase();
  if (TRUE.has(t)) return { ok: true, value: true };
  if (FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, reason: 'expected yes/no (có/không, true/false, 1/0)' };
}

/** A calendar date from "31/05/2022", "31.5.2022", "2022-05-31" or a spreadsheet date. */
export function toDate(c: Cell): Parsed<string | null> {
  if (isMissing(c)) return { ok: true, value: null };
  const text = cleanText(String(c)).replace(/T00:00:00(\.000)?Z$/, '');
  const p = parsePeriod(text);
  if (p && p.granularity === 'date') return { ok: true, value: p.start };
  return { ok: false, reason: 'not a date; write it as 31/05/2022 or 2022-05-31' };
}

export function toText(c: Cell): string | null {
  if (c === null) return null;
  const t = cleanText(String(c));
  return t === '' ? null : t;
}

/** Evidence of a column's decimal convention from one text value, or undefined when it does not tell. */
export function decimalEvidence(c: Cell): '.' | ',' | undefined {
  if (typeof c !== 'string') return undefined;
  const t = c.trim().replace(/%$/, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) && t.includes('.')) return '.';
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t) && t.includes(',')) return ',';
  if (/^[+-]?\d+\.(\d{1,2}|\d{4,})$/.test(t) || /^[+-]?0\.\d+$/.test(t)) return '.';
  if (/^[+-]?\d+,(\d{1,2}|\d{4,})$/.test(t) || /^[+-]?0,\d+$/.test(t)) return ',';
  return undefined;
}
