import { seedReferenceData } from '@kho/ingest';
import { DataDirUnusable } from '@kho/schema';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { DataDirInUse } from './lib/data-dir-lock';
import { writeTemplate } from './lib/data-template';
import { openRuntime } from './runtime';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const runtime = await openRuntime(config, 'server');
  const seeded = await seedReferenceData(runtime.database, { demo: config.KHO_DEMO });
  // The first start without a template leaves one, so the next new data directory starts fast.
  if (runtime.fresh && !runtime.fromTemplate && seeded.demo === 'loaded') {
    await writeTemplate(runtime.database, config.templateDir).catch((err: Error) =>
      console.warn(`kho: could not write the data directory template: ${err.message}`),
    );
  }
  const app = await buildApp({
    database: runtime.database,
    ...(runtime.readDatabase ? { readDatabase: runtime.readDatabase } : {}),
    publicUrl: config.publicUrl,
    corsWriteOrigins: config.CORS_WRITE_ORIGINS,
    cacheMaxAge: config.CACHE_MAX_AGE,
    uploadMaxBytes: config.UPLOAD_MAX_MB * 2 ** 20,
    trustProxy: config.TRUST_PROXY,
    webhooks: { allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS, worker: config.WEBHOOK_WORKER },
    poolSize: config.DATABASE_URL ? config.DB_POOL_SIZE : 1,
    limits: {
      anonymousPerMinute: config.RATE_LIMIT_MAX,
      keyPerMinute: config.RATE_LIMIT_KEY_MAX,
      ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    },
    logger: { level: config.LOG_LEVEL },
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const where = runtime.database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
  const base = config.publicUrl;
  console.log(
    [
      `Kho is ready in ${Date.now() - started} ms on ${where}` +
        (runtime.fromTemplate
          ? ' (new, from the template)'
          : seeded.reference === 'loaded'
            ? ' (reference data loaded)'
            : ''),
      `  Portal   ${base}/`,
      `  API docs ${base}/docs`,
      `  GraphQL  ${base}/graphql`,
    ].join('\n'),
  );

  // SIGTERM: stop accepting (new requests get 503), let in-flight requests and downloads
  // finish for up to SHUTDOWN_TIMEOUT_MS, then cut what is left, close the pools, exit 0.
  // A load in progress is rolled back by PostgreSQL when its connection closes.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const cut = setTimeout(() => {
      app.log.warn('shutdown timeout: closing the connections still open');
      app.server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    const hard = setTimeout(() => {
      app.log.error('shutdown did not complete; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 10_000);
    hard.unref();
    try {
      await app.close();
      clearTimeout(cut);
      await runtime.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof DataDirInUse || err instanceof DataDirUnusable) {
    console.error(`kho: ${err.message}`);
  } else {
    console.error(`kho: could not start: ${startError(err)}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(err);
  }
  process.exit(1);
});

/**
 * The embedded database's file errors are WebAssembly errno objects, not Errors: name the
 * common ones (a disk that filled up, or turned read-only, after the check at start).
 */
function startError(err: unknown): string {
  if (err instanceof Error) return err.message;
  const errno = (err as { name?: string; errno?: number } | null)?.errno;
  if ((err as { name?: string } | null)?.name === 'ErrnoError' && typeof errno === 'number') {
    const known: Record<number, string> = {
      2: 'permission denied',
      19: 'disk quota exceeded',
      29: 'input/output error',
      51: 'no space left on device',
      63: 'operation not permitted',
      69: 'read-only file system',
    };
    return `the embedded database could not use its files in KHO_DATA_DIR: ${known[errno] ?? `errno ${errno}`}`;
  }
  return String(err);
}
