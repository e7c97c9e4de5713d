import { Writable } from 'node:stream';
import { referenceTemplate } from '@kho/ingest/testing';
import { query, queryOne, sql, THEMES } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKey, revokeKey } from '../src/modules/keys/keys.service';
import { dispatch } from '../src/modules/webhooks/worker';
import {
  DATASET_KEYS,
  DATASETS,
  type DatasetKey,
  loadMatrix,
  MARK,
  type MatrixWorld,
  MISSING_INDICATOR,
  missingId,
  READERS,
  REFUSED,
  type Reader,
  SECRET_INDICATOR,
  SEES,
  SHARED_INDICATOR,
  type Who,
  WORD,
} from './access-matrix.fixtures';
import { createTestApp, type TestApp } from './helpers';

/** The 43-character secret of kho_<prefix>_<secret>: base64url, so it may hold '_' itself (split('_') cut it, sometimes to nothing). */
const secretOf = (key: string) => key.slice('kho_'.length + 10 + 1);

/**
 * Issue 6: one matrix of who sees what, on every surface. Each `it` is a surface and loops
 * over the principals; every answer to a principal is also scanned for what it may not see
 * (the hidden datasets' markers, ids, search words and the restricted-only indicator), and a
 * hidden dataset must answer exactly as a dataset that does not exist.
 */

type Json = any;
interface Req {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}
interface Res {
  status: number;
  type: string;
  body: string;
  json: Json;
  headers: Record<string, string | string[] | number | undefined>;
}

const FORMATS = ['csv', 'json', 'ndjson', 'geojson', 'xlsx'] as const;
const BEFORE_REFORM = '2022-06-03';
const UNKNOWN_KEY = `kho_aaaaaaaaaa_${'A'.repeat(43)}`;
type Refusal = Who | 'unknown';

const idsOf = (keys: DatasetKey[]) => keys.map((k) => DATASETS[k].id).sort();
const sorted = (xs: string[]) => [...xs].sort();
const tally = (xs: string[]) => {
  const m: Record<string, number> = {};
  for (const x of xs) m[x] = (m[x] ?? 0) + 1;
  return m;
};
const facetMap = (f: { value: string; count: number }[]) =>
  Object.fromEntries(f.map((x) => [x.value, x.count]));
const startOf = (period: string) => `${period}-01-01`;
const levelOf = (area: string) => (area === '52' ? 'province' : area === '540' ? 'district' : 'commune');
const hiddenOf = (who: Refusal): DatasetKey[] =>
  DATASET_KEYS.filter((k) => !(who in SEES) || !SEES[who as Reader].includes(k));
