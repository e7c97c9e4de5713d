import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines } from '@kho/schema/testing';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';
import { createKey } from '../keys/keys.service';
import { call, connect, loadMcpFixtures, TOOLS } from './mcp.fixtures';

const ROOT = join(import.meta.dirname, '../../../../..');
// `pnpm kho …` is the root package.json "kho" script: the same command, without pnpm's banner.
const KHO = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.kho as string;
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' };

type Env = Record<string, string>;
function kho(args: string[], env: Env) {
  const r = spawnSync('sh', ['-c', `exec ${KHO} "$@"`, 'kho', ...args], {
    cwd: ROOT,
    env: { ...BASE_ENV, ...env },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** `kho mcp` spawned as a desktop assistant does; stderr is kept for the assertions. */
async function spawnMcp(env: Env) {
  const transport = new StdioClientTransport({
    command: 'sh',
    args: ['-c', `exec ${KHO} mcp`],
    cwd: ROOT,
    env: { ...BASE_ENV, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const { client, errors } = await connect(transport);
  return { client, errors, stderr: () => stderr };
}

describe.each(testEngines())('MCP over stdio (kho mcp) on %s', (engine) => {
  let t: TestApp;
  let env: Env;
  let key: string;
  let mcp: Awaited<ReturnType<typeof spawnMcp>>;
  const rest = (url: string) => getJson(t.app, url);

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadMcpFixtures(t.database, `stdio-${engine}`);
    if (t.database.url) {
      // PostgreSQL: the stdio process reads the very database the REST app serves.
      env = { DATABASE_URL: t.database.url, KHO_DEMO: 'false' };
      key = (
        await createKey(t.database.db, { agency: 'SYT', name: 'stdio', scopes: ['read:dataset:mcp-secret'] })
      ).key;
    } else {
      // PGlite: a data directory of its own, seeded like `pnpm start` (areas and demo data).
      const dir = mkdtempSync(join(tmpdir(), 'kho-mcp-data-'));
      env = { KHO_DATA_DIR: dir };
      kho(['migrate'], env);
      key = JSON.parse(
        kho(
          ['keys', 'create', '--agency', 'SYT', '--name', 'stdio', '--scopes', 'read:shared', '--json'],
          env,
        ),
      ).key;
    }
    mcp = await spawnMcp(env);
  });
  afterAll(async () => {
    await mcp?.client.close();
    await t?.close();
  });

  it('lists the tools and answers as REST does, with nothing but protocol on stdout', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual([...TOOLS].sort());
    const area = await call(mcp.client, 'find_area', { name: 'H. Vân Canh', at: '2022-06-03' });
    expect(area.json.best).toEqual(
      (await rest('/v1/areas/resolve?name=H.%20V%C3%A2n%20Canh&at=2022-06-03')).body.best,
    );
    const h = await call(mcp.client, 'area_history', { code: '21553', at: '2026-01-01' });
    const detail = await rest('/v1/areas/21553?at=2026-01-01');
    expect(h.json.predecessors).toEqual(detail.body.predecessors);
    const ind = await call(mcp.client, 'list_indicators', { dataset: 'digital-infrastructure-2022' });
    expect(ind.json.items).toEqual(
      (await rest('/v1/indicators?dataset=digital-infrastructure-2022&limit=50')).body.items,
    );
    const code = ind.json.items[0].code;
    const obs = await call(mcp.client, 'get_observations', { indicator: code, limit: 100 });
    expect(obs.json.items).toEqual((await rest(`/v1/observations?indicator=${code}&limit=100`)).body.items);
    const found = await call(mcp.client, 'search_datasets', { q: 'ha tang so' });
    expect(found.json.items.map((d: { id: string }) => d.id)).toContain('digital-infrastructure-2022');
    expect(mcp.errors).toEqual([]);
    expect(mcp.stderr()).toContain('serving on stdio');
  });

  it('answers bad arguments with tool errors and open data only without a key', async () => {
    for (const args of [
      { dataset: 'digital-infrastructure-2022', limit: -1 },
      { limit: 5000 },
      { dataset: 'x'.repeat(9999) },
    ]) {
      expect((await call(mcp.client, 'query_records', args)).isError).toBe(true);
    }
    const s = await call(mcp.client, 'catalog_summary');
    expect(s.json.visibleTo).toContain('anonymous');
    expect(s.text).not.toContain('mcp-secret');
    expect((await call(mcp.client, 'get_dataset', { id: 'mcp-secret' })).isError).toBe(true);
    expect(mcp.errors).toEqual([]);
  });

  it('takes KHO_MCP_KEY: its scopes apply; a bad key stops the start', async () => {
    // PGlite serves one process per data directory: the anonymous session ends first.
    await mcp.client.close();
    const keyed = await spawnMcp({ ...env, KHO_MCP_KEY: key });
    try {
      const s = await call(keyed.client, 'catalog_summary');
      expect(s.json.visibleTo).toContain(key.split('_')[1]);
      if (engine === 'postgres') {
        const rows = await call(keyed.client, 'query_records', { dataset: 'mcp-secret' });
        expect(rows.json.items).toMatchObject([{ name: 'Cơ sở mật' }]);
      }
    } finally {
      await keyed.client.close();
    }
    await expect(spawnMcp({ ...env, KHO_MCP_KEY: 'kho_not_a_key' })).rejects.toThrow();
  });
});

describe('kho mcp next to a running server on the same embedded database', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp('pglite');
    await loadMcpFixtures(t.database, 'relay');
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('relays to the server’s /mcp instead of failing on the locked data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kho-mcp-locked-'));
    writeFileSync(join(dir, 'kho.lock'), JSON.stringify({ pid: process.pid, role: 'server', url: base }));
    const { client, errors, stderr } = await spawnMcp({ KHO_DATA_DIR: dir });
    try {
      expect((await client.listTools()).tools.map((x) => x.name).sort()).toEqual([...TOOLS].sort());
      const found = await call(client, 'search_datasets', { q: 'y te' });
      expect(found.json.items.map((d: { id: string }) => d.id)).toContain('mcp-health-stats');
      expect((await call(client, 'query_records', { limit: -1 })).isError).toBe(true);
      expect(stderr()).toContain(`relaying to ${base}/mcp`);
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
