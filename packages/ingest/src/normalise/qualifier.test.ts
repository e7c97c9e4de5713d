import { describe, expect, it } from 'vitest';
import { detectQualifier } from './qualifier';

describe('detectQualifier', () => {
  it.each([
    ['hơn 99%', 'lower_bound', '99%'],
    ['Hơn 99%', 'lower_bound', '99%'],
    ['trên 1.000', 'lower_bound', '1.000'],
    ['hơn/trên 80%', 'lower_bound', '80%'],
    ['hơn / trên 80%', 'lower_bound', '80%'],
    ['ít nhất 12', 'lower_bound', '12'],
    ['more than 500', 'lower_bound', '500'],
    ['Over 20%', 'lower_bound', '20%'],
    ['at least 3', 'lower_bound', '3'],
    ['> 90%', 'lower_bound', '90%'],
    ['gần 56%', 'approximate', '56%'],
    ['khoảng 800', 'approximate', '800'],
    ['KHOẢNG 800', 'approximate', '800'],
    ['ước 1,5', 'approximate', '1,5'],
    ['ước tính 2.300', 'approximate', '2.300'],
    ['xấp xỉ 45', 'approximate', '45'],
    ['~800', 'approximate', '800'],
    ['~ 800', 'approximate', '800'],
    ['about 40%', 'approximate', '40%'],
    ['approximately 7', 'approximate', '7'],
    ['nearly 56%', 'approximate', '56%'],
    ['around 1,200', 'approximate', '1,200'],
    ['c. 2013', 'approximate', '2013'],
    ['c.2013', 'approximate', '2013'],
    ['ước tính hơn 800', 'lower_bound', '800'],
    ['99% trở lên', 'lower_bound', '99%'],
    ['1000+', 'lower_bound', '1000'],
    ['800 (ước tính)', 'approximate', '800'],
  ])('%s → %s %s', (text, flag, rest) => {
    expect(detectQualifier(text)).toEqual({ flag, rest });
  });

  it('reads the bracket markers of published data files', () => {
    expect(detectQualifier('[lower bound: 99%]')).toEqual({ flag: 'lower_bound', rest: '99%' });
    expect(detectQualifier('[approximate: 56%]')).toEqual({ flag: 'approximate', rest: '56%' });
    expect(detectQualifier('56% [approximate]')).toEqual({ flag: 'approximate', rest: '56%' });
    expect(detectQualifier('[approximate] 56%')).toEqual({ flag: 'approximate', rest: '56%' });
  });

  it('is accent- and normalisation-robust', () => {
    expect(detectQualifier('hon 99%')).toEqual({ flag: 'lower_bound', rest: '99%' });
    expect(detectQualifier('gan 56%')).toEqual({ flag: 'approximate', rest: '56%' });
    expect(detectQualifier('khoang 800')).toEqual({ flag: 'approximate', rest: '800' });
    expect(detectQualifier('hơn 99%'.normalize('NFD'))).toEqual({ flag: 'lower_bound', rest: '99%' });
    expect(detectQualifier('Khoảng 800'.normalize('NFD'))).toEqual({ flag: 'approximate', rest: '800' });
  });

  it('leaves unqualified values and prose alone', () => {
    expect(detectQualifier(' 99% ')).toEqual({ flag: null, rest: '99%' });
    expect(detectQualifier('trên địa bàn tỉnh')).toEqual({ flag: null, rest: 'trên địa bàn tỉnh' });
    expect(detectQualifier('overall 5')).toEqual({ flag: null, rest: 'overall 5' });
    expect(detectQualifier('Gành Ráng')).toEqual({ flag: null, rest: 'Gành Ráng' });
    expect(detectQualifier('')).toEqual({ flag: null, rest: '' });
  });
});
