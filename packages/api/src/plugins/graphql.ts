import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createYoga } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/builder';
import { schema } from '../graphql/schema';

/** graphql-yoga mounted in Fastify at /graphql (GraphiQL on GET in a browser). */
export const graphqlPlugin = fp(async (app: FastifyInstance) => {
  const yoga = createYoga<{ req: FastifyRequest; reply: FastifyReply }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: {
      debug: (...args) => app.log.debug(args),
      info: (...args) => app.log.info(args),
      warn: (...args) => app.log.warn(args),
      error: (...args) => app.log.error(args),
    },
    // Internal errors are masked; GraphQLErrors (validation, limits, bad input) pass through.
    maskedErrors: true,
    context: ({ req }) => ({ db: req.server.db.db, requestId: String(req.id) }),
  });

  app.route({
    url: yoga.graphqlEndpoint,
    method: ['GET', 'POST', 'OPTIONS'],
    schema: { hide: true },
    handler: async (req, reply) => {
      const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
      response.headers.forEach((value, key) => {
        reply.header(key, value);
      });
      reply.status(response.status);
      reply.send(response.body);
      return reply;
    },
  });
});
