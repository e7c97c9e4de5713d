import { once } from 'node:events';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { Redis } from 'ioredis';
import { Problem } from '../lib/problems';

export interface LimitsOptions {
  /** Requests per minute for anonymous clients, per IP. */
  anonymousPerMinute: number;
  /** Requests per minute per key, unless the key has its own limit. */
  keyPerMinute: number;
  /** Shared counters for several API instances. */
  redisUrl?: string;
  /** Trust X-Forwarded-For from this many proxies (behind nginx/Caddy). */
  trustProxy?: boolean;
}

const EXEMPT = new Set(['/health', '/ready', '/metrics']);

/**
 * Helmet's security headers, computed once: they depend on no request, and @fastify/helmet
 * rebuilt helmet's whole middleware (parsing the CSP directives) on every request.
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Limits and hardening: anonymous clients per IP, keyed clients per key (higher, or the key's
 * own limit); counters in Redis when REDIS_URL is set so N instances count as one; 429 with
 * Retry-After and RateLimit-* headers as problem+json. Security headers via helmet.
 */
export const limitsPlugin = fp(async (app: FastifyInstance, opts: LimitsOptions) => {
  const helmetOptions: HelmetOptions = {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI and GraphiQL use inline bootstraps; everything is still served by Kho itself.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  };
  const security = securityHeaders(helmetOptions);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, {
        connectTimeout: 1000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : undefined;
  if (redis) {
    redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis'));
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    // Count from the first request: without the offline queue, a request that came before the
    // connection was up failed its count and, with skipOnError, went through uncounted (CI saw
    // seven answers under a limit of six). Wait for Redis (or its first failure, or 2 s) before
    // serving; an outage still only means counting is skipped, never a refusal.
    if (redis.status !== 'ready')
      await once(redis, 'ready', { signal: AbortSignal.timeout(2000) }).catch(() => {});
  }
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    enableDraftSpec: true,
    ...(redis ? { redis, nameSpace: 'kho-rate-' } : {}),
    // A Redis outage must not take the API down: count locally-less rather than refuse everyone.
    skipOnError: true,
    allowList: (request) => EXEMPT.has(request.url.split('?')[0]!),
    keyGenerator: (request) =>
      request.principal?.kind === 'key' ? `key:${request.principal.prefix}` : `ip:${request.ip}`,
    max: async (request) =>
      request.principal?.kind === 'key'
        ? (request.keyRateLimit ?? opts.keyPerMinute)
        : opts.anonymousPerMinute,
    errorResponseBuilder: (_request, context) =>
      new Problem(
        429,
        'rate-limited',
        'Too many requests',
        `More than ${context.max} requests a minute. Retry in ${context.after}; agencies that need more can ask for a key with a higher limit.`,
      ),
  });
});
