import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from './encoding';
import { unicodeToVni } from './legacy-font';

const SAMPLE = 'Huyện Vân Canh, Thị xã An Nhơn';

/** Windows-1258 writes a toned letter as its base (with â ă ê ô ơ ư đ precomposed) plus a combining tone. */
const windows1258 = (text: string) =>
  iconv.encode(
    [...text.normalize('NFC')]
      .map((ch) => {
        const parts = ch.normalize('NFD');
        const tone = parts.match(/[\u0300\u0301\u0303\u0309\u0323]/g)?.join('') ?? '';
        return parts.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC') + tone;
      })
      .join(''),
    'windows-1258',
  );

describe('decodeText', () => {
  it('reads UTF-8, with and without a BOM', () => {
    expect(decodeText(Buffer.from(SAMPLE, 'utf8'))).toEqual({
      text: SAMPLE,
      encoding: 'utf-8',
      legacy: null,
    });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]);
    expect(decodeText(bom)).toEqual({ text: SAMPLE, encoding: 'utf-8-bom', legacy: null });
  });

  it('reads UTF-16 by its BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: SAMPLE, encoding: 'utf-16le', legacy: null });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(SAMPLE, 'utf-16be')]);
    expect(decodeText(be)).toEqual({ text: SAMPLE, encoding: 'utf-16be', legacy: null });
  });

  it('reads Windows-1258 and composes its combining tone marks', () => {
    const buf = windows1258(SAMPLE);
    expect(buf.includes(0xf2)).toBe(true); // the combining dot below of "ệ" and "ị"
    expect(decodeText(buf)).toEqual({ text: SAMPLE, encoding: 'windows-1258', legacy: null });
  });

  it('composes NFD UTF-8', () => {
    expect(decodeText(Buffer.from(SAMPLE.normalize('NFD'), 'utf8')).text).toBe(SAMPLE);
  });

  it('converts a TCVN3 byte file', () => {
    const buf = Buffer.from('m\u00b7,t\u00aan\n540,Th\u00b5nh phè Quy Nh¬n\n', 'latin1');
    expect(decodeText(buf)).toEqual({
      text: 'mã,tên\n540,Thành phố Quy Nhơn\n',
      encoding: 'windows-1252',
      legacy: 'tcvn3',
    });
  });

  it('converts a VNI byte file', () => {
    const buf = Buffer.from('Thaønh phoá Quy Nhôn; Huyeän Vaân Canh', 'latin1');
    expect(decodeText(buf)).toEqual({
      text: 'Thành phố Quy Nhơn; Huyện Vân Canh',
      encoding: 'windows-1252',
      legacy: 'vni',
    });
  });

  it('converts legacy-font text that a tool saved as UTF-8', () => {
    expect(decodeText(Buffer.from('Th\u00b5nh phè Quy Nh¬n', 'utf8'))).toEqual({
      text: 'Thành phố Quy Nhơn',
      encoding: 'utf-8',
      legacy: 'tcvn3',
    });
    expect(decodeText(Buffer.from(unicodeToVni(SAMPLE), 'utf8')).text).toBe(SAMPLE);
  });

  it('decodes an empty buffer', () => {
    expect(decodeText(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8', legacy: null });
  });
});
