import { describe, expect, it } from 'vitest';
import { cleanText, foldForSearch, normaliseToneMarks } from './text';

describe('cleanText', () => {
  it('composes, trims and collapses every kind of space', () => {
    expect(cleanText('  Y\u00a0tế \u200b\t huyện\n')).toBe('Y tế huyện');
    expect(cleanText('Huyện'.normalize('NFD'))).toBe('Huyện');
  });
});

describe('foldForSearch', () => {
  it('makes "y te" match "Y tế"', () => {
    expect(foldForSearch('Y tế')).toBe(foldForSearch('y te'));
    expect(foldForSearch('Thành phố Quy Nhơn')).toBe('thanh pho quy nhon');
    expect(foldForSearch('Đống Đa, (Tổng số)')).toBe('dong da tong so');
  });
});

describe('normaliseToneMarks', () => {
  it.each([
    ['Hoà', 'Hòa'],
    ['Nhơn Hoà', 'Nhơn Hòa'],
    ['Khoá', 'Khóa'],
    ['Thuỵ', 'Thụy'],
    ['khoẻ', 'khỏe'],
    ['HOÀ', 'HÒA'],
    ['Hoà'.normalize('NFD'), 'Hòa'],
  ])('%s → %s', (from, to) => {
    expect(normaliseToneMarks(from)).toBe(to);
  });

  it.each(['Hòa', 'Hoàng', 'Quý', 'Thuyên', 'Khoắn', 'quạ', 'Nguyễn'])('leaves %s alone', (word) => {
    expect(normaliseToneMarks(word)).toBe(word);
  });
});
