import { query, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';
import { createKey, hashKey, parseExpiry, revokeKey, verifyKey } from './keys.service';

describe.each(testEngines())('API keys on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores only a hash of a 256-bit key, found by its prefix', async () => {
    const k = await createKey(t.database.db, { agency: 'SYT', name: 'test', scopes: ['read:shared'] });
    expect(k.key).toMatch(/^kho_[a-z2-7]{10}_[A-Za-z0-9_-]{43}$/);
    const rows = await query<{ key_hash: string; prefix: string }>(
      t.database.db,
      sql`select key_hash, prefix from api_clients where prefix = ${k.prefix}`,
    );
    expect(rows[0]!.key_hash).toBe(hashKey(k.key));
    const dump = JSON.stringify(await query(t.database.db, sql`select * from api_clients`));
    expect(dump).not.toContain(k.key);
    // The whole secret: it is base64url and may hold '_' itself.
    expect(dump).not.toContain(k.key.slice('kho_'.length + 10 + 1));
  });

  it('refuses a wrong, revoked or expired key with 401 — never as anonymous', async () => {
    const k = await createKey(t.database.db, { agency: 'SYT', name: 'test', scopes: ['read:shared'] });
    const ok = await getJson(t.app, '/v1/publishers', { authorization: `Bearer ${k.key}` });
    expect(ok.status).toBe(200);
    for (const bad of [
      'not-a-real-key-000000000000000',
      `${k.key.slice(0, -1)}x`,
      'kho_aaaaaaaaaa_' + 'a'.repeat(43),
    ]) {
      const r = await getJson(t.app, '/v1/publishers', { authorization: `Bearer ${bad}` });
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.headers['www-authenticate']).toMatch(/Bearer/);
    }
    expect((await getJson(t.app, '/v1/publishers', { authorization: 'Basic abc' })).status).toBe(401);
    await revokeKey(t.database.db, k.prefix);
    expect((await verifyKey(t.database.db, k.key)).ok).toBe(false);
    const expired = await createKey(t.database.db, {
      agency: 'SYT',
      name: 'old',
      scopes: ['read:shared'],
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(await verifyKey(t.database.db, expired.key)).toEqual({ ok: false, reason: 'expired key' });
    expect((await getJson(t.app, '/v1/publishers', { authorization: `Bearer ${expired.key}` })).status).toBe(
      401,
    );
  });

  it('validates scopes and agencies', async () => {
    await expect(
      createKey(t.database.db, { agency: 'syt', name: 'x', scopes: ['read:everything'] }),
    ).rejects.toThrow(/agency.*scopes/s);
    expect(parseExpiry('90d', new Date('2026-01-01T00:00:00Z'))).toBe('2026-04-01T00:00:00.000Z');
    expect(() => parseExpiry('soon')).toThrow();
  });
});
