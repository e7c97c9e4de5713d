import { referenceTemplate } from '@kho/ingest/testing';
import { query, sql } from '@kho/schema';
import { createTestDatabase, type TestDatabase } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createKey } from '../src/modules/keys/keys.service';

// Two real databases stand for a primary and its replica; different rows show where each query went.
describe.skipIf(!process.env.TEST_DATABASE_URL)('reads on a replica (DATABASE_READ_URL)', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    primary = await createTestDatabase('postgres', referenceTemplate);
    replica = await createTestDatabase('postgres', referenceTemplate);
    const insert = (db: TestDatabase, id: string, title: string) =>
      query(
        db.db,
        sql`insert into datasets (id, title, publisher_code, kind, themes, search_text) values (${id}, ${title}, 'CTK', 'table', '{population}', ${id})`,
      );
    await insert(primary, 'on-primary', 'Chỉ ở máy chính');
    await insert(replica, 'on-replica', 'Chỉ ở bản sao');
    app = await buildApp({
      database: primary,
      readDatabase: replica,
      limits: { anonymousPerMinute: 1e6, keyPerMinute: 1e6 },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await primary?.close();
    await replica?.close();
  });

  it('answers GET requests and GraphQL queries from the replica', async () => {
    expect((await app.inject({ url: '/v1/datasets/on-replica' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/datasets/on-primary' })).statusCode).toBe(404);
    const g = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ dataset(id: "on-replica") { title } }' },
    });
    expect(g.json().data.dataset.title).toBe('Chỉ ở bản sao');
  });

  it('sends writes and the access log to the primary', async () => {
    const k = await createKey(primary.db, { agency: 'CTK', name: 'w', scopes: ['write:publisher:CTK'] });
    const r = await app.inject({
      method: 'PATCH',
      url: '/v1/datasets/on-primary',
      headers: { authorization: `Bearer ${k.key}` },
      payload: { keywords: ['máy chính'] },
    });
    // A write answers from the primary it wrote to (read-your-writes), not from a lagging replica.
    expect(r.statusCode).toBe(200);
    const [row] = await query<{ keywords: string[] }>(
      primary.db,
      sql`select keywords from datasets where id = 'on-primary'`,
    );
    expect(row!.keywords).toEqual(['máy chính']);
    const log = await query<{ n: number }>(
      primary.db,
      sql`select count(*)::int as n from access_log where dataset_id = 'on-primary'`,
    );
    expect(log[0]!.n).toBe(1);
    const none = await query<{ n: number }>(replica.db, sql`select count(*)::int as n from access_log`);
    expect(none[0]!.n).toBe(0);
  });
});
