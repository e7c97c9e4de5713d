import { cleanText } from './text';

export type Granularity = 'year' | 'half' | 'quarter' | 'month' | 'date' | 'season' | 'range';
export interface Period {
  /** First day, ISO date. */
  start: string;
  /** Last day (inclusive), ISO date. */
  end: string;
  granularity: Granularity;
  /** The period as written, cleaned. */
  label: string;
}

type Span = Omit<Period, 'label'>;

const pad = (n: number) => String(n).padStart(2, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const lastDay = (y: number, m: number) =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
// Four-digit years always: a season of year 1000 starts in December of 999 ("0999-12-01").
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

/** Months [first, last] of year y (a first month ≤ 0 reaches into the previous year). */
function months(y: number, first: number, last: number, granularity: Granularity): Span {
  const [sy, sm] = first <= 0 ? [y - 1, first + 12] : [y, first];
  return { start: iso(sy, sm, 1), end: iso(y, last, lastDay(y, last)), granularity };
}

function date(y: number, m: number, d: number): Span | null {
  if (m < 1 || m > 12 || d < 1 || d > lastDay(y, m)) return null;
  return { start: iso(y, m, d), end: iso(y, m, d), granularity: 'date' };
}

const month = (y: number, m: number): Span | null => (m >= 1 && m <= 12 ? months(y, m, m, 'month') : null);
const quarter = (y: number, q: number): Span => months(y, q * 3 - 2, q * 3, 'quarter');
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * Cropping seasons as month ranges of the harvest year Y (Bình Định's calendar):
 * Đông Xuân (winter–spring) Dec 1 of Y−1 to Apr 30 of Y, so "Đông Xuân 2023–2024" and "Đông Xuân 2024"
 * are the same season; Hè Thu (summer–autumn) Apr 1 – Aug 31; Thu Đông (autumn–winter) Aug 1 – Nov 30;
 * vụ Mùa (main wet season) Jul 1 – Nov 30. Seasons overlap because sowing and harvest do.
 */
const SEASONS: Record<string, [number, number]> = {
  'dong xuan': [0, 4],
  'he thu': [4, 8],
  'thu dong': [8, 11],
  mua: [7, 11],
};

/** "n tháng (đầu|cuối) năm Y": the first or last n months, named by the closest granularity. */
function cumulativeMonths(n: number, fromEnd: boolean, y: number): Span | null {
  if (n < 1 || n > 12) return null;
  const [first, last] = fromEnd ? [13 - n, 12] : [1, n];
  const granularity: Granularity =
    n === 12 ? 'year' : n === 6 ? 'half' : n === 3 ? 'quarter' : n === 1 ? 'month' : 'range';
  return months(y, first, last, granularity);
}

const YEAR = '([1-9]\\d{3})';
const SEP = '(?:[/.-]| nam | )';

/** Each rule reads the folded text (lower case, no diacritics, dashes as "-", no spaces around / - .). */
const RULES: Array<[RegExp, (m: RegExpExecArray) => Span | null]> = [
  [new RegExp(`^(?:nam )?${YEAR}$`), (m) => months(+m[1]!, 1, 12, 'year')],
  [new RegExp(`^(?:ngay )?(\\d{1,2})[/.-](\\d{1,2})[/.-]${YEAR}$`), (m) => date(+m[3]!, +m[2]!, +m[1]!)],
  [new RegExp(`^ngay (\\d{1,2}) thang (\\d{1,2}) nam ${YEAR}$`), (m) => date(+m[3]!, +m[2]!, +m[1]!)],
  [
    new RegExp(`^${YEAR}[/-](\\d{1,2})[/-](\\d{1,2})(?:[t ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?z?)?$`),
    (m) => date(+m[1]!, +m[2]!, +m[3]!),
  ],
  [new RegExp(`^quy (i|ii|iii|iv|[1-4])${SEP}${YEAR}$`), (m) => quarter(+m[2]!, ROMAN[m[1]!] ?? +m[1]!)],
  [new RegExp(`^q([1-4])${SEP}${YEAR}$`), (m) => quarter(+m[2]!, +m[1]!)],
  [new RegExp(`^${YEAR}-?q([1-4])$`), (m) => quarter(+m[1]!, +m[2]!)],
  [new RegExp(`^(?:thang |t)(\\d{1,2})${SEP}${YEAR}$`), (m) => month(+m[2]!, +m[1]!)],
  [new RegExp(`^(\\d{1,2})[/.-]${YEAR}$`), (m) => month(+m[2]!, +m[1]!)],
  [new RegExp(`^${YEAR}[/-](\\d{1,2})$`), (m) => month(+m[1]!, +m[2]!)],
  [
    new RegExp(`^(\\d{1,2}) thang(?: (dau|cuoi))?(?: nam)? ${YEAR}$`),
    (m) => cumulativeMonths(+m[1]!, m[2] === 'cuoi', +m[3]!),
  ],
  [new RegExp(`^nua (dau|cuoi) nam ${YEAR}$`), (m) => cumulativeMonths(6, m[1] === 'cuoi', +m[2]!)],
  [new RegExp(`^h([12])${SEP}${YEAR}$`), (m) => cumulativeMonths(6, m[1] === '2', +m[2]!)],
  [
    new RegExp(`^(?:vu )?(dong xuan|he thu|thu dong|mua)(?: nam)? ${YEAR}(?:-${YEAR})?$`),
    (m) => {
      const [first, last] = SEASONS[m[1]!]!;
      const [y1, y2] = [+m[2]!, m[3] ? +m[3] : null];
      if (y2 === null) return months(y1, first, last, 'season');
      return first <= 0 && y2 === y1 + 1 ? months(y2, first, last, 'season') : null;
    },
  ],
  [
    new RegExp(`^(?:giai doan |thoi ky |tu nam |tu |nam )?${YEAR}(?:-| den (?:nam )?)${YEAR}$`),
    (m) =>
      +m[2]! > +m[1]! ? { start: iso(+m[1]!, 1, 1), end: iso(+m[2]!, 12, 31), granularity: 'range' } : null,
  ],
];

function foldPeriod(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*([/.-])\s*/g, '$1');
}

/**
 * Reads a period as Vietnamese statistical publications write it: years ("2022", "năm 2023"), dates
 * ("31/05/2022", "31.5.2022", "2022-05-31"), quarters ("Quý I/2022", "Q1 2022", "2022-Q1"), months
 * ("tháng 5/2022", "T5/2022", "2022-05"), cumulative months ("6 tháng đầu năm 2024", "9 tháng 2024"),
 * cropping seasons ("vụ Đông Xuân 2023–2024", "Hè Thu 2023"; see SEASONS) and year ranges
 * ("giai đoạn 2016–2020"). With or without diacritics, any case. Anything else is null.
 */
export function parsePeriod(text: string): Period | null {
  const label = cleanText(text);
  const folded = foldPeriod(label);
  for (const [pattern, build] of RULES) {
    const m = pattern.exec(folded);
    if (m) {
      const span = build(m);
      return span ? { ...span, label } : null;
    }
  }
  return null;
}
