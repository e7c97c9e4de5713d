import cors, { type FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HttpOptions {
  /** Origins allowed to send writes from a browser (reads are open to every origin). */
  writeOrigins: string[];
  /** Cache-Control max-age for anonymous GETs, seconds. */
  maxAge: number;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * HTTP conventions of the public API: ETag on every GET answer (304 on If-None-Match), a
 * Cache-Control that lets shared caches keep anonymous answers but never a key holder's, and
 * CORS open for reads and limited to configured origins for writes.
 */
export const httpPlugin = fp(async (app: FastifyInstance, opts: HttpOptions) => {
  await app.register(etag, { weak: false });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!READ_METHODS.has(request.method) || reply.hasHeader('cache-control')) return payload;
    const status = reply.statusCode;
    if (request.headers.authorization) reply.header('cache-control', 'private, no-cache');
    else if (status === 200 || status === 304)
      reply.header('cache-control', `public, max-age=${opts.maxAge}`);
    else reply.header('cache-control', 'no-store');
    reply.header('vary', 'Authorization, Accept-Encoding');
    return payload;
  });
  const delegate: FastifyCorsOptionsDelegateCallback = (req, callback) => {
    const preflightMethod = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
    const method = req.method === 'OPTIONS' && preflightMethod ? preflightMethod : req.method;
    if (READ_METHODS.has(method)) {
      callback(null, {
        origin: '*',
        methods: ['GET', 'HEAD'],
        exposedHeaders: [
          'ETag',
          'Link',
          'Retry-After',
          'X-Request-Id',
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'RateLimit-Reset',
          'Content-Disposition',
        ],
      });
      return;
    }
    const origin = req.headers.origin;
    callback(null, {
      origin: origin && opts.writeOrigins.includes(origin) ? origin : false,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      credentials: false,
    });
  };
  await app.register(cors, { delegator: delegate });
});
