import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAreaName } from './area-name';
import { decodeText } from './encoding';
import { VIETNAMESE_LOWER } from './legacy-font';
import { parseNumber } from './number';
import { parsePeriod } from './period';
import { detectQualifier } from './qualifier';
import { cleanText, foldForSearch } from './text';

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc
    .array(
      fc.constantFrom(...VIETNAMESE_LOWER, ...'0123456789 ./-–,%QqTt'.split(''), 'Quý', 'tháng', 'năm', 'vụ'),
    )
    .map((a) => a.join('')),
);

/** 1234567 → "1.234.567" */
const withThousandsDots = (n: number) =>
  `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);

describe('normaliser properties', () => {
  it('cleanText and foldForSearch are idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
        expect(foldForSearch(foldForSearch(s))).toBe(foldForSearch(s));
      }),
    );
  });

  it('no parser throws on any string', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        parseNumber(s);
        parsePeriod(s);
        detectQualifier(s);
        parseAreaName(s);
      }),
    );
  });

  it('decodeText never throws and always returns NFC text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const { text } = decodeText(Buffer.from(bytes));
        expect(text).toBe(text.normalize('NFC'));
      }),
    );
  });

  it('an integer written with Vietnamese thousands dots parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (n) => {
        const written = withThousandsDots(n);
        expect(parseNumber(written)).toEqual({ ok: true, value: n, percent: false });
      }),
    );
  });

  it('a decimal written with a decimal comma parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 99 }), (int, cents) => {
        const written = `${withThousandsDots(int)},${String(cents).padStart(2, '0')}`;
        expect(parseNumber(written)).toEqual({
          ok: true,
          value: Number(`${int}.${String(cents).padStart(2, '0')}`),
          percent: false,
        });
      }),
    );
  });

  it('every parsed period runs forward between real ISO dates', () => {
    const year = fc.integer({ min: 1000, max: 9999 });
    const sep = fc.constantFrom('/', '.', '-', '–', ' ', ' / ');
    const periodLike = fc.oneof(
      anyText,
      fc
        .tuple(fc.integer({ min: 0, max: 32 }), sep, fc.integer({ min: 0, max: 13 }), sep, year)
        .map((parts) => parts.join('')),
      fc
        .tuple(
          fc.constantFrom('Quý ', 'quy ', 'Q', 'tháng ', 'T', ''),
          fc.integer({ min: 0, max: 13 }),
          sep,
          year,
        )
        .map((parts) => parts.join('')),
      fc
        .tuple(
          fc.integer({ min: 0, max: 13 }),
          fc.constantFrom(' tháng ', ' tháng đầu năm ', ' tháng cuối năm '),
          year,
        )
        .map((parts) => parts.join('')),
      fc
        .tuple(
          fc.constantFrom('vụ Đông Xuân ', 'Hè Thu ', 'vụ Mùa ', 'giai đoạn ', 'năm '),
          year,
          fc.integer({ min: -1, max: 3 }),
        )
        .map(([name, y, k]) => (k < 0 ? `${name}${y}` : `${name}${y}-${y + k}`)),
    );
    let parsed = 0;
    fc.assert(
      fc.property(periodLike, (s) => {
        const p = parsePeriod(s);
        if (!p) return;
        parsed++;
        expect(p.start).toMatch(ISO_DATE);
        expect(p.end).toMatch(ISO_DATE);
        expect(isRealDate(p.start) && isRealDate(p.end)).toBe(true);
        expect(p.start <= p.end).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(parsed).toBeGreaterThan(50);
  });
});
