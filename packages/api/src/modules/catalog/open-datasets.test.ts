import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { type SQL, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, gql, type TestApp } from '../../../test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'kho-open-datasets-'));
const csv = (rows: number, beds = 10) =>
  `id,name,beds\n${Array.from({ length: rows }, (_, i) => `${i + 1},Cơ sở ${i + 1},${beds * (i + 1)}`).join('\n')}\n`;

/**
 * An open dataset's row is kept between reads of its rows and checked by the statement that
 * reads them: every change to the dataset (from this process or any other) shows on the next
 * read, with no delay and no notification.
 */
describe.each(testEngines())('kept open datasets on %s', (engine) => {
  let t: TestApp;
  let n = 0;
  const statements: string[] = [];
  const load = async (dataset: string, content: string) => {
    const f = join(dir, `${engine}-${++n}.csv`);
    writeFileSync(f, content);
    const r = await ingestFile(t.database, {
      dataset,
      file: f,
      adapter: 'records',
      actor: 'test',
      mode: 'replace',
    });
    expect(r.status).toBe('loaded');
  };
  /** Another process's change: straight to the database, not through this app. */
  const change = (statement: SQL) => t.database.db.execute(statement);
  const rest = (id: string, q = 'limit=5') => getJson(t.app, `/v1/datasets/${id}/records?${q}`);
  const graphql = (id: string) =>
    gql(t.app, `{ records(datasetId: "${id}", first: 5) { version totalCount edges { node } } }`);

  beforeAll(async () => {
    t = await createTestApp(engine);
    await load('kept', csv(8));
    await load('kept-gql', csv(8));
    // Every statement reaches the driver (postgres.js's unsafe, PGlite's query), whether drizzle
    // renders it or not (a kept page statement goes straight to postgres.js).
    const client = (t.database.engine === 'postgres'
      ? t.database.pg
      : t.database.pglite) as unknown as Record<string, (text: string, ...rest: unknown[]) => unknown>;
    const method = t.database.engine === 'postgres' ? 'unsafe' : 'query';
    const original = client[method]!.bind(client);
    client[method] = (text, ...rest) => {
      statements.push(text);
      return original(text, ...rest);
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads the rows of a dataset it has seen in one statement', async () => {
    expect((await rest('kept')).status).toBe(200);
    statements.length = 0;
    const r = await rest('kept');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(5);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('records.page');
  });

  it('a new version shows on the next read', async () => {
    expect((await rest('kept')).body.version).toBe(1);
    await load('kept', csv(3, 100));
    const r = await rest('kept');
    expect(r.body.version).toBe(2);
    expect(r.body.items.map((i: { beds: number }) => i.beds)).toEqual([100, 200, 300]);
  });

  it('an empty page is an empty page, not a stale dataset', async () => {
    statements.length = 0;
    const r = await rest('kept', 'beds=gt:100000');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
    // The empty answer asks whether the dataset changed; it did not, so no fresh read.
    expect(statements.some((s) => s.includes('catalog.get'))).toBe(false);
  });

  it('a dataset made restricted is gone at once, for REST and GraphQL', async () => {
    expect((await rest('kept')).status).toBe(200);
    expect((await graphql('kept-gql')).body.data.records.edges).toHaveLength(5);
    await change(sql`update datasets set access = 'restricted' where id in ('kept', 'kept-gql')`);
    const r = await rest('kept');
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body)).not.toContain('Cơ sở');
    const g = await graphql('kept-gql');
    expect(g.body.data?.records ?? null).toBeNull();
    expect(g.body.errors[0]?.message).toMatch(/no dataset/i);
    // …also when the filter matches nothing (the guard is then asked on its own).
    expect((await rest('kept', 'beds=gt:100000')).status).toBe(404);
    await change(sql`update datasets set access = 'open' where id in ('kept', 'kept-gql')`);
    expect((await rest('kept')).status).toBe(200);
  });

  it('a retired dataset is gone at once, also for aggregates', async () => {
    expect((await rest('kept', 'group_by=name&agg=count')).status).toBe(200);
    await change(sql`update datasets set retired_at = now() where id = 'kept'`);
    expect((await rest('kept', 'group_by=name&agg=count')).status).toBe(404);
    expect((await rest('kept')).status).toBe(404);
    await change(sql`update datasets set retired_at = null where id = 'kept'`);
    expect((await rest('kept')).status).toBe(200);
  });

  it('a changed Table Schema is read afresh (a filter on a field that is gone is refused)', async () => {
    expect((await rest('kept', 'beds=gte:0')).status).toBe(200);
    await change(
      sql`update datasets set table_schema = jsonb_set(table_schema, '{fields}',
            (select jsonb_agg(f) from jsonb_array_elements(table_schema->'fields') f where f->>'name' <> 'beds'))
          where id = 'kept'`,
    );
    const r = await rest('kept', 'beds=gte:0');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain('beds');
  });

  it('an error from a kept row that changed is not believed: a field or version added since', async () => {
    await load('grows', csv(3));
    expect((await rest('grows', 'note=eq:x')).status).toBe(400);
    expect((await rest('grows')).status).toBe(200);
    await change(
      sql`update datasets set table_schema = jsonb_set(table_schema, '{fields}',
            table_schema->'fields' || '[{"name": "note", "type": "string"}]'::jsonb) where id = 'grows'`,
    );
    const r = await rest('grows', 'note=eq:x');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
    await load('grows', csv(2));
    expect((await rest('grows', 'version=2')).status).toBe(200);
    // A refusal that does not come from a stale row stays a refusal.
    expect((await rest('grows', 'nothing=eq:x')).status).toBe(400);
    expect((await rest('grows', 'version=9')).status).toBe(404);
  });

  it('restricted datasets are never kept: each read checks the viewer afresh', async () => {
    await change(sql`update datasets set access = 'restricted' where id = 'kept-gql'`);
    for (let i = 0; i < 2; i++) {
      statements.length = 0;
      expect((await rest('kept-gql')).status).toBe(404);
      expect(statements.some((s) => s.includes('catalog.get'))).toBe(true);
    }
  });
});
