import { describe, expect, it } from 'vitest';
import { parseNumber } from './number';

const value = (text: string) => {
  const r = parseNumber(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('parseNumber', () => {
  it.each([
    ['1.723', 1723],
    ['1,723', 1723],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['1,234,567.5', 1234567.5],
    ['1.234.567,5', 1234567.5],
    ['1.234,5', 1234.5],
    ['56,5', 56.5],
    ['1.5', 1.5],
    ['3.14', 3.14],
    ['0.125', 0.125],
    ['0,125', 0.125],
    ['1234.567', 1234.567],
    ['12,50', 12.5],
    ['.5', 0.5],
    ['-12', -12],
    ['−12', -12],
    ['+3', 3],
    ['-0', 0],
    ['1 723', 1723],
    ['1\u00a0723', 1723],
    ['1 234 567,5', 1234567.5],
    ['  42 ', 42],
    ['2022', 2022],
  ])('%s → %d', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('marks percentages without rescaling them', () => {
    expect(parseNumber('56%')).toEqual({ ok: true, value: 56, percent: true });
    expect(parseNumber('56,5 %')).toEqual({ ok: true, value: 56.5, percent: true });
    expect(parseNumber('-1,5%')).toEqual({ ok: true, value: -1.5, percent: true });
    expect(parseNumber('1.723')).toEqual({ ok: true, value: 1723, percent: false });
  });

  it.each(['', '-', '–', '—', '..', '...', '…', 'x', 'X', 'n/a', 'N/A', ' - '])('"%s" is missing', (text) => {
    expect(parseNumber(text)).toEqual({ ok: true, value: null, percent: false });
  });

  it.each(['abc', '12abc', '1..2', '1.234.5', '1,23,456', '12.34,5', '5.', '%', '1 72', '1-2', '--5', '–12'])(
    'rejects "%s" with a reason',
    (text) => {
      const r = parseNumber(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(text.trim());
    },
  );
});
