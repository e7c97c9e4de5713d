import { ping } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const status = z.object({ status: z.string(), engine: z.string().optional() }).meta({ id: 'Status' });

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'health',
        tags: ['system'],
        summary: 'Liveness',
        description: 'Answers 200 while the process runs, whatever the database does.',
        response: { 200: status },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        operationId: 'ready',
        tags: ['system'],
        summary: 'Readiness: the database answers',
        description:
          'Answers 200 when the database answers a query, 503 otherwise (load balancers take the instance out).',
        response: { 200: status, 503: status },
      },
    },
    async (request, reply) => {
      const db = request.server.db;
      if (await ping(db)) return { status: 'ready', engine: db.engine };
      return reply.code(503).header('retry-after', '5').send({ status: 'database unavailable' });
    },
  );
};
