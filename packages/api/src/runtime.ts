import { join } from 'node:path';
import { checkDataDir, type Database, openDatabase } from '@kho/schema';
import type { Config } from './config';
import { lockDataDir } from './lib/data-dir-lock';

export interface Runtime {
  database: Database;
  /** The read replica (DATABASE_READ_URL), when configured. */
  readDatabase?: Database;
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
    const database = await openDatabase({ dataDir: join(config.dataDir, 'pgdata') });
    return {
      database,
      close: async () => {
        await database.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
