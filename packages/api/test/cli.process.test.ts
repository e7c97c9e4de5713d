import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
// The README's `pnpm kho …` is the root package.json "kho" script.
const KHO = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.kho as string;
const dir = mkdtempSync(join(tmpdir(), 'kho-cli-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const GOOD = write(
  'good.csv',
  'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\nSố trạm BTS,trạm,Tỉnh Bình Định,2021,1650\nSố trạm BTS,trạm,Tỉnh Bình Định,2022,1723\n',
);
const BAD = write(
  'bad.csv',
  'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\nSố trạm BTS,trạm,Huyện Không Có,2021,1650\nSố trạm BTS,trạm,Tỉnh Bình Định,2022,nhiều\n',
);

type Env = Record<string, string>;
function kho(args: string[], env: Env) {
  const r = spawnSync('sh', ['-c', `exec ${KHO} "$@"`, 'kho', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const engines: [string, () => Promise<Env>, () => Promise<void>][] = [
  ['pglite', async () => ({ KHO_DATA_DIR: mkdtempSync(join(tmpdir(), 'kho-cli-data-')) }), async () => {}],
];
if (process.env.TEST_DATABASE_URL) {
  const name = `kho_cli_${Date.now()}`;
  const admin = () => postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  engines.push([
    'postgres',
    async () => {
      const a = admin();
      await a.unsafe(`create database ${name}`);
      await a.end();
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${name}`;
      return { DATABASE_URL: u.toString() };
    },
    async () => {
      const a = admin();
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  ]);
}

describe('kho CLI without a database', () => {
  it('prints the usage with exit code 2 when no command is given', () => {
    const r = kho([], {});
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('pnpm kho ingest');
  });

  it('lists the adapters as JSON', () => {
    const r = kho(['adapters', '--json'], {});
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { items: { name: string }[] }).items.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['indicators', 'records', 'areas']));
  });

  it('refuses unknown options and a missing --dataset with exit code 2', () => {
    expect(kho(['ingest', GOOD, '--datset', 'x'], {}).code).toBe(2);
    const r = kho(['ingest', GOOD], { KHO_DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dataset');
  });
});

describe.each(engines)('kho CLI on %s', (_name, setup, teardown) => {
  let env: Env;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(async () => {
    await teardown();
  });

  it('loads a file: exit 0, and --json prints only the report', () => {
    const r = kho(['ingest', GOOD, '--dataset', 'cli-bts', '--adapter', 'indicators', '--json'], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      dataset: 'cli-bts',
      version: 1,
      rowsRead: 2,
      rowsLoaded: 2,
      rowsRejected: 0,
      unchanged: false,
      errors: [],
    });
  });

  it('says unchanged for the same file, with a readable summary', () => {
    const r = kho(['ingest', GOOD, '--dataset', 'cli-bts'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already loaded/);
    expect(r.stdout).toMatch(/unchanged/);
  });

  it('rejects a bad file with exit 1 and lists the rows to fix', () => {
    const r = kho(['ingest', BAD, '--dataset', 'cli-bts', '--json'], env);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rowsLoaded: 0, rowsRejected: 2, version: 1 });
    expect(report.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'Địa bàn'],
      [3, 'Giá trị'],
    ]);
    const table = kho(['ingest', BAD, '--dataset', 'cli-bts'], env);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/Rows to fix/);
    expect(table.stdout).toMatch(/Huyện Không Có/);
  });

  it('validates --dry-run without loading', () => {
    const r = kho(
      [
        'ingest',
        GOOD.replace('good', 'good'),
        '--dataset',
        'cli-dry',
        '--adapter',
        'indicators',
        '--dry-run',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'dry-run', rowsLoaded: 0 });
  });

  it('creates a dataset from --meta, and refuses invalid metadata with exit 2', () => {
    const meta = write(
      'meta.json',
      JSON.stringify({ title: 'Trạm BTS theo năm', publisher: 'STTTT', theme: 'digital', access: 'shared' }),
    );
    const r = kho(
      ['ingest', GOOD, '--dataset', 'cli-meta', '--adapter', 'indicators', '--meta', meta, '--json'],
      env,
    );
    expect(r.code).toBe(0);
    const badMeta = write(
      'bad-meta.json',
      JSON.stringify({ title: 'x', publisher: 'nobody', access: 'secret' }),
    );
    const bad = kho(
      ['ingest', GOOD, '--dataset', 'cli-meta-2', '--adapter', 'indicators', '--meta', badMeta],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/access/);
    expect(bad.stderr).toMatch(/publisher/);
  });

  it('lists datasets with versions and a dataset’s load history', () => {
    const list = kho(['datasets', '--json'], env);
    expect(list.code).toBe(0);
    const items = JSON.parse(list.stdout).items as { id: string; version: number; access: string }[];
    expect(items.find((d) => d.id === 'cli-bts')).toMatchObject({ version: 1 });
    expect(items.find((d) => d.id === 'cli-meta')).toMatchObject({ access: 'shared' });
    const history = kho(['ingests', 'cli-bts', '--json'], env);
    expect((JSON.parse(history.stdout).items as { status: string }[]).map((i) => i.status)).toEqual([
      'loaded',
      'unchanged',
      'rejected',
      'rejected',
    ]);
  });

  it('refuses an unknown adapter with exit 2', () => {
    const r = kho(['ingest', GOOD, '--dataset', 'cli-x', '--adapter', 'nope'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown adapter "nope"/);
  });
});
