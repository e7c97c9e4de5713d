import fc from 'fast-check';
import { getIntrospectionQuery } from 'graphql';
import type { GraphQLDomain } from './graphql-docs';

export interface Abuse {
  kind: string;
  /** The raw request body. */
  payload: string;
  headers: Record<string, string>;
  /** Deeper or costlier than the limits allow: must be refused before it runs. */
  overLimit: boolean;
  /** Not a valid request: must be answered with errors. */
  malformed: boolean;
}

const body = (query: string, variables?: unknown, operationName?: string) =>
  JSON.stringify({
    query,
    ...(variables !== undefined ? { variables } : {}),
    ...(operationName ? { operationName } : {}),
  });

const make = (kind: string, payload: string, o: Partial<Abuse> = {}): Abuse => ({
  kind,
  payload,
  headers: {},
  overLimit: false,
  malformed: false,
  ...o,
});

const nest = (open: string, n: number, inner: string) => `${open.repeat(n)}${inner}${' }'.repeat(n)}`;

/** Requests that try to exhaust or confuse the GraphQL endpoint. */
export function abuseArb(d: GraphQLDomain): fc.Arbitrary<Abuse> {
  const code = fc.constantFrom(...d.areas);
  return fc.oneof(
    fc
      .tuple(fc.integer({ min: 13, max: 120 }), code)
      .map(([n, c]) =>
        make('deep', body(`{ area(code: "${c}") { ${nest('parent { ', n, 'code')} } }`), { overLimit: true }),
      ),
    fc.integer({ min: 13, max: 60 }).map((n) =>
      make('deep-children', body(`{ areas(level: PROVINCE) { ${nest('children { ', n, 'name')} } }`), {
        overLimit: true,
      }),
    ),
    fc.integer({ min: 1_000, max: 5_000 }).map((n) =>
      make(
        'aliases',
        body(`{ ${Array.from({ length: n }, (_, i) => `a${i}: publishers { code name }`).join(' ')} }`),
        {
          overLimit: true,
        },
      ),
    ),
    fc.integer({ min: 6, max: 11 }).map((k) => {
      // Each fragment spreads the one below it twice: 2^k fields once expanded.
      const frags = Array.from({ length: k }, (_, i) =>
        i === 0
          ? 'fragment F0 on Area { code name }'
          : `fragment F${i} on Area { x: children { ...F${i - 1} } y: children { ...F${i - 1} } }`,
      );
      return make('fragment-bomb', body(`{ areas(level: PROVINCE) { ...F${k - 1} } } ${frags.join(' ')}`), {
        overLimit: true,
      });
    }),
    fc.constant(
      make(
        'fragment-cycle',
        body(
          '{ area(code: "52") { ...A } } fragment A on Area { parent { ...B } } fragment B on Area { parent { ...A } }',
        ),
        {
          malformed: true,
        },
      ),
    ),
    fc
      .integer({ min: 100, max: 3_000 })
      .map((n) => make('directives', body(`{ __typename ${'@include(if: true) '.repeat(n)}}`))),
    fc
      .integer({ min: 100_000, max: 2_000_000 })
      .map((n) =>
        make(
          'huge-string-variable',
          body('query($q: String) { areas(q: $q) { code } }', { q: 'Nhơn'.repeat(n / 4) }),
        ),
      ),
    fc
      .integer({ min: 10_000, max: 200_000 })
      .map((n) =>
        make(
          'huge-list-variable',
          body('query($a: [Access!]) { datasets(access: $a) { totalCount } }', { a: Array(n).fill('OPEN') }),
        ),
      ),
    fc
      .constantFrom<unknown>('abc', 1.5, 2 ** 40, {}, [1], true, null, '1; drop table datasets')
      .map((v) =>
        make(
          'wrong-variable-type',
          body('query($n: Int!) { datasets(first: $n) { totalCount } }', { n: v }),
          { malformed: true },
        ),
      ),
    fc.constantFrom(
      make('undeclared-variable', body('{ datasets(first: $n) { totalCount } }', { n: 1 }), {
        malformed: true,
      }),
      make('missing-variable', body('query($c: String!) { area(code: $c) { code } }', {}), {
        malformed: true,
      }),
      make('variables-not-object', JSON.stringify({ query: '{ __typename }', variables: [1, 2] }), {
        malformed: true,
      }),
      make('two-operations', body('query A { __typename } query B { __typename }'), { malformed: true }),
      make('unknown-operation', body('query A { __typename }', undefined, 'B'), { malformed: true }),
      make('batch', JSON.stringify([{ query: '{ __typename }' }, { query: '{ publishers { code } }' }]), {
        malformed: true,
      }),
      make('not-json', '{"query": "{ __typename }"', { malformed: true }),
      make('empty', '', { malformed: true }),
      make('no-query', '{}', { malformed: true }),
      make('query-not-string', JSON.stringify({ query: { a: 1 } }), { malformed: true }),
      make('nul', body('{ area(code: "\u0000") { code } }')),
      make('introspection', body(getIntrospectionQuery())),
      make('subscription', body('subscription { __typename }'), { malformed: true }),
    ),
    fc
      .integer({ min: 100, max: 20_000 })
      .map((n) =>
        make(
          'nested-list-literal',
          body(`{ datasets(access: ${'['.repeat(n)}OPEN${']'.repeat(n)}) { totalCount } }`),
          { malformed: true },
        ),
      ),
    fc
      .integer({ min: 10, max: 50_000 })
      .map((n) =>
        make('unclosed', body(`{ datasets { edges { node { ${'id '.repeat(n)}`), { malformed: true }),
      ),
    fc
      .string({ unit: 'grapheme', maxLength: 200 })
      .map((s) => make('garbage', body(`}${s}`), { malformed: true })),
    fc
      .integer({ min: 200, max: 2_000 })
      .map((n) =>
        make(
          'many-operations',
          body(Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join(' '), undefined, 'Q0'),
        ),
      ),
  );
}
