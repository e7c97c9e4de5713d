import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkDataDir, type Database, openDatabase } from '@kho/schema';
import type { Config } from './config';
import { lockDataDir } from './lib/data-dir-lock';
import { readTemplate } from './lib/data-template';

export interface Runtime {
  database: Database;
  /** The read replica (DATABASE_READ_URL), when configured. */
  readDatabase?: Database;
  /** Embedded: the data directory was created by this start (from the template when `fromTemplate`). */
  fresh?: boolean;
  fromTemplate?: boolean;
  close(): Promise<void>;
}

/**
 * Opens the configured database for a process: PostgreSQL when DATABASE_URL is set, else the
 * embedded PGlite in KHO_DATA_DIR, locked so a second process cannot corrupt it.
 */
export async function openRuntime(config: Config, role: 'server' | string): Promise<Runtime> {
  if (config.DATABASE_URL) {
    const database = await openDatabase({
      url: config.DATABASE_URL,
      poolSize: config.DB_POOL_SIZE,
      statementTimeoutMs: role === 'server' ? config.STATEMENT_TIMEOUT_MS : undefined,
      applicationName: `kho-${role}`,
    });
    // The replica is read as it is: migrations run on the primary and replicate.
    const readDatabase =
      role === 'server' && config.DATABASE_READ_URL
        ? await openDatabase({
            url: config.DATABASE_READ_URL,
            migrate: false,
            poolSize: config.DB_POOL_SIZE,
            statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
            applicationName: 'kho-server-read',
          })
        : undefined;
    return {
      database,
      ...(readDatabase ? { readDatabase } : {}),
      close: async () => {
        await Promise.all([database.close(), readDatabase?.close()]);
      },
    };
  }
  // A read-only or full disk is said plainly here, before the lock file is written.
  checkDataDir(config.dataDir);
  const release = lockDataDir(config.dataDir, role, role === 'server' ? config.publicUrl : undefined);
  try {
    const pgdata = join(config.dataDir, 'pgdata');
    const fresh = !existsSync(pgdata) || readdirSync(pgdata).length === 0;
    // A new data directory starts from the template (migrated, reference and demo data loaded)
    // when one was built for this release; a template that does not load is set aside.
    const template = fresh && config.KHO_DEMO ? readTemplate(config.templateDir) : undefined;
    let database: Database | undefined;
    if (template) {
      try {
        database = await openDatabase({ dataDir: pgdata, loadDataDir: template });
      } catch (e) {
        console.warn(
          `kho: the data directory template did not load (${(e as Error).message}); initialising from scratch`,
        );
        rmSync(pgdata, { recursive: true, force: true });
      }
    }
    const fromTemplate = !!database;
    database ??= await openDatabase({ dataDir: pgdata });
    return {
      database,
      fresh,
      fromTemplate,
      close: async () => {
        await database?.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
