import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

const VIETNAMESE = [
  'Phường Nhơn Bình',
  'Bình Định',
  'Gia Lai',
  'TP. Quy Nhơn',
  'H. Vân Canh',
  'P. Nhon Binh',
  'Y tế',
  'Quý I/2022',
  'tháng 5/2022',
  'vụ Đông Xuân 2023–2024',
  '1.723',
  '56,5',
  '56%',
  'Đặc khu',
  'đ',
  'Phường Nhơn Bình'.normalize('NFD'),
  'Bệnh viện "Hòa Bình", cơ sở 2',
  'Tr­ường', // soft hyphen
];
const METACHARACTERS = [
  "'",
  '"',
  ';',
  '--',
  "' OR '1'='1",
  "'; drop table datasets; --",
  '$1',
  '$$',
  '%',
  '_',
  '\\',
  '\\\\',
  '.*',
  '(a+)+$',
  '[',
  ']',
  '{',
  '}',
  '{"a":1}',
  '[]',
  'null',
  'true',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%zz',
  '%ff%fe',
  '\u0000',
  'a\u0000b',
  '\r\n',
  '\t',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  'e\u0301',
  '🇻🇳',
  '🏥💉🌾',
  '𝔘𝔫𝔦',
  '',
  ' ',
  '  x  ',
  ',',
  ',,',
  ':',
  'eq:',
  'in:',
  'gte:abc',
  'like:%_%',
  'isnull:maybe',
  '=',
  '&',
  '#',
  '+',
  '/',
];
const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '01',
  '1.5',
  '1e3',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '0x10',
  ' 1',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740991',
  '9007199254740993',
  '9'.repeat(40),
];
const DATES = [
  '2022-06-03',
  '2026-01-01',
  '2025-07-01',
  '1900-01-01',
  '9999-12-31',
  '0000-01-01',
  '2022-02-30',
  '2022-13-01',
  '2022-06-03T10:00:00Z',
  '20220603',
  '03/06/2022',
  '-2022-01-01',
  '275760-09-13',
];

/** Strings that have broken APIs before: Vietnamese, emoji, NUL, metacharacters, numbers, dates, long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VIETNAMESE, ...METACHARACTERS, ...NUMBERS, ...DATES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...VIETNAMESE, ...METACHARACTERS), { maxLength: 6 })
      .map((a) => a.join('')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'Đ', '🏥', '%', "'"), fc.integer({ min: 200, max: 20_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Percent-encodes like a browser, and keeps what cannot be encoded (lone surrogates) as raw broken escapes. */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^\w%-]/gu, (c) => {
      try {
        return encodeURIComponent(c);
      } catch {
        return '%FF';
      }
    });
  }
}

/** A value as a query parameter (arrays comma-joined, as Kho's list parameters take them). */
export const asParam = (v: unknown): string => (Array.isArray(v) ? v.map(asParam).join(',') : String(v));

function resolve(schema: JsonSchema, root: Record<string, JsonSchema>): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop()!;
  return resolve(root[name] ?? {}, root);
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date') return fc.constantFrom(...DATES.slice(0, 5));
  if (s.format === 'date-time')
    return fc.date({ noInvalidDate: true, min: new Date(0) }).map((d) => d.toISOString());
  if (s.format === 'uri') return fc.webUrl();
  if (s.format === 'email') return fc.emailAddress();
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 60));
  if (s.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((x) => x.length >= min && x.length <= (s.maxLength ?? 1e9));
    } catch {}
  }
  return fc.string({ unit: 'grapheme', minLength: min, maxLength: max });
}

/**
 * Values valid for a JSON Schema (the subset zod's OpenAPI output uses), for request
 * parameters and bodies. `depth` stops recursive schemas.
 */
export function fromSchema(
  schema: JsonSchema,
  root: Record<string, JsonSchema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, root, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0]!, root, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'integer': {
      const min = Math.max(s.minimum ?? -1e6, Number.MIN_SAFE_INTEGER);
      const max = Math.min(s.maximum ?? 1e6, Number.MAX_SAFE_INTEGER);
      return fc.oneof(
        fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) }),
        fc.constantFrom(min, max),
      );
    }
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: s.minimum ?? -1e9,
        max: s.maximum ?? 1e9,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringFor(s);
    case 'array':
      return fc.array(depth > 4 ? fc.constant('x') : fromSchema(s.items ?? {}, root, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, 4),
      });
    case 'object': {
      if (depth > 4 || !s.properties) return fc.constant({});
      const required = new Set(s.required ?? []);
      const entries = Object.entries(s.properties);
      return fc.record(Object.fromEntries(entries.map(([k, v]) => [k, fromSchema(v, root, depth + 1)])), {
        requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

/** An arbitrary JSON value, for bodies of the wrong shape. */
export const anyJson = fc.jsonValue({ maxDepth: 4 });
