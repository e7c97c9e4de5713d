import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The request id: a client's own `X-Request-Id` when it is a plain token of up to 64
 * characters, else a new UUID (Fastify's `genReqId` option).
 */
export const requestId: NonNullable<FastifyServerOptions['genReqId']> = (req) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
};

/**
 * Every answer carries its request id (`X-Request-Id`), and every request is one structured log
 * line (instead of Fastify's two), with the route template. The hooks are callback-style, not
 * async: an async hook costs a promise and a trip through the microtask queue on every request,
 * for work that is synchronous.
 */
export const requestPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
});
