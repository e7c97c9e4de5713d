import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly holder: { pid: number; role: string; url?: string },
  ) {
    super(
      `The embedded database in ${dir} is in use by ${holder.role === 'server' ? 'a running Kho server' : `another kho ${holder.role}`} (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}). ` +
        'PGlite allows one process per data directory. Stop that process first, or point both at a PostgreSQL server with DATABASE_URL' +
        (holder.role === 'server' && holder.url
          ? `, or upload through the running server: POST ${holder.url}/v1/datasets/{id}/ingest.`
          : '.'),
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on an embedded data directory (one PGlite process at a time, or the files
 * get corrupted). A lock left by a dead process is taken over. Returns the release function.
 */
export function lockDataDir(dir: string, role: string, url?: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kho.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, role, url, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const holder = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (holder.pid === process.pid) rmSync(file);
        } catch {}
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid: number; role: string; url?: string } | undefined;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'));
      } catch {}
      if (holder && alive(holder.pid) && holder.pid !== process.pid) throw new DataDirInUse(dir, holder);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}
