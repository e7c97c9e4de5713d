import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { query, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import { buildSchema, lexicographicSortSchema, parse, printSchema, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, gql, type TestApp } from '../../test/helpers';
import { createKey } from '../modules/keys/keys.service';
import { withinLimits } from '../plugins/graphql';
import { schema } from './schema';

const dir = mkdtempSync(join(tmpdir(), 'kho-gql-'));
const ROOT = join(import.meta.dirname, '../..');

describe('the GraphQL contract', () => {
  it('matches the committed SDL (run `pnpm --filter @kho/api sdl` after a change)', () => {
    const committed = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
    expect(printSchema(lexicographicSortSchema(buildSchema(committed)))).toBe(
      printSchema(lexicographicSortSchema(schema)),
    );
  });

  it('validates every example document used in docs/graphql.md', () => {
    const files = readdirSync(join(ROOT, 'graphql/examples')).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const errors = validate(schema, parse(readFileSync(join(ROOT, 'graphql/examples', f), 'utf8')));
      expect(errors.map((e) => `${f}: ${e.message}`)).toEqual([]);
    }
  });

  it('describes every root field and object type', () => {
    const missing: string[] = [];
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const f of Object.values(root.getFields()))
        if (!f.description && f.name !== 'node' && f.name !== 'nodes') missing.push(`${root.name}.${f.name}`);
    }
    for (const [name, type] of Object.entries(schema.getTypeMap())) {
      if (
        name.startsWith('__') ||
        name.endsWith('Edge') ||
        name.endsWith('Connection') ||
        ['PageInfo', 'Query', 'Mutation', 'Node', 'Boolean', 'String', 'Int', 'Float', 'ID'].includes(name)
      )
        continue;
      if ('getFields' in type && !type.description && !name.endsWith('Input') && !name.endsWith('PageInfo'))
        missing.push(name);
    }
    expect(missing).toEqual([]);
  });
});

