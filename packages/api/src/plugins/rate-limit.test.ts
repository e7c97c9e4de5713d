import { randomBytes } from 'node:crypto';
import { demoTemplate } from '@kho/ingest/testing';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers';
import { createKey } from '../modules/keys/keys.service';

const engine = testEngines()[0]!;

describe('rate limits (in memory)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, demoTemplate, { limits: { anonymousPerMinute: 5, keyPerMinute: 8 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 problem+json with Retry-After and RateLimit headers after the anonymous limit', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await t.app.inject({ url: '/v1/publishers', remoteAddress: '10.0.0.1' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(last!.headers['content-type']).toContain('application/problem+json');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['ratelimit-limit']).toBe('5');
    expect(last!.json().code).toBe('rate-limited');
    const other = await t.app.inject({ url: '/v1/publishers', remoteAddress: '10.0.0.2' });
    expect(other.statusCode).toBe(200);
  });

  it('counts per key, with the key’s own limit when it has one, and never limits /health', async () => {
    const k = await createKey(t.database.db, {
      agency: 'SYT',
      name: 'limited',
      scopes: ['read:shared'],
      rateLimit: 3,
    });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        (
          await t.app.inject({
            url: '/v1/publishers',
            remoteAddress: '10.0.0.1',
            headers: { authorization: `Bearer ${k.key}` },
          })
        ).statusCode,
      );
    }
    expect(codes).toEqual([200, 200, 200, 429]);
    for (let i = 0; i < 10; i++)
      expect((await t.app.inject({ url: '/health', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const r = await t.app.inject({ url: '/v1/publishers', remoteAddress: '10.9.9.9' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)('rate limits shared in Redis by two instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A namespace of this run's own: runs never see each other's counters.
    const limits = { anonymousPerMinute: 6, keyPerMinute: 100, redisUrl: process.env.TEST_REDIS_URL! };
    a = await createTestApp(engine, demoTemplate, { limits });
    b = await createTestApp(engine, demoTemplate, { limits });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('counts one client across both instances', async () => {
    const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const app = i % 2 ? b.app : a.app;
      codes.push((await app.inject({ url: '/v1/publishers', remoteAddress: ip })).statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('counts from the first request of a just-built instance', async () => {
    const c = await createTestApp(engine, demoTemplate, {
      limits: { anonymousPerMinute: 1, keyPerMinute: 100, redisUrl: process.env.TEST_REDIS_URL! },
    });
    try {
      const ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
      const first = await c.app.inject({ url: '/v1/publishers', remoteAddress: ip });
      const second = await c.app.inject({ url: '/v1/publishers', remoteAddress: ip });
      expect([first.statusCode, second.statusCode]).toEqual([200, 429]);
    } finally {
      await c.close();
    }
  });
});

describe('rate limits with Redis unreachable', () => {
  it('starts within its wait and serves, counting skipped rather than refusing', async () => {
    const started = Date.now();
    const c = await createTestApp(engine, demoTemplate, {
      limits: { anonymousPerMinute: 1, keyPerMinute: 100, redisUrl: 'redis://127.0.0.1:1' },
    });
    try {
      expect(Date.now() - started).toBeLessThan(30_000);
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push((await c.app.inject({ url: '/v1/publishers', remoteAddress: '10.1.2.3' })).statusCode);
      expect(codes).toEqual([200, 200, 200]);
    } finally {
      await c.close();
    }
  });
});
