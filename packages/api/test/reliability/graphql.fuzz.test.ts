import { isDeepStrictEqual } from 'node:util';
import { testEngines } from '@kho/schema/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS } from '../../src/graphql/builder';
import { schema } from '../../src/graphql/schema';
import { createKey } from '../../src/modules/keys/keys.service';
import { createTestApp, type TestApp } from '../helpers';
import { abuseArb } from './support/graphql-abuse';
import { type GraphQLDomain, mutationArb, queryArb } from './support/graphql-docs';
import { bySize, SEED } from './support/size';

/** Per engine. PGlite answers a random document in 90–150 ms on the 2-core machine: CI runs fewer. */
const DOCUMENTS = bySize(400, 20_000);
const ABUSES = bySize(150, 3_000);
/** Random queries sent three times each: yoga, yoga with graphql-jit, then the fast path. */
const REPEATS = bySize(100, 3_000);

type Answer = {
  status: number;
  ms: number;
  problem: boolean;
  body: { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] };
};

describe.each(testEngines())('GraphQL fuzzing on %s', (engine) => {
  let t: TestApp;
  let key: string;
  let domain: GraphQLDomain;
  beforeAll(async () => {
    t = await createTestApp(engine);
    key = (
      await createKey(t.database.db, { agency: 'SYT', name: 'gql-fuzz', scopes: ['write:publisher:SYT'] })
    ).key;
    const ids = (await t.app.inject('/v1/datasets?limit=100')).json().items.map((d: { id: string }) => d.id);
    const codes = (await t.app.inject('/v1/indicators?limit=30'))
      .json()
      .items.map((i: { code: string }) => i.code);
    domain = { datasets: [...ids, 'no-such'], areas: ['52', '540', '21553', '99999'], indicators: codes };
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = async (payload: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const t0 = performance.now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });
    let body: Answer['body'] = {};
    try {
      body = res.json();
    } catch {
      body = { errors: [{ message: `not JSON: ${res.body.slice(0, 100)}` }] };
    }
    const problem = String(res.headers['content-type']).startsWith('application/problem+json');
    return { status: res.statusCode, ms: performance.now() - t0, problem, body };
  };
  /** What is wrong with an answer: a 5xx, a masked internal error, or neither data nor errors. */
  const wrong = (a: Answer): string | undefined => {
    if (a.status >= 500) return `${a.status}`;
    const internal = a.body.errors?.find(
      (e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.message === 'Unexpected error.',
    );
    if (internal) return `internal error at ${JSON.stringify(internal.path ?? [])}: ${internal.message}`;
    if (!('data' in a.body) && !a.body.errors?.length) return 'neither data nor errors';
    return undefined;
  };

  it(`runs ${DOCUMENTS} random documents from the schema without a crash or an internal error`, async () => {
    const docs = fc.sample(
      fc.tuple(
        fc.oneof(
          { weight: 3, arbitrary: queryArb(schema, domain, 5, true) },
          { weight: 3, arbitrary: queryArb(schema, domain, 5, false) },
          { weight: 1, arbitrary: mutationArb(schema, domain) },
        ),
        fc.boolean(),
      ),
      { numRuns: DOCUMENTS, seed: SEED },
    );
    const failures = new Map<string, string>();
    let withData = 0;
    const t0 = performance.now();
    for (const [query, keyed] of docs) {
      const a = await send(JSON.stringify({ query }), keyed ? { authorization: `Bearer ${key}` } : {});
      if (a.body.data && !a.body.errors) withData++;
      const problem = wrong(a);
      if (problem && !failures.has(problem.slice(0, 60)))
        failures.set(problem.slice(0, 60), `${problem}\n    ${query.slice(0, 400)}`);
    }
    console.log(
      `GraphQL fuzz on ${engine}: ${docs.length} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
        `${withData} answered without errors (seed ${SEED})`,
    );
    expect([...failures.values()]).toEqual([]);
    // Most documents are valid and answered: the fuzz reaches the resolvers, not only the validator.
    expect(withData).toBeGreaterThan(docs.length * 0.3);
  });

  it(`refuses ${ABUSES} abusive or malformed requests quickly, within the limits, never crashing`, async () => {
    const cases = fc.sample(abuseArb(domain), { numRuns: ABUSES, seed: SEED });
    const failures = new Map<string, string>();
    const kinds: Record<string, number> = {};
    let slowest = 0;
    for (const c of cases) {
      const a = await send(c.payload, c.headers);
      kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
      slowest = Math.max(slowest, a.ms);
      let problem = a.status >= 500 ? `${a.status}` : undefined;
      if (!problem && c.overLimit) {
        // Over the depth or complexity limit: refused before execution, with a GraphQL error and no data.
        if (!a.body.errors?.length) problem = 'over the limit but no error';
        // (The complexity plugin refuses in each root field before it resolves: data may hold nulls.)
        else if (a.body.data && Object.values(a.body.data).some((v) => v !== null))
          problem = 'over the limit but executed';
        else if (!a.body.errors.some((e) => /depth|complexity|breadth|tokens|nested deeper/i.test(e.message)))
          problem = `over the limit: ${a.body.errors[0]!.message}`;
      }
      // A body that is not JSON never reaches GraphQL: Fastify's parser answers a 400 problem.
      if (!problem && c.malformed && !a.body.errors?.length && !(a.status === 400 && a.problem))
        problem = 'malformed but no error';
      if (!problem && a.ms > 5_000) problem = `took ${Math.round(a.ms)} ms`;
      if (problem && !failures.has(`${c.kind} ${problem.slice(0, 40)}`))
        failures.set(
          `${c.kind} ${problem.slice(0, 40)}`,
          `${c.kind}: ${problem}\n    ${c.payload.slice(0, 300)}`,
        );
    }
    console.log(
      `GraphQL abuse on ${engine}: ${cases.length} requests ${JSON.stringify(kinds)}; slowest ${Math.round(slowest)} ms; ` +
        `limits depth ${GRAPHQL_LIMITS.depth}, complexity ${GRAPHQL_LIMITS.complexity}, breadth ${GRAPHQL_LIMITS.breadth}`,
    );
    expect([...failures.values()]).toEqual([]);
  });

  it(`answers ${REPEATS} random queries and abuses the same way when they repeat (compiled, then without yoga)`, async () => {
    const cases = fc.sample(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.tuple(queryArb(schema, domain, 5, true), fc.boolean()).map(([query, keyed]) => ({
            payload: JSON.stringify({ query }),
            headers: keyed ? { authorization: `Bearer ${key}` } : ({} as Record<string, string>),
          })),
        },
        { weight: 1, arbitrary: abuseArb(domain) },
      ),
      { numRuns: REPEATS, seed: SEED + 1 },
    );
    // kho_graphql_fast_path_total, the counter operators read at /metrics.
    const fastAnswers = async () => (await t.app.metrics.graphqlFast.get()).values[0]?.value ?? 0;
    const before = await fastAnswers();
    const differ: string[] = [];
    for (const c of cases) {
      const [first, second, third] = [
        await send(c.payload, c.headers),
        await send(c.payload, c.headers),
        await send(c.payload, c.headers),
      ];
      // The same status and the same JSON (key order aside); a problem's requestId is the request's
      // own. When an error nulls the whole `data` (root fields are non-null), which of the other
      // root fields' errors are still collected depends on which resolver fails first, in
      // graphql-js as in graphql-jit: then only that there are errors is compared.
      const same = (a: Answer) => {
        const { requestId: _id, ...body } = a.body as Answer['body'] & { requestId?: string };
        if (body.data === null && body.errors?.length)
          return [a.status, a.problem, { data: null, errors: true }];
        return [a.status, a.problem, body];
      };
      if (!isDeepStrictEqual(same(second!), same(first!)) || !isDeepStrictEqual(same(third!), same(first!)))
        differ.push(
          [c.payload, ...[first, second, third].map((a) => JSON.stringify(same(a!)))]
            .map((x) => x.slice(0, 300))
            .join('\n    '),
        );
    }
    const fast = (await fastAnswers()) - before;
    console.log(
      `GraphQL repeats on ${engine}: ${cases.length} documents three times, ${fast} third answers from the fast path`,
    );
    expect(differ.slice(0, 5)).toEqual([]);
    // Most random queries are valid single operations: the third send reaches the fast path.
    expect(fast).toBeGreaterThan(cases.length * 0.3);
  });
});
