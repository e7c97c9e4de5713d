import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers';

describe.each(testEngines().slice(0, 1))('HTTP conventions (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers problem+json to URLs refused before routing: overlong path segment, bad encoding', async () => {
    const long = await t.app.inject({ url: `/v1/datasets/${'a'.repeat(5000)}` });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toContain('application/problem+json');
    expect(long.json()).toMatchObject({ status: 414, code: 'uri-too-long' });
    const bad = await t.app.inject({ url: '/v1/datasets/%E0%A4%A/records' });
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 400 });
  });

  it('answers problem+json when Node refuses a request larger than its header limit', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(`${base}/v1/datasets?q=${'x'.repeat(70_000)}`);
    expect(r.status).toBe(431);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(await r.json()).toMatchObject({ status: 431, code: 'headers-too-large' });
  });

  it("answers with the client's X-Request-Id when it is a plain token, else a new UUID", async () => {
    const given = await t.app.inject({ url: '/v1/datasets', headers: { 'x-request-id': 'agency-42.a_b' } });
    expect(given.headers['x-request-id']).toBe('agency-42.a_b');
    for (const bad of ['has space', 'x'.repeat(65), 'ümlaut']) {
      const r = await t.app.inject({ url: '/v1/datasets', headers: { 'x-request-id': bad } });
      expect(r.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    }
    const error = await t.app.inject({
      url: '/v1/datasets/no-such-dataset',
      headers: { 'x-request-id': 'r1' },
    });
    expect(error.statusCode).toBe(404);
    expect(error.headers['x-request-id']).toBe('r1');
  });

  it('counts requests by route template and reports the pool in /metrics', async () => {
    await t.app.inject({ url: '/v1/datasets/digital-infrastructure-2022' });
    const text = (await t.app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(
      /kho_http_requests_total\{method="GET",route="\/v1\/datasets\/:id",status="200"\} [1-9]/,
    );
    expect(text).toMatch(/kho_db_pool_size \d+/);
    expect(text).toMatch(/kho_db_pool_in_use \d+/);
  });

  it('sends an ETag and answers 304 to If-None-Match', async () => {
    const a = await t.app.inject({ url: '/v1/datasets/digital-infrastructure-2022' });
    expect(a.statusCode).toBe(200);
    const tag = a.headers.etag as string;
    expect(tag).toMatch(/^"/);
    expect(a.headers['cache-control']).toBe('public, max-age=60');
    const b = await t.app.inject({
      url: '/v1/datasets/digital-infrastructure-2022',
      headers: { 'if-none-match': tag },
    });
    expect(b.statusCode).toBe(304);
    expect(b.body).toBe('');
  });

  it('tags GraphQL over GET (cacheable) but not POST answers, which no cache keeps', async () => {
    const query = '{ areas(level: DISTRICT, at: "2022-06-03") { code } }';
    const get = await t.app.inject({ url: `/graphql?query=${encodeURIComponent(query)}` });
    expect(get.statusCode).toBe(200);
    expect(get.headers.etag).toMatch(/^"/);
    const post = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query } });
    expect(post.statusCode).toBe(200);
    expect(post.json()).toEqual(get.json());
    expect(post.headers.etag).toBeUndefined();
    expect(post.headers['cache-control']).toBeUndefined();
  });

  it('never lets shared caches keep an answer to a key holder, nor an error', async () => {
    const keyed = await t.app.inject({ url: '/v1/publishers', headers: { authorization: 'Bearer x' } });
    expect(keyed.headers['cache-control']).toMatch(/private/);
    const missing = await t.app.inject({ url: '/v1/datasets/nope' });
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('opens CORS for reads to every origin, not for writes from unknown ones', async () => {
    const w = await createTestApp(engine, undefined, { corsWriteOrigins: ['https://ok.example'] });
    try {
      const get = await w.app.inject({ url: '/v1/publishers', headers: { origin: 'https://any.example' } });
      expect(get.headers['access-control-allow-origin']).toBe('*');
      expect(get.headers['access-control-expose-headers']).toContain('X-Request-Id');
      expect(get.headers['access-control-expose-headers']).toContain('RateLimit-Remaining');

      /** A browser's preflight from `origin` for `method`, with the request headers it names. */
      const preflight = (origin: string, method: string, extra: Record<string, string> = {}) =>
        w.app.inject({
          method: 'OPTIONS',
          url: '/v1/datasets',
          headers: { origin, 'access-control-request-method': method, ...extra },
        });

      // A read preflight from any page: allowed, with the headers it asks for (a key, say).
      const readPreflight = await preflight('https://any.example', 'get', {
        'access-control-request-headers': 'authorization',
      });
      expect(readPreflight.statusCode).toBe(204);
      expect(readPreflight.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'authorization',
        vary: 'Access-Control-Request-Headers',
        'content-length': '0',
      });

      // A write preflight: only from the configured origins, whose origin is reflected.
      const ok = await preflight('https://ok.example', 'POST');
      expect(ok.statusCode).toBe(204);
      expect(ok.headers).toMatchObject({
        'access-control-allow-origin': 'https://ok.example',
        'access-control-allow-methods': 'GET, HEAD, POST, PATCH, DELETE',
        'access-control-allow-headers': 'Authorization, Content-Type',
        vary: 'Origin',
      });
      const evil = await preflight('https://evil.example', 'POST');
      expect(evil.statusCode).toBe(404);
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      expect(evil.headers['access-control-allow-methods']).toBeUndefined();

      // The write itself: the allowed origin reflected, any other left without CORS headers.
      const post = (origin: string) =>
        w.app.inject({
          method: 'POST',
          url: '/graphql',
          headers: { origin },
          payload: { query: '{ publishers { code } }' },
        });
      const fromOk = await post('https://ok.example');
      expect(fromOk.headers['access-control-allow-origin']).toBe('https://ok.example');
      expect(fromOk.headers.vary).toBe('Origin');
      const fromEvil = await post('https://evil.example');
      expect(fromEvil.headers['access-control-allow-origin']).toBeUndefined();
      expect(fromEvil.headers.vary).toBe('Origin');
      // GraphQL follows the same policy (yoga's own CORS reflected every origin, with credentials).
      const gqlGet = await w.app.inject({
        url: `/graphql?query=${encodeURIComponent('{ publishers { code } }')}`,
        headers: { origin: 'https://evil.example' },
      });
      expect(gqlGet.headers['access-control-allow-origin']).toBe('*');
      expect(gqlGet.headers['access-control-allow-credentials']).toBeUndefined();
      for (const r of [fromOk, fromEvil])
        expect(r.headers['access-control-allow-credentials']).toBeUndefined();

      // OPTIONS that is not a preflight (no Origin, or no method asked) is an unknown route.
      for (const headers of [{ 'access-control-request-method': 'GET' }, { origin: 'https://ok.example' }]) {
        const r = await w.app.inject({ method: 'OPTIONS', url: '/v1/datasets', headers });
        expect(r.statusCode).toBe(404);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
    } finally {
      await w.close();
    }
  });
});
