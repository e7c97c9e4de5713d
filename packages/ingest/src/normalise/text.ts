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
