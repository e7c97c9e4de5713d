import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile, REFERENCE_DIR } from '@kho/ingest';
import { demoTemplate } from '@kho/ingest/testing';
import { query, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';
import { buildApp } from '../../app';
import { createKey } from '../keys/keys.service';
import { deliver, dispatch } from '../webhooks/worker';

const dir = mkdtempSync(join(tmpdir(), 'kho-changes-'));
/** Kho's own demo file of the 2022 digital-infrastructure briefing (BTS stations: 1723). */
const BRIEFING = join(REFERENCE_DIR, 'demo', 'digital-infrastructure-2022.csv');

type Received = { headers: Record<string, string | string[] | undefined>; body: string };
function receiver(statuses: number[]) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  return new Promise<{ url: string; got: Received[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/hook`, got, close: () => server.close() });
    }),
  );
}

describe.each(testEngines())('change feed, diffs and webhooks on %s', (engine) => {
  let t: TestApp;
  let key: string;
  const original = readFileSync(BRIEFING, 'utf8');
  const load = (name: string, text: string) => {
    const f = join(dir, `${name}-${engine}.csv`);
    writeFileSync(f, text);
    return ingestFile(t.database, {
      dataset: 'chg',
      file: f,
      adapter: 'indicators',
      actor: 'test',
      meta: {
        title: 'Hạ tầng số (kiểm tra)',
        publisher: 'STTTT',
        themes: ['digital'],
        access: 'open',
        keywords: [],
        license: 'CC-BY-4.0',
        description: '',
        sources: [],
      },
    });
  };
  beforeAll(async () => {
    t = await createTestApp(engine, demoTemplate, { webhooks: { allowPrivateTargets: true } });
    key = (
      await createKey(t.database.db, {
        agency: 'STTTT',
        name: 'sync',
        scopes: ['read:shared', 'write:publisher:STTTT'],
      })
    ).key;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists events in order and resumes from a cursor', async () => {
    const start = await getJson(t.app, '/v1/changes');
    const since = start.body.nextCursor;
    expect((await load('v1', original)).status).toBe('loaded');
    expect((await load('v2', original.replace(',1723,', ',1800,'))).status).toBe('loaded');
    const feed = await getJson(t.app, `/v1/changes?since=${since}`);
    expect(feed.body.items.map((e: any) => [e.type, e.dataset, e.version])).toEqual([
      ['dataset.created', 'chg', 1],
      ['version.published', 'chg', 1],
      ['version.published', 'chg', 2],
    ]);
    expect(feed.body.items[2].counts).toEqual({ added: 0, changed: 1, removed: 0 });
    const again = await getJson(t.app, `/v1/changes?since=${feed.body.nextCursor}`);
    expect(again.body).toMatchObject({ items: [], nextCursor: feed.body.nextCursor });
    const paged = await getJson(t.app, `/v1/changes?since=${since}&limit=1`);
    expect(paged.body).toMatchObject({ hasMore: true });
    expect(
      (await getJson(t.app, `/v1/changes?since=${paged.body.nextCursor}&limit=1`)).body.items[0].type,
    ).toBe('version.published');
  });

  it('diffs two versions row by row in json, ndjson and csv', async () => {
    const json = (await t.app.inject({ url: '/v1/datasets/chg/changes?from=1&to=2' })).json();
    expect(json.changes).toHaveLength(1);
    expect(json.changes[0]).toMatchObject({ op: 'changed', before: { value: 1723 }, after: { value: 1800 } });
    const nd = (await t.app.inject({ url: '/v1/datasets/chg/changes?from=1&to=2&format=ndjson' })).body
      .trim()
      .split('\n');
    expect(nd.map((l) => JSON.parse(l).op)).toEqual(['changed']);
    const csv = (await t.app.inject({ url: '/v1/datasets/chg/changes?from=1&to=2&format=csv' })).body
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^op,key,indicator/);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['before', 'after']);
    const all = (await t.app.inject({ url: '/v1/datasets/chg/changes?from=0&to=2&format=ndjson' })).body
      .trim()
      .split('\n');
    expect(all.every((l) => JSON.parse(l).op === 'added')).toBe(true);
    expect((await t.app.inject({ url: '/v1/datasets/chg/changes?from=2&to=1' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/v1/datasets/chg/changes?from=1&to=9' })).statusCode).toBe(404);
    // Each format's media type is documented (ndjson and csv answers were documented as JSON only).
    const doc = (await t.app.inject('/openapi.json')).json();
    const documented = Object.keys(doc.paths['/v1/datasets/{id}/changes'].get.responses['200'].content);
    for (const format of ['json', 'ndjson', 'csv']) {
      const type = (await t.app.inject({ url: `/v1/datasets/chg/changes?from=1&to=2&format=${format}` }))
        .headers['content-type'];
      expect(documented, format).toContain(String(type).split(';')[0]);
    }
  });

  it('hides the events of a restricted dataset from those who may not see it', async () => {
    const since = (await getJson(t.app, '/v1/changes')).body.nextCursor;
    const f = join(dir, `secret-${engine}.csv`);
    writeFileSync(f, 'Chỉ tiêu,Địa bàn,Năm,Giá trị\nBí mật,Tỉnh Bình Định,2023,1\n');
    await ingestFile(t.database, {
      dataset: 'chg-secret',
      file: f,
      adapter: 'indicators',
      actor: 'test',
      meta: {
        title: 'Mật',
        publisher: 'SYT',
        themes: ['health'],
        access: 'restricted',
        keywords: [],
        license: 'CC-BY-4.0',
        description: '',
        sources: [],
      },
    });
    const anon = await getJson(t.app, `/v1/changes?since=${since}`);
    expect(JSON.stringify(anon.body)).not.toContain('chg-secret');
    const granted = (
      await createKey(t.database.db, { agency: 'SYT', name: 'g', scopes: ['read:dataset:chg-secret'] })
    ).key;
    const seen = await getJson(t.app, `/v1/changes?since=${since}`, { authorization: `Bearer ${granted}` });
    expect(seen.body.items.map((e: any) => e.dataset)).toContain('chg-secret');
  });

  it('delivers one signed event per subscription, retries after a 500, and logs deliveries', async () => {
    const r = await receiver([500]);
    const secret = 'a-long-enough-secret-1234';
    const sub = await t.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: { authorization: `Bearer ${key}` },
      payload: { url: r.url, secret, events: ['version.published'], dataset: 'chg' },
    });
    expect(sub.statusCode).toBe(201);
    const id = sub.json().id;
    expect((await load('v3', original.replace(',1723,', ',1900,'))).version).toBe(3);
    await dispatch(t.database);
    const opts = { publicUrl: 'http://kho.test', allowPrivateTargets: true };
    expect(await deliver(t.database, opts)).toBe(1);
    expect(r.got).toHaveLength(1);
    await query(
      t.database.db,
      sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`,
    );
    expect(await deliver(t.database, opts)).toBe(1);
    expect(await deliver(t.database, opts)).toBe(0);
    expect(r.got).toHaveLength(2);
    const last = r.got[1]!;
    const ts = String(last.headers['x-kho-timestamp']);
    expect(last.headers['x-kho-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${ts}.${last.body}`).digest('hex')}`,
    );
    expect(JSON.parse(last.body)).toMatchObject({
      type: 'version.published',
      dataset: 'chg',
      version: 3,
      links: { changes: 'http://kho.test/v1/datasets/chg/changes?from=2&to=3' },
    });
    const log = await t.app.inject({
      url: `/v1/subscriptions/${id}/deliveries`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(log.json().items[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
    r.close();
  });

  it('keeps retrying while the receiver is down, and delivers once it is back', async () => {
    const r = await receiver([]);
    const url = r.url;
    r.close();
    const sub = await t.app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: { authorization: `Bearer ${key}` },
      payload: { url, secret: 'another-secret-123456', dataset: 'chg' },
    });
    await load('v4', original.replace(',1723,', ',2000,'));
    await dispatch(t.database);
    const opts = { publicUrl: 'http://kho.test', allowPrivateTargets: true };
    await deliver(t.database, opts);
    const [failed] = await query<{ attempts: number; status: string; last_error: string }>(
      t.database.db,
      sql`select attempts, status, last_error from webhook_deliveries where subscription_id = ${sub.json().id}`,
    );
    expect(failed).toMatchObject({ attempts: 1, status: 'pending' });
    const port = Number(new URL(url).port);
    const back = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((res) => back.listen(port, '127.0.0.1', res));
    await query(
      t.database.db,
      sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`,
    );
    await deliver(t.database, opts);
    const [ok] = await query<{ status: string }>(
      t.database.db,
      sql`select status from webhook_deliveries where subscription_id = ${sub.json().id}`,
    );
    expect(ok!.status).toBe('delivered');
    back.close();
  });

  it('refuses private targets unless the operator allows them, and needs a key', async () => {
    const strict = await buildApp({
      database: t.database,
      limits: { anonymousPerMinute: 1e6, keyPerMinute: 1e6 },
    });
    const res = await strict.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: { authorization: `Bearer ${key}` },
      payload: { url: 'http://127.0.0.1:9/x', secret: 'x'.repeat(20) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/private|loopback/);
    expect(
      (
        await strict.inject({
          method: 'POST',
          url: '/v1/subscriptions',
          headers: { authorization: `Bearer ${key}` },
          payload: { url: 'http://169.254.169.254/latest', secret: 'x'.repeat(20) },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await strict.inject({
          method: 'POST',
          url: '/v1/subscriptions',
          payload: { url: 'https://example.org/x', secret: 'x'.repeat(20) },
        })
      ).statusCode,
    ).toBe(401);
    await strict.close();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('webhooks with two API instances on one PostgreSQL', () => {
  it('delivers each event once, and nothing is lost across a restart', async () => {
    const t = await createTestApp('postgres', demoTemplate, { webhooks: { allowPrivateTargets: true } });
    const r = await receiver([]);
    try {
      const k = (await createKey(t.database.db, { agency: 'STTTT', name: 'two', scopes: ['read:shared'] }))
        .key;
      await t.app.inject({
        method: 'POST',
        url: '/v1/subscriptions',
        headers: { authorization: `Bearer ${k}` },
        payload: { url: r.url, secret: 'two-instances-secret-1' },
      });
      const f = join(dir, 'two.csv');
      for (let i = 1; i <= 5; i++) {
        writeFileSync(f, `Chỉ tiêu,Địa bàn,Năm,Giá trị\nSố lần,Tỉnh Bình Định,2023,${i}\n`);
        await ingestFile(t.database, { dataset: `two-${i}`, file: f, adapter: 'indicators', actor: 'test' });
      }
      // Two instances, each with its own pool and worker, on the same database.
      const { openDatabase } = await import('@kho/schema');
      const a = await buildApp({
        database: await openDatabase({ url: t.database.url!, migrate: false, poolSize: 3 }),
        webhooks: { allowPrivateTargets: true, worker: true, intervalMs: 50 },
      });
      const b = await buildApp({
        database: await openDatabase({ url: t.database.url!, migrate: false, poolSize: 3 }),
        webhooks: { allowPrivateTargets: true, worker: true, intervalMs: 50 },
      });
      await Promise.all([a.ready(), b.ready()]);
      for (let i = 0; i < 100 && r.got.length < 10; i++) await new Promise((res) => setTimeout(res, 100));
      await Promise.all([a.close(), b.close()]);
      const events = await query<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from change_events where dataset_id like 'two-%'`,
      );
      expect(events[0]!.n).toBe(10);
      expect(r.got).toHaveLength(10);
      expect(new Set(r.got.map((g) => g.headers['x-kho-delivery'])).size).toBe(10);
      // A restart: the next instance finds no pending work and nothing missing.
      const [pending] = await query<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from webhook_deliveries where status <> 'delivered'`,
      );
      expect(pending!.n).toBe(0);
    } finally {
      r.close();
      await t.close();
    }
  });
});
