import { createConnection, createServer, type Server } from 'node:net';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, query, reconnectDelaySeconds, sql } from './index';

/** A TCP port with nothing listening yet (connections are refused). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Forwards connections on `port` to the test server, standing in for a server coming back. */
const proxy = (port: number, target: URL) =>
  new Promise<Server>((resolve) => {
    const s = createServer((client) => {
      const upstream = createConnection(Number(target.port || 5432), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    }).listen(port, '127.0.0.1', () => resolve(s));
  });

const timed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  const ok = await fn().then(
    () => true,
    () => false,
  );
  return { ok, ms: performance.now() - t0 };
};

describe('reconnecting to PostgreSQL', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('waits at most a second between connection attempts however many failed', () => {
    for (let retries = 0; retries < 40; retries++)
      expect(reconnectDelaySeconds(retries)).toBeLessThanOrEqual(1);
    expect(reconnectDelaySeconds(1)).toBeLessThan(0.11);
  });

  it('answers every query at once while the server is down (no growing backoff)', async () => {
    const port = await closedPort();
    const database = await openDatabase({
      url: `postgres://kho@127.0.0.1:${port}/kho`,
      migrate: false,
      poolSize: 2,
    });
    try {
      // postgres.js's default backoff made the 6th attempt wait 3.6-7.3 s, the 8th 20 s.
      for (let i = 0; i < 10; i++) {
        const r = await timed(() => query(database.db, sql`select 1`));
        expect(r.ok).toBe(false);
        expect(r.ms).toBeLessThan(1_500);
      }
    } finally {
      await database.close();
    }
  }, 30_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'serves again within a second of the server coming back',
    async () => {
      const target = new URL(process.env.TEST_DATABASE_URL!);
      const port = await closedPort();
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      const database = await openDatabase({ url: url.toString(), migrate: false, poolSize: 2 });
      try {
        for (let i = 0; i < 10; i++)
          expect((await timed(() => query(database.db, sql`select 1`))).ok).toBe(false);
        server = await proxy(port, target);
        const back = performance.now();
        let answered = false;
        while (!answered && performance.now() - back < 5_000)
          answered = (await timed(() => query(database.db, sql`select 1`))).ok;
        expect(answered).toBe(true);
        expect(performance.now() - back).toBeLessThan(1_500);
      } finally {
        await database.close();
      }
    },
    30_000,
  );

  // postgres.js wrote to a connection whose socket was gone from a setImmediate, a TypeError no
  // caller can catch: the process died (upstream #1154, #1208; CI's database-restart suite,
  // 2026-11-28). Patched in patches/postgres@3.4.9.patch; a reserved connection shows it at once.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a connection whose backend died rejects its queries and does not crash the process',
    async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const pool = postgres(url, { max: 2, onnotice: () => {} });
      const killer = postgres(url, { max: 1 });
      try {
        const reserved = await pool.reserve();
        const [row] = await reserved`select pg_backend_pid() as pid`;
        await killer`select pg_terminate_backend(${row!.pid})`;
        await new Promise((r) => setTimeout(r, 100));
        for (let i = 0; i < 3; i++) {
          const failed = await reserved`select 1`.then(
            () => null,
            (err: { code?: string }) => err,
          );
          expect(failed?.code).toBe('CONNECTION_CLOSED');
        }
        reserved.release();
        // The dead connection goes back to the pool: its next query fails once, then it reconnects.
        let one: unknown = null;
        for (let i = 0; i < 3 && one !== 1; i++)
          one = await pool`select 1 as one`.then(
            (r) => r[0]!.one,
            () => null,
          );
        expect(one).toBe(1);
      } finally {
        await pool.end({ timeout: 1 });
        await killer.end({ timeout: 1 });
      }
    },
    30_000,
  );
});
