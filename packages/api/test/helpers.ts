import { demoTemplate } from '@kho/ingest/testing';
import type { Engine } from '@kho/schema';
import { createTestDatabase, type Template, type TestDatabase } from '@kho/schema/testing';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../src/app';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** Kho built exactly as in production, on a database of the test's own. */
export async function createTestApp(
  engine: Engine,
  template: Template = demoTemplate,
  options: Partial<AppOptions> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(engine, template);
  // KHO_TEST_LOG=1 shows the server's error log while a test runs.
  const app = await buildApp({
    database,
    publicUrl: 'http://kho.test',
    ...(process.env.KHO_TEST_LOG ? { logger: { level: 'error' } } : {}),
    // Tests make many requests from one address: limits only where a test sets them.
    limits: { anonymousPerMinute: 1_000_000, keyPerMinute: 1_000_000 },
    ...options,
  });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export async function getJson<T = any>(
  app: FastifyInstance,
  url: string,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({ method: 'GET', url, headers });
  let body: T;
  try {
    body = res.json() as T;
  } catch {
    body = res.body as T;
  }
  return { status: res.statusCode, headers: res.headers, body };
}

export async function gql<T = any>(app: FastifyInstance, query: string, variables?: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
  return {
    status: res.statusCode,
    body: res.json() as { data?: T; errors: { message: string }[] } & Record<string, any>,
  };
}
