/**
 * Text typed with the pre-Unicode Vietnamese font encodings, as it arrives once the bytes have
 * been read as Latin-1 / Windows-1252 (or saved into UTF-8 or .xlsx by a tool that did so):
 * - TCVN3 (TCVN 5712:1993 VN3, the "ABC" fonts .VnTime, .VnArial): one byte per letter. Only the
 *   seven bare capitals Ă Â Ê Ô Ơ Ư Đ exist; capitals with a tone were typed with the lower-case
 *   codes in a capitals font (.VnTimeH), so they decode as lower case unless the whole line is capitals.
 * - VNI Windows (VNI-Times): a base letter followed by one mark byte for the tone (ù ø û õ ï),
 *   the circumflex (â, with a tone á à å ã ä) or the breve (ê, with a tone é è ú ü ë); ơ ư đ and
 *   the i forms are single bytes (ô ö ñ í ì æ ó ò) and ỵ is î. Capitals use the capital marks.
 */
export type LegacyFont = 'tcvn3' | 'vni';

/** Tones in the order the tables list them: none, sắc, huyền, hỏi, ngã, nặng. */
const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031B';

/** The twelve vowels as base + modifier, in the row order of the tables below. */
const VOWELS: Array<[string, string]> = [
  ['a', ''],
  ['a', BREVE],
  ['a', CIRCUMFLEX],
  ['e', ''],
  ['e', CIRCUMFLEX],
  ['i', ''],
  ['o', ''],
  ['o', CIRCUMFLEX],
  ['o', HORN],
  ['u', ''],
  ['u', HORN],
  ['y', ''],
];

const letter = (base: string, modifier: string, tone: string) => (base + modifier + tone).normalize('NFC');

/** Every lower-case vowel with every tone (12 × 6) plus đ; with their capitals, the 134 letters + Đ. */
export const VIETNAMESE_LOWER: string[] = [
  ...VOWELS.flatMap(([base, modifier]) => TONES.map((tone) => letter(base, modifier, tone))),
  'đ',
].filter((ch) => !/^[aeiouy]$/.test(ch));

const TCVN3_ROWS = [
  'a¸µ¶·¹',
  '¨¾»¼½Æ',
  '©ÊÇÈÉË',
  'eÐÌÎÏÑ',
  'ªÕÒÓÔÖ',
  'iÝ×ØÜÞ',
  'oãßáâä',
  '«èåæçé',
  '¬íêëìî',
  'uóïñòô',
  '\u00ADøõö÷ù',
  'yýúûüþ',
];

const TCVN3_TO_UNICODE = new Map<string, string>([
  ...VOWELS.flatMap(([base, modifier], row) =>
    TONES.map((tone, col) => [TCVN3_ROWS[row]![col]!, letter(base, modifier, tone)] as [string, string]),
  ).filter(([code]) => !/^[aeiouy]$/.test(code)),
  ['®', 'đ'],
  ['¡', 'Ă'],
  ['¢', 'Â'],
  ['£', 'Ê'],
  ['¤', 'Ô'],
  ['¥', 'Ơ'],
  ['¦', 'Ư'],
  ['§', 'Đ'],
]);

const UNICODE_TO_TCVN3 = new Map([...TCVN3_TO_UNICODE].map(([code, ch]) => [ch, code]));

const VNI_TONE = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
const VNI_CIRCUMFLEX = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const VNI_BREVE = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
/** Letters VNI writes as one byte: ơ ư đ, the toned i forms and ỵ. */
const VNI_SINGLE = new Map([
  ['ô', 'ơ'],
  ['ö', 'ư'],
  ['ñ', 'đ'],
  ['í', 'í'],
  ['ì', 'ì'],
  ['æ', 'ỉ'],
  ['ó', 'ĩ'],
  ['ò', 'ị'],
  ['î', 'ỵ'],
]);
const VNI_SINGLE_FROM_UNICODE = new Map([...VNI_SINGLE].map(([code, ch]) => [ch, code]));
/** VNI letters that take marks, and the Unicode base they stand for. */
const VNI_BASE = new Map([
  ['a', 'a'],
  ['e', 'e'],
  ['o', 'o'],
  ['u', 'u'],
  ['y', 'y'],
  ['ô', 'ơ'],
  ['ö', 'ư'],
]);

const isUpper = (ch: string) => ch !== ch.toLowerCase();
const withCase = (ch: string, upper: boolean) => (upper ? ch.toUpperCase() : ch);

function convertTcvn3(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const converted = [...line].map((ch) => TCVN3_TO_UNICODE.get(ch) ?? ch).join('');
      // A line typed in a capitals font has upper-case ASCII letters only; its toned letters belong in capitals too.
      const ascii = line.replace(/[^A-Za-z]/g, '');
      return ascii.length >= 2 && ascii === ascii.toUpperCase() ? converted.toUpperCase() : converted;
    })
    .join('\n');
}

