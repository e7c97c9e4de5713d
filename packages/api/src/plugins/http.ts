import { hash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface HttpOptions {
  /** Origins allowed to send writes from a browser (reads are open to every origin). */
  writeOrigins: string[];
  /** Cache-Control max-age for anonymous GETs, seconds. */
  maxAge: number;
}

const READ_METHODS = new Set(['GET', 'HEAD']);
/** What a page on another origin may read of an answer. */
const EXPOSED_HEADERS = [
  'ETag',
  'Link',
  'Retry-After',
  'X-Request-Id',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Content-Disposition',
].join(', ');
const WRITE_METHODS = 'GET, HEAD, POST, PATCH, DELETE';

/**
 * HTTP conventions of the public API: ETag on every GET answer (304 on If-None-Match), a
 * Cache-Control that lets shared caches keep anonymous answers but never a key holder's, and
 * CORS open for reads and limited to configured origins for writes.
 */
export const httpPlugin = fp(async (app: FastifyInstance, opts: HttpOptions) => {
  const publicCache = `public, max-age=${opts.maxAge}`;
  // One hook for the ETag (what @fastify/etag computed: base64 SHA-1 of the body, strong, 304 on
  // a matching If-None-Match) and Cache-Control. A text body is encoded to UTF-8 once here and
  // sent as those bytes: hashing the string, measuring it and writing it encoded it three times
  // (a twentieth of an observations page's CPU).
  app.addHook('onSend', (request, reply, payload, done) => {
    let body: unknown = payload;
    // Answers to writes and to POST /graphql are never cached or revalidated: no ETag to hash.
    if (!READ_METHODS.has(request.method)) return done(null, payload);
    if (!reply.hasHeader('cache-control')) {
      const status = reply.statusCode;
      if (request.headers.authorization) reply.header('cache-control', 'private, no-cache');
      else if (status === 200 || status === 304) reply.header('cache-control', publicCache);
      else reply.header('cache-control', 'no-store');
      reply.header('vary', 'Authorization, Accept-Encoding');
    }
    let tag = reply.getHeader('etag') as string | undefined;
    if (!tag) {
      if (typeof payload === 'string') body = Buffer.from(payload);
      else if (!Buffer.isBuffer(payload)) return done(null, payload);
      tag = `"${hash('sha1', body as Buffer, 'base64')}"`;
      reply.header('etag', tag);
    }
    const given = request.headers['if-none-match'];
    if (given !== undefined && (given === tag || given === `W/${tag}` || `W/${given}` === tag)) {
      reply.code(304);
      body = '';
    }
    done(null, body);
  });
  // CORS, with its few possible answers written once here. Reads (GET, HEAD) are open to every
  // origin; writes only to CORS_WRITE_ORIGINS, whose origin is then reflected (so those answers
  // vary by Origin). This was @fastify/cors with a delegator choosing by method; in that mode
  // the plugin re-normalises the chosen options on every request (object spreads, arrays joined):
  // 3-4% of a server's CPU on a GraphQL lookup by key (docs/benchmarks.md, "Per-request work
  // only Kho pays").
  const readHeaders = {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': EXPOSED_HEADERS,
  };
  const writeAllowed = new Set(opts.writeOrigins);
  app.addHook('onRequest', (request, reply, done) => {
    const method = request.method;
    if (method !== 'OPTIONS') {
      if (READ_METHODS.has(method)) reply.headers(readHeaders);
      else {
        reply.header('vary', 'Origin');
        const origin = request.headers.origin;
        if (origin !== undefined && writeAllowed.has(origin))
          reply.header('access-control-allow-origin', origin);
      }
      return done();
    }
    // A preflight: OPTIONS from a browser page, naming the method it wants to send.
    const origin = request.headers.origin;
    const asked = request.headers['access-control-request-method'];
    if (origin === undefined || typeof asked !== 'string') return done(); // not a preflight: 404 below
    if (READ_METHODS.has(asked.toUpperCase())) {
      reply.headers(readHeaders);
      reply.header('access-control-allow-methods', 'GET, HEAD');
      reply.header('vary', 'Access-Control-Request-Headers');
      const wanted = request.headers['access-control-request-headers'];
      if (wanted !== undefined) reply.header('access-control-allow-headers', wanted);
    } else if (writeAllowed.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-allow-methods', WRITE_METHODS);
      reply.header('access-control-allow-headers', 'Authorization, Content-Type');
    } else {
      // A write from an origin not allowed: no CORS headers, and the browser stops there.
      reply.header('vary', 'Origin');
      return done();
    }
    reply.code(204).header('content-length', '0').send();
  });
  // OPTIONS requests that are not preflights Kho answers: no such route.
  app.options('*', { schema: { hide: true } }, (_request, reply) => {
    reply.callNotFound();
  });
});
