import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { convertLegacy, detectLegacy, type LegacyFont } from './legacy-font';

export { convertLegacy, detectLegacy, type LegacyFont } from './legacy-font';

/** How the bytes were read; 'windows-1252' only for single-byte files holding a legacy Vietnamese font. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1258' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** Unicode, NFC. */
  text: string;
  encoding: TextEncoding;
  /** The legacy font encoding the text was converted from, if any. */
  legacy: LegacyFont | null;
}

function readBytes(buf: Buffer): { text: string; encoding: TextEncoding } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
  // TCVN3 / VNI files are Windows-1252 bytes drawn with a Vietnamese font; Windows-1258 would garble them.
  const western = iconv.decode(buf, 'windows-1252');
  if (detectLegacy(western)) return { text: western, encoding: 'windows-1252' };
  return { text: iconv.decode(buf, 'windows-1258'), encoding: 'windows-1258' };
}

/**
 * Decodes a text file of unknown encoding: a BOM decides; else valid UTF-8 is UTF-8; else
 * Windows-1258 (Vietnamese ANSI). Text in a legacy font encoding (TCVN3, VNI) is then converted to
 * Unicode. The result is NFC, since Windows-1258 and some UTF-8 producers write combining tone marks.
 */
export function decodeText(buf: Buffer): DecodedText {
  const { text, encoding } = readBytes(buf);
  const legacy = detectLegacy(text);
  return { text: (legacy ? convertLegacy(text, legacy) : text).normalize('NFC'), encoding, legacy };
}
