import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type DocumentNode, GraphQLError, type OperationDefinitionNode } from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import type { GraphQLContext } from '../graphql/builder';
import { schema } from '../graphql/schema';
import { Problem } from '../lib/problems';

/**
 * graphql-yoga mounted in Fastify at /graphql; GraphiQL on GET in a browser, its assets
 * bundled (no CDN). Our own 4xx problems become GraphQL errors with their message and code;
 * anything else is masked.
 */
export const graphqlPlugin = fp(async (app: FastifyInstance) => {
  const yoga = createYoga<{ req: FastifyRequest; reply: FastifyReply }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    renderGraphiQL,
    graphiql: {
      title: 'Kho GraphQL',
      defaultQuery: '{ areas(level: DISTRICT, at: "2022-06-03") { code name children { name } } }',
    },
    logging: {
      debug: (...args) => app.log.debug(args),
      info: (...args) => app.log.info(args),
      warn: (...args) => app.log.warn(args),
      error: (...args) => app.log.error(args),
    },
    plugins: [
      {
        onExecute({ args }: { args: { operationName?: string | null; document: DocumentNode } }) {
          const started = performance.now();
          const op = args.document.definitions.find(
            (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
          );
          const labels = {
            operation: args.operationName ?? op?.name?.value ?? 'anonymous',
            type: op?.operation ?? 'unknown',
          };
          return {
            onExecuteDone() {
              app.metrics?.graphqlSeconds.observe(labels, (performance.now() - started) / 1000);
            },
          };
        },
      },
    ],
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof Problem && original.status < 500) {
          return new GraphQLError(original.detail, {
            extensions: { code: original.code, status: original.status },
          });
        }
        return maskError(error, message, isDev);
      },
    },
    context: ({ req }) => ({
      db: req.server.reader,
      writer: req.server.db.db,
      principal: req.principal,
      requestId: String(req.id),
      publicUrl: req.server.publicUrl,
    }),
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
