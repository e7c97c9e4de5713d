import { cleanText, foldForSearch, normaliseToneMarks } from './text';

export interface AreaName {
  /** Canonical Vietnamese unit type ('Thành phố', 'Huyện', …), or null when the text names none. */
  type: string | null;
  /** The bare name, cleaned, diacritics kept: "Quy Nhơn". */
  name: string;
  /** foldForSearch(name): the accent-, case- and tone-placement-insensitive lookup key. */
  key: string;
}

/** Longest first, so "Thị trấn" wins over a shorter reading. */
export const AREA_TYPES = [
  'Thành phố',
  'Thị trấn',
  'Thị xã',
  'Đặc khu',
  'Phường',
  'Huyện',
  'Quận',
  'Tỉnh',
  'Xã',
];

/** Abbreviations with optional dots and spaces; one-letter ones need their dot ("H. Vân Canh", not "H Bông"). */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/^t\s?\.?\s?p(?:\.\s*|\s+)/i, 'Thành phố'],
  [/^t\s?\.?\s?x(?:\.\s*|\s+)/i, 'Thị xã'],
  [/^t\s?\.?\s?t(?:\.\s*|\s+)/i, 'Thị trấn'],
  [/^h\.\s*/i, 'Huyện'],
  [/^q\.\s*/i, 'Quận'],
  [/^p\.\s*/i, 'Phường'],
  [/^x\.\s*/i, 'Xã'],
];

const TOTAL_SUFFIX = /\s*(?:[-–—:]\s*)?\(?\s*t[ổo]ng\s+s[ốo]\s*\)?$/iu;
const LEADING_BULLET = /^(?:[-–—•*+]\s*)+/u;

const sameWord = (a: string, b: string) => normaliseToneMarks(a.toLowerCase()) === b.toLowerCase();
const hasDiacritics = (s: string) =>
  s.normalize('NFD') !== s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') || /[đĐ]/.test(s);

/**
 * The unit type a text starts with, and the length of that prefix. A type written without
 * diacritics counts when the whole text has none ("thanh pho quy nhon") or when it is two words
 * ("Thanh pho Quy Nhơn"); a one-word "Quan" in accented text is a name ("Quan Hóa"), not Quận.
 */
function typePrefix(text: string): [string, number] | null {
  for (const [pattern, type] of ABBREVIATIONS) {
    const m = pattern.exec(text);
    if (m) return [type, m[0].length];
  }
  const words = text.split(' ');
  const unaccented = !hasDiacritics(text);
  for (const type of AREA_TYPES) {
    const typeWords = type.split(' ');
    const head = words.slice(0, typeWords.length);
    const loose = unaccented || typeWords.length > 1;
    const matches =
      head.length === typeWords.length &&
      head.every(
        (w, i) => sameWord(w, typeWords[i]!) || (loose && foldForSearch(w) === foldForSearch(typeWords[i]!)),
      );
    if (matches) return [type, head.join(' ').length];
  }
  return null;
}

/** The canonical type a text names on its own ("TP.", "huyen", "Thị Xã"), or null. */
export function canonicalAreaType(text: string): string | null {
  const cleaned = cleanText(text);
  const prefix = typePrefix(`${cleaned} `);
  return prefix && cleanText(cleaned.slice(prefix[1])) === '' ? prefix[0] : null;
}

/**
 * Splits an administrative unit name into type and bare name: "TP. Quy Nhơn" → Thành phố "Quy Nhơn",
 * " Phường Nhơn Bình (Tổng số)" → Phường "Nhơn Bình", "Phường 1" → Phường "1", "Quy Nhơn" → null "Quy Nhơn".
 */
export function parseAreaName(text: string): AreaName {
  let name = cleanText(text).replace(LEADING_BULLET, '');
  const withoutTotal = name.replace(TOTAL_SUFFIX, '');
  if (withoutTotal) name = withoutTotal;
  let type: string | null = null;
  const prefix = typePrefix(name);
  const rest = prefix ? name.slice(prefix[1]).trim() : '';
  if (prefix && rest) [type, name] = [prefix[0], rest];
  return { type, name, key: foldForSearch(name) };
}
