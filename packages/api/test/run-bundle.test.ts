import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// bin/run.mjs: `pnpm start` and `pnpm kho` run an esbuild bundle of the sources, rebuilt when a
// source it was built from changes. (The server from the bundle: test/server.process.test.ts.)
const API = join(import.meta.dirname, '..');
const RUN = join(API, 'bin/run.mjs');
const pointer = () =>
  JSON.parse(readFileSync(join(API, 'dist/current.json'), 'utf8')) as {
    build: string;
    inputs: Record<string, [number, number]>;
  };
const run = (...args: string[]) =>
  spawnSync(process.execPath, [RUN, ...args], { cwd: API, encoding: 'utf8' });
const runEnv = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [RUN, ...args], {
    cwd: API,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

describe('bin/run.mjs', () => {
  it('builds once, reuses the build while the sources are unchanged, rebuilds when one changes', () => {
    const built = run('build');
    expect(built.status, built.stderr).toBe(0);
    const first = pointer();
    expect(existsSync(join(API, 'dist', first.build, 'server.mjs'))).toBe(true);
    expect(existsSync(join(API, 'dist', first.build, 'cli.mjs'))).toBe(true);
    // Inputs: the sources of every workspace package and the installed files of the dependencies.
    const inputs = Object.keys(first.inputs);
    expect(inputs).toContain(join(API, 'src/server.ts'));
    expect(inputs.some((f) => f.includes('/packages/schema/src/'))).toBe(true);
    expect(inputs.some((f) => f.includes('/node_modules/') && f.includes('fastify'))).toBe(true);

    const help = run('cli', 'help');
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('pnpm kho template');
    expect(pointer().build).toBe(first.build);

    const source = join(API, 'src/cli/usage.ts');
    const { atime, mtime } = statSync(source);
    try {
      utimesSync(source, atime, new Date(mtime.getTime() + 5000));
      const again = run('cli', 'help');
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain('pnpm kho template');
      const second = pointer();
      expect(second.build).not.toBe(first.build);
      // The earlier build stays on disk: a running server may still load its lazy chunks.
      expect(existsSync(join(API, 'dist', first.build, 'server.mjs'))).toBe(true);
    } finally {
      utimesSync(source, atime, mtime);
    }
  });

  it('kho template builds the data directory template once (--if-missing keeps it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kho-template-cli-'));
    const first = runEnv({ KHO_TEMPLATE_DIR: dir }, 'cli', 'template', '--if-missing', '--json');
    expect(first.status, first.stderr).toBe(0);
    const made = JSON.parse(first.stdout) as { file: string; built: boolean };
    expect(made.built).toBe(true);
    expect(made.file.startsWith(dir)).toBe(true);
    // A gzipped tar of a PostgreSQL data directory.
    expect(readFileSync(made.file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(statSync(made.file).size).toBeGreaterThan(1_000_000);
    const kept = JSON.parse(
      runEnv({ KHO_TEMPLATE_DIR: dir }, 'cli', 'template', '--if-missing', '--json').stdout,
    );
    expect(kept).toMatchObject({ file: made.file, built: false });
  });

  it('refuses an unknown entry with its usage', () => {
    const r = run('serve');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: node packages\/api\/bin\/run\.mjs server \| cli/);
  });
});
