import { type Executor, isoDate, type KhoDb } from '@kho/schema';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { canRead, canWrite, type Principal } from '../lib/policy';

/** See GraphQLContext[LIMITS_CHECKED]. */
export const LIMITS_CHECKED = Symbol('kho.limitsChecked');

export interface GraphQLContext {
  /** Reads: the replica when there is one. */
  db: Executor;
  /** Writes (mutations, the access log): always the primary. */
  writer: KhoDb;
  principal: Principal;
  requestId: string;
  publicUrl: string;
  /**
   * Set by the fast path when it has measured this (variable-free) document against
   * GRAPHQL_LIMITS once and found it within them: the complexity plugin then skips measuring it
   * again for every execution.
   */
  [LIMITS_CHECKED]?: true;
}

/** Query cost limits: abusive documents are refused with a GraphQL error before any SQL runs. */
export const GRAPHQL_LIMITS = { complexity: 20_000, depth: 12, breadth: 300 } as const;
/**
 * Bounds on a document before it is parsed: brackets nested at most this deep (the depth limit
 * is 12; arguments add a few), and this many tokens (the introspection query has ~180).
 */
export const GRAPHQL_MAX_NESTING = 64;
export const GRAPHQL_MAX_TOKENS = 10_000;
/** The largest page a connection serves (`first`). */
export const MAX_FIRST = 1000;

export type DatasetAccess = { id: string; access: string; publisherCode: string };

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  AuthScopes: {
    /** The policy module's read rule for one dataset. */
    readDataset: DatasetAccess;
    /** The policy module's write rule for one publisher's datasets. */
    writePublisher: string;
    hasKey: boolean;
  };
}>({
  plugins: [ScopeAuthPlugin, ComplexityPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    // No limits (nothing to check) for a context the fast path already measured.
    limit: (ctx) => (ctx[LIMITS_CHECKED] ? {} : GRAPHQL_LIMITS),
  },
  scopeAuth: {
    // The same policy module as every REST surface decides, field by field and object by object.
    authScopes: (ctx) => ({
      readDataset: (d) => canRead(ctx.principal, d),
      writePublisher: (code) => canWrite(ctx.principal, code),
      hasKey: ctx.principal.kind === 'key',
    }),
    unauthorizedError: () =>
      new GraphQLError('Not found or not allowed', { extensions: { code: 'FORBIDDEN' } }),
  },
});

const dateScalar = (name: string, description: string, check: (v: unknown) => string) =>
  builder.scalarType(name as 'Date', {
    description,
    serialize: (v) => v as string,
    parseValue: (v) => check(v),
  });

dateScalar('Date', 'A calendar date, YYYY-MM-DD', (v) => {
  const r = isoDate.safeParse(v);
  if (!r.success)
    throw new GraphQLError(
      `Date: ${r.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(v)?.slice(0, 40)})`,
    );
  return r.data;
});
dateScalar('DateTime', 'An ISO 8601 date and time', (v) => {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
    throw new GraphQLError(
      `DateTime: not an ISO 8601 date and time (got ${JSON.stringify(v)?.slice(0, 40)})`,
    );
  return v;
});

builder.scalarType('JSON', {
  description: 'Any JSON value',
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.queryType({ description: 'Kho: the provincial shared data warehouse' });
builder.mutationType({
  description: 'Metadata changes by publishers holding a write key (data arrives through ingest)',
});

/** A `first` argument within bounds, or a clear GraphQL error. */
export function pageSize(first: number | null | undefined, fallback = 100): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FIRST) {
    throw new GraphQLError(`first must be between 1 and ${MAX_FIRST} (got ${n}); page with after`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return n;
}
