import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedKey, seedReferenceData } from '@kho/ingest';
import { type Database, MIGRATIONS_DIR, openDatabase } from '@kho/schema';

/**
 * The embedded database's template: a dumped PGlite data directory holding the migrations, the
 * reference data and the demo datasets, from which a fresh data directory starts in ~1.5 s
 * instead of ~10 s (PGlite's initdb alone takes ~6 s). `pnpm install` builds it (postinstall,
 * `kho template`); a first start that finds none writes one. It lives in KHO_TEMPLATE_DIR
 * (default: the api package's node_modules/.cache/kho, so a reinstall rebuilds it) and is
 * named by everything it holds: a template of other migrations, reference or demo files is
 * simply not used.
 */
export function templateKey(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort())
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  h.update(seedKey({ demo: true }));
  return h.digest('hex').slice(0, 16);
}

export function templateFile(dir: string, key = templateKey()): string {
  return join(dir, `pgdata-${key}.tar.gz`);
}

/** The template for this release's data, if one was built. */
export function readTemplate(dir: string): Blob | undefined {
  const file = templateFile(dir);
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Dumps a just-seeded embedded database as the template (written then renamed: readers never see half a file). */
export async function writeTemplate(database: Database, dir: string, key = templateKey()): Promise<string> {
  if (!database.pglite) throw new Error('only an embedded (PGlite) database can become the template');
  const dump = await database.pglite.dumpDataDir('gzip');
  mkdirSync(dir, { recursive: true });
  const file = templateFile(dir, key);
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  // Templates of earlier releases are of no further use.
  for (const f of readdirSync(dir))
    if (f.startsWith('pgdata-') && join(dir, f) !== file && !f.includes('.tar.gz.'))
      rmSync(join(dir, f), { force: true });
  return file;
}

/** Builds the template in a scratch directory (`kho template`). */
export async function buildTemplate(dir: string): Promise<string> {
  const key = templateKey();
  const scratch = join(tmpdir(), `kho-template-${process.pid}-${randomBytes(4).toString('hex')}`);
  const database = await openDatabase({ dataDir: scratch });
  try {
    await seedReferenceData(database, { demo: true });
    return await writeTemplate(database, dir, key);
  } finally {
    await database.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
