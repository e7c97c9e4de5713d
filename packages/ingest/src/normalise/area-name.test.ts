import { describe, expect, it } from 'vitest';
import { canonicalAreaType, parseAreaName } from './area-name';

describe('parseAreaName', () => {
  it.each([
    ['Thành phố Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
    ['TP. Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
    ['TP Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
    ['Tp.Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
    ['T.P Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
    ['T.P. Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
    ['thanh pho quy nhon', 'Thành phố', 'quy nhon'],
    ['tp quy nhon', 'Thành phố', 'quy nhon'],
    ['THÀNH PHỐ QUY NHƠN', 'Thành phố', 'QUY NHƠN'],
    ['Thị xã An Nhơn', 'Thị xã', 'An Nhơn'],
    ['TX. An Nhơn', 'Thị xã', 'An Nhơn'],
    ['tx an nhon', 'Thị xã', 'an nhon'],
    ['Huyện Vân Canh', 'Huyện', 'Vân Canh'],
    ['H. Vân Canh', 'Huyện', 'Vân Canh'],
    ['huyen van canh', 'Huyện', 'van canh'],
    ['Quận 1', 'Quận', '1'],
    ['Q.1', 'Quận', '1'],
    ['Phường Nhơn Bình', 'Phường', 'Nhơn Bình'],
    ['P. Nhon Binh', 'Phường', 'Nhon Binh'],
    ['Phường 1', 'Phường', '1'],
    ['Xã Ân Nghĩa', 'Xã', 'Ân Nghĩa'],
    ['X. Ân Nghĩa', 'Xã', 'Ân Nghĩa'],
    ['xa an nghia', 'Xã', 'an nghia'],
    ['Thị trấn Tăng Bạt Hổ', 'Thị trấn', 'Tăng Bạt Hổ'],
    ['TT. Tăng Bạt Hổ', 'Thị trấn', 'Tăng Bạt Hổ'],
    ['T.T. Tăng Bạt Hổ', 'Thị trấn', 'Tăng Bạt Hổ'],
    ['TT Phú Phong', 'Thị trấn', 'Phú Phong'],
    ['Tỉnh Bình Định', 'Tỉnh', 'Bình Định'],
    ['Đặc khu Phú Quốc', 'Đặc khu', 'Phú Quốc'],
    ['Thanh pho Quy Nhơn', 'Thành phố', 'Quy Nhơn'],
  ])('%s → %s / %s', (text, type, name) => {
    expect(parseAreaName(text)).toMatchObject({ type, name });
  });

  it('strips totals, bullets and stray whitespace', () => {
    expect(parseAreaName(' Phường Nhơn Bình (Tổng số)')).toMatchObject({ type: 'Phường', name: 'Nhơn Bình' });
    expect(parseAreaName('Phường Nhơn Bình (tổng số)')).toMatchObject({ type: 'Phường', name: 'Nhơn Bình' });
    expect(parseAreaName('Phường Nhơn Bình - Tổng số')).toMatchObject({ type: 'Phường', name: 'Nhơn Bình' });
    expect(parseAreaName('- Xã  Ân\u00a0Nghĩa ')).toMatchObject({ type: 'Xã', name: 'Ân Nghĩa' });
    expect(parseAreaName('Phường Nhơn Bình'.normalize('NFD')).name).toBe('Nhơn Bình');
  });

  it('keeps names without a type whole', () => {
    expect(parseAreaName('Quy Nhơn')).toEqual({ type: null, name: 'Quy Nhơn', key: 'quy nhon' });
    expect(parseAreaName('Bình Định')).toEqual({ type: null, name: 'Bình Định', key: 'binh dinh' });
    expect(parseAreaName('Quan Hóa')).toMatchObject({ type: null, name: 'Quan Hóa' });
    expect(parseAreaName('Tịnh Biên')).toMatchObject({ type: null, name: 'Tịnh Biên' });
    expect(parseAreaName('Tân Phú')).toMatchObject({ type: null, name: 'Tân Phú' });
    expect(parseAreaName('Xã')).toMatchObject({ type: null, name: 'Xã' });
    expect(parseAreaName('')).toEqual({ type: null, name: '', key: '' });
  });

  it('keys names by their folded form, whatever the tone-mark placement', () => {
    expect(parseAreaName('TP. Quy Nhơn').key).toBe('quy nhon');
    expect(parseAreaName('Phường Nhơn Hoà').key).toBe(parseAreaName('phuong nhon hoa').key);
    expect(parseAreaName('Xã Thuỵ An').key).toBe(parseAreaName('Xã Thụy An').key);
    expect(parseAreaName('Khoá').key).toBe(parseAreaName('Khóa').key);
    expect(parseAreaName('Phường Đống Đa').key).toBe('dong da');
  });
});

describe('canonicalAreaType', () => {
  it.each([
    ['Thành phố', 'Thành phố'],
    ['thị xã', 'Thị xã'],
    ['TP.', 'Thành phố'],
    ['huyen', 'Huyện'],
    ['Thị trấn', 'Thị trấn'],
    ['Bình Định', null],
    ['', null],
  ])('%s → %s', (text, type) => {
    expect(canonicalAreaType(text)).toBe(type);
  });
});