const sees = (who: Reader, k: DatasetKey) => SEES[who].includes(k);
/** An id or number where it stands alone (4 in /v1/ingests/4, not in 404). */
const token = (x: string) =>
  new RegExp(`(?<![\\w-])${x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g');
const swap = (text: string, id: string) =>
  /^\d+$/.test(id) ? text.replace(token(id), '<id>') : text.replaceAll(id, '<id>');
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
/** The observations a principal may read. */
const visibleObservations = (who: Reader) =>
  SEES[who].flatMap((k) => DATASETS[k].observations.map((o) => ({ ...o, dataset: DATASETS[k].id })));

/** Text and every base64 token in it decoded (global ids and cursors hide ids). */
function expand(text: string): string {
  const decoded = (text.match(/[A-Za-z0-9+/_-]{12,}={0,2}/g) ?? []).map((t) =>
    Buffer.from(t, 'base64').toString('utf8'),
  );
  return `${text}\n${decoded.join('\n')}`.toLowerCase();
}

/** A portal page without the signed-in line of its header (who is signed in, or the sign-in link). */
const withoutSession = (html: string) =>
  html
    .replace(/<li><a href="\/signin\?next=[^"]*">[^<]*<\/a><\/li>/, '<session>')
    .replace(
      /<li class="who">[^<]*<\/li>\s*<li><form class="inline" method="post" action="\/signout">[\s\S]*?<\/form><\/li>/,
      '<session>',
    );

/** What a principal may never meet: markers, ids, search words of the datasets hidden from it. */
function forbidden(who: Refusal, request: string): string[] {
  const out: string[] = [];
  for (const k of hiddenOf(who)) {
    if (k === 'open') continue;
    out.push(MARK[k], DATASETS[k].id, WORD[k]);
    if (k === 'restricted') out.push(SECRET_INDICATOR);
  }
  // What the request itself names may be echoed (a 404 names the id asked for).
  return out.map((s) => s.toLowerCase()).filter((s) => !request.includes(s));
}

describe.each(testEngines())('access matrix on %s', (engine) => {
  let t: TestApp;
  let world: MatrixWorld;
  const cookies: Partial<Record<Reader, string>> = {};
  const scanned = new Map<string, number>();

  const authOf = (who: Refusal): Record<string, string> =>
    who === 'anonymous'
      ? {}
      : { authorization: `Bearer ${who === 'unknown' ? UNKNOWN_KEY : world.keys[who]}` };

  /** One request as `who`; the answer is scanned for what `who` may not see. */
  async function send(who: Refusal, surface: string, r: Req, via: 'header' | 'cookie' = 'header') {
    const auth =
      via === 'cookie'
        ? who === 'anonymous'
          ? {}
          : { cookie: `kho_key=${cookies[who as Reader] ?? world.keys[who as Exclude<Who, 'anonymous'>]}` }
        : authOf(who);
    const res = await t.app.inject({
      method: r.method ?? 'GET',
      url: r.url,
      headers: {
        'x-request-id': 'matrix',
        ...(r.payload !== undefined && typeof r.payload !== 'string'
          ? { 'content-type': 'application/json' }
          : {}),
        ...auth,
        ...(r.headers ?? {}),
      },
      ...(r.payload !== undefined
        ? { payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload) }
        : {}),
    });
    let json: Json;
    try {
      json = res.json();
    } catch {
      json = undefined;
    }
    const out: Res = {
      status: res.statusCode,
      type: String(res.headers['content-type'] ?? ''),
      body: res.body,
      json,
      headers: res.headers,
    };
    const asked = expand(
      `${r.url}\n${typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload ?? '')}`,
    );
    const { 'set-cookie': _cookie, ...headers } = res.headers;
    const text = expand(`${JSON.stringify(headers)}\n${res.body}`);
    for (const s of forbidden(who, asked))
      expect(
        text.includes(s),
        `${who} × ${surface} × ${r.method ?? 'GET'} ${r.url}: the answer contains "${s}"`,
      ).toBe(false);
    // What only a key holder may read is never kept by shared caches.
    const gets = (r.method ?? 'GET') === 'GET';
    if (gets && out.status < 400 && forbidden('anonymous', asked).some((x) => text.includes(x)))
      expect(String(out.headers['cache-control']), `${who} × ${surface} × ${r.url}: cache-control`).toMatch(
        /private|no-store/,
      );
    scanned.set(`${who}|${surface}`, (scanned.get(`${who}|${surface}`) ?? 0) + 1);
    return out;
  }
  const get = (who: Refusal, surface: string, url: string, via: 'header' | 'cookie' = 'header') =>
    send(who, surface, { url }, via);

  /**
   * Answers about the open dataset and about areas depend only on the indicator rows one may
   * read: whoever may not read the restricted rows gets the anonymous answer, byte for byte.
   */
  const anonymousAnswers = new Map<string, string>();
  async function sameAsAnonymous(who: Reader, surface: string, r: Req, via: 'header' | 'cookie' = 'header') {
    const res = await send(who, surface, r, via);
    const key = `${surface} ${r.method ?? 'GET'} ${r.url} ${JSON.stringify(r.payload ?? null)}`;
    const body = surface === 'portal' ? withoutSession(res.body) : res.body;
    if (who === 'anonymous') anonymousAnswers.set(key, body);
    else if (!sees(who, 'restricted')) {
      expect(anonymousAnswers.has(key), key).toBe(true);
      expect(body, `${who} × ${key}: not the anonymous answer`).toBe(anonymousAnswers.get(key));
    }
    return res;
  }

  /**
   * A dataset hidden from `who` answers exactly as one that does not exist: same status, type,
   * length and body (with the id asked for in place of the other).
   */
  async function sameAsMissing(
    who: Refusal,
    surface: string,
    k: DatasetKey,
    make: (id: string) => Req,
    via: 'header' | 'cookie' = 'header',
    ids: [string, string] = [DATASETS[k].id, missingId(k)],
  ) {
    const [hidden, missing] = ids;
    const a = await send(who, surface, make(hidden), via);
    const b = await send(who, surface, make(missing), via);
    const label = `${who} × ${surface} × ${DATASETS[k].id}: ${make(hidden).url}`;
    expect(a.status, label).toBe(b.status);
    expect(a.type, label).toBe(b.type);
    expect(a.headers['content-length'], label).toBe(b.headers['content-length']);
    expect(a.headers['cache-control'], label).toBe(b.headers['cache-control']);
    expect(swap(a.body, hidden), label).toBe(swap(b.body, missing));
    return a;
  }

  beforeAll(async () => {
    t = await createTestApp(engine, referenceTemplate);
    world = await loadMatrix(t.database);
    for (const who of READERS) {
      if (who === 'anonymous') continue;
      const res = await t.app.inject({
        method: 'POST',
        url: '/signin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ key: world.keys[who], next: '/' }).toString(),
      });
      expect(res.statusCode, `${who} signs in to the portal`).toBe(303);
      cookies[who] = /^kho_key=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('REST catalog search: items, total and facets by theme, publisher and access', async () => {
    for (const who of READERS) {
      const seen = SEES[who];
      const all = await get(who, 'rest.catalog', '/v1/datasets?limit=100');
      const label = `${who} × GET /v1/datasets`;
      expect(all.status, label).toBe(200);
      expect(sorted(all.json.items.map((d: Json) => d.id)), label).toEqual(idsOf(seen));
      expect(all.json.total, label).toBe(seen.length);
      expect(facetMap(all.json.facets.theme), label).toEqual(tally(seen.flatMap((k) => DATASETS[k].themes)));
      expect(facetMap(all.json.facets.publisher), label).toEqual(
        tally(seen.map((k) => DATASETS[k].publisher)),
      );
      expect(facetMap(all.json.facets.access), label).toEqual(tally(seen));
      for (const k of DATASET_KEYS) {
        const n = sees(who, k) ? 1 : 0;
        for (const qs of [
          `q=${WORD[k]}`,
          `access=${k}`,
          `publisher=${DATASETS[k].publisher}`,
          `theme=${DATASETS[k].themes.find((x) => x !== 'health')}`,
          `keyword=${encodeURIComponent(k === 'open' ? 'ma trận' : MARK[k].toLowerCase())}`,
        ]) {
          const r = await get(who, 'rest.catalog', `/v1/datasets?${qs}`);
          const l = `${who} × GET /v1/datasets?${qs}`;
          expect(r.status, l).toBe(200);
          expect(r.json.total, l).toBe(n);
          expect(
            r.json.items.map((d: Json) => d.id),
            l,
          ).toEqual(n ? [DATASETS[k].id] : []);
          expect(r.json.facets.access, l).toEqual(n ? [{ value: k, count: 1 }] : []);
        }
      }
    }
  });

  it('REST dataset metadata, datapackage.json and publishers’ dataset counts', async () => {
    for (const who of READERS) {
      for (const k of DATASET_KEYS) {
        const id = DATASETS[k].id;
        const label = `${who} × ${id}`;
        if (sees(who, k)) {
          const d = await get(who, 'rest.dataset', `/v1/datasets/${id}`);
          expect(d.status, label).toBe(200);
          expect(d.json).toMatchObject({ id, access: k, publisher: { code: DATASETS[k].publisher } });
          expect(
            d.json.indicators.map((i: Json) => i.code),
            label,
          ).toEqual(sorted([...new Set(DATASETS[k].observations.map((o) => o.indicator))]));
          const p = await get(who, 'rest.datapackage', `/v1/datasets/${id}/datapackage.json`);
          expect(p.status, label).toBe(200);
          expect(p.json.name, label).toBe(id);
        } else {
          const d = await sameAsMissing(who, 'rest.dataset', k, (x) => ({ url: `/v1/datasets/${x}` }));
          expect(d.status, label).toBe(404);
          expect(d.type, label).toContain('application/problem+json');
          expect(d.json.code, label).toBe('dataset-not-found');
          const p = await sameAsMissing(who, 'rest.datapackage', k, (x) => ({
            url: `/v1/datasets/${x}/datapackage.json`,
          }));
          expect(p.status, label).toBe(404);
        }
      }
      for (const url of [
        `/v1/datasets/${DATASETS.open.id}`,
        `/v1/datasets/${DATASETS.open.id}/datapackage.json`,
        `/v1/indicators?dataset=${DATASETS.open.id}`,
        `/v1/datasets/${DATASETS.open.id}/records?limit=1000`,
      ])
        expect((await sameAsAnonymous(who, 'rest.dataset', { url })).status, `${who} × ${url}`).toBe(200);
      const pubs = await get(who, 'rest.publishers', '/v1/publishers');
      expect(pubs.status).toBe(200);
      const counts = Object.fromEntries(pubs.json.items.map((p: Json) => [p.code, p.datasetCount]));
      const want = tally(SEES[who].map((k) => DATASETS[k].publisher));
      for (const code of Object.keys(counts))
        expect(counts[code], `${who} × /v1/publishers × ${code}`).toBe(want[code] ?? 0);
    }
  });

  it('REST records, versions, version diffs, row diffs and ingest reports', async () => {
    const [{ max }] = (await query<{ max: number }>(
      t.database.db,
      sql`select max(id)::int as max from ingest_runs`,
    )) as [{ max: number }];
    for (const who of READERS) {
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        const label = `${who} × ${d.id}`;
        const urls = (x: string) => [
          `/v1/datasets/${x}/records?limit=1000`,
          `/v1/datasets/${x}/records?area=540&limit=1000&total=true`,
          `/v1/datasets/${x}/records?version=1`,
          // A field only the shared dataset has: a hidden dataset names no field (no 400).
          `/v1/datasets/${x}/records?students=gte:100&sort=-students&select=name`,
          `/v1/datasets/${x}/records?group_by=areaCode&agg=count`,
          `/v1/datasets/${x}/versions`,
          `/v1/datasets/${x}/versions/1..2`,
          `/v1/datasets/${x}/changes?from=1&to=2`,
          `/v1/datasets/${x}/changes?from=1&to=2&format=ndjson`,
          `/v1/datasets/${x}/changes?from=1&to=2&format=csv`,
        ];
        // Requests that are wrong for a dataset one can see: for a hidden one, the missing answer.
        const bad = (x: string) => [
          `/v1/datasets/${x}/records?nosuchfield=eq:1`,
          `/v1/datasets/${x}/records?sort=nosuchfield`,
          `/v1/datasets/${x}/records?version=99`,
          `/v1/datasets/${x}/versions/2..1`,
          `/v1/datasets/${x}/versions/1..9`,
          `/v1/datasets/${x}/changes?from=2&to=1`,
          `/v1/datasets/${x}/download.csv?nosuchfield=eq:1`,
        ];
        for (const [i, u] of bad('<id>').entries()) {
          if (sees(who, k)) {
            const r = await get(who, 'rest.records', bad(d.id)[i]!);
            expect(r.status, `${label} ${u}`).toBeGreaterThanOrEqual(400);
            expect(r.status, `${label} ${u}`).not.toBe(500);
          } else {
            const r = await sameAsMissing(who, 'rest.records', k, (x) => ({ url: bad(x)[i]! }));
            expect(r.status, `${label} ${u}`).toBe(404);
          }
        }
        const ingest = world.ingests[k];
        const missingIngest = Number('9'.repeat(String(ingest).length));
        expect(missingIngest).toBeGreaterThan(max);
        if (sees(who, k)) {
          const [all, area, v1, , , versions, diff, json, ndjson, csv] = await Promise.all(
            urls(d.id).map((u) => get(who, 'rest.records', u)),
          );
          for (const r of [all, area, v1, versions, diff, json, ndjson, csv])
            expect(r!.status, label).toBe(200);
          expect(all!.json.items.length, label).toBe(d.rows);
          expect(area!.json.items.length, label).toBe(d.rowsIn540);
          expect(area!.json.total, label).toBe(d.rowsIn540);
          expect(v1!.json.items.length, label).toBe(d.rows);
          expect(
            versions!.json.items.map((v: Json) => v.version),
            label,
          ).toEqual([2, 1]);
          expect(diff!.json.counts, label).toEqual({ added: 0, changed: 1, removed: 0 });
          expect(json!.json.changes.length, label).toBe(1);
          expect(ndjson!.body.trim().split('\n').length, label).toBe(1);
          const run = await get(who, 'rest.ingests', `/v1/ingests/${ingest}`);
          expect(run.status, label).toBe(200);
          expect(run.json.dataset_id, label).toBe(d.id);
        } else {
          for (const [i, u] of urls('<id>').entries()) {
            const r = await sameAsMissing(who, 'rest.records', k, (x) => ({ url: urls(x)[i]! }));
            expect(r.status, `${label} ${u}`).toBe(404);
          }
          const run = await sameAsMissing(
            who,
            'rest.ingests',
            k,
            (x) => ({ url: `/v1/ingests/${x}` }),
            'header',
            [String(ingest), String(missingIngest)],
          );
          expect(run.status, label).toBe(404);
        }
      }
    }
  });

  it('REST observations and indicators: rows, counts, periods, area queries', async () => {
    const anonymous: Record<string, string> = {};
    for (const who of READERS) {
      const obs = visibleObservations(who);
      const count = async (qs: string, want: number) => {
        const r = await get(who, 'rest.observations', `/v1/observations?limit=1000&${qs}`);
        expect(r.status, `${who} × /v1/observations?${qs}`).toBe(200);
        expect(r.json.items.length, `${who} × /v1/observations?${qs}`).toBe(want);
        return r;
      };
      const all = await count('', obs.length);
      expect(tally(all.json.items.map((o: Json) => o.dataset)), who).toEqual(
        tally(obs.map((o) => o.dataset)),
      );
      await count('area=540&descendants=true', obs.filter((o) => o.area !== '52').length);
      await count('area=52&descendants=true', obs.length);
      await count('area=21553', obs.filter((o) => o.area === '21553').length);
      await count('level=commune', obs.filter((o) => o.area === '21553').length);
      await count(
        `indicator=${SECRET_INDICATOR}`,
        obs.filter((o) => o.indicator === SECRET_INDICATOR).length,
      );
      await count(
        `indicator=${SHARED_INDICATOR}`,
        obs.filter((o) => o.indicator === SHARED_INDICATOR).length,
      );
      const csv = await get(who, 'rest.observations', '/v1/observations?format=csv');
      expect(csv.body.trim().split('\r\n').length - 1, `${who} × observations csv`).toBe(obs.length);
      for (const k of DATASET_KEYS) {
        if (sees(who, k)) await count(`dataset=${DATASETS[k].id}`, DATASETS[k].observations.length);
        else {
          const r = await sameAsMissing(who, 'rest.observations', k, (x) => ({
            url: `/v1/observations?dataset=${x}`,
          }));
          expect(r.json.items, `${who} × observations of ${k}`).toEqual([]);
        }
      }
      // Whoever may not read the restricted rows gets the anonymous answer, byte for byte.
      for (const url of [
        `/v1/observations?area=52&descendants=true&indicator=${SHARED_INDICATOR}&boundaries=current`,
        '/v1/indicators',
        `/v1/indicators/${SHARED_INDICATOR}`,
      ]) {
        const r = await get(who, 'rest.observations', url);
        expect(r.status, `${who} × ${url}`).toBe(200);
        if (who === 'anonymous') anonymous[url] = r.body;
        else if (!sees(who, 'restricted')) expect(r.body, `${who} × ${url}`).toBe(anonymous[url]);
      }

      const list = await get(who, 'rest.indicators', '/v1/indicators');
      expect(
        list.json.items.map((i: Json) => i.code),
        who,
      ).toEqual(sorted([...new Set(obs.map((o) => o.indicator))]));
      const pop = obs.filter((o) => o.indicator === SHARED_INDICATOR);
      const one = await get(who, 'rest.indicators', `/v1/indicators/${SHARED_INDICATOR}`);
      expect(one.json, `${who} × /v1/indicators/${SHARED_INDICATOR}`).toMatchObject({
        datasets: sorted([...new Set(pop.map((o) => o.dataset))]),
        observations: pop.length,
        periodStart: sorted(pop.map((o) => startOf(o.period)))[0],
        areaLevels: sorted([...new Set(pop.map((o) => levelOf(o.area)))]),
      });
      const words = await get(who, 'rest.indicators', '/v1/indicators?q=chi%20tieu');
      expect(
        words.json.items.map((i: Json) => i.code),
        who,
      ).toEqual(sees(who, 'restricted') ? ['am-open-ind', SECRET_INDICATOR] : ['am-open-ind']);
      if (sees(who, 'restricted')) {
        const secret = await get(who, 'rest.indicators', `/v1/indicators/${SECRET_INDICATOR}`);
        expect(secret.json.datasets, who).toEqual([DATASETS.restricted.id]);
      } else {
        const r = await sameAsMissing(
          who,
          'rest.indicators',
          'restricted',
          (x) => ({ url: `/v1/indicators/${x}` }),
          'header',
          [SECRET_INDICATOR, MISSING_INDICATOR],
        );
        expect(r.status, who).toBe(404);
        const byDataset = await sameAsMissing(who, 'rest.indicators', 'restricted', (x) => ({
          url: `/v1/indicators?dataset=${x}`,
        }));
        expect(byDataset.json.items, who).toEqual([]);
      }
    }
  });

  it('REST change feed: events, filters and resumption', async () => {
    const truth = Object.fromEntries(
      (
        await query<{ dataset_id: string; n: number }>(
          t.database.db,
          sql`select dataset_id, count(*)::int as n from change_events group by dataset_id`,
        )
      ).map((r) => [r.dataset_id, r.n]),
    );
    for (const k of DATASET_KEYS) expect(truth[DATASETS[k].id]).toBeGreaterThanOrEqual(3);
    for (const who of READERS) {
      const want = Object.fromEntries(SEES[who].map((k) => [DATASETS[k].id, truth[DATASETS[k].id]]));
      const feed = await get(who, 'rest.changes', '/v1/changes?limit=1000');
      expect(feed.status, who).toBe(200);
      expect(tally(feed.json.items.map((e: Json) => e.dataset)), `${who} × /v1/changes`).toEqual(want);
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        const mine = await get(who, 'rest.changes', `/v1/changes?publisher=${d.publisher}`);
        expect(mine.json.items.length, `${who} × /v1/changes?publisher=${d.publisher}`).toBe(want[d.id] ?? 0);
        if (sees(who, k)) {
          const r = await get(who, 'rest.changes', `/v1/changes?dataset=${d.id}`);
          expect(r.json.items.length, `${who} × /v1/changes?dataset=${d.id}`).toBe(truth[d.id]);
        } else {
          const r = await sameAsMissing(who, 'rest.changes', k, (x) => ({ url: `/v1/changes?dataset=${x}` }));
          expect(r.json.items, `${who} × changes of ${k}`).toEqual([]);
        }
      }
      // Resuming from the last cursor finds nothing new, hidden events included.
      const next = await get(who, 'rest.changes', `/v1/changes?since=${feed.json.nextCursor}`);
      expect(next.json.items, who).toEqual([]);
    }
  });

  it('REST downloads in every format, with and without filters', async () => {
    for (const who of READERS) {
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        for (const format of FORMATS) {
          const label = `${who} × ${d.id} × download.${format}`;
          if (sees(who, k)) {
            const r = await get(who, 'rest.downloads', `/v1/datasets/${d.id}/download.${format}`);
            expect(r.status, label).toBe(200);
            expect(String(r.headers['content-disposition']), label).toContain(`${d.id}-v2.${format}`);
            if (format === 'csv') expect(r.body.trim().split(/\r?\n/).length - 1, label).toBe(d.rows);
            if (format === 'json') expect(r.json.length, label).toBe(d.rows);
            if (format === 'ndjson') expect(r.body.trim().split('\n').length, label).toBe(d.rows);
            if (format === 'geojson') expect(r.json.features.length, label).toBe(d.rows);
          } else {
            for (const qs of ['', '?area=540', '?version=1&bom=true', '?students=gte:1&sort=-students']) {
              const r = await sameAsMissing(who, 'rest.downloads', k, (x) => ({
                url: `/v1/datasets/${x}/download.${format}${qs}`,
              }));
              expect(r.status, `${label}${qs}`).toBe(404);
              expect(r.type, label).toContain('application/problem+json');
            }
          }
        }
        if (sees(who, k)) {
          const area = await get(who, 'rest.downloads', `/v1/datasets/${d.id}/download.csv?area=540`);
          expect(area.body.trim().split(/\r?\n/).length - 1, `${who} × ${d.id} csv in 540`).toBe(d.rowsIn540);
        }
      }
    }
  });

  it('REST area endpoints carry no dataset counts: the same answer for everyone', async () => {
    const urls = [
      `/v1/areas/540?at=${BEFORE_REFORM}`,
      `/v1/areas/21553?at=${BEFORE_REFORM}`,
      `/v1/areas?parent=540&at=${BEFORE_REFORM}`,
      '/v1/areas/resolve?name=Nh%C6%A1n%20Ph%C3%BA',
    ];
    const anonymous = await Promise.all(urls.map((u) => get('anonymous', 'rest.areas', u)));
    for (const r of anonymous) expect(r.status).toBe(200);
    for (const who of READERS)
      for (const [i, u] of urls.entries())
        expect((await get(who, 'rest.areas', u)).body, `${who} × ${u}`).toBe(anonymous[i]!.body);
  });

  it('DCAT-AP catalog in Turtle and JSON-LD: datasets and totals', async () => {
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const HYDRA = 'http://www.w3.org/ns/hydra/core#';
    const summary = (quads: Quad[]) => ({
      datasets: sorted(
        quads.filter((q) => q.predicate.value === `${DCAT}dataset`).map((q) => q.object.value),
      ),
      total: quads.find((q) => q.predicate.value === `${HYDRA}totalItems`)?.object.value,
    });
    for (const who of READERS) {
      const want = {
        datasets: idsOf(SEES[who]).map((id) => `http://kho.test/v1/datasets/${id}`),
        total: String(SEES[who].length),
      };
      for (const qs of ['', '?modified_since=2000-01-01']) {
        const ttl = await get(who, 'dcat', `/v1/catalog.ttl${qs}`);
        expect(ttl.status, who).toBe(200);
        const turtle = new Parser({ format: 'text/turtle' }).parse(ttl.body);
        expect(summary(turtle), `${who} × catalog.ttl${qs}`).toEqual(want);
        const ld = await get(who, 'dcat', `/v1/catalog.jsonld${qs}`);
        expect(ld.status, who).toBe(200);
        const nquads = (await jsonld.toRDF(ld.json, { format: 'application/n-quads' })) as unknown as string;
        expect(
          summary(new Parser({ format: 'N-Quads' }).parse(nquads)),
          `${who} × catalog.jsonld${qs}`,
        ).toEqual(want);
      }
      // Paging counts only what one may see: one dataset a page, as many pages as visible datasets.
      const last = await get(who, 'dcat', `/v1/catalog.ttl?page_size=1&page=${SEES[who].length}`);
      expect(last.status, who).toBe(200);
      expect(String(last.headers.link), who).toContain(`page=${SEES[who].length}&page_size=1>; rel="last"`);
      expect(String(last.headers.link), who).not.toContain('rel="next"');
      const past = await get(who, 'dcat', `/v1/catalog.jsonld?page_size=1&page=${SEES[who].length + 1}`);
      expect(past.status, who).toBe(404);
      expect(past.json.detail, who).toContain(`has ${SEES[who].length} page(s)`);
    }
  });

  it('CKAN action API: package_list, package_show, package_search with facets, organization_list, datastore_search', async () => {
    const A = '/api/3/action';
    const facetQuery = new URLSearchParams({
      rows: '1000',
      'facet.field': '["organization","groups","tags"]',
    }).toString();
    for (const who of READERS) {
      const seen = SEES[who];
      const list = await get(who, 'ckan', `${A}/package_list`);
      expect(list.json.result, `${who} × package_list`).toEqual(idsOf(seen));
      const search = await get(who, 'ckan', `${A}/package_search?${facetQuery}`);
      expect(search.json.result.count, `${who} × package_search`).toBe(seen.length);
      expect(sorted(search.json.result.results.map((p: Json) => p.name))).toEqual(idsOf(seen));
      expect(search.json.result.facets.organization, `${who} × organization facet`).toEqual(
        tally(seen.map((k) => DATASETS[k].publisher.toLowerCase())),
      );
      expect(search.json.result.facets.groups, `${who} × groups facet`).toEqual(
        tally(seen.flatMap((k) => DATASETS[k].themes)),
      );
      const formats = await get(who, 'ckan', `${A}/package_search?facet.field=["res_format","license_id"]`);
      for (const n of Object.values(formats.json.result.facets.res_format))
        expect(n, `${who} × res_format facet`).toBe(seen.length);
      expect(Object.values(formats.json.result.facets.license_id), who).toEqual([seen.length]);
      for (const url of [
        `${A}/package_show?id=${DATASETS.open.id}`,
        `${A}/datastore_search?resource_id=${DATASETS.open.id}&include_total=true`,
      ])
        expect((await sameAsAnonymous(who, 'ckan', { url })).status, `${who} × ${url}`).toBe(200);
      const orgs = await get(
        who,
        'ckan',
        `${A}/organization_list?all_fields=true&include_dataset_count=true`,
      );
      const packageCount = Object.fromEntries(orgs.json.result.map((o: Json) => [o.name, o.package_count]));
      const want = tally(seen.map((k) => DATASETS[k].publisher.toLowerCase()));
      for (const name of Object.keys(packageCount))
        expect(packageCount[name], `${who} × organization_list × ${name}`).toBe(want[name] ?? 0);
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        const n = sees(who, k) ? 1 : 0;
        for (const qs of [
          `q=${WORD[k]}`,
          `fq=organization:${d.publisher.toLowerCase()}`,
          `fq=groups:${d.themes.find((x) => x !== 'health')}`,
          `fq=name:${d.id}`,
        ]) {
          const r = await get(who, 'ckan', `${A}/package_search?${qs}`);
          expect(r.json.result.count, `${who} × package_search?${qs}`).toBe(n);
        }
        const label = `${who} × ${d.id}`;
        if (n) {
          const show = await get(who, 'ckan', `${A}/package_show?id=${d.id}`);
          expect(show.json.result.name, label).toBe(d.id);
          const posted = await send(who, 'ckan', {
            method: 'POST',
            url: `${A}/package_show`,
            payload: { id: d.id },
          });
          expect(posted.json.result.name, label).toBe(d.id);
          for (const resource of [d.id, `${d.id}.csv`]) {
            const ds = await get(
              who,
              'ckan',
              `${A}/datastore_search?resource_id=${resource}&include_total=true`,
            );
            expect(ds.json.result.total, `${label} datastore ${resource}`).toBe(d.rows);
          }
        } else {
          for (const make of [
            (x: string) => ({ url: `${A}/package_show?id=${x}` }),
            (x: string) => ({ method: 'POST' as const, url: `${A}/package_show`, payload: { id: x } }),
            (x: string) => ({ url: `${A}/datastore_search?resource_id=${x}` }),
            (x: string) => ({ url: `${A}/datastore_search?resource_id=${x}.csv` }),
            (x: string) => ({
              method: 'POST' as const,
              url: `${A}/datastore_search`,
              payload: { resource_id: x },
            }),
            (x: string) => ({
              method: 'POST' as const,
              url: `${A}/datastore_search`,
              payload: { resource_id: x, filters: { students: 500 }, sort: 'students desc' },
            }),
          ]) {
            const r = await sameAsMissing(who, 'ckan', k, make);
            expect(r.status, `${label} ${make('<id>').url}`).toBe(404);
            expect(r.json, label).toMatchObject({ success: false, error: { __type: 'Not Found Error' } });
          }
        }
      }
    }
  });

  it('GraphQL: every root field, nested connections, node ids crafted by hand', async () => {
    const gql = (who: Refusal, q: string) =>
      send(who, 'graphql', { method: 'POST', url: '/graphql', payload: { query: q } });
    const MAIN = `{
      all: datasets(first: 10) { totalCount edges { node { slug access publisher { code } versions { version } } } }
      ${DATASET_KEYS.map((k) => `q_${k}: datasets(q: "${WORD[k]}") { totalCount edges { node { slug } } }`).join('\n')}
      restrictedOnly: datasets(access: [RESTRICTED]) { totalCount }
      ${DATASET_KEYS.map((k) => `p_${k}: datasets(publisher: ["${DATASETS[k].publisher}"]) { totalCount }`).join('\n')}
      sharedOnly: datasets(access: [SHARED]) { totalCount }
      ${DATASET_KEYS.map((k) => `d_${k}: dataset(id: "${DATASETS[k].id}") { slug versions { version fileName } changes(from: 1, to: 2) }`).join('\n')}
      publishers { code }
      indicators { code datasets { slug } }
      secret: indicator(code: "${SECRET_INDICATOR}") { code name }
      pop: indicator(code: "${SHARED_INDICATOR}") { code periodStart datasets { slug } }
      observations(first: 20) { edges { node { indicatorCode dataset { slug } indicator { code } } } }
      inArea: observations(first: 20, area: "540", descendants: true) { edges { node { dataset { slug } } } }
      area(code: "540", at: "${BEFORE_REFORM}") {
        observations { indicatorCode dataset { slug } }
        children { code observations { indicatorCode indicator { datasets { slug } } } }
      }
      commune: area(code: "21553", at: "${BEFORE_REFORM}") { observations { indicatorCode } parent { observations { indicatorCode } } }
      changes(first: 50) { edges { node { datasetId publisher } } }
    }`;
    const truth = Object.fromEntries(
      (
        await query<{ dataset_id: string; n: number }>(
          t.database.db,
          sql`select dataset_id, count(*)::int as n from change_events group by dataset_id`,
        )
      ).map((r) => [r.dataset_id, r.n]),
    );
    for (const who of READERS) {
      const seen = SEES[who];
      const obs = visibleObservations(who);
      const r = await gql(who, MAIN);
      expect(r.json.errors, `${who} × graphql`).toBeUndefined();
      const data = r.json.data;
      expect(data.all.totalCount, who).toBe(seen.length);
      expect(sorted(data.all.edges.map((e: Json) => e.node.slug)), who).toEqual(idsOf(seen));
      expect(data.restrictedOnly.totalCount, who).toBe(sees(who, 'restricted') ? 1 : 0);
      expect(data.sharedOnly.totalCount, who).toBe(sees(who, 'shared') ? 1 : 0);
      for (const k of DATASET_KEYS) {
        expect(data[`q_${k}`].totalCount, `${who} × datasets(q) × ${k}`).toBe(sees(who, k) ? 1 : 0);
        expect(data[`p_${k}`].totalCount, `${who} × datasets(publisher) × ${k}`).toBe(sees(who, k) ? 1 : 0);
        if (sees(who, k)) {
          expect(data[`d_${k}`].slug, who).toBe(DATASETS[k].id);
          expect(data[`d_${k}`].changes.changes.length, who).toBe(1);
        } else expect(data[`d_${k}`], `${who} × dataset(id: ${DATASETS[k].id})`).toBeNull();
      }
      expect(sorted(data.indicators.map((i: Json) => i.code)), who).toEqual(
        sorted([...new Set(obs.map((o) => o.indicator))]),
      );
      for (const i of data.indicators)
        for (const d of i.datasets) expect(idsOf(seen), `${who} × indicators.datasets`).toContain(d.slug);
      expect(data.secret === null, `${who} × indicator(${SECRET_INDICATOR})`).toBe(!sees(who, 'restricted'));
      const pop = obs.filter((o) => o.indicator === SHARED_INDICATOR);
      expect(data.pop, who).toEqual({
        code: SHARED_INDICATOR,
        periodStart: sorted(pop.map((o) => startOf(o.period)))[0],
        datasets: sorted([...new Set(pop.map((o) => o.dataset))]).map((slug) => ({ slug })),
      });
      expect(tally(data.observations.edges.map((e: Json) => e.node.dataset.slug)), who).toEqual(
        tally(obs.map((o) => o.dataset)),
      );
      expect(data.inArea.edges.length, who).toBe(obs.filter((o) => o.area !== '52').length);
      expect(data.area.observations.length, `${who} × area 540`).toBe(
        obs.filter((o) => o.area === '540').length,
      );
      const communeObs = data.area.children.find((c: Json) => c.code === '21553').observations;
      expect(communeObs.length, `${who} × area 540 children`).toBe(
        obs.filter((o) => o.area === '21553').length,
      );
      expect(data.commune.observations.length, who).toBe(obs.filter((o) => o.area === '21553').length);
      expect(data.commune.parent.observations.length, who).toBe(obs.filter((o) => o.area === '540').length);
      expect(tally(data.changes.edges.map((e: Json) => e.node.datasetId)), `${who} × changes`).toEqual(
        Object.fromEntries(seen.map((k) => [DATASETS[k].id, truth[DATASETS[k].id]])),
      );

      // Observations reached from areas by every path: lists, the resolver, successions, observations.
      const nested = await gql(
        who,
        `{
          districts: areas(level: DISTRICT, at: "${BEFORE_REFORM}") { code observations { indicatorCode } }
          communes: areas(parent: "540", at: "${BEFORE_REFORM}") { code observations { indicatorCode } }
          resolveArea(name: "Nhơn Phú", at: "${BEFORE_REFORM}") { best { area { observations { indicatorCode } } } }
          today: area(code: "21553") { predecessors { area { observations { indicatorCode } } } }
          district: area(code: "540", at: "${BEFORE_REFORM}") { observations { area { children { observations { indicatorCode } } } } }
        }`,
      );
      expect(nested.json.errors, `${who} × graphql areas`).toBeUndefined();
      const n = nested.json.data;
      const inArea = (code: string) => obs.filter((o) => o.area === code).length;
      expect(n.districts.find((a: Json) => a.code === '540').observations.length, who).toBe(inArea('540'));
      expect(n.communes.find((a: Json) => a.code === '21553').observations.length, who).toBe(inArea('21553'));
      expect(n.resolveArea.best.area.observations.length, `${who} × resolveArea`).toBe(inArea('21553'));
      expect(
        n.today.predecessors.flatMap((p: Json) => p.area?.observations ?? []).length,
        `${who} × predecessors`,
      ).toBe(inArea('21553'));
      for (const o of n.district.observations)
        expect(
          o.area.children.flatMap((c: Json) => c.observations).length,
          `${who} × observation.area.children`,
        ).toBe(inArea('21553'));

      // Root fields that take a dataset id, and node ids of hidden objects made by hand.
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        const byId = (x: string) => ({
          method: 'POST' as const,
          url: '/graphql',
          payload: {
            query: `{ records(datasetId: "${x}", first: 1000) { totalCount edges { node } } }`,
          },
        });
        const versions = (x: string) => ({
          method: 'POST' as const,
          url: '/graphql',
          payload: { query: `{ versions(datasetId: "${x}") { version } }` },
        });
        const node = (x: string) => ({
          method: 'POST' as const,
          url: '/graphql',
          payload: {
            query: `{ node(id: "${gid('Dataset', x)}") { id ... on Dataset { slug title } } nodes(ids: ["${gid('Dataset', x)}"]) { id } }`,
          },
        });
        const obsOf = (x: string) => ({
          method: 'POST' as const,
          url: '/graphql',
          payload: {
            query: `{ observations(dataset: "${x}", first: 100) { edges { node { value } } } indicators(dataset: "${x}") { code } }`,
          },
        });
        if (sees(who, k)) {
          const rec = await send(who, 'graphql', byId(d.id));
          expect(rec.json.data.records.totalCount, `${who} × records(${d.id})`).toBe(d.rows);
          const ver = await send(who, 'graphql', versions(d.id));
          expect(ver.json.data.versions.length, who).toBe(2);
          const n = await send(who, 'graphql', node(d.id));
          expect(n.json.data.node.slug, `${who} × node(${d.id})`).toBe(d.id);
        } else {
          for (const make of [byId, versions, node, obsOf]) {
            const res = await sameAsMissing(who, 'graphql', k, make);
            expect(res.status, `${who} × ${k}`).toBe(200);
          }
          const n = await send(who, 'graphql', node(d.id));
          expect(n.json.data?.node ?? null, `${who} × node(${d.id})`).toBeNull();
          const rec = await send(who, 'graphql', byId(d.id));
          expect(rec.json.data, `${who} × records(${d.id})`).toBeNull();
          expect(rec.json.errors[0].message, who).toBe(
            `There is no dataset "${d.id}". Search the catalog at /v1/datasets.`,
          );
        }
      }
      const secretNode = (x: string) => ({
        method: 'POST' as const,
        url: '/graphql',
        payload: { query: `{ node(id: "${gid('Indicator', x)}") { id ... on Indicator { code name } } }` },
      });
      if (sees(who, 'restricted')) {
        const n = await send(who, 'graphql', secretNode(SECRET_INDICATOR));
        expect(n.json.data.node.code, who).toBe(SECRET_INDICATOR);
      } else {
        const n = await sameAsMissing(who, 'graphql', 'restricted', secretNode, 'header', [
          SECRET_INDICATOR,
          MISSING_INDICATOR,
        ]);
        expect(n.json.data.node, who).toBeNull();
      }
    }
  });

  it('portal pages and /portal downloads, anonymous and signed in through the form', async () => {
    const count = (body: string, pattern: RegExp) => Number(pattern.exec(body)?.[1] ?? Number.NaN);
    for (const who of READERS) {
      const seen = SEES[who];
      const page = (url: string) => get(who, 'portal', url, 'cookie');
      const home = await page('/');
      expect(home.status, who).toBe(200);
      if (who !== 'anonymous') expect(home.body, who).toContain('Đang dùng khóa của');
      expect(count(home.body, /\((\d+) bộ dữ liệu\)/), `${who} × home total`).toBe(seen.length);
      expect(count(home.body, /Y tế <span class="count">\((\d+)\)/), `${who} × home health theme`).toBe(
        seen.length,
      );
      const search = await page('/datasets');
      expect(count(search.body, /(\d+) kết quả/), `${who} × search`).toBe(seen.length);
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        const n = sees(who, k) ? 1 : 0;
        for (const qs of [
          `q=${WORD[k]}`,
          `publisher=${d.publisher}`,
          `theme=${d.themes.find((x) => x !== 'health')}`,
        ]) {
          const r = await page(`/datasets?${qs}`);
          expect(count(r.body, /(\d+) kết quả/), `${who} × /datasets?${qs}`).toBe(n);
        }
        if (who !== 'anonymous') {
          const r = await page(`/datasets?access=${k}`);
          expect(count(r.body, /(\d+) kết quả/), `${who} × /datasets?access=${k}`).toBe(n);
        }
        const label = `${who} × portal ${d.id}`;
        if (n) {
          const p = await page(`/datasets/${d.id}`);
          expect(p.status, label).toBe(200);
          if (k !== 'open') expect(p.body, label).toContain(MARK[k]);
          for (const format of FORMATS) {
            const f = await page(`/portal/v1/datasets/${d.id}/download.${format}`);
            expect(f.status, `${label} download.${format}`).toBe(200);
          }
        } else {
          const p = await sameAsMissing(who, 'portal', k, (x) => ({ url: `/datasets/${x}` }), 'cookie');
          expect(p.status, label).toBe(404);
          for (const format of FORMATS) {
            const f = await sameAsMissing(
              who,
              'portal',
              k,
              (x) => ({ url: `/portal/v1/datasets/${x}/download.${format}` }),
              'cookie',
            );
            expect(f.status, `${label} download.${format}`).toBe(404);
          }
        }
      }
      for (const url of [
        `/areas/540?at=${BEFORE_REFORM}`,
        `/areas/21553?at=${BEFORE_REFORM}`,
        `/areas/52?at=${BEFORE_REFORM}`,
        `/datasets/${DATASETS.open.id}`,
        `/datasets/${DATASETS.open.id}?_chart=${SHARED_INDICATOR}`,
      ]) {
        const a = await sameAsAnonymous(who, 'portal', { url }, 'cookie');
        expect(a.status, `${who} × ${url}`).toBe(200);
        if (url.includes('21553'))
          expect(a.body.includes(MARK.restricted), `${who} × ${url}`).toBe(sees(who, 'restricted'));
      }
    }
  });

  it('MCP tools: search_datasets, get_dataset, query_records, get_observations, list_indicators, catalog_summary', async () => {
    const rpc = (tool: string, args: Record<string, unknown>) => ({
      method: 'POST' as const,
      url: '/mcp',
      headers: { accept: 'application/json, text/event-stream' },
      payload: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args } },
    });
    const call = async (who: Refusal, tool: string, args: Record<string, unknown> = {}) => {
      const r = await send(who, 'mcp', rpc(tool, args));
      expect(r.status, `${who} × mcp ${tool}`).toBe(200);
      const result = r.json.result;
      return {
        isError: !!result.isError,
        text: result.content[0].text as string,
        json: result.isError ? undefined : JSON.parse(result.content[0].text),
      };
    };
    for (const who of READERS) {
      const seen = SEES[who];
      const obs = visibleObservations(who);
      const search = await call(who, 'search_datasets', { limit: 25 });
      expect(search.json.total, `${who} × search_datasets`).toBe(seen.length);
      expect(sorted(search.json.items.map((d: Json) => d.id)), who).toEqual(idsOf(seen));
      expect(facetMap(search.json.facets.theme), who).toEqual(tally(seen.flatMap((k) => DATASETS[k].themes)));
      const summary = await call(who, 'catalog_summary');
      expect(summary.json.datasetCount, `${who} × catalog_summary`).toBe(seen.length);
      const themes = new Set(seen.flatMap((k) => DATASETS[k].themes));
      expect(summary.json.themesWithoutData, who).toEqual(THEMES.filter((x) => !themes.has(x)));
      expect(Object.fromEntries(summary.json.byPublisher.map((p: Json) => [p.value, p.count])), who).toEqual(
        tally(seen.map((k) => DATASETS[k].publisher)),
      );
      expect(facetMap(summary.json.byAccess), who).toEqual(tally(seen));
      expect(sorted(summary.json.indicators.map((i: Json) => i.code)), who).toEqual(
        sorted([...new Set(obs.map((o) => o.indicator))]),
      );
      const values = await call(who, 'get_observations', { limit: 200 });
      expect(values.json.count, `${who} × get_observations`).toBe(obs.length);
      const inArea = await call(who, 'get_observations', { area: '540', descendants: true, limit: 200 });
      expect(inArea.json.count, who).toBe(obs.filter((o) => o.area !== '52').length);
      const secret = await call(who, 'get_observations', { indicator: SECRET_INDICATOR });
      expect(secret.json.count, who).toBe(obs.filter((o) => o.indicator === SECRET_INDICATOR).length);
      const indicators = await call(who, 'list_indicators', {});
      expect(sorted(indicators.json.items.map((i: Json) => i.code)), `${who} × list_indicators`).toEqual(
        sorted([...new Set(obs.map((o) => o.indicator))]),
      );
      for (const [tool, args] of [
        ['get_dataset', { id: DATASETS.open.id }],
        ['query_records', { dataset: DATASETS.open.id, limit: 200 }],
        ['list_indicators', { dataset: DATASETS.open.id }],
        ['find_area', { name: 'Nhơn Phú', at: BEFORE_REFORM }],
        ['area_history', { code: '21553' }],
      ] as const)
        expect((await sameAsAnonymous(who, 'mcp', rpc(tool, args))).status, `${who} × ${tool}`).toBe(200);
      const resources = await send(who, 'mcp', {
        ...rpc('', {}),
        payload: { jsonrpc: '2.0', id: 1, method: 'resources/list', params: {} },
      });
      expect(
        sorted(resources.json.result.resources.map((r: Json) => r.uri)),
        `${who} × resources/list`,
      ).toEqual(idsOf(seen).map((id) => `kho://datasets/${id}`));
      const read = (x: string) => ({
        ...rpc('', {}),
        payload: { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: `kho://datasets/${x}` } },
      });
      for (const k of DATASET_KEYS) {
        if (sees(who, k)) {
          const r = await send(who, 'mcp', read(DATASETS[k].id));
          expect(JSON.parse(r.json.result.contents[0].text).id, `${who} × resources/read`).toBe(
            DATASETS[k].id,
          );
        } else {
          const r = await sameAsMissing(who, 'mcp', k, read);
          expect(r.json.error.code, `${who} × resources/read ${k}`).toBe(-32002);
        }
      }
      for (const k of DATASET_KEYS) {
        const d = DATASETS[k];
        const n = sees(who, k) ? 1 : 0;
        const words = await call(who, 'search_datasets', { q: WORD[k] });
        expect(words.json.total, `${who} × search_datasets ${WORD[k]}`).toBe(n);
        if (n) {
          expect((await call(who, 'get_dataset', { id: d.id })).json.id, who).toBe(d.id);
          expect((await call(who, 'query_records', { dataset: d.id, limit: 200 })).json.rows, who).toBe(
            d.rows,
          );
        } else {
          for (const [tool, args] of [
            ['get_dataset', (x: string) => ({ id: x })],
            ['query_records', (x: string) => ({ dataset: x })],
            [
              'query_records',
              (x: string) => ({ dataset: x, area: '540', group_by: 'areaCode', agg: 'count' }),
            ],
            ['query_records', (x: string) => ({ dataset: x, filters: { students: 'gte:100' } })],
            ['get_observations', (x: string) => ({ dataset: x })],
            ['list_indicators', (x: string) => ({ dataset: x })],
          ] as const) {
            await sameAsMissing(who, 'mcp', k, (x) => rpc(tool, args(x)));
            const r = await call(who, tool, args(d.id));
            if (tool === 'get_dataset' || tool === 'query_records') {
              expect(r.isError, `${who} × ${tool} ${d.id}`).toBe(true);
              expect(r.text, who).toContain(`There is no dataset "${d.id}"`);
            } else expect(r.json.count, `${who} × ${tool} ${d.id}`).toBe(0);
          }
        }
      }
    }
  });

  it('system endpoints name no dataset (after all the traffic above)', async () => {
    for (const url of ['/metrics', '/openapi.json', '/health', '/ready', '/about', '/graphql'])
      for (const who of READERS) {
        const r = await send(who, 'system', { url, headers: { accept: 'text/html' } });
        expect(r.status, `${who} × ${url}`).toBe(200);
      }
  });

  it('logged each read of the restricted dataset, by key and surface; nobody else read it', async () => {
    const rows = await query<{ agency: string | null; surface: string }>(
      t.database.db,
      sql`select distinct agency_code as agency, surface from access_log
          where dataset_id = ${DATASETS.restricted.id} and action = 'read'`,
    );
    const surfaces = (agency: string) =>
      sorted(rows.filter((r) => r.agency === agency).map((r) => r.surface));
    const all = ['ckan', 'download', 'graphql', 'mcp', 'portal', 'rest'];
    expect(surfaces('SKHDT'), 'the granted key').toEqual(all);
    expect(surfaces('SYT'), 'the publisher’s key').toEqual(all);
    expect(sorted([...new Set(rows.map((r) => r.agency ?? 'anonymous'))])).toEqual(['SKHDT', 'SYT']);
  });

  it('scanned every surface for every principal that has something hidden from it', () => {
    const surfaces = [...new Set([...scanned.keys()].map((k) => k.split('|')[1]!))].sort();
    expect(surfaces).toEqual(
      [
        'ckan',
        'dcat',
        'graphql',
        'mcp',
        'portal',
        'rest.areas',
        'rest.catalog',
        'rest.changes',
        'rest.datapackage',
        'rest.dataset',
        'rest.downloads',
        'rest.indicators',
        'rest.ingests',
        'rest.observations',
        'rest.publishers',
        'rest.records',
        'system',
      ].sort(),
    );
    for (const who of READERS)
      for (const s of surfaces) {
        // Surfaces only reached for hidden datasets are scanned only for those who have some.
        if (hiddenOf(who).length === 0) continue;
        expect(scanned.get(`${who}|${s}`) ?? 0, `${who} × ${s}`).toBeGreaterThan(0);
      }
  });

  it('revoked, expired and unknown keys: 401 problem+json on every surface, never anonymous', async () => {
    const id = DATASETS.open.id;
    const requests: [string, Req][] = [
      ['rest.catalog', { url: '/v1/datasets' }],
      ['rest.dataset', { url: `/v1/datasets/${id}` }],
      ['rest.publishers', { url: '/v1/publishers' }],
      ['rest.records', { url: `/v1/datasets/${id}/records` }],
      ['rest.records', { url: `/v1/datasets/${id}/versions` }],
      ['rest.records', { url: `/v1/datasets/${id}/versions/1..2` }],
      ['rest.records', { url: `/v1/datasets/${id}/changes?from=1&to=2` }],
      ['rest.observations', { url: '/v1/observations' }],
      ['rest.observations', { url: '/v1/observations?format=csv' }],
      ['rest.indicators', { url: '/v1/indicators' }],
      ['rest.indicators', { url: `/v1/indicators/${SHARED_INDICATOR}` }],
      ['rest.changes', { url: '/v1/changes' }],
      ['rest.areas', { url: '/v1/areas/540' }],
      ['rest.datapackage', { url: `/v1/datasets/${id}/datapackage.json` }],
      ...FORMATS.map((f): [string, Req] => ['rest.downloads', { url: `/v1/datasets/${id}/download.${f}` }]),
      ['rest.write', { method: 'PATCH', url: `/v1/datasets/${id}`, payload: { keywords: ['x'] } }],
      ['dcat', { url: '/v1/catalog.ttl' }],
      ['dcat', { url: '/v1/catalog.jsonld' }],
      ['ckan', { url: '/api/3/action/package_list' }],
      ['ckan', { url: `/api/3/action/package_show?id=${id}` }],
      ['ckan', { method: 'POST', url: '/api/3/action/package_search', payload: {} }],
      ['ckan', { url: '/api/3/action/organization_list' }],
      ['ckan', { url: `/api/3/action/datastore_search?resource_id=${id}` }],
      ['graphql', { method: 'POST', url: '/graphql', payload: { query: '{ datasets { totalCount } }' } }],
      ['graphql', { url: '/graphql?query=%7B%20publishers%20%7B%20code%20%7D%20%7D' }],
      [
        'mcp',
        {
          method: 'POST',
          url: '/mcp',
          headers: { accept: 'application/json, text/event-stream' },
          payload: {
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'catalog_summary', arguments: {} },
          },
        },
      ],
      ['portal', { url: `/portal/v1/datasets/${id}/download.csv` }],
    ];
    const why = { revoked: /revoked/, expired: /expired/, unknown: /not valid/ };
    for (const who of [...REFUSED, 'unknown'] as const) {
      for (const [surface, r] of requests) {
        const res = await send(who, surface, r);
        const label = `${who} × ${surface} × ${r.method ?? 'GET'} ${r.url}`;
        expect(res.status, label).toBe(401);
        expect(res.type, label).toContain('application/problem+json');
        expect(res.headers['www-authenticate'], label).toBe('Bearer realm="kho"');
        expect(res.json, label).toMatchObject({ status: 401, code: 'invalid-key' });
        expect(res.json.detail, label).toMatch(why[who]);
      }
      // Portal pages sent the key in a header: refused too (an HTML page for people).
      const page = await send(who, 'portal', { url: '/' });
      expect(page.status, `${who} × portal /`).toBe(401);
      if (who === 'unknown') continue;
      // The sign-in form refuses the key and says why; no cookie is set.
      const form = await t.app.inject({
        method: 'POST',
        url: '/signin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ key: world.keys[who], next: '/' }).toString(),
      });
      expect(form.statusCode, `${who} × portal sign-in`).toBe(401);
      expect(form.headers['set-cookie'], who).toBeUndefined();
      expect(form.body, who).toContain(who === 'revoked' ? 'khóa đã bị thu hồi' : 'khóa đã hết hạn');
      // A cookie left from before the revocation opens nothing and is cleared.
      for (const url of ['/', '/datasets', `/datasets/${DATASETS.restricted.id}`]) {
        const stale = await send(who, 'portal', { url }, 'cookie');
        expect(String(stale.headers['set-cookie']), `${who} × stale cookie ${url}`).toMatch(
          /^kho_key=; Max-Age=0;/,
        );
        expect(stale.body, who).not.toContain('Đang dùng khóa của');
        expect(stale.status, `${who} × stale cookie ${url}`).toBe(url.startsWith('/datasets/') ? 404 : 200);
      }
    }
  });
});

