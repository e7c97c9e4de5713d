import { createServer } from 'node:net';
import { type Database, openDatabase } from '@kho/schema';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';

/** A real PostgreSQL client pointed at a port where nothing listens: every connect is refused. */
async function unreachableDatabase(): Promise<Database> {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  return openDatabase({ url: `postgres://kho@127.0.0.1:${port}/kho`, migrate: false, poolSize: 2 });
}

describe('a database that cannot be reached', () => {
  let app: FastifyInstance;
  let database: Database;
  beforeAll(async () => {
    database = await unreachableDatabase();
    app = await buildApp({ database, publicUrl: 'http://kho.test' });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers REST with a 503 problem and Retry-After, and /ready with 503', async () => {
    const res = await app.inject('/v1/datasets');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ status: 503, code: 'database-unavailable' });
    expect((await app.inject('/ready')).statusCode).toBe(503);
  });

  it('answers GraphQL with 503, Retry-After and a DATABASE_UNAVAILABLE error (was 200 "Unexpected error.")', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ datasets(first: 2) { edges { node { id } } } }' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    const body = res.json() as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(body.errors[0]!.extensions.http).toBeUndefined();
    expect(body.errors[0]!.message).toMatch(/not reachable/);
  });

  it('answers portal pages with a 503 page and Retry-After (was a 500 page)', async () => {
    for (const url of ['/', '/datasets/health-facilities?lang=en']) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    expect((await app.inject('/?lang=en')).body).toContain('The database cannot be reached right now');
  });
});
