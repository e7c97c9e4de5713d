import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { KhoGraphQL } from './graphql';

/**
 * /graphql (GET, POST, OPTIONS). graphql-yoga, Pothos, graphql-jit and the built schema are
 * loaded on the first request, not at start: they are ~110 MB of a server's memory and ~1 s of
 * its start, and a server that only serves REST and downloads never needs them. The first
 * GraphQL request waits for them (~0.5–1 s); every later one finds them loaded.
 */
export const graphqlPlugin = fp(async (app: FastifyInstance) => {
  let loading: Promise<KhoGraphQL> | undefined;
  const load = () => {
    loading ??= import('./graphql').then(
      (m) => m.createKhoGraphQL(app),
      (err) => {
        loading = undefined;
        throw err;
      },
    );
    return loading;
  };
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    schema: { hide: true },
    handler: async (req, reply) => {
      const graphql = await load();
      return graphql.handle(req, reply);
    },
  });
});
