import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type Database, type Engine, MIGRATIONS_DIR, openDatabase } from '../db';

/** The engines every database suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface Template {
  /** Part of the cache key; change it when the seed changes. */
  name: string;
  /** Files whose content invalidates the cached template (reference data …). */
  inputs?: string[];
  seed?: (database: Database) => Promise<void>;
}

export interface TestDatabase extends Database {
  /** PostgreSQL URL of this test's own database (undefined on PGlite). */
  url?: string;
  /** PGlite: a fresh dump of this database's current state (to start another instance from it). */
}

function templateKey(template: Template): string {
  const h = createHash('sha256').update(template.name);
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) {
    if (f.endsWith('.sql')) h.update(readFileSync(join(MIGRATIONS_DIR, f)));
  }
  for (const f of template.inputs ?? []) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

const EMPTY: Template = { name: 'migrated' };

async function pgliteTemplate(template: Template): Promise<Blob> {
  const file = join(tmpdir(), `kho-test-${template.name}-${templateKey(template)}.tar.gz`);
  if (!existsSync(file)) {
    const database = await openDatabase({});
    await template.seed?.(database);
    const dump = await database.pglite!.dumpDataDir('gzip');
    await database.close();
    // Write then rename: parallel workers never read a half-written template.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresTemplate(admin: postgres.Sql, baseUrl: string, template: Template): Promise<string> {
  const name = `kho_tpl_${template.name.replace(/\W/g, '_')}_${templateKey(template)}`;
  const lock = await admin.reserve();
  try {
    // One worker builds the template; the others wait on the lock, then find it ready.
    await lock`select pg_advisory_lock(hashtext(${name}))`;
    const [found] = await lock`select 1 from pg_database where datname = ${name}`;
    if (!found) {
      const building = `${name}_build_${randomBytes(3).toString('hex')}`;
      await lock.unsafe(`create database "${building}"`);
      const database = await openDatabase({ url: withDatabase(baseUrl, building), poolSize: 2 });
      await template.seed?.(database);
      await database.close();
      await lock.unsafe(`alter database "${building}" rename to "${name}"`);
    }
    await lock`select pg_advisory_unlock(hashtext(${name}))`;
  } finally {
    lock.release();
  }
  return name;
}

/**
 * A database of the test's own, migrated (and seeded by `template`), on the given engine.
 * PGlite starts from a cached dump (~0.5 s instead of ~2 s); PostgreSQL clones a cached
 * template database. Close it in afterAll; the PostgreSQL database is dropped then.
 */
export async function createTestDatabase(engine: Engine, template: Template = EMPTY): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const loadDataDir = await pgliteTemplate(template);
    return openDatabase({ loadDataDir, migrate: false });
  }
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    const tpl = await postgresTemplate(admin, baseUrl, template);
    const name = `kho_test_${randomBytes(6).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${tpl}"`);
        break;
      } catch (err) {
        // "source database is being accessed by other users": another worker is cloning it too.
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const url = withDatabase(baseUrl, name);
    const database = await openDatabase({ url, migrate: false, poolSize: 4 });
    return {
      ...database,
      url,
      close: async () => {
        await database.close();
        const drop = postgres(baseUrl, { max: 1, onnotice: () => {} });
        await drop.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
        await drop.end();
      },
    };
  } finally {
    await admin.end();
  }
}
