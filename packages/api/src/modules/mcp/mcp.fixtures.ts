import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import type { Database } from '@kho/schema';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { expect } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'kho-mcp-'));
export const BEDS_SOURCE = 'https://cucthongke.binhdinh.gov.vn/book/files/basic-html/page681.html';

/** Datasets of the MCP suites: health indicators (open), facilities (open), a restricted one. */
export async function loadMcpFixtures(database: Database, tag: string) {
  const file = (name: string, text: string) => {
    const p = join(dir, `${tag}-${name}`);
    writeFileSync(p, text);
    return p;
  };
  const meta = (title: string, access: 'open' | 'restricted') => ({
    title,
    description: `${title} (kiểm thử)`,
    publisher: 'SYT',
    themes: ['health' as const],
    keywords: [],
    license: 'CC-BY-4.0',
    access,
    sources: [{ title: 'Niên giám thống kê Bình Định 2023', url: BEDS_SOURCE }],
  });
  const load = async (dataset: string, path: string, adapter: string, m: ReturnType<typeof meta>) => {
    const r = await ingestFile(database, { dataset, file: path, adapter, actor: 'test', meta: m });
    expect(r.status, JSON.stringify(r.errors?.slice(0, 3))).toBe('loaded');
  };
  await load(
    'mcp-health-stats',
    file(
      'health.csv',
      [
        'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị,Nguồn',
        `Số giường bệnh bình quân 1 vạn dân,giường/vạn dân,Tỉnh Bình Định,2022,31.5,${BEDS_SOURCE}`,
        `Số giường bệnh bình quân 1 vạn dân,giường/vạn dân,Tỉnh Bình Định,2023,32.1,${BEDS_SOURCE}`,
        `Số bác sĩ bình quân 1 vạn dân,bác sĩ/vạn dân,Tỉnh Bình Định,2023,8,${BEDS_SOURCE}`,
      ].join('\n'),
    ),
    'indicators',
    meta('Thống kê y tế tỉnh Bình Định', 'open'),
  );
  const rows = ['id,name,type,beds,district,lat,lon'];
  for (let i = 1; i <= 40; i++)
    rows.push(
      `${i},Cơ sở y tế số ${i},${['hospital', 'clinic'][i % 2]},${i * 10},${['TP. Quy Nhơn', 'Huyện Tây Sơn'][i % 2]},${(13.7 + i * 0.01).toFixed(4)},109.2000`,
    );
  await load(
    'mcp-facilities',
    file('facilities.csv', rows.join('\n')),
    'records',
    meta('Cơ sở y tế (kiểm thử)', 'open'),
  );
  await load(
    'mcp-secret',
    file('secret.csv', 'id,name,beds,district\n1,Cơ sở mật,99,TP. Quy Nhơn\n'),
    'records',
    meta('Danh sách hạn chế', 'restricted'),
  );
}

/** A connected MCP client; `errors` collects transport errors (e.g. a non-protocol line on stdout). */
export async function connect(transport: Transport) {
  const client = new Client({ name: 'kho-test', version: '1.0.0' });
  const errors: Error[] = [];
  client.onerror = (e) => errors.push(e);
  await client.connect(transport);
  return { client, errors };
}

// biome-ignore lint/suspicious/noExplicitAny: the assertions read tool answers freely, as getJson's do
type Json = any;

/** The JSON a tool answered (its one text block). */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const r = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content: { type: string; text: string }[];
  };
  const text = r.content[0]?.text ?? '';
  if (r.isError) return { isError: true as const, text, json: undefined as Json };
  return { isError: false as const, text, json: JSON.parse(text) as Json };
}

export const TOOLS = [
  'search_datasets',
  'get_dataset',
  'query_records',
  'get_observations',
  'list_indicators',
  'find_area',
  'area_history',
  'catalog_summary',
];
