/** Unicode NFC, trimmed, inner whitespace (incl. NBSP and zero-width) collapsed to one space. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/**
 * The accent-insensitive search form: lower case, diacritics removed, đ→d, punctuation to
 * spaces. "Thành phố Quy Nhơn" and "thanh pho quy nhon" fold to the same string.
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Unifies the two tone-mark placements of open "oa", "oe", "uy" syllables on the first vowel
 * ("Hoà" → "Hòa", "Khoá" → "Khóa", "Thuỵ" → "Thụy"), the form most official unit lists use.
 * Closed syllables ("Hoàng") and "qu" + y ("Quý") have one placement only and are left alone.
 */
export function normaliseToneMarks(value: string): string {
  return value
    .normalize('NFD')
    .replace(/([oO])([aAeE])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])/gu, '$1$3$2')
    .replace(/(?<![qQ])([uU])([yY])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])/gu, '$1$3$2')
    .normalize('NFC');
}
