import { canonicalAreaType, parseAreaName } from './area-name';
import { editDistance } from './edit-distance';
import { cleanText, foldForSearch, normaliseToneMarks } from './text';

export type AreaLevel = 'province' | 'district' | 'commune';

export interface AreaVersion {
  id: number;
  code: string;
  name: string;
  type: string;
  level: AreaLevel;
  parentCode: string | null;
  /** null: since before the history starts. */
  validFrom: string | null;
  /** Exclusive; null: still in force. */
  validTo: string | null;
}

export interface ResolveOptions {
  /** A code or a name of the parent unit (any ancestor), resolved among units valid at `at`. */
  parent?: string;
  /** ISO date the unit must be valid on; default: no date filter. */
  at?: string;
  level?: AreaLevel;
}

export interface AreaMatch {
  area: AreaVersion;
  /** 0..1 */
  confidence: number;
  reason: string;
}

export interface ResolveResult {
  best: AreaMatch | null;
  /** Every candidate, best first (so best is alternatives[0]), at most 5. */
  alternatives: AreaMatch[];
  ambiguous: boolean;
  message?: string;
}

interface Entry {
  area: AreaVersion;
  type: string;
  /** Bare name as compared for an accented exact match. */
  exact: string;
  key: string;
}

interface Query {
  text: string;
  type: string | null;
  exact: string;
  key: string;
}

const MAX_ALTERNATIVES = 5;
const MAX_TYPO_DISTANCE = 2;
const LEVEL_RANK: Record<AreaLevel, number> = { province: 0, district: 1, commune: 2 };

const exactForm = (name: string) => normaliseToneMarks(name.toLowerCase());
const round = (n: number) => Math.round(n * 1000) / 1000;
const validAt = (a: AreaVersion, at: string | undefined) =>
  !at || ((a.validFrom === null || a.validFrom <= at) && (a.validTo === null || at < a.validTo));
/** "Phường Lê Lợi (21583)", with the type added when the listed name lacks it. */
const describeArea = (a: AreaVersion) =>
  `${parseAreaName(a.name).type ? a.name : `${a.type} ${a.name}`} (${a.code})`;
const listed = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

