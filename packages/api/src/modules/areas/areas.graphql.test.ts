import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, gql, type TestApp } from '../../../test/helpers';

describe.each(testEngines())('GraphQL areas on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists districts with their communes and each commune’s 2025 successors', async () => {
    const res = await gql(
      t.app,
      `{ areas(level: DISTRICT, at: "2022-06-03") { code name children { code name successors { code name kind share date } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const districts = res.body.data.areas;
    expect(districts).toHaveLength(11);
    const vanCanh = districts.find((d: { code: string }) => d.code === '551');
    expect(vanCanh.children).toHaveLength(7);
    const canhHiep = vanCanh.children.find((c: { name: string }) => c.name === 'Xã Canh Hiệp');
    expect(canhHiep.successors.map((s: { name: string }) => s.name).sort()).toEqual([
      'Xã Canh Vinh',
      'Xã Vân Canh',
    ]);
  });

  it('resolves a reused code by date, with parent and predecessors', async () => {
    const res = await gql(
      t.app,
      `query($at: Date) { area(code: "21553", at: $at) { name parent { name } predecessors { name area { name validTo } } } }`,
      { at: '2026-01-01' },
    );
    expect(res.body.data.area).toEqual({
      name: 'Phường Quy Nhơn Bắc',
      parent: { name: 'Tỉnh Gia Lai' },
      predecessors: [
        { name: 'Phường Nhơn Phú', area: { name: 'Phường Nhơn Phú', validTo: '2025-07-01' } },
        { name: 'Phường Trần Quang Diệu', area: { name: 'Phường Trần Quang Diệu', validTo: '2025-07-01' } },
      ],
    });
    const old = await gql(
      t.app,
      `{ area(code: "21553", at: "2022-06-03") { name parent { name parent { name } } } }`,
    );
    expect(old.body.data.area).toEqual({
      name: 'Phường Nhơn Phú',
      parent: { name: 'Thành phố Quy Nhơn', parent: { name: 'Tỉnh Bình Định' } },
    });
  });

  it('refuses a blank or overlong name to resolve as the client’s mistake, not an internal error', async () => {
    for (const name of ['   ', 'x'.repeat(201)]) {
      const res = await gql(t.app, `query($n: String!) { resolveArea(name: $n) { best { confidence } } }`, {
        n: name,
      });
      expect(res.body.errors?.[0]).toMatchObject({
        message: 'name: 1–200 characters',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  });

  it('refuses an invalid date with a GraphQL error', async () => {
    const res = await gql(t.app, `{ areas(at: "2022-13-45") { code } }`);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.[0]?.message).toMatch(/Date/);
  });

  it('refuses a deeply nested query before running it', async () => {
    let deep = 'name';
    for (let i = 0; i < 30; i++) deep = `children { ${deep} }`;
    const res = await gql(t.app, `{ areas(at: "2022-06-03") { ${deep} } }`);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.[0]?.message).toMatch(/depth/i);
  });
});
