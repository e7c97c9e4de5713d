import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, ROOT, SERVER } from './support/process';

/**
 * A read-only or full disk under KHO_DATA_DIR (embedded mode): a clear error at start, a
 * non-zero exit, no stack trace, and the data left as it was. The disks are real: small tmpfs
 * mounts, remounted read-only or filled up, so this needs root (skipped otherwise).
 */
const root = mkdtempSync(join(tmpdir(), 'kho-datadir-'));
const mounts: string[] = [];

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
}

/** A tmpfs of `mb` megabytes, mounted read-write. */
function disk(name: string, mb: number): string {
  const dir = join(root, name);
  mkdirSync(dir);
  sh('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, `kho-${name}`, dir]);
  mounts.push(dir);
  return dir;
}
const readOnly = (dir: string, ro: boolean) => sh('mount', ['-o', `remount,${ro ? 'ro' : 'rw'}`, dir]);
/** Fills a disk to the last block (dd stops with ENOSPC). */
const fill = (dir: string) => spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=1M'], {});

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: cannot mount a small or read-only disk';
  try {
    disk('probe', 1);
  } catch (e) {
    return `cannot mount a tmpfs here (${(e as Error).message.trim()})`;
  }
  return undefined;
}
const skip = unavailable();

/** Runs the server (or the CLI) to its exit; it must exit, not hang, within a minute. */
async function run(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      KHO_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, signal: r.signal, output: `${r.stdout}${r.stderr}` };
}
const serve = (dataDir: string) => run(SERVER, dataDir);
const cli = (args: string[], dataDir: string) => run([...CLI, ...args], dataDir);

/** A start that failed the way a user can act on: exit 1, one `kho:` line naming the cause and the directory. */
function expectClearFailure(r: Awaited<ReturnType<typeof run>>, dataDir: string, cause: RegExp) {
  expect(r.signal, r.output).toBeNull();
  expect(r.code, r.output).toBe(1);
  expect(r.output).toMatch(cause);
  expect(r.output).toContain(dataDir);
  expect(r.output).toMatch(/^kho: /m);
  expect(r.output, 'no stack trace').not.toMatch(/^\s+at /m);
  expect(r.output).not.toMatch(/ErrnoError|errno: \d+/);
}

describe.skipIf(!!skip)(
  `embedded mode on a read-only or full disk${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let existing: string;
    let existingData: string;
    beforeAll(async () => {
      // An embedded database with a dataset in it, made while its disk was fine.
      existing = disk('existing', 256);
      existingData = join(existing, 'data');
      const csv = join(root, 'small.csv');
      writeFileSync(csv, 'id,name\n1,Bệnh viện Đa khoa tỉnh\n2,Trạm y tế xã Nhơn Lý\n');
      const r = await cli(
        ['ingest', csv, '--dataset', 'on-disk', '--adapter', 'records', '--json'],
        existingData,
      );
      expect(r.code, r.output).toBe(0);
    });
    afterAll(() => {
      for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
      rmSync(root, { recursive: true, force: true });
    });

    it('a new data directory on a read-only disk', async () => {
      const d = disk('ro-new', 64);
      readOnly(d, true);
      const dataDir = join(d, 'data');
      expectClearFailure(await serve(dataDir), dataDir, /read-only file system/);
      expectClearFailure(await cli(['datasets'], dataDir), dataDir, /read-only file system/);
    });

    it('an existing database whose disk turned read-only', async () => {
      readOnly(existing, true);
      try {
        expectClearFailure(await serve(existingData), existingData, /read-only file system/);
        expectClearFailure(await cli(['datasets'], existingData), existingData, /read-only file system/);
      } finally {
        readOnly(existing, false);
      }
    });

    it('a new data directory on a disk too small for it', async () => {
      const d = disk('small', 16);
      const dataDir = join(d, 'data');
      expectClearFailure(await serve(dataDir), dataDir, /is full: \d+\.\d MB free/);
    });

    it('an existing database whose disk filled up', async () => {
      fill(existing);
      try {
        expectClearFailure(await serve(existingData), existingData, /No space left|is full/);
        expectClearFailure(await cli(['datasets'], existingData), existingData, /No space left|is full/);
        expect(readdirSync(existingData).filter((f) => f.startsWith('.kho-write-test'))).toEqual([]);
        expect(existsSync(join(existingData, 'kho.lock'))).toBe(false);
      } finally {
        rmSync(join(existing, 'filler'), { force: true });
      }
    });

    it('the refused starts changed nothing: with room again the database opens with its data', async () => {
      const r = await cli(['datasets'], existingData);
      expect(r.code, r.output).toBe(0);
      expect(r.output).toContain('on-disk');
    });
  },
);