function lifetime(a: AreaVersion): string {
  if (a.validFrom && a.validTo) return `from ${a.validFrom} until ${a.validTo}`;
  if (a.validTo) return `until ${a.validTo}`;
  return a.validFrom ? `from ${a.validFrom}` : 'throughout';
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Newer versions first: a version still in force, then the one that ended last. */
const newer = (a: AreaVersion, b: AreaVersion) => (b.validTo ?? '9999').localeCompare(a.validTo ?? '9999');

/**
 * Confidence = name score × type factor. Name: accented exact 1, same folded key 0.95, typo 0.7 at
 * distance 1 and 0.6 at 2. Type: as queried 1, not queried 0.9, different 0.6.
 */
function score(e: Entry, q: Query, distance: number): AreaMatch {
  const name = distance > 0 ? 0.8 - 0.1 * distance : q.exact === e.exact ? 1 : 0.95;
  const factor = q.type === null ? 0.9 : q.type === e.type ? 1 : 0.6;
  const reasons = [
    distance > 0
      ? `typo: edit distance ${distance} from "${e.key}"`
      : name === 1
        ? 'name matches'
        : 'name matches without diacritics',
    q.type === null
      ? 'no type given'
      : q.type === e.type
        ? 'type matches'
        : `type conflict: ${q.type} vs ${e.type}`,
  ];
  return { area: e.area, confidence: round(name * factor), reason: reasons.join('; ') };
}

/**
 * Resolves written unit names to versions of a temporal unit list, in memory. Lookups go through
 * maps by folded name and by code; only a name with no exact key falls back to a typo search.
 */
export class AreaIndex {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byCode = new Map<string, Entry[]>();

  constructor(areas: AreaVersion[]) {
    for (const area of areas) {
      const parsed = parseAreaName(area.name);
      const entry: Entry = {
        area,
        type: canonicalAreaType(area.type) ?? area.type,
        exact: exactForm(parsed.name),
        key: parsed.key,
      };
      append(this.byKey, entry.key, entry);
      append(this.byCode, area.code, entry);
    }
  }

  resolve(name: string, options: ResolveOptions = {}): ResolveResult {
    const text = cleanText(name);
    const { at, level } = options;
    const inParent = this.parentFilter(options.parent, at);
    if (!inParent) return none(`parent "${options.parent}" not found${at ? ` on ${at}` : ''}`);
    const inScope = (e: Entry) => (!level || e.area.level === level) && inParent(e);
    const current = (e: Entry) => inScope(e) && validAt(e.area, at);

    if (/^\d+$/.test(text)) {
      const versions = (this.byCode.get(text) ?? []).filter(inScope);
      const q: Query = { text, type: null, exact: '', key: '' };
      const matches = versions
        .filter(current)
        .map((e) => ({ area: e.area, confidence: 1, reason: 'code matches' }));
      return matches.length ? rank(q, matches) : notThen(text, versions, at);
    }

    const parsed = parseAreaName(text);
    if (!parsed.key) return none('empty name');
    const q: Query = { text, type: parsed.type, exact: exactForm(parsed.name), key: parsed.key };
    const named = (this.byKey.get(q.key) ?? []).filter(inScope);
    const hits = named.filter(current);
    if (hits.length)
      return this.withDateNote(
        rank(
          q,
          hits.map((e) => score(e, q, 0)),
        ),
        named,
        q,
        at,
      );

    // A name that merely starts with a type word ("Tịnh Biên" written "Tinh Bien") is tried whole.
    const whole = foldForSearch(text);
    const wholeHits = parsed.type ? (this.byKey.get(whole) ?? []).filter(current) : [];
    const wholeQuery: Query = { text, type: null, exact: exactForm(text), key: whole };
    if (wholeHits.length)
      return rank(
        wholeQuery,
        wholeHits.map((e) => score(e, wholeQuery, 0)),
      );

    if (named.length) return notThen(text, named, at);
    return rank(q, this.typos(q, current));
  }

  private typos(q: Query, current: (e: Entry) => boolean): AreaMatch[] {
    const matches: AreaMatch[] = [];
    for (const [key, entries] of this.byKey) {
      if (Math.abs(key.length - q.key.length) > MAX_TYPO_DISTANCE) continue;
      const distance = editDistance(key, q.key, MAX_TYPO_DISTANCE);
      if (distance > MAX_TYPO_DISTANCE) continue;
      for (const e of entries) if (current(e)) matches.push(score(e, q, distance));
    }
    return matches;
  }

  /** Tells when a better-fitting unit of the same name existed at another time than `at`. */
  private withDateNote(
    result: ResolveResult,
    named: Entry[],
    q: Query,
    at: string | undefined,
  ): ResolveResult {
    if (!at || !result.best || result.best.confidence === 1) return result;
    const better = named
      .filter((e) => !validAt(e.area, at))
      .map((e) => ({ e, m: score(e, q, 0) }))
      .filter(({ m }) => m.confidence > result.best!.confidence);
    if (!better.length) return result;
    const notes = better.map(({ e }) => `${describeArea(e.area)} existed ${lifetime(e.area)}`);
    return { ...result, message: `${listed(notes)}, not on ${at}` };
  }

  /** A predicate for units under the parent (at any depth, via the parent chain valid at `at`), or null if no such parent. */
  private parentFilter(parent: string | undefined, at: string | undefined): ((e: Entry) => boolean) | null {
    if (parent === undefined) return () => true;
    const text = cleanText(parent);
    let codes: string[];
    if (/^\d+$/.test(text)) {
      codes = (this.byCode.get(text) ?? []).some((e) => validAt(e.area, at)) ? [text] : [];
    } else {
      const r = this.resolve(text, { at });
      codes = r.alternatives.filter((m) => m.confidence === r.best?.confidence).map((m) => m.area.code);
    }
    if (!codes.length) return null;
    const wanted = new Set(codes);
    return (e) => {
      const seen = new Set<string>();
      let frontier = e.area.parentCode === null ? [] : [e.area.parentCode];
      while (frontier.length) {
        if (frontier.some((c) => wanted.has(c))) return true;
        for (const c of frontier) seen.add(c);
        frontier = frontier.flatMap((c) =>
          (this.byCode.get(c) ?? [])
            .filter((p) => validAt(p.area, at) && p.area.parentCode !== null && !seen.has(p.area.parentCode))
            .map((p) => p.area.parentCode!),
        );
      }
      return false;
    };
  }
}

const none = (message: string): ResolveResult => ({
  best: null,
  alternatives: [],
  ambiguous: false,
  message,
});

/** Nothing valid on `at`, but versions of that name or code existed at other times. */
function notThen(text: string, versions: Entry[], at: string | undefined): ResolveResult {
  if (!versions.length) return none(`no unit matches "${text}"`);
  const notes = versions
    .sort((a, b) => newer(a.area, b.area))
    .slice(0, MAX_ALTERNATIVES)
    .map((e) => `${describeArea(e.area)} existed ${lifetime(e.area)}`);
  return none(`"${text}" did not exist on ${at}: ${listed(notes)}`);
}

/** Keeps one match per unit (code + name) over time, sorts, and flags ties at the top. */
function rank(q: Query, matches: AreaMatch[]): ResolveResult {
  if (!matches.length) return none(`no unit matches "${q.text}"`);
  const byUnit = new Map<string, AreaMatch>();
  for (const m of matches) {
    const id = `${m.area.code}|${foldForSearch(m.area.name)}`;
    const kept = byUnit.get(id);
    if (
      !kept ||
      m.confidence > kept.confidence ||
      (m.confidence === kept.confidence && newer(m.area, kept.area) < 0)
    ) {
      byUnit.set(id, m);
    }
  }
  const sorted = [...byUnit.values()].sort(
    (a, b) =>
      b.confidence - a.confidence ||
      LEVEL_RANK[a.area.level] - LEVEL_RANK[b.area.level] ||
      newer(a.area, b.area) ||
      a.area.code.localeCompare(b.area.code),
  );
  const alternatives = sorted.slice(0, MAX_ALTERNATIVES);
  const best = alternatives[0]!;
  const tied = sorted.filter((m) => m.confidence === best.confidence);
  if (tied.length < 2) return { best, alternatives, ambiguous: false };
  const hint = new Set(tied.map((m) => m.area.code)).size === 1 ? 'add the date' : 'add the level or parent';
  const names = tied.slice(0, MAX_ALTERNATIVES).map((m) => describeArea(m.area));
  return {
    best,
    alternatives,
    ambiguous: true,
    message: `ambiguous: "${q.text}" matches ${listed(names)}; ${hint}`,
  };
}
