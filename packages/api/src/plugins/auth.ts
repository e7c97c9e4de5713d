import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS, type Principal } from '../lib/policy';
import { Problem } from '../lib/problems';
import { type KeyCheck, touchKey, verifyKey } from '../modules/keys/keys.service';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** The key's own requests-per-minute limit, when it has one. */
    keyRateLimit: number | null;
  }
}

// A revoked key stops working within this many milliseconds on every instance.
const CACHE_MS = 10_000;
const TOUCH_MS = 60_000;

/**
 * Who is asking: no Authorization header is anonymous; `Bearer <key>` is that key's
 * principal; anything else — a wrong, expired or revoked key — is a 401, never anonymous.
 * The 401 is sent once the rate limiter (a route's onRequest hook) has counted the request
 * against the client's address, so guessing keys is throttled like any anonymous traffic.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('keyRateLimit', null);
  const cache = new Map<string, { at: number; check: KeyCheck }>();
  const touched = new Map<number, number>();
  const refused = new WeakMap<object, Problem>();
  // Callback-style hooks: anonymous requests (most of them) pass without a promise.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const problem = refused.get(request);
    if (problem) done(problem);
    else done(null, payload);
  });

  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = ANONYMOUS;
    const header = request.headers.authorization;
    if (header === undefined) return done();
    identify(request, header).then(() => done(), done);
  });

  /** The principal of a request that sent an Authorization header (or why it is refused). */
  async function identify(request: FastifyRequest, header: string) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      refused.set(request, unauthorized('The Authorization header must be "Bearer <key>".'));
      return;
    }
    const key = m[1]!;
    let hit = cache.get(key);
    if (!hit || Date.now() - hit.at > CACHE_MS) {
      hit = { at: Date.now(), check: await verifyKey(request.server.db.db, key) };
      if (cache.size > 10_000) cache.clear();
      cache.set(key, hit);
    }
    if (!hit.check.ok) {
      const why =
        hit.check.reason === 'revoked key'
          ? 'This key was revoked.'
          : hit.check.reason === 'expired key'
            ? 'This key has expired.'
            : 'This key is not valid.';
      refused.set(
        request,
        unauthorized(
          `${why} Ask the Kho administrators for a key, or send no Authorization header to read open data.`,
        ),
      );
      return;
    }
    request.principal = hit.check.principal;
    request.keyRateLimit = hit.check.rateLimit;
    const id = hit.check.principal.kind === 'key' ? hit.check.principal.clientId : 0;
    if (Date.now() - (touched.get(id) ?? 0) > TOUCH_MS) {
      touched.set(id, Date.now());
      touchKey(request.server.db.db, id).catch((err) =>
        request.log.warn({ err }, 'could not record key use'),
      );
    }
  }
});

function unauthorized(detail: string) {
  return new Problem(401, 'invalid-key', 'Unauthorized', detail, undefined, {
    'www-authenticate': 'Bearer realm="kho"',
  });
}
