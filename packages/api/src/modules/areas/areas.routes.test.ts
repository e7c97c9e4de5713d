import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';

async function all(t: TestApp, url: string) {
  const items: { code: string; name: string }[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: any } = await getJson(
      t.app,
      `${url}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe.each(testEngines())('REST /v1/areas on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('happy', () => {
    it('lists the 11 Bình Định districts on 2022-06-03', async () => {
      const res = await getJson(t.app, '/v1/areas?level=district&at=2022-06-03');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(11);
      expect(res.body.items.map((a: { name: string }) => a.name)).toContain('Huyện Vĩnh Thạnh');
      expect(res.body.nextCursor).toBeNull();
    });

    it('lists the 135 Gia Lai communes on 2026-01-01, paging each exactly once', async () => {
      const items = await all(t, '/v1/areas?level=commune&parent=52&at=2026-01-01');
      expect(items).toHaveLength(135);
      expect(new Set(items.map((a) => a.code)).size).toBe(135);
    });

    it('counts 159 communes in 2022 and 155 in March 2025, and the 2022 communes under the province', async () => {
      expect(await all(t, '/v1/areas?level=commune&at=2022-06-03')).toHaveLength(159);
      expect(await all(t, '/v1/areas?level=commune&at=2025-03-01')).toHaveLength(155);
      expect(await all(t, '/v1/areas?level=commune&parent=52&at=2022-06-03')).toHaveLength(159);
      expect(await all(t, '/v1/areas?level=commune&parent=551&at=2022-06-03')).toHaveLength(7);
    });

    it('returns the direct children of a parent without a level', async () => {
      const res = await getJson(t.app, '/v1/areas?parent=52&at=2022-06-03');
      expect(res.body.items).toHaveLength(11);
    });

    it('searches names without accents', async () => {
      const res = await getJson(t.app, '/v1/areas?q=vinh%20thanh&at=2022-06-03');
      const names = res.body.items.map((a: { name: string }) => a.name);
      expect(names).toContain('Huyện Vĩnh Thạnh');
      expect(names).toContain('Thị trấn Vĩnh Thạnh');
    });

    it('answers 21553 as Nhơn Phú in 2022 and Quy Nhơn Bắc in 2026, with the links between them', async () => {
      const old = await getJson(t.app, '/v1/areas/21553?at=2022-06-03');
      expect(old.status).toBe(200);
      expect(old.body).toMatchObject({ name: 'Phường Nhơn Phú', parentCode: '540', validTo: '2025-07-01' });
      expect(old.body.ancestors.map((a: { name: string }) => a.name)).toEqual([
        'Thành phố Quy Nhơn',
        'Tỉnh Bình Định',
      ]);
      expect(old.body.successors).toEqual([
        expect.objectContaining({
          code: '21553',
          name: 'Phường Quy Nhơn Bắc',
          date: '2025-07-01',
          kind: 'merge',
          share: 'full',
        }),
      ]);
      const now = await getJson(t.app, '/v1/areas/21553?at=2026-01-01');
      expect(now.body).toMatchObject({
        name: 'Phường Quy Nhơn Bắc',
        parentCode: '52',
        validFrom: '2025-07-01',
      });
      expect(now.body.predecessors.map((p: { name: string }) => p.name)).toEqual([
        'Phường Nhơn Phú',
        'Phường Trần Quang Diệu',
      ]);
      expect(now.body.versions).toHaveLength(2);
    });

    it('answers 21583 as Lê Lợi (2022), Thị Nại (2025-03) and Quy Nhơn (2026)', async () => {
      const names = [];
      for (const at of ['2022-06-03', '2025-03-01', '2026-01-01']) {
        names.push((await getJson(t.app, `/v1/areas/21583?at=${at}`)).body.name);
      }
      expect(names).toEqual(['Phường Lê Lợi', 'Phường Thị Nại', 'Phường Quy Nhơn']);
      const thiNai = await getJson(t.app, '/v1/areas/21583?at=2025-03-01');
      expect(thiNai.body.predecessors.map((p: { name: string }) => p.name).sort()).toEqual([
        'Phường Lê Lợi',
        'Phường Thị Nại',
        'Phường Trần Hưng Đạo',
      ]);
    });

    it('lists several successors for a split commune', async () => {
      const res = await getJson(t.app, '/v1/areas/21727?at=2022-06-03');
      expect(res.body.name).toBe('Xã Ân Nghĩa');
      expect(
        res.body.successors.map((s: { name: string; share: string; kind: string }) => [
          s.name,
          s.kind,
          s.share,
        ]),
      ).toEqual([
        ['Xã An Toàn', 'split', 'partial'],
        ['Xã An Hòa', 'split', 'partial'],
        ['Xã Kim Sơn', 'split', 'partial'],
      ]);
    });

    it('answers a code with no unit today by its last version', async () => {
      const res = await getJson(t.app, '/v1/areas/551');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Huyện Vân Canh', validTo: '2025-07-01' });
      expect(res.body.children).toHaveLength(7);
    });
  });

  describe('errors', () => {
    it.each([
      ['/v1/areas?at=not-a-date', 'at'],
      ['/v1/areas?at=2022-02-30', 'at'],
      ['/v1/areas?level=village', 'level'],
      ['/v1/areas?limit=-5', 'limit'],
      ['/v1/areas?limit=100000', 'limit'],
      ['/v1/areas?parent=abc', 'parent'],
      ['/v1/areas?cursor=%27%3Bdrop%20table', 'cursor'],
      ['/v1/areas?cursor=eyJjb2RlIjpbXX0', 'cursor'],
      ['/v1/areas/abc', 'code'],
    ])('%s is a 400 problem naming %s', async (url, parameter) => {
      const res = await getJson(t.app, url);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: expect.any(String), detail: expect.any(String) });
      expect(res.body.errors.map((e: { parameter: string }) => e.parameter)).toContain(parameter);
    });

    it('answers an unknown code with a 404 problem', async () => {
      const res = await getJson(t.app, '/v1/areas/99999');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('area-not-found');
    });

    it('says when a code was in force if asked outside its validity', async () => {
      const res = await getJson(t.app, '/v1/areas/540?at=2026-01-01');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('area-not-in-force');
      expect(res.body.detail).toContain('Thành phố Quy Nhơn');
      expect(res.body.detail).toContain('2025-07-01');
    });

    it('answers unknown routes with a 404 problem', async () => {
      const res = await getJson(t.app, '/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('security', () => {
    it('treats SQL and wildcard metacharacters in q as text', async () => {
      for (const q of ["' or 1=1 --", '%', '_', '\\', 'x"; drop table areas; --']) {
        const res = await getJson(t.app, `/v1/areas?q=${encodeURIComponent(q)}&at=2022-06-03`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThan(159);
      }
      expect((await getJson(t.app, '/v1/areas?level=district&at=2022-06-03')).body.items).toHaveLength(11);
    });

    it('never leaks internals in errors', async () => {
      const res = await getJson(t.app, '/v1/areas?at=9999-99-99');
      expect(JSON.stringify(res.body)).not.toMatch(/select |at .*\.ts:\d+|stack/i);
    });
  });
});
