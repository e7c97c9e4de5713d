import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AreaIndex,
  type AreaLevel,
  canonicalAreaType,
  convertLegacy,
  decodeText,
  detectLegacy,
  detectQualifier,
  editDistance,
  foldForSearch,
  normaliseToneMarks,
  parseAreaName,
  parseNumber,
  parsePeriod,
  unicodeToTcvn3,
  unicodeToVni,
  VIETNAMESE_LOWER,
} from '../../src/normalise/index';
import { cleanText } from '../../src/normalise/text';
import { readReferenceCsv } from '../../src/reference/files';

/** RELIABILITY_SIZE=full: 10× the runs of CI. */
const RUNS = process.env.RELIABILITY_SIZE === 'full' ? 200_000 : 20_000;
const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Date.now() % 2 ** 31;
const opts = { numRuns: RUNS, seed: SEED };
/**
 * Every normaliser on one string costs ~8 ms (two fuzzy area look-ups over the province's
 * units): CI runs 4,000 of those, full size 200,000.
 */
const NO_THROW_RUNS = process.env.RELIABILITY_SIZE === 'full' ? 200_000 : 4_000;

const vietnamese = fc
  .array(
    fc.constantFrom(
      ...VIETNAMESE_LOWER,
      ...VIETNAMESE_LOWER.map((c) => c.toUpperCase()),
      ...'abc xyz 019.,/-',
    ),
    {
      maxLength: 60,
    },
  )
  .map((a) => a.join(''));
/** Any text a spreadsheet cell may hold: every code unit, graphemes, decomposed Vietnamese, NUL, long runs. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  vietnamese,
  vietnamese.map((s) => s.normalize('NFD')),
  fc
    .tuple(vietnamese, fc.constantFrom('\u0000', '\ufeff', '\u00a0', '\u200b', '\r\n', '\t'))
    .map(([s, c]) => s.split(' ').join(c)),
  fc
    .tuple(fc.constantFrom('9', 'Quý ', 'đ', '%', '.', ','), fc.integer({ min: 100, max: 5_000 }))
    .map(([c, n]) => c.repeat(n)),
);

const units = readReferenceCsv('areas-52-units.csv').map((r, i) => ({
  id: i + 1,
  code: r.code!,
  name: r.name!,
  type: r.type!,
  level: r.level as AreaLevel,
  parentCode: r.parent_code || null,
  validFrom: r.valid_from || null,
  validTo: r.valid_to || null,
}));
const index = new AreaIndex(units);

describe(`normaliser properties at ${RUNS} runs each (seed ${SEED})`, () => {
  it(`no normaliser throws on any string, and text comes back NFC (${NO_THROW_RUNS} runs)`, () => {
    fc.assert(
      fc.property(anyText, (s) => {
        parseNumber(s);
        parsePeriod(s);
        detectQualifier(s);
        parseAreaName(s);
        canonicalAreaType(s);
        detectLegacy(s);
        convertLegacy(s, 'tcvn3');
        convertLegacy(s, 'vni');
        index.resolve(s);
        index.resolve(s, { at: '2022-06-03', level: 'commune', parent: '540' });
        const clean = cleanText(s);
        expect(clean).toBe(clean.normalize('NFC'));
      }),
      { ...opts, numRuns: NO_THROW_RUNS },
    );
  });

  it('cleanText, foldForSearch and normaliseToneMarks are idempotent; folding leaves no diacritics', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(cleanText(cleanText(s))).toBe(cleanText(s));
        const folded = foldForSearch(s);
        expect(foldForSearch(folded)).toBe(folded);
        expect(normaliseToneMarks(normaliseToneMarks(s))).toBe(normaliseToneMarks(s));
        expect(folded.normalize('NFD')).not.toMatch(/[\u0300-\u036f]|đ/);
      }),
      opts,
    );
  });

  it('decoding any bytes never throws and gives NFC text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const { text } = decodeText(Buffer.from(bytes));
        expect(text).toBe(text.normalize('NFC'));
      }),
      opts,
    );
  });

  it('Vietnamese typed in TCVN3 and VNI fonts converts back exactly', () => {
    const lower = fc
      .array(fc.constantFrom(...VIETNAMESE_LOWER, ...'abcdeghiklmnopqrstuvxy 0123456789,.-'), {
        maxLength: 60,
      })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(lower, (s) => {
        expect(convertLegacy(unicodeToTcvn3(s), 'tcvn3')).toBe(s);
        expect(convertLegacy(unicodeToVni(s), 'vni')).toBe(s);
      }),
      opts,
    );
  });

  it('numbers written the Vietnamese way parse back (thousands dots, decimal comma, percent)', () => {
    const dots = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.boolean(),
        (int, cents, pct) => {
          const written = `${dots(int)}${cents ? `,${String(cents).padStart(2, '0')}` : ''}${pct ? '%' : ''}`;
          const r = parseNumber(written);
          expect(r).toMatchObject({ ok: true, percent: pct });
          if (r.ok) expect(r.value).toBeCloseTo(int + cents / 100, 6);
        },
      ),
      opts,
    );
  });

  it('years, quarters and months parse to the exact calendar range', () => {
    const year = fc.integer({ min: 1900, max: 2100 });
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }), (y, q, m) => {
        expect(parsePeriod(String(y))).toMatchObject({ start: `${y}-01-01`, end: `${y}-12-31` });
        expect(parsePeriod(`Quý ${['I', 'II', 'III', 'IV'][q - 1]}/${y}`)).toMatchObject({
          start: `${y}-${String(q * 3 - 2).padStart(2, '0')}-01`,
        });
        const month = parsePeriod(`tháng ${m}/${y}`);
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(month).toMatchObject({
          start: `${y}-${String(m).padStart(2, '0')}-01`,
          end: `${y}-${String(m).padStart(2, '0')}-${last}`,
        });
      }),
      opts,
    );
  });

  it('every bundled unit resolves from its own name, on a date it was in force', () => {
    for (const u of units) {
      const at = u.validFrom ?? '2020-01-01';
      const r = index.resolve(u.name, { at, level: u.level });
      expect(r.alternatives.map((a) => a.area.code)).toContain(u.code);
      // … and from its name folded and abbreviated the way agencies write it.
      const abbreviated = u.name
        .replace(/^Thành phố /, 'TP. ')
        .replace(/^Huyện /, 'H. ')
        .replace(/^Phường /, 'P. ');
      expect(
        index.resolve(foldForSearch(abbreviated), { at, level: u.level }).alternatives.length,
      ).toBeGreaterThan(0);
    }
  });

  it('edit distance is a metric', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (a, b, c) => {
        const [x, y, z] = [a, b, c].map((s) => s.slice(0, 40));
        expect(editDistance(x!, x!)).toBe(0);
        expect(editDistance(x!, y!)).toBe(editDistance(y!, x!));
        expect(editDistance(x!, z!)).toBeLessThanOrEqual(editDistance(x!, y!) + editDistance(y!, z!));
      }),
      { ...opts, numRuns: Math.min(RUNS, 2_000) },
    );
  });
});