describe.each(testEngines())('write scopes on %s', (engine) => {
  let t: TestApp;
  let world: MatrixWorld;
  let intruder: string;
  const h = (key?: string): Record<string, string> => ({
    'x-request-id': 'matrix',
    ...(key ? { authorization: `Bearer ${key}` } : {}),
  });
  beforeAll(async () => {
    // Webhook targets on this machine are allowed; no worker runs, the test dispatches itself.
    t = await createTestApp(engine, referenceTemplate, { webhooks: { allowPrivateTargets: true } });
    world = await loadMatrix(t.database);
    intruder = (
      await createKey(t.database.db, { agency: 'SCT', name: 'intruder', scopes: ['write:publisher:SCT'] })
    ).key;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Everything a write could change, for one dataset. */
  const snapshot = async (id: string) => ({
    dataset: await queryOne(t.database.db, sql`select * from datasets where id = ${id}`),
    versions: await query(
      t.database.db,
      sql`select * from dataset_versions where dataset_id = ${id} order by version`,
    ),
    records: await queryOne(
      t.database.db,
      sql`select (select count(*)::int from records where dataset_id = ${id}) as records,
                 (select count(*)::int from observations where dataset_id = ${id}) as observations,
                 (select count(*)::int from ingest_runs where dataset_id = ${id}) as ingests,
                 (select count(*)::int from change_events where dataset_id = ${id}) as events`,
    ),
  });

  it('another publisher’s write key: 403 on data it can see, 404 (as if missing) on data it cannot; nothing changes', async () => {
    const csv =
      'indicator_code,indicator,unit,area_code,area_name,period,value\nx,X,người,52,Tỉnh Bình Định,2020,1\n';
    const writes = (id: string) =>
      [
        {
          method: 'PATCH',
          url: `/v1/datasets/${id}`,
          payload: JSON.stringify({ title: 'chiếm' }),
          type: 'application/json',
        },
        { method: 'DELETE', url: `/v1/datasets/${id}` },
        { method: 'POST', url: `/v1/datasets/${id}/ingest`, payload: csv, type: 'text/csv' },
        { method: 'POST', url: `/v1/datasets/${id}/ingest?dry_run=true`, payload: csv, type: 'text/csv' },
        {
          method: 'POST',
          url: '/graphql',
          payload: JSON.stringify({
            query: `mutation { updateDataset(id: "${id}", patch: { title: "chiếm" }) { slug } }`,
          }),
          type: 'application/json',
        },
      ] as const;
    const inject = (key: string, w: ReturnType<typeof writes>[number]) =>
      t.app.inject({
        method: w.method,
        url: w.url,
        headers: { ...h(key), ...('type' in w ? { 'content-type': w.type } : {}) },
        ...('payload' in w ? { payload: w.payload } : {}),
      });
    const granted = world.keys.granted;
    const cases: [string, string, DatasetKey, number][] = [
      ['intruder (write:publisher:SCT)', intruder, 'open', 403],
      ['intruder (write:publisher:SCT)', intruder, 'shared', 404],
      ['intruder (write:publisher:SCT)', intruder, 'restricted', 404],
      ['a key granted the dataset to read it', granted, 'restricted', 403],
      ['read:shared', world.keys.shared, 'shared', 403],
    ];
    for (const [who, key, k, status] of cases) {
      const d = DATASETS[k];
      const before = await snapshot(d.id);
      for (const [i, w] of writes(d.id).entries()) {
        const label = `${who} × ${w.method} ${w.url}`;
        const res = await inject(key, w);
        const missing = await inject(key, writes(missingId(k))[i]!);
        if (w.url === '/graphql') {
          const err = res.json().errors[0];
          expect(res.json().data, label).toBeNull();
          expect(err.extensions.status ?? 404, label).toBe(status);
          if (status === 404)
            expect(JSON.stringify(res.json()).replaceAll(d.id, '<id>'), label).toBe(
              JSON.stringify(missing.json()).replaceAll(missingId(k), '<id>'),
            );
        } else {
          expect(res.statusCode, label).toBe(status);
          expect(res.headers['content-type'], label).toContain('application/problem+json');
          if (status === 404)
            expect(res.body.replaceAll(d.id, '<id>'), label).toBe(
              missing.body.replaceAll(missingId(k), '<id>'),
            );
          else expect(res.json().detail, label).not.toContain(MARK.restricted);
        }
      }
      expect(await snapshot(d.id), `${who} × ${d.id}: nothing changed`).toEqual(before);
    }
    // Creating a dataset for another publisher is refused, and nothing is created.
    const create = await t.app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: h(intruder),
      payload: { id: 'am-hijack', kind: 'table', title: 'Chiếm quyền', publisher: 'SYT', themes: ['health'] },
    });
    expect(create.statusCode).toBe(403);
    const viaGraphql = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: h(intruder),
      payload: {
        query:
          'mutation { createDataset(input: { id: "am-hijack", kind: TABLE, title: "Chiếm quyền", publisher: "SYT", themes: [HEALTH] }) { slug } }',
      },
    });
    expect(viaGraphql.json().errors[0].extensions).toMatchObject({ code: 'forbidden', status: 403 });
    expect(
      await queryOne(t.database.db, sql`select id from datasets where id = 'am-hijack'`),
    ).toBeUndefined();
    // Ids are one namespace: taking a hidden dataset's id is refused, and the answer says no more.
    const taken = await t.app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: h(intruder),
      payload: {
        id: DATASETS.restricted.id,
        kind: 'table',
        title: 'Chiếm quyền',
        publisher: 'SCT',
        themes: ['health'],
      },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).not.toContain(MARK.restricted);
    expect(taken.body).not.toContain(DATASETS.restricted.publisher);
  });

  it('the publisher’s own key may change its dataset (so the refusals above are not vacuous)', async () => {
    const id = DATASETS.restricted.id;
    const before = await snapshot(id);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/datasets/${id}`,
      headers: h(world.keys.owner),
      payload: { keywords: ['đã sửa'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().keywords).toEqual(['đã sửa']);
    const dry = await t.app.inject({
      method: 'POST',
      url: `/v1/datasets/${id}/ingest?dry_run=true`,
      headers: { ...h(world.keys.owner), 'content-type': 'text/csv' },
      payload:
        'indicator_code,indicator,unit,area_code,area_name,period,value\nam-secret,X,hồ sơ,52,Tỉnh Bình Định,2020,1\n',
    });
    expect(dry.statusCode).toBe(200);
    const after = await snapshot(id);
    expect((after.dataset as { keywords: string[] }).keywords).toEqual(['đã sửa']);
    expect(after.versions).toEqual(before.versions);
  });
});

describe.each(testEngines())('webhooks on %s', (engine) => {
  let t: TestApp;
  let world: MatrixWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, referenceTemplate, { webhooks: { allowPrivateTargets: true } });
    world = await loadMatrix(t.database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('deliver only the events of datasets the subscribing key may read', async () => {
    const as = (key: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(payload ? { payload } : {}),
      });
    const subscribe = async (key: string, extra: object = {}) => {
      const r = await as(key, 'POST', '/v1/subscriptions', {
        url: 'http://127.0.0.1:9/hook',
        secret: 'matrix-webhook-secret',
        ...extra,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as number;
    };
    const readers = READERS.filter((w): w is Exclude<Reader, 'anonymous'> => w !== 'anonymous');
    const subs = Object.fromEntries(
      await Promise.all(readers.map(async (w) => [w, await subscribe(world.keys[w])])),
    );
    // Naming a dataset the key may not read subscribes to nothing (and says nothing about it).
    const named = await subscribe(world.keys.shared, { dataset: DATASETS.restricted.id });
    const late = await createKey(t.database.db, { agency: 'STC', name: 'revoked later', scopes: ['admin'] });
    const lateSub = await subscribe(late.key);
    await revokeKey(t.database.db, late.prefix);

    const admin = (await createKey(t.database.db, { agency: 'STTTT', name: 'admin', scopes: ['admin'] })).key;
    for (const k of DATASET_KEYS)
      expect(
        (await as(admin, 'PATCH', `/v1/datasets/${DATASETS[k].id}`, { keywords: ['sự kiện'] })).statusCode,
      ).toBe(200);
    expect(await dispatch(t.database)).toBeGreaterThan(0);
    for (const who of readers) {
      const r = await as(world.keys[who], 'GET', `/v1/subscriptions/${subs[who]}/deliveries`);
      expect(r.statusCode, who).toBe(200);
      expect(sorted(r.json().items.map((d: Json) => d.dataset)), `${who} × webhook deliveries`).toEqual(
        idsOf(SEES[who]),
      );
      expect(r.body, who).not.toContain(hiddenOf(who).includes('restricted') ? MARK.restricted : '\u0000');
    }
    const none = await as(world.keys.shared, 'GET', `/v1/subscriptions/${named}/deliveries`);
    expect(none.json().items, 'a subscription to a dataset the key may not read').toEqual([]);
    const [revoked] = await query<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from webhook_deliveries where subscription_id = ${lateSub}`,
    );
    expect(revoked!.n, 'a key revoked after subscribing').toBe(0);
  });
});