function convertVni(text: string): string {
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    const base = VNI_BASE.get(lower);
    if (base === undefined) {
      out += VNI_SINGLE.has(lower) ? withCase(VNI_SINGLE.get(lower)!, isUpper(ch)) : ch;
      continue;
    }
    const next = chars[i + 1]?.toLowerCase() ?? '';
    let modifier = '';
    let tone = VNI_TONE.indexOf(next);
    if (/[aeo]/.test(base) && VNI_CIRCUMFLEX.includes(next)) {
      [modifier, tone] = [CIRCUMFLEX, VNI_CIRCUMFLEX.indexOf(next)];
    } else if (base === 'a' && VNI_BREVE.includes(next)) {
      [modifier, tone] = [BREVE, VNI_BREVE.indexOf(next)];
    }
    if (tone > 0 || modifier) i++;
    out += withCase(letter(base, modifier, TONES[Math.max(tone, 0)]!), isUpper(ch));
  }
  return out;
}

/** Converts text in a legacy font encoding to Unicode (NFC). */
export function convertLegacy(text: string, encoding: LegacyFont): string {
  return (encoding === 'tcvn3' ? convertTcvn3(text) : convertVni(text)).normalize('NFC');
}

/** Unicode → TCVN3 as an ABC keyboard would type it; capitals with a tone become the lower-case code. */
export function unicodeToTcvn3(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => UNICODE_TO_TCVN3.get(ch) ?? UNICODE_TO_TCVN3.get(ch.toLowerCase()) ?? ch)
    .join('');
}

/** Unicode → VNI Windows. */
export function unicodeToVni(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const single = VNI_SINGLE_FROM_UNICODE.get(lower);
      if (single) return withCase(single, isUpper(ch));
      const [base = '', ...marks] = lower.normalize('NFD');
      const tone = TONES.indexOf(marks.filter((m) => m !== CIRCUMFLEX && m !== BREVE && m !== HORN).join(''));
      if (!/^[aeiouy]$/.test(base) || marks.length === 0 || tone < 0) return ch;
      let code = base + VNI_TONE[tone];
      if (marks.includes(CIRCUMFLEX)) code = base + VNI_CIRCUMFLEX[tone];
      else if (marks.includes(BREVE)) code = base + VNI_BREVE[tone];
      else if (marks.includes(HORN)) code = (base === 'o' ? 'ô' : 'ö') + VNI_TONE[tone];
      return withCase(code, isUpper(ch));
    })
    .join('');
}

/** Vietnamese letters outside Latin-1: their presence means the text is already Unicode. */
const UNICODE_VIETNAMESE =
  /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9]|[\u0300-\u036F]/;

const LETTER = '[A-Za-z\\u00C0-\\u00FF]';
const TCVN3_CODES = '[\\u00A1-\\u00A6\\u00A8-\\u00AA\\u00AC\\u00AD\\u00B6-\\u00B8\\u00BC-\\u00BE]';
/**
 * TCVN3 vowel codes outside the Latin-1 letters, next to a letter: "Nh¬n", "c¸c", "¨n". µ and « count only
 * after a letter, » and ¹ only before one, so "10 µg", «quotes» and "Total¹" stay English.
 */
const TCVN3_VOWEL = new RegExp(
  `(?<=${LETTER})${TCVN3_CODES}|${TCVN3_CODES}(?=${LETTER})|(?<=${LETTER})[\u00AB\u00B5]|[\u00BB\u00B9](?=${LETTER})`,
  'g',
);
/** TCVN3 đ/Đ, which only ever starts a word: "®¬n". */
const TCVN3_D = /(?<![\p{L}\u00A1-\u00BE])[\u00AE\u00A7](?=[A-Za-z\u00A1-\u00FF])/gu;
/** Latin-1 letters no TCVN3 text can hold (à is µ there), common in Unicode Vietnamese and Western text. */
const NOT_TCVN3 = /[\u00C0-\u00C5\u00CD\u00D9-\u00DB\u00E0\u00F0\u00FF]/g;

/** VNI marks right after a vowel: "aø", "oâ", "aê", "öø". */
const VNI_MARK = /[aeiouyôöAEIOUYÔÖ][øùûõïØÙÛÕÏ]|[aeoAEO][âêåäëüÂÊÅÄËÜ]|[aeAE][áàãéèúÁÀÃÉÈÚ]|[öÖ][ôÔ]/g;
/** VNI đ starts a word: "ñaát", "Ñoäi". */
const VNI_D = /(?<![\p{L}])[ñÑ](?=[aeiouyôöAEIOUYÔÖ])/gu;
/** A mark byte after a consonant or at a word start cannot be VNI ("Là", "Bá", "Ánh"). */
const NOT_VNI = /(?<![aeiouyôöAEIOUYÔÖ])[àáãèéùúøûõïâêåäëüÀÁÃÈÉÙÚØÛÕÏÂÊÅÄËÜ]/g;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/**
 * Recognises text in a legacy font encoding. Unicode Vietnamese (any letter outside Latin-1) and
 * plain ASCII never qualify; otherwise each encoding needs evidence that outweighs the evidence against it.
 */
export function detectLegacy(text: string): LegacyFont | null {
  if (UNICODE_VIETNAMESE.test(text) || !/[\u00A1-\u00FF]/.test(text)) return null;
  const tcvn3 = count(text, TCVN3_VOWEL) + count(text, TCVN3_D);
  const vni = count(text, VNI_MARK) + count(text, VNI_D);
  if (tcvn3 > 0 && tcvn3 >= vni && tcvn3 > count(text, NOT_TCVN3)) return 'tcvn3';
  if (vni > 0 && vni > count(text, NOT_VNI)) return 'vni';
  return null;
}
