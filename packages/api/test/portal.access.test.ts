import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_TITLE, IDS, loadPortalFixtures } from '../src/portal/portal.fixtures';
import { createTestApp, type TestApp } from './helpers';

const HOSTILE_RAW = '<script>alert(1)</script>';
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

function jsonLd(body: string) {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body);
  return m ? (JSON.parse(m[1]!) as Record<string, any>) : null;
}
const themeCount = (body: string, theme = 'Y tế') =>
  Number(new RegExp(`${theme}(?:</a>)? <span class="count">\\((\\d+)\\)`).exec(body)?.[1] ?? 0);
const form = (data: Record<string, string>) => new URLSearchParams(data).toString();

describe.each(testEngines())('portal access levels and safety on %s', (engine) => {
  let t: TestApp;
  let keys: { key: string; otherKey: string };
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const signIn = (key: string, next = '/', headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/signin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: form({ key, next }),
    });
  beforeAll(async () => {
    t = await createTestApp(engine);
    keys = await loadPortalFixtures(t.database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('escapes a hostile title and hostile values on every page and in the JSON-LD', async () => {
    for (const url of [
      '/',
      '/datasets?q=benh%20vien',
      '/datasets?theme=health',
      `/datasets/${IDS.hostile}`,
    ]) {
      const b = (await get(url)).body;
      expect(b, url).toContain(HOSTILE_ESCAPED);
      expect(b, url).not.toContain(HOSTILE_RAW);
      expect(b).not.toContain('<b>not bold</b>');
    }
    const page = (await get(`/datasets/${IDS.hostile}`)).body;
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(page.match(/<script\b/g)).toHaveLength(2); // portal.js and the JSON-LD, nothing else
    expect(jsonLd(page)!.name).toBe(HOSTILE_TITLE);
  });

  it('never shows a restricted dataset to anonymous users: lists, counts, facets, its page', async () => {
    const title = 'Hồ sơ y tế mật (thử)';
    for (const url of [
      '/',
      '/datasets',
      '/datasets?q=ho%20so%20mat',
      '/datasets?theme=health',
      '/datasets?access=restricted',
    ]) {
      const b = (await get(url)).body;
      expect(b, url).not.toContain(title);
      expect(b, url).not.toContain(IDS.restricted);
      expect(b, url).not.toContain('class="badge restricted"');
      expect(b, url).not.toContain('Mức truy cập'); // no access facet for anonymous users
    }
    expect((await get('/datasets?access=restricted')).body).toContain('0 kết quả');
    const page = await get(`/datasets/${IDS.restricted}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain(title);
    expect((await get(`/portal/v1/datasets/${IDS.restricted}/download.csv`)).statusCode).toBe(404);
  });

  it('shows it after signing in with a granted key through the form, and hides it after signing out', async () => {
    const anonymousHealth = themeCount((await get('/')).body);
    const res = await signIn(keys.key, `/datasets/${IDS.restricted}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/datasets/${IDS.restricted}`);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^kho_key=kho_[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
    const jar = { cookie: cookie.split(';')[0]! };
    const page = await get(`/datasets/${IDS.restricted}`, jar);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hồ sơ y tế mật (thử)');
    expect(page.body).toContain('Đang dùng khóa của SYT');
    expect(page.headers['cache-control']).toBe('private, no-cache');
    expect(page.body).toContain(`href="/portal/v1/datasets/${IDS.restricted}/download.csv"`);
    const home = await get('/', jar);
    expect(home.body).toContain('Hồ sơ y tế mật (thử)');
    expect(themeCount(home.body)).toBe(anonymousHealth + 1);
    const search = await get('/datasets?q=ho%20so%20mat', jar);
    expect(search.body).toContain('Hồ sơ y tế mật (thử)');
    expect(search.body).toContain('Hạn chế');
    expect(search.body).toContain('Mức truy cập');
    const file = await get(`/portal/v1/datasets/${IDS.restricted}/download.csv`, jar);
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('Hồ sơ A');
    // The cookie opens nothing on the API itself.
    expect((await get(`/v1/datasets/${IDS.restricted}`, jar)).statusCode).toBe(404);
    const out = await t.app.inject({
      method: 'POST',
      url: '/signout',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...jar },
      payload: form({ next: '/' }),
    });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toMatch(/^kho_key=; Max-Age=0;/);
  });

  it('refuses a wrong key with the form again, and a key without the grant sees nothing more', async () => {
    const wrong = await signIn('kho_aaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body).toContain('khóa không hợp lệ');
    expect(wrong.body).toContain('aria-invalid="true"');
    const other = await signIn(keys.otherKey);
    const jar = { cookie: String(other.headers['set-cookie']).split(';')[0]! };
    expect((await get(`/datasets/${IDS.restricted}`, jar)).statusCode).toBe(404);
    expect((await get('/datasets?q=ho%20so%20mat', jar)).body).not.toContain('Hồ sơ y tế mật');
    const stale = await get('/', {
      cookie: 'kho_key=kho_aaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(stale.statusCode).toBe(200);
    expect(String(stale.headers['set-cookie'])).toMatch(/^kho_key=; Max-Age=0;/);
  });

  it('refuses forms posted from another site and never redirects off-site', async () => {
    const cross = await signIn(keys.key, '/', { origin: 'https://evil.example' });
    expect(cross.statusCode).toBe(403);
    expect(cross.headers['set-cookie']).toBeUndefined();
    const same = await signIn(keys.key, '//evil.example/x', { origin: 'http://localhost:80' });
    expect(same.statusCode).toBe(303);
    expect(same.headers.location).toBe('/');
  });

  it('marks the cookie Secure behind https', async () => {
    const secure = await createTestApp(engine, undefined, { trustProxy: true });
    try {
      const { createKey } = await import('../src/modules/keys/keys.service');
      const { key } = await createKey(secure.database.db, {
        agency: 'SYT',
        name: 'https',
        scopes: ['read:shared'],
      });
      const res = await secure.app.inject({
        method: 'POST',
        url: '/signin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        payload: form({ key }),
      });
      expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it('keeps portal routes out of the OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(
      Object.keys(doc.paths).filter((p) => p.startsWith('/portal') || p === '/' || p.startsWith('/datasets')),
    ).toEqual([]);
  });
});
