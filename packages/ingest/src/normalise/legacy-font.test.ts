import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertLegacy, detectLegacy, unicodeToTcvn3, unicodeToVni, VIETNAMESE_LOWER } from './legacy-font';

const VIETNAMESE_UPPER = VIETNAMESE_LOWER.map((ch) => ch.toUpperCase());
const TCVN3_CAPITALS = ['Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ'];

const text = (letters: string[]) =>
  fc.array(fc.constantFrom(...letters), { maxLength: 40 }).map((a) => a.join(''));
const ascii = (from: string) => [...from];

describe('the Vietnamese alphabet', () => {
  it('has 67 lower-case letters beyond ASCII and 134 with their capitals', () => {
    expect(VIETNAMESE_LOWER).toHaveLength(67);
    expect(new Set([...VIETNAMESE_LOWER, ...VIETNAMESE_UPPER]).size).toBe(134);
    expect(VIETNAMESE_LOWER.every((ch) => ch.length === 1 && ch === ch.normalize('NFC'))).toBe(true);
  });
});

describe('convertLegacy (tcvn3)', () => {
  it('converts text typed in ABC fonts', () => {
    expect(convertLegacy('Th\u00b5nh phè Quy Nh¬n', 'tcvn3')).toBe('Thành phố Quy Nhơn');
    expect(convertLegacy('B¶o Th¾ng', 'tcvn3')).toBe('Bảo Thắng');
    expect(convertLegacy('M\u00adêng Kh\u00ad¬ng', 'tcvn3')).toBe('Mường Khương');
    expect(convertLegacy('B¸t X¸t', 'tcvn3')).toBe('Bát Xát');
    expect(convertLegacy('§¾k L¾k, ®Þa bµn', 'tcvn3')).toBe('Đắk Lắk, địa bàn');
  });

  it('puts the toned letters of a line typed in a capitals font into capitals', () => {
    expect(convertLegacy('UBND T\u00d8NH B×NH §ÞNH\nHuyÖn V©n Canh', 'tcvn3')).toBe(
      'UBND TỈNH BÌNH ĐỊNH\nHuyện Vân Canh',
    );
  });

  it('round-trips lower-case text and the seven bare capitals', () => {
    const letters = [
      ...VIETNAMESE_LOWER,
      ...TCVN3_CAPITALS,
      ...ascii('abcdeghiklmnopqrstuvxy 0123456789,.-()/'),
    ];
    fc.assert(fc.property(text(letters), (s) => convertLegacy(unicodeToTcvn3(s), 'tcvn3') === s));
  });

  it('round-trips lines in capitals, toned capitals included', () => {
    const letters = [...VIETNAMESE_UPPER, ...ascii('ABCDEGHIKLMNOPQRSTUVXY 0123456789,.-')];
    const capitals = fc.tuple(
      fc.constantFrom(...ascii('BCDGHNT')),
      text(letters),
      fc.constantFrom(...ascii('HNMT')),
    );
    fc.assert(
      fc.property(capitals, ([head, body, tail]) => {
        const s = head + body + tail;
        return convertLegacy(unicodeToTcvn3(s), 'tcvn3') === s;
      }),
    );
  });
});

describe('convertLegacy (vni)', () => {
  it('converts text typed in VNI fonts', () => {
    expect(convertLegacy('Thaønh phoá Quy Nhôn', 'vni')).toBe('Thành phố Quy Nhơn');
    expect(convertLegacy('Xin chaøo caùc baïn', 'vni')).toBe('Xin chào các bạn');
    expect(convertLegacy('Ñaø Naüng, Tröôøng Sôn, Nghóa, Thò, Kyû, Myõ, Yeân, Vò, Quyù', 'vni')).toBe(
      'Đà Nẵng, Trường Sơn, Nghĩa, Thị, Kỷ, Mỹ, Yên, Vị, Quý',
    );
    expect(convertLegacy('THAØNH PHOÁ QUY NHÔN', 'vni')).toBe('THÀNH PHỐ QUY NHƠN');
  });

  it('round-trips all 134 letters in any mix with ASCII', () => {
    const letters = [
      ...VIETNAMESE_LOWER,
      ...VIETNAMESE_UPPER,
      ...ascii('aAeEiIoOuUyYbBdDqQnNhH 0123456789,.'),
    ];
    fc.assert(fc.property(text(letters), (s) => convertLegacy(unicodeToVni(s), 'vni') === s));
  });
});

describe('detectLegacy', () => {
  it.each([
    ['Th\u00b5nh phè Quy Nh¬n', 'tcvn3'],
    ['Huy\u00d6n V\u00a9n Canh', 'tcvn3'],
    ['c«ng', 'tcvn3'],
    ['Thaønh phoá Quy Nhôn', 'vni'],
    ['Huyeän Vónh Thaïnh', 'vni'],
    ['Ñoäi', 'vni'],
  ])('recognises "%s" as %s', (s, expected) => {
    expect(detectLegacy(s)).toBe(expected);
  });

  it('recognises encoded unit names of both kinds', () => {
    for (const name of ['Phường Nhơn Bình', 'Xã Ân Nghĩa', 'Huyện Vĩnh Thạnh', 'Thị xã Hoài Nhơn']) {
      expect(detectLegacy(unicodeToTcvn3(name))).toBe('tcvn3');
      expect(detectLegacy(unicodeToVni(name))).toBe('vni');
    }
  });

  it.each([
    'Thành phố Quy Nhơn',
    'Huyện Vĩnh Thạnh',
    'Phường Nhơn Bình',
    'Xã Ân Nghĩa',
    'Hoà Bình',
    'Là Bá Tú',
    'Xuân',
    'Thành phố Quy Nhơn'.normalize('NFD'),
    'Mobile base transceiver stations (BTS)',
    'Population¹ in 2022 — © 2023 Example®, 10 µg/l, «quoted»',
    'Café, naïve, Müller, España, Ørsted',
    '',
    '1.723',
  ])('leaves "%s" alone', (s) => {
    expect(detectLegacy(s)).toBeNull();
  });
});
