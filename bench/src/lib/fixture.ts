import { join } from 'node:path';
import { facilityCsv, indicatorCsv } from './generate';
import { freshDatabase, timed } from './pg';
import { freePort, ROOT, type Server, startArgs, startServer } from './proc';

/** The served data: indicator observations and a facility registry. */
export interface Sizes {
  observations: number;
  facilities: number;
}
export const sizes = (smoke: boolean): Sizes =>
  smoke ? { observations: 5_000, facilities: 2_000 } : { observations: 1_000_000, facilities: 100_000 };

let template: Promise<string> | null = null;

/**
 * A database holding the served data, loaded once per run through Kho's own ingest (a child
 * process) and then copied for each workload with CREATE DATABASE … TEMPLATE, so every workload
 * starts from the same fresh database. The template is dropped with the run's cleanup like
 * every database freshDatabase makes.
 */
async function servedTemplate(s: Sizes): Promise<string> {
  // While working on Kho: BENCH_TEMPLATE names a database loaded earlier (by load-child.ts) to
  // copy instead of loading again; it is never dropped.
  if (process.env.BENCH_TEMPLATE) return process.env.BENCH_TEMPLATE;
  template ??= (async () => {
    const [ind, fac] = await Promise.all([indicatorCsv(s.observations), facilityCsv(s.facilities)]);
    const db = await freshDatabase('kho_bench_tpl');
    console.error(
      `  loading ${s.observations.toLocaleString('en')} observations and ${s.facilities.toLocaleString('en')} facilities through Kho's ingest …`,
    );
    const run = await timed(process.execPath, [
      '--import',
      'tsx',
      join(import.meta.dirname, 'load-child.ts'),
      db.url,
      ind,
      fac,
    ]);
    if (run.code !== 0) {
      await db.drop();
      throw new Error(`loading the served data failed:\n${run.stderr.slice(-2000)}`);
    }
    return db.name;
  })();
  return template;
}

/** A fresh copy of the served data, for one workload. */
export async function servedDatabase(prefix: string, s: Sizes) {
  return freshDatabase(prefix, await servedTemplate(s));
}

/** Kho's environment for the benchmark: no rate limit in the way, quiet logs, no demo data. */
export function khoEnv(url: string, port: number, pool: number): Record<string, string> {
  return {
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    DB_POOL_SIZE: String(pool),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_KEY_MAX: '100000000',
    KHO_DEMO: 'false',
    WEBHOOK_WORKER: 'false',
    NODE_ENV: 'production',
  };
}

/** Kho as `pnpm start` runs it (the root start script: the bundled server, its node flags): the real server process, on the given database. */
export async function startKho(url: string, pool: number, extraArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  return startServer({
    name: 'kho',
    args: [...extraArgs, ...startArgs()],
    env: khoEnv(url, port, pool),
    port,
    readyPath: '/ready',
    cwd: ROOT,
  });
}

/** A peer server script of bench/src/peers, given the database and its port in the environment. */
export async function startPeer(
  name: string,
  script: string,
  env: Record<string, string>,
  preload: string[] = [],
): Promise<Server> {
  const port = await freePort();
  return startServer({
    name,
    args: [...preload, '--import', 'tsx', join(import.meta.dirname, '../peers', script)],
    env: { ...env, PORT: String(port), NODE_ENV: 'production' },
    port,
    readyPath: '/ready',
  });
}