describe.each(testEngines())('refused keys and rate limits on %s', (engine) => {
  let t: TestApp;
  let world: MatrixWorld;
  beforeAll(async () => {
    t = await createTestApp(engine, referenceTemplate, {
      limits: { anonymousPerMinute: 3, keyPerMinute: 100 },
    });
    world = await loadMatrix(t.database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('count against the address like anonymous requests: guessing keys is throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const guess = `kho_aaaaaaaaaa_${String(i).padStart(43, 'A')}`;
      const res = await t.app.inject({
        url: '/v1/publishers',
        headers: { authorization: `Bearer ${guess}` },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.headers['retry-after']).toBeDefined();
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    // The address's budget is spent for anonymous reads too; a valid key has its own.
    expect((await t.app.inject({ url: '/v1/publishers' })).statusCode).toBe(429);
    const keyed = await t.app.inject({
      url: '/v1/publishers',
      headers: { authorization: `Bearer ${world.keys.shared}` },
    });
    expect(keyed.statusCode).toBe(200);
  });
});

describe.each(testEngines())('revocation on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, referenceTemplate);
    await loadMatrix(t.database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a key revoked while in use stops working within 10 seconds, on the API and in the portal', async () => {
    const k = await createKey(t.database.db, { agency: 'SYT', name: 'in use', scopes: ['read:shared'] });
    const api = () =>
      t.app.inject({ url: '/v1/datasets/am-shared', headers: { authorization: `Bearer ${k.key}` } });
    const portal = () =>
      t.app.inject({ url: '/datasets/am-shared', headers: { cookie: `kho_key=${k.key}` } });
    expect((await api()).statusCode).toBe(200);
    expect((await portal()).statusCode).toBe(200);
    await revokeKey(t.database.db, k.prefix);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_001);
      const refused = await api();
      expect(refused.statusCode).toBe(401);
      expect(refused.json().detail).toMatch(/revoked/);
      const page = await portal();
      expect(page.statusCode).toBe(404);
      expect(String(page.headers['set-cookie'])).toMatch(/^kho_key=; Max-Age=0;/);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe.each(testEngines())('key plaintext on %s', (engine) => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(engine, referenceTemplate, {
      logger: {
        level: 'trace',
        stream: new Writable({
          write(chunk, _enc, done) {
            lines.push(String(chunk));
            done();
          },
        }),
      },
    });
    await loadMatrix(t.database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is stored nowhere in the database and written to no log, however the key is used', async () => {
    const made = await createKey(t.database.db, {
      agency: 'SYT',
      name: 'plaintext check',
      scopes: ['read:shared', `read:dataset:${DATASETS.restricted.id}`, 'write:publisher:SYT'],
    });
    const secret = secretOf(made.key);
    const auth = { authorization: `Bearer ${made.key}` };
    const uses = [
      { url: `/v1/datasets/${DATASETS.restricted.id}/records` },
      { url: `/v1/datasets/${DATASETS.shared.id}/download.csv` },
      { url: '/v1/observations' },
      { method: 'POST' as const, url: '/graphql', payload: { query: '{ datasets { totalCount } }' } },
      { url: `/api/3/action/package_show?id=${DATASETS.restricted.id}` },
      {
        method: 'POST' as const,
        url: '/mcp',
        headers: { accept: 'application/json, text/event-stream' },
        payload: {
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'catalog_summary', arguments: {} },
        },
      },
      {
        method: 'PATCH' as const,
        url: `/v1/datasets/${DATASETS.restricted.id}`,
        payload: { keywords: ['k'] },
      },
      { url: '/v1/subscriptions' },
    ];
    const bodies: string[] = [];
    for (const u of uses) {
      const res = await t.app.inject({ ...u, headers: { ...auth, ...(u.headers ?? {}) } });
      expect(res.statusCode, u.url).toBe(200);
      bodies.push(res.body);
    }
    const form = await t.app.inject({
      method: 'POST',
      url: '/signin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ key: made.key, next: '/' }).toString(),
    });
    expect(form.statusCode).toBe(303);
    const page = await t.app.inject({
      url: `/datasets/${DATASETS.restricted.id}`,
      headers: { cookie: `kho_key=${made.key}` },
    });
    expect(page.statusCode).toBe(200);
    bodies.push(form.body, page.body);
    // A revoked key and a key with one wrong character are refused, and not logged either.
    const revoked = await createKey(t.database.db, {
      agency: 'SYT',
      name: 'revoked',
      scopes: ['read:shared'],
    });
    await revokeKey(t.database.db, revoked.prefix);
    const tampered = `${made.key.slice(0, -1)}${made.key.endsWith('A') ? 'B' : 'A'}`;
    for (const key of [revoked.key, tampered]) {
      const refusedRead = await t.app.inject({
        url: '/v1/datasets',
        headers: { authorization: `Bearer ${key}` },
      });
      expect(refusedRead.statusCode).toBe(401);
      const refusedForm = await t.app.inject({
        method: 'POST',
        url: '/signin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ key, next: '/' }).toString(),
      });
      expect(refusedForm.statusCode).toBe(401);
      bodies.push(refusedRead.body, refusedForm.body);
    }
    for (const body of bodies)
      for (const needle of [secret, secretOf(tampered), secretOf(revoked.key)])
        expect(body.includes(needle), 'an answer holds the key').toBe(false);

    const tables = await query<{ schema: string; name: string }>(
      t.database.db,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((x) => x.name)).toEqual(
      expect.arrayContaining(['api_clients', 'access_log', 'ingest_runs']),
    );
    const hits = async (needle: string) => {
      const found: string[] = [];
      for (const { schema, name } of tables) {
        const row = await queryOne<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from ${sql.raw(`"${schema}"."${name}"`)} t where strpos(t::text, ${needle}) > 0`,
        );
        if (row!.n) found.push(`${schema}.${name}`);
      }
      return found;
    };
    // Every column of every row is read: the prefix (not secret) is where it should be.
    expect(await hits(made.prefix)).toEqual(
      expect.arrayContaining(['public.api_clients', 'public.access_log']),
    );
    for (const needle of [made.key, secret, tampered, secretOf(revoked.key)])
      expect(await hits(needle), `the database holds ${needle === secret ? 'the secret' : 'a key'}`).toEqual(
        [],
      );

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(uses.length);
    expect(log).toContain('"route":"/v1/datasets/:id/records"');
    for (const needle of [secret, secretOf(tampered), secretOf(revoked.key)])
      expect(log.includes(needle), 'the log holds a key').toBe(false);
  });
});