describe.each(testEngines())('GraphQL on %s', (engine) => {
  let t: TestApp;
  let statements = 0;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const rows = ['id,name,beds,district'];
    for (let i = 1; i <= 2500; i++)
      rows.push(`${i},Cơ sở ${i},${i % 300},${['TP. Quy Nhơn', 'Huyện Tây Sơn'][i % 2]}`);
    const f = join(dir, `big-${engine}.csv`);
    writeFileSync(f, `${rows.join('\n')}\n`);
    expect(
      (
        await ingestFile(t.database, {
          dataset: 'gql-facilities',
          file: f,
          adapter: 'records',
          actor: 'test',
        })
      ).status,
    ).toBe('loaded');
    const secret = join(dir, `secret-${engine}.csv`);
    writeFileSync(secret, 'Chỉ tiêu,Địa bàn,Năm,Giá trị\nChỉ tiêu mật,Phường Nhơn Phú,2022,7\n');
    await ingestFile(t.database, {
      dataset: 'gql-secret',
      file: secret,
      adapter: 'indicators',
      actor: 'test',
      meta: {
        title: 'Dữ liệu hạn chế',
        publisher: 'SYT',
        themes: ['health'],
        access: 'restricted',
        keywords: [],
        license: 'CC-BY-4.0',
        description: '',
        sources: [],
      },
    });
    const execute = t.database.db.execute.bind(t.database.db);
    t.database.db.execute = ((q: never) => {
      statements++;
      return execute(q);
    }) as never;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the root fields', async () => {
    const r = await gql(t.app, '{ __schema { queryType { fields { name } } } }');
    const names = r.body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    for (const n of [
      'datasets',
      'dataset',
      'publishers',
      'indicators',
      'indicator',
      'observations',
      'areas',
      'area',
      'resolveArea',
      'records',
      'versions',
      'node',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('pages 2,500 records, each exactly once', async () => {
    const seen = new Set<number>();
    let after: string | null = null;
    let pages = 0;
    do {
      const r: { body: any } = await gql(
        t.app,
        'query($after: String) { records(datasetId: "gql-facilities", first: 1000, after: $after, sort: "-beds") { totalCount edges { node } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(r.body.errors).toBeUndefined();
      for (const e of r.body.data.records.edges) {
        expect(seen.has(e.node.id)).toBe(false);
        seen.add(e.node.id);
      }
      expect(r.body.data.records.totalCount).toBe(2500);
      after = r.body.data.records.pageInfo.hasNextPage ? r.body.data.records.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(seen.size).toBe(2500);
    expect(pages).toBe(3);
  });

  it('filters records with the REST grammar and refuses unknown fields', async () => {
    const r = await gql(
      t.app,
      '{ records(datasetId: "gql-facilities", filter: {beds: "gte:298", district: "eq:Huyện Tây Sơn"}, first: 100) { edges { node } } }',
    );
    expect(r.body.data.records.edges.map((e: any) => e.node.beds)).toEqual(Array(8).fill(299));
    const bad = await gql(
      t.app,
      '{ records(datasetId: "gql-facilities", filter: {colour: "eq:red"}) { edges { node } } }',
    );
    expect(bad.status).toBeLessThan(500);
    expect(bad.body.errors[0]?.message).toMatch(/colour/);
    // A name of Object.prototype is an unknown field too (__proto__ was dropped by the query
    // schema and every row matched); in variables, the JSON body parser refuses the key itself.
    for (const name of ['__proto__', 'toString']) {
      const r = await gql(
        t.app,
        `{ records(datasetId: "gql-facilities", filter: {${name}: "eq:x"}) { edges { node } } }`,
      );
      expect(r.status).toBeLessThan(500);
      expect(r.body.data?.records ?? null).toBeNull();
      expect(r.body.errors[0]?.message).toContain(`no field "${name}"`);
    }
    const viaVariables = await gql(
      t.app,
      'query ($f: JSON) { records(datasetId: "gql-facilities", filter: $f) { edges { node } } }',
      { f: JSON.parse('{"__proto__": "eq:x"}') },
    );
    expect(viaVariables.status).toBe(400);
  });

  it('walks datasets with a connection and finds one by global id', async () => {
    const r = await gql(
      t.app,
      '{ datasets(first: 1) { totalCount edges { cursor node { id slug title publisher { code } versions { version rowCount } } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(r.body.errors).toBeUndefined();
    const first = r.body.data.datasets.edges[0].node;
    const node = await gql(t.app, `{ node(id: "${first.id}") { ... on Dataset { slug } } }`);
    expect(node.body.data.node.slug).toBe(first.slug);
    const rest = await gql(
      t.app,
      `{ datasets(first: 100, after: "${r.body.data.datasets.pageInfo.endCursor}") { edges { node { slug } } } }`,
    );
    expect(rest.body.data.datasets.edges.length + 1).toBe(r.body.data.datasets.totalCount);
    const slugs = [
      first.slug,
      ...rest.body.data.datasets.edges.map((e: { node: { slug: string } }) => e.node.slug),
    ];
    expect(slugs).toContain('gql-facilities');
    expect(slugs).not.toContain('gql-secret');
    const [open] = await query<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from datasets where access = 'open' and retired_at is null`,
    );
    expect(r.body.data.datasets.totalCount).toBe(open?.n);
  });

  it('answers observations with their area and indicator, and re-aggregates on request', async () => {
    const r = await gql(
      t.app,
      '{ observations(indicator: ["mobile-base-transceiver-stations-bts"]) { edges { node { value indicator { code unit } area { name validTo } dataset { slug } } } } }',
    );
    expect(r.body.data.observations.edges[0].node).toEqual({
      value: 1723,
      indicator: { code: 'mobile-base-transceiver-stations-bts', unit: 'stations' },
      area: { name: 'Tỉnh Bình Định', validTo: '2025-07-01' },
      dataset: { slug: 'digital-infrastructure-2022' },
    });
  });

  it('fetches a district’s communes with their observations in a fixed number of statements', async () => {
    const q =
      '{ areas(level: COMMUNE, at: "2022-06-03") { code parent { name } children { name } predecessors { name } successors { name area { name } } observations { value } } }';
    const before = statements;
    const r = await gql(t.app, q);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.areas).toHaveLength(159);
    const used = statements - before;
    expect(used).toBeLessThanOrEqual(12);
    const again = statements;
    await gql(t.app, q.replace('COMMUNE', 'DISTRICT'));
    expect(statements - again).toBeLessThanOrEqual(12);
  });

  it('answers a repeated document exactly as the first time (compiled by graphql-jit from the second time on, then without yoga)', async () => {
    const facility = (
      await gql(t.app, '{ datasets(first: 100) { edges { node { id slug } } } }')
    ).body.data.datasets.edges.find((e: { node: { slug: string } }) => e.node.slug === 'gql-facilities').node
      .id;
    const documents: [string, Record<string, unknown>?][] = [
      ['{ publishers { code name nameEn validFrom } dataset(id: "gql-secret") { title } }'],
      [
        '{ records(datasetId: "gql-facilities", filter: {beds: "gte:290"}, first: 5, sort: "-beds") { totalCount version fields { name type } edges { cursor node } pageInfo { hasNextPage endCursor } } }',
      ],
      ['{ records(datasetId: "gql-facilities", filter: {colour: "eq:red"}) { edges { node } } }'],
      ['{ records(datasetId: "gql-secret") { edges { node } } }'],
      ['{ records(datasetId: "gql-facilities", first: 1000000) { edges { node } } }'],
      [
        '{ areas(level: DISTRICT, at: "2022-06-03") { id code name level validFrom parent { code } children { code name observations(periodFrom: "2022", periodTo: "2022-12") { periodStart periodEnd value flag dimensions indicator { code unit } dataset { slug } area { code } } } } }',
      ],
      ['{ area(code: "21553", at: "2022-06-03") { observations(periodFrom: "xyz") { value } } }'],
      [
        '{ observations(first: 3, indicator: ["mobile-base-transceiver-stations-bts"]) { edges { cursor node { value area { name } } } pageInfo { hasNextPage } } }',
      ],
      [
        'query ($id: ID!) { node(id: $id) { id __typename ... on Dataset { slug access kind } } }',
        { id: facility },
      ],
      [
        'query ($first: Int) { records(datasetId: "gql-facilities", first: $first) { totalCount } }',
        { first: 'x' },
      ],
      [
        'query ($first: Int) { records(datasetId: "gql-facilities", first: $first) { totalCount } }',
        { first: 0 },
      ],
      ['query A { publishers { code } } query B { indicators { code } }'],
      // No subscription type: graphql-jit threw on the repeat (a 500); found by the reliability fuzz.
      ['subscription { __typename }'],
      // A variable inside a JSON literal: graphql-jit would parse the literal without it.
      [
        'query ($min: String) { records(datasetId: "gql-facilities", filter: {beds: $min}, first: 3) { totalCount edges { node } } }',
        { min: 'gte:298' },
      ],
    ];
    // How many of the three requests the fast path answers (plugins/graphql.ts): the third of
    // every single query graphql-jit compiled; none for the documents yoga must keep; for
    // `first: 0` the second too (the same text already ran twice with refused variables).
    const fastRuns = (doc: string, variables?: Record<string, unknown>) =>
      /^(query A|subscription)|\$min/.test(doc) || variables?.first === 'x'
        ? 0
        : variables?.first === 0
          ? 2
          : 1;
    // kho_graphql_fast_path_total, the counter operators read at /metrics.
    const fastAnswers = async () => (await t.app.metrics.graphqlFast.get()).values[0]?.value ?? 0;
    for (const accept of [undefined, 'application/graphql-response+json', '*/*']) {
      for (const [text, variables] of documents) {
        // Another text for each media type, so each starts from yoga's first answer again.
        const doc = `${text}\n# ${accept}`;
        const answers = [];
        const raw: string[] = [];
        const before = await fastAnswers();
        for (let i = 0; i < 3; i++) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/graphql',
            headers: accept ? { accept } : {},
            payload: { query: doc, variables },
          });
          answers.push({
            status: res.statusCode,
            type: res.headers['content-type'],
            retry: res.headers['retry-after'],
            body: res.json(),
          });
          raw.push(res.body);
        }
        expect(answers[1], doc).toEqual(answers[0]);
        expect(answers[2], doc).toEqual(answers[0]);
        // Compiled through yoga and compiled on the fast path: the same bytes (graphql-js, the
        // first, orders `errors` before `data`; graphql-jit after).
        expect(raw[2], doc).toBe(raw[1]);
        expect((await fastAnswers()) - before, doc).toBe(fastRuns(text, variables));
      }
    }
  });

  it('reads only the asked keys of an area’s observations, with the same values as every key', async () => {
    const all =
      'indicatorCode indicatorName unit areaCode areaName areaLevel periodStart periodEnd period granularity value flag dimensions source derivedFrom indicator { code } dataset { slug } area { code validTo }';
    const full = await gql(
      t.app,
      `{ areas(level: PROVINCE, at: "2022-06-03") { observations(periodFrom: "2020") { ${all} } } }`,
    );
    expect(full.body.errors).toBeUndefined();
    const rows = full.body.data.areas.flatMap((a: any) => a.observations);
    expect(rows.length).toBeGreaterThan(0);
    const some = await gql(
      t.app,
      '{ areas(level: PROVINCE, at: "2022-06-03") { observations(periodFrom: "2020") { value ...O ... on Observation { area { code } } } } } fragment O on Observation { periodStart unit __typename }',
    );
    expect(some.body.data.areas.flatMap((a: any) => a.observations)).toEqual(
      rows.map((o: any) => ({
        value: o.value,
        periodStart: o.periodStart,
        unit: o.unit,
        __typename: 'Observation',
        area: { code: o.area.code },
      })),
    );
  });

  it('resolves area names like the REST resolver', async () => {
    const r = await gql(
      t.app,
      '{ resolveArea(name: "H. Vân Canh", at: "2022-06-03") { best { confidence area { code } } } }',
    );
    expect(r.body.data.resolveArea.best.area.code).toBe('551');
  });

  describe('limits', () => {
    it('refuses depth 30, 500 aliases and first: 1000000 with GraphQL errors, quickly', async () => {
      let deep = 'name';
      for (let i = 0; i < 30; i++) deep = `children { ${deep} }`;
      const t0 = Date.now();
      const d = await gql(t.app, `{ areas(at: "2022-06-03") { ${deep} } }`);
      expect(d.status).toBeLessThan(500);
      expect(d.body.errors[0]?.message).toMatch(/depth/i);
      const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: publishers { code }`).join(' ');
      const a = await gql(t.app, `{ ${aliases} }`);
      expect(a.body.errors[0]?.message).toMatch(/breadth|complexity/i);
      const big = await gql(
        t.app,
        '{ records(datasetId: "gql-facilities", first: 1000000) { edges { node } } }',
      );
      expect(big.body.errors[0]?.message).toMatch(/first|complexity/i);
      expect(Date.now() - t0).toBeLessThan(3000);
    });

    it('measures a document once on the fast path exactly as the complexity plugin does', async () => {
      // The fast path measures a variable-free document once and tells the plugin not to measure
      // it again (plugins/graphql.ts, withinLimits); its verdict must be the plugin's.
      let deep = 'name';
      for (let i = 0; i < 12; i++) deep = `children { ${deep} }`;
      const aliases = (n: number) =>
        Array.from({ length: n }, (_, i) => `a${i}: publishers { code }`).join(' ');
      const documents = [
        '{ publishers { code } }',
        `{ areas(at: "2022-06-03") { ${deep} } }`,
        `{ areas(at: "2022-06-03") { children { ${deep} } } }`,
        `{ ${aliases(299)} }`,
        `{ ${aliases(300)} }`,
        '{ records(datasetId: "gql-facilities", first: 1000) { edges { node } } }',
        '{ records(datasetId: "gql-facilities", first: 1000000) { edges { node } } }',
        '{ areas(at: "2022-06-03") { children { children { observations(periodFrom: "2020") { value } } } } }',
      ];
      const verdicts = [];
      for (const doc of documents) {
        const r = await gql(t.app, doc);
        const refused = (r.body.errors ?? []).some((e: { message: string }) =>
          /depth|breadth|complexity/i.test(e.message),
        );
        expect(withinLimits({ document: parse(doc), schema }), doc).toBe(!refused);
        verdicts.push(refused);
      }
      // Both kinds were measured.
      expect(verdicts).toContain(true);
      expect(verdicts).toContain(false);
    });

    it('answers malformed documents and unknown fields with errors, not 5xx', async () => {
      for (const q of [
        '{ nope }',
        '{',
        'query { areas(at: "not-a-date") { code } }',
        'fragment A on Area { ...B } fragment B on Area { ...A } { areas { ...A } }',
      ]) {
        const r = await gql(t.app, q);
        expect(r.status).toBeLessThan(500);
        expect(r.body.errors.length).toBeGreaterThan(0);
      }
    });

    it('refuses brackets nested thousands deep before parsing (the parser overflowed the stack: 500)', async () => {
      for (const [open, close] of [
        ['[', ']'],
        ['{ a: ', '}'],
      ] as const) {
        const r = await gql(
          t.app,
          `{ datasets(access: ${open.repeat(5000)}OPEN${close.repeat(5000)}) { totalCount } }`,
        );
        expect(r.status).toBeLessThan(500);
        expect(r.body.errors[0]?.message).toMatch(/nested deeper than 64/);
      }
      // Brackets inside strings and comments are not nesting.
      const ok = await gql(t.app, `# ${'{'.repeat(100)}\n{ areas(q: "${'['.repeat(100)}") { code } }`);
      expect(ok.body.errors).toBeUndefined();
    });

    it('answers a value PostgreSQL would refuse as a user error, not an internal one', async () => {
      const r = await gql(
        t.app,
        '{ area(code: "21553", at: "2022-06-03") { observations(periodFrom: "xyz") { value } } }',
      );
      expect(r.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(r.body.errors[0]?.message).toMatch(/periodFrom/);
      const fine = await gql(
        t.app,
        '{ area(code: "21553", at: "2022-06-03") { observations(periodFrom: "2022", periodTo: "2023-05") { value } } }',
      );
      expect(fine.body.errors).toBeUndefined();
    });
  });

  describe('security', () => {
    it('hides a restricted dataset from the anonymous on every field', async () => {
      const q = `{
        dataset(id: "gql-secret") { title }
        datasets(first: 100) { edges { node { slug } } }
        indicators { code }
        observations(dataset: "gql-secret") { edges { node { value } } }
        area(code: "21553", at: "2022-06-03") { observations { value indicatorCode } }
      }`;
      const r = await gql(t.app, q);
      const text = JSON.stringify(r.body);
      expect(r.body.data.dataset).toBeNull();
      expect(text).not.toContain('gql-secret');
      expect(text).not.toContain('Dữ liệu hạn chế');
      expect(text).not.toContain('chi-tieu-mat');
      const rec = await gql(t.app, '{ records(datasetId: "gql-secret") { edges { node } } }');
      expect(rec.body.data).toBeNull();
      expect(JSON.stringify(rec.body)).not.toContain('hạn chế');
    });

    it('shows it to a key granted that dataset, and lets a publisher’s key edit metadata', async () => {
      const granted = await createKey(t.database.db, {
        agency: 'STTTT',
        name: 'g',
        scopes: ['read:dataset:gql-secret'],
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${granted.key}` },
        payload: {
          query:
            '{ dataset(id: "gql-secret") { title } observations(dataset: "gql-secret") { edges { node { value } } } }',
        },
      });
      expect(res.json().data).toEqual({
        dataset: { title: 'Dữ liệu hạn chế' },
        observations: { edges: [{ node: { value: 7 } }] },
      });
      const writer = await createKey(t.database.db, {
        agency: 'SYT',
        name: 'w',
        scopes: ['write:publisher:SYT'],
      });
      const upd = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${writer.key}` },
        payload: {
          query: 'mutation { updateDataset(id: "gql-secret", patch: { keywords: ["mật"] }) { keywords } }',
        },
      });
      expect(upd.json().data.updateDataset.keywords).toEqual(['mật']);
      const anon = await gql(
        t.app,
        'mutation { updateDataset(id: "gql-secret", patch: { keywords: ["x"] }) { keywords } }',
      );
      expect(anon.body.errors[0]?.message).toMatch(/no dataset|not/i);
      const [row] = await query<{ keywords: string[] }>(
        t.database.db,
        sql`select keywords from datasets where id = 'gql-secret'`,
      );
      expect(row!.keywords).toEqual(['mật']);
    });

    it('validates mutations with the same contract as REST', async () => {
      const writer = await createKey(t.database.db, {
        agency: 'SYT',
        name: 'w2',
        scopes: ['write:publisher:SYT'],
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${writer.key}` },
        payload: {
          query:
            'mutation { createDataset(input: { id: "Bad Id", kind: TABLE, title: "x", publisher: "SYT", themes: [HEALTH] }) { slug } }',
        },
      });
      expect(res.json().errors[0].message).toMatch(/id|title/);
    });
  });

  it('answers over a real HTTP connection too', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ publishers { code } }' }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).data.publishers.length).toBeGreaterThan(5);
    const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/src="https?:\/\//);
  });
});
