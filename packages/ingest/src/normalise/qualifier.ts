import { cleanText } from './text';

export type QualifierFlag = 'lower_bound' | 'approximate';

export interface Qualified {
  flag: QualifierFlag | null;
  /** The text without its qualifier, cleaned. */
  rest: string;
}

/** Each letter matches itself or its unaccented base, so "hơn" also accepts "hon"; spaces match any run. */
function looseWord(phrase: string): string {
  return [...phrase]
    .map((ch) => {
      if (ch === ' ') return '\\s+';
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace('đ', 'd');
      const escaped = ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return base === ch ? escaped : `[${ch}${base}]`;
    })
    .join('');
}

const LEADING: Array<[string, QualifierFlag]> = [
  ['hơn / trên', 'lower_bound'],
  ['hơn', 'lower_bound'],
  ['trên', 'lower_bound'],
  ['ít nhất', 'lower_bound'],
  ['tối thiểu', 'lower_bound'],
  ['more than', 'lower_bound'],
  ['over', 'lower_bound'],
  ['at least', 'lower_bound'],
  ['>=', 'lower_bound'],
  ['≥', 'lower_bound'],
  ['>', 'lower_bound'],
  ['ước tính', 'approximate'],
  ['ước khoảng', 'approximate'],
  ['ước', 'approximate'],
  ['khoảng', 'approximate'],
  ['gần', 'approximate'],
  ['xấp xỉ', 'approximate'],
  ['approximately', 'approximate'],
  ['approx.', 'approximate'],
  ['about', 'approximate'],
  ['nearly', 'approximate'],
  ['almost', 'approximate'],
  ['around', 'approximate'],
  ['circa', 'approximate'],
  ['ca.', 'approximate'],
  ['c.', 'approximate'],
  ['~', 'approximate'],
  ['≈', 'approximate'],
];

const LEADING_PATTERNS = LEADING.map(([phrase, flag]) => {
  // A word must end at a non-letter ("over" but not "overall"); "c." and "~" may touch the number.
  const end = /\p{L}$/u.test(phrase) ? '(?!\\p{L})' : '';
  return [
    new RegExp(`^${looseWord(phrase).replace('\\s+/\\s+', '\\s*/\\s*')}${end}\\s*`, 'iu'),
    flag,
  ] as const;
});

const TRAILING: Array<[RegExp, QualifierFlag]> = [
  [new RegExp(`\\s*${looseWord('trở lên')}$`, 'iu'), 'lower_bound'],
  [/\s*or more$/i, 'lower_bound'],
  [/(?<=\d)\s*\+$/u, 'lower_bound'],
  [new RegExp(`\\s*\\(\\s*${looseWord('ước tính')}\\s*\\)$`, 'iu'), 'approximate'],
  [new RegExp(`\\s*\\(\\s*${looseWord('ước')}\\s*\\)$`, 'iu'), 'approximate'],
];

const BRACKET = /\[\s*(lower[\s_-]?bound|approximate|approx\.?)\s*(?::\s*([^\]]*?))?\s*\]/i;

/** Qualifiers only count in front of a number ("hơn 99%"), not in prose ("trên địa bàn tỉnh"). */
const STARTS_NUMERIC = /^[+\-−]?[\d.,]/;

const strongest = (a: QualifierFlag | null, b: QualifierFlag) => (a === 'lower_bound' ? a : b);

/**
 * Splits a published value into its qualifier and the value itself: "hơn 99%" → lower_bound "99%",
 * "khoảng 800" → approximate "800", "[lower bound: 99%]" → lower_bound "99%". When the text holds
 * both kinds ("ước tính hơn 800") the lower bound wins.
 */
export function detectQualifier(text: string): Qualified {
  let rest = cleanText(text);
  let flag: QualifierFlag | null = null;

  const bracket = BRACKET.exec(rest);
  if (bracket) {
    flag = /^l/i.test(bracket[1]!) ? 'lower_bound' : 'approximate';
    const outside = cleanText(rest.replace(bracket[0], ' '));
    rest = outside || cleanText(bracket[2] ?? '');
  }

  // Qualifiers may stack ("ước tính hơn 800"); the chain counts only if a number follows it.
  let chain = rest;
  let chainFlag = flag;
  for (let found = true; found; ) {
    found = false;
    for (const [pattern, kind] of LEADING_PATTERNS) {
      const m = pattern.exec(chain);
      if (m) {
        chainFlag = strongest(chainFlag, kind);
        chain = chain.slice(m[0].length);
        found = true;
        break;
      }
    }
  }
  if (chain !== rest && STARTS_NUMERIC.test(chain)) [rest, flag] = [chain, chainFlag];
  for (const [pattern, kind] of TRAILING) {
    const m = pattern.exec(rest);
    if (m && m.index > 0 && STARTS_NUMERIC.test(rest)) {
      flag = strongest(flag, kind);
      rest = rest.slice(0, m.index);
    }
  }
  return { flag, rest: cleanText(rest) };
}
