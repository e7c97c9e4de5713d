import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { cannotSwitchUser, freePort } from './process';

const BIN = '/usr/lib/postgresql/15/bin';

/** Why a throwaway PostgreSQL cluster cannot run here (undefined when it can). */
export function clusterUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl')))
    return `PostgreSQL 15 binaries not found in ${BIN}`;
  // PostgreSQL refuses to run as root: as root we start it as the postgres user.
  if (process.getuid?.() === 0) return cannotSwitchUser('postgres');
  return undefined;
}

/**
 * A PostgreSQL cluster of the suite's own, on a spare port in a temporary directory, so
 * faults (stop, restart) never touch the machine's shared server. Destroy it in afterAll.
 */
export class Cluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir() {
    return join(this.dir, 'data');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private run(bin: string, args: string[]) {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(BIN, bin), ...args]]
      : [join(BIN, bin), args];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: this.dir, timeout: 120_000 });
    if (r.status !== 0)
      throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  static async create(): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), 'kho-reliability-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(dir, uid, gid);
    }
    const cluster = new Cluster(dir, await freePort());
    try {
      cluster.run('initdb', [
        '-D',
        cluster.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '-E',
        'UTF8',
        '--no-sync',
      ]);
      cluster.start();
    } catch (err) {
      cluster.destroy();
      throw err;
    }
    return cluster;
  }

  start() {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c max_connections=60',
      '-c fsync=off',
    ].join(' ');
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** `fast` ends sessions cleanly; `immediate` is a crash (recovery from WAL at the next start). */
  stop(mode: 'fast' | 'immediate' = 'fast') {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  running(): boolean {
    return existsSync(join(this.dataDir, 'postmaster.pid'));
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  async createDatabase(name: string): Promise<string> {
    const admin = postgres(this.url(), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  /** Stops the server (a crash stop: nothing to keep) and removes every file. */
  destroy() {
    try {
      if (this.running()) this.stop('immediate');
    } catch {}
    rmSync(this.dir, { recursive: true, force: true });
  }
}
