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

  it('never lets shared caches keep an answer to a key holder, nor an error', async () => {
    const keyed = await t.app.inject({ url: '/v1/publishers', headers: { authorization: 'Bearer x' } });
    expect(keyed.headers['cache-control']).toMatch(/private/);
    const missing = await t.app.inject({ url: '/v1/datasets/nope' });
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('opens CORS for reads to every origin, not for writes from unknown ones', async () => {
    const get = await t.app.inject({ url: '/v1/publishers', headers: { origin: 'https://any.example' } });
    expect(get.headers['access-control-allow-origin']).toBe('*');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/datasets',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
