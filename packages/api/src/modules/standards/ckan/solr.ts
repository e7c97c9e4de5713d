import type { DatasetSummary } from '@kho/schema';
import { DOWNLOAD_FORMATS } from '../../catalog/catalog.queries';
import { licenseInfo } from '../licenses';
import { validationError } from './envelope';
import { formatName, organizationName } from './package';

/**
 * The part of CKAN's Solr query language that harvesters and clients send: `field:value`
 * terms (quoted values, a leading - to negate, `[from TO to]` ranges on the dates), all of
 * which must hold; in `q`, the other words are searched as text.
 */
export interface Term {
  field: string;
  value: string;
  negate: boolean;
}

const TERM = /([+-]?)([A-Za-z_][\w.]*):(\[[^\]]*\]|"(?:[^"\\]|\\.)*"|\S+)/g;
const NOISE = new Set(['AND', '&&', '+', '*', '*:*']);

const unquote = (v: string) =>
  v.startsWith('"') && v.endsWith('"') && v.length >= 2
    ? v.slice(1, -1).replace(/\\(.)/g, '$1')
    : v.replace(/\\(.)/g, '$1');

export function parseQuery(
  text: string | undefined,
  parameter: 'q' | 'fq',
): { terms: Term[]; words: string } {
  if (!text) return { terms: [], words: '' };
  const terms: Term[] = [];
  const rest = text.replace(TERM, (whole, sign: string, field: string, value: string) => {
    if (whole === '*:*') return ' ';
    // Own keys only: "constructor" or "toString" are not fields (they matched, or threw a 500).
    if (!Object.hasOwn(MATCHERS, field))
      throw validationError(
        parameter,
        `cannot search on "${field}"; use ${Object.keys(MATCHERS).join(', ')}`,
      );
    terms.push({ field, value: unquote(value), negate: sign === '-' });
    return ' ';
  });
  const words = rest
    .split(/\s+/)
    .filter((w) => w && !NOISE.has(w))
    .join(' ');
  if (parameter === 'fq' && words)
    throw validationError('fq', `cannot understand "${words.slice(0, 100)}": use field:value terms`);
  return { terms, words };
}

/** `[2025-01-01T00:00:00Z TO *]` → the bounds, `*` open. */
function inRange(value: string, instant: string): boolean {
  const m = /^\[\s*(\S+)\s+TO\s+(\S+)\s*\]$/i.exec(value);
  const t = Date.parse(instant);
  const bound = (b: string) => {
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(b) || b.length <= 10 ? b : `${b}Z`);
    if (Number.isNaN(ms)) throw validationError('fq', `"${b.slice(0, 50)}" is not a date`);
    return ms;
  };
  if (!m) return bound(value) === t;
  return (m[1] === '*' || t >= bound(m[1]!)) && (m[2] === '*' || t <= bound(m[2]!));
}

const same = (a: string, b: string) => a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

const MATCHERS: Record<string, (d: DatasetSummary, v: string) => boolean> = {
  organization: (d, v) => same(organizationName(d.publisher.code), v),
  owner_org: (d, v) => same(organizationName(d.publisher.code), v),
  groups: (d, v) => d.themes.some((t) => same(t, v)),
  tags: (d, v) => d.keywords.some((k) => same(k, v)),
  res_format: (_d, v) => DOWNLOAD_FORMATS.some(([f]) => same(formatName(f), v) || same(f, v)),
  license_id: (d, v) => same(licenseInfo(d.license).ckanId, v) || same(d.license, v),
  name: (d, v) => d.id === v,
  id: (d, v) => d.id === v,
  title: (d, v) => d.title.normalize('NFC').toLowerCase().includes(v.normalize('NFC').toLowerCase()),
  metadata_modified: (d, v) => inRange(v, d.modified),
  metadata_created: (d, v) => inRange(v, d.issued),
  dataset_type: (_d, v) => v === 'dataset',
  type: (_d, v) => v === 'dataset',
  state: (_d, v) => v === 'active',
  capacity: (d, v) => (v === 'public') === (d.access === 'open'),
};

/** Whether the dataset satisfies every term; `field:*` asks only that the field has a value. */
export function matchesAll(d: DatasetSummary, terms: Term[]): boolean {
  return terms.every((t) => {
    const hit =
      t.value === '*' ? !(t.field === 'tags' && d.keywords.length === 0) : MATCHERS[t.field]!(d, t.value);
    return hit !== t.negate;
  });
}

type Key = { of: (d: DatasetSummary) => string; words?: boolean };
const SORT_KEYS: Record<string, Key | null> = {
  score: null,
  metadata_modified: { of: (d) => d.modified },
  metadata_created: { of: (d) => d.issued },
  title_string: { of: (d) => d.title, words: true },
  title: { of: (d) => d.title, words: true },
  name: { of: (d) => d.id },
  id: { of: (d) => d.id },
};

const collator = new Intl.Collator('vi');
const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** CKAN's sort ("metadata_modified desc, name asc") as a comparator; the relevance score has no rank here. */
export function comparator(sort: string): (a: DatasetSummary, b: DatasetSummary) => number {
  const keys = sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const [field = '', dir = 'asc', extra] = part.split(/\s+/);
      if (!Object.hasOwn(SORT_KEYS, field) || !/^(asc|desc)$/i.test(dir) || extra)
        throw validationError(
          'sort',
          `cannot sort by "${part.slice(0, 60)}"; use ${Object.keys(SORT_KEYS).join(', ')} with asc or desc`,
        );
      return { key: SORT_KEYS[field], desc: dir.toLowerCase() === 'desc' };
    })
    .filter((k): k is { key: Key; desc: boolean } => !!k.key);
  return (a, b) => {
    for (const { key, desc } of keys) {
      const c = (key.words ? collator.compare : plain)(key.of(a), key.of(b));
      if (c) return desc ? -c : c;
    }
    return plain(a.id, b.id);
  };
}
