import { query, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, getJson, type TestApp } from '../../../test/helpers';
import { createKey } from '../keys/keys.service';
import { BEDS_SOURCE, call, connect, loadMcpFixtures, TOOLS } from './mcp.fixtures';
import { answer, MAX_TEXT } from './results';

describe.each(testEngines())('MCP over Streamable HTTP on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let anon: Client;
  let keyed: Client;
  let key: string;
  const rest = (url: string) => getJson(t.app, url);
  const http = (headers: Record<string, string> = {}) =>
    connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }));

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadMcpFixtures(t.database, `http-${engine}`);
    key = (
      await createKey(t.database.db, { agency: 'SYT', name: 'mcp', scopes: ['read:dataset:mcp-secret'] })
    ).key;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    anon = (await http()).client;
    keyed = (await http({ authorization: `Bearer ${key}` })).client;
  });
  afterAll(async () => {
    await anon?.close();
    await keyed?.close();
    await t?.close();
  });

  it('lists the tools, read-only, and the dataset resources', async () => {
    const { tools } = await anon.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
    const { resourceTemplates } = await anon.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate)).toEqual(['kho://datasets/{id}']);
    const { resources } = await anon.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('kho://datasets/mcp-health-stats');
    expect(uris).not.toContain('kho://datasets/mcp-secret');
    const read = await anon.readResource({ uri: 'kho://datasets/mcp-facilities' });
    const d = JSON.parse((read.contents[0] as { text: string }).text);
    expect(d).toMatchObject({ id: 'mcp-facilities', license: 'CC-BY-4.0' });
    await expect(anon.readResource({ uri: 'kho://datasets/mcp-secret' })).rejects.toThrow(/no dataset/);
  });

  it('search_datasets and catalog_summary answer as REST does, with licence and sources', async () => {
    const r = await call(anon, 'search_datasets', { q: 'y te' });
    const want = await rest('/v1/datasets?q=y%20te&limit=10');
    expect(r.json.items.map((d: { id: string }) => d.id)).toEqual(want.body.items.map((d: any) => d.id));
    expect(r.json.total).toBe(want.body.total);
    const hit = r.json.items.find((d: { id: string }) => d.id === 'mcp-health-stats');
    expect(hit).toMatchObject({ license: 'CC-BY-4.0', sources: [{ url: BEDS_SOURCE }] });
    const s = await call(anon, 'catalog_summary');
    const all = await rest('/v1/datasets?limit=100');
    expect(s.json.datasetCount).toBe(all.body.total);
    expect(s.json.byTheme).toEqual(all.body.facets.theme);
    expect(s.json.indicators.length).toBeGreaterThan(0);
    expect(s.json.themesWithoutData).not.toContain('health');
  });

  it('get_dataset and query_records match REST', async () => {
    const d = await call(anon, 'get_dataset', { id: 'mcp-facilities' });
    const want = await rest('/v1/datasets/mcp-facilities');
    expect(d.json).toMatchObject(want.body);
    expect(d.json.citation).toMatchObject({ license: 'CC-BY-4.0', sources: [{ url: BEDS_SOURCE }] });
    const args = { dataset: 'mcp-facilities', filters: { beds: 'gte:100', type: 'hospital' }, sort: '-beds' };
    const r = await call(anon, 'query_records', { ...args, limit: 5 });
    const page = await rest(
      '/v1/datasets/mcp-facilities/records?beds=gte:100&type=hospital&sort=-beds&limit=5',
    );
    expect(r.json.items).toEqual(page.body.items);
    expect(r.json.nextCursor).toBe(page.body.nextCursor);
    expect(r.json.links.download).toBe(
      'http://kho.test/v1/datasets/mcp-facilities/download.csv?beds=gte%3A100&type=hospital&sort=-beds',
    );
    const next = await call(anon, 'query_records', { ...args, limit: 5, cursor: r.json.nextCursor });
    const restNext = await getJson(t.app, r.json.links.nextPage.replace('http://kho.test', ''));
    expect(next.json.items).toEqual(restNext.body.items);
    const agg = await call(anon, 'query_records', {
      dataset: 'mcp-facilities',
      group_by: 'type',
      agg: 'count,sum:beds',
    });
    const restAgg = await rest('/v1/datasets/mcp-facilities/records?group_by=type&agg=count,sum:beds');
    expect(agg.json.items).toEqual(restAgg.body.items);
  });

  it('get_observations, list_indicators, find_area and area_history match REST', async () => {
    const ind = await call(anon, 'list_indicators', { q: 'giuong benh', dataset: 'mcp-health-stats' });
    expect(ind.json.items).toEqual(
      (await rest('/v1/indicators?q=giuong%20benh&dataset=mcp-health-stats&limit=50')).body.items,
    );
    expect(ind.json.items).toHaveLength(1);
    const code = ind.json.items[0].code as string;
    const args = { indicator: code, dataset: 'mcp-health-stats', area: '52', period_from: '2023' };
    const obs = await call(anon, 'get_observations', args);
    const want = await rest(
      `/v1/observations?indicator=${code}&dataset=mcp-health-stats&area=52&period_from=2023`,
    );
    expect(obs.json.items).toEqual(want.body.items);
    expect(obs.json.items.map((o: { value: number }) => o.value)).toEqual([32.1]);
    expect(obs.json.items[0].source).toBe(BEDS_SOURCE);
    expect(obs.json.citations[0]).toMatchObject({ dataset: 'mcp-health-stats', license: 'CC-BY-4.0' });
    const area = await call(anon, 'find_area', { name: 'H. Vân Canh', at: '2022-06-03' });
    const resolved = await rest('/v1/areas/resolve?name=H.%20V%C3%A2n%20Canh&at=2022-06-03');
    expect(area.json.best).toEqual(resolved.body.best);
    expect(area.json.best.code).toBe('551');
    const h = await call(anon, 'area_history', { code: '21553', at: '2025-07-01' });
    const detail = await rest('/v1/areas/21553?at=2025-07-01');
    expect(h.json.predecessors).toEqual(detail.body.predecessors);
    expect(h.json.successors).toEqual(detail.body.successors);
    expect(h.json.name).toBe(detail.body.name);
  });

  it('restricted data: invisible without a key, visible with one that grants it, and audited', async () => {
    for (const r of [
      await call(anon, 'search_datasets', { q: 'han che' }),
      await call(anon, 'catalog_summary'),
    ])
      expect(r.text).not.toContain('mcp-secret');
    const get = await call(anon, 'get_dataset', { id: 'mcp-secret' });
    expect(get).toMatchObject({ isError: true });
    expect(get.text).toMatch(/no dataset "mcp-secret"/);
    expect((await call(anon, 'query_records', { dataset: 'mcp-secret' })).isError).toBe(true);
    const seen = await call(keyed, 'search_datasets', { q: 'han che' });
    expect(seen.json.items.map((d: { id: string }) => d.id)).toContain('mcp-secret');
    const rows = await call(keyed, 'query_records', { dataset: 'mcp-secret' });
    expect(rows.json.items).toMatchObject([{ name: 'Cơ sở mật', beds: 99 }]);
    const log = await query<{ surface: string; rows: number }>(
      t.database.db,
      sql`select surface, rows from access_log where dataset_id = 'mcp-secret' and action = 'read'`,
    );
    expect(log).toContainEqual({ surface: 'mcp', rows: 1 });
  });

  it('rejects oversized and malformed arguments as tool errors, and keeps answering', async () => {
    const bad: [string, Record<string, unknown>, RegExp][] = [
      [
        'query_records',
        { dataset: 'mcp-facilities', limit: 5000 },
        /limit must be a whole number between 1 and 200/,
      ],
      ['query_records', { dataset: 'mcp-facilities', limit: -1 }, /limit/],
      ['query_records', { limit: -1 }, /dataset|limit/],
      ['query_records', { dataset: 'mcp-facilities', filters: { colour: 'eq:red' } }, /no field "colour"/],
      ['query_records', { dataset: 'mcp-facilities', beds: 'gte:100' }, /unknown argument "beds".*filters/],
      ['query_records', { dataset: 'mcp-facilities', filters: { beds: 'gte:many' } }, /not a number/],
      ['query_records', { dataset: 'mcp-facilities', cursor: 'garbage' }, /cursor/],
      ['search_datasets', { q: 'x'.repeat(100_000) }, /200/],
      ['find_area', { name: 'y'.repeat(5_000) }, /200/],
      ['get_observations', { area: 'Quy Nhơn' }, /area code/],
      ['get_observations', { period_from: '2023-13-45' }, /date|month|year/],
      ['area_history', { code: '99999' }, /No administrative unit/],
      ['get_dataset', { id: '../etc/passwd' }, /id/],
    ];
    for (const [tool, args, message] of bad) {
      const r = await call(anon, tool, args);
      expect(r.isError, `${tool} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
      expect(r.text).toMatch(message);
      expect(r.text.length).toBeLessThan(2000);
    }
    expect((await call(anon, 'find_area', { name: 'Quy Nhơn' })).isError).toBe(false);
  });

  it('speaks HTTP like the rest of the API: 405 on GET, 401 for a bad key, rate limits', async () => {
    const get = await fetch(`${base}/mcp`);
    expect(get.status).toBe(405);
    const c = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: 'Bearer kho_nope' } },
    });
    await expect(connect(c)).rejects.toThrow(/401|not valid/);
    const limited = await createTestApp(engine, undefined, { limits: { anonymousPerMinute: 2 } });
    try {
      const url = await limited.app.listen({ port: 0, host: '127.0.0.1' });
      const { client } = await connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      await expect(client.listTools()).rejects.toThrow(/429|Too many/);
      await client.close().catch(() => {});
    } finally {
      await limited.close();
    }
  });
});

describe('MCP results', () => {
  it('stay under the size cap, say so, and point to the rest', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ i, text: 'x'.repeat(3000) }));
    const r = answer({ items }, 'items', 'http://kho.test/v1/datasets/x/download.csv');
    const text = (r.content[0] as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT);
    const json = JSON.parse(text);
    expect(json.truncated).toBe(true);
    expect(json.items.length).toBeGreaterThan(0);
    expect(json.items.length).toBeLessThan(200);
    expect(json.truncation).toContain('download.csv');
  });
});
