import { type Executor, isoDate } from '@kho/schema';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';

export interface GraphQLContext {
  db: Executor;
  requestId: string;
}

/** Query cost limits: abusive documents are refused with a GraphQL error before any SQL runs. */
export const GRAPHQL_LIMITS = { complexity: 20_000, depth: 12, breadth: 300 } as const;

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    Date: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ComplexityPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: GRAPHQL_LIMITS,
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (v) => v,
  parseValue: (v) => {
    const r = isoDate.safeParse(v);
    if (!r.success)
      throw new GraphQLError(`Date: ${r.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(v)})`);
    return r.data;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value',
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.queryType({ description: 'Kho: the provincial shared data warehouse' });
