import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type KeyCheck, touchKey, verifyKey } from '../modules/keys/keys.service';

/**
 * Sign-in for people: the API key, kept in an HttpOnly, SameSite=Strict cookie (Secure over
 * https) that only the portal's routes read. The REST API and GraphQL ignore it, so the cookie
 * can never make a cross-site write.
 */
export const COOKIE = 'kho_key';
const MAX_AGE = 8 * 3600;
const CACHE_MS = 10_000;
const TOUCH_MS = 60_000;

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

const attributes = (request: FastifyRequest) =>
  `Path=/; HttpOnly; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`;

export function setKeyCookie(request: FastifyRequest, reply: FastifyReply, key: string) {
  reply.header('set-cookie', `${COOKIE}=${key}; Max-Age=${MAX_AGE}; ${attributes(request)}`);
}

export function clearKeyCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.header('set-cookie', `${COOKIE}=; Max-Age=0; ${attributes(request)}`);
}

/** A local path to go back to after signing in or out (never another site). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && next.length < 2000 ? next : '/';
}

/** Why a key was refused, as an i18n key. */
export const refusal = (check: Extract<KeyCheck, { ok: false }>) =>
  check.reason === 'revoked key'
    ? 'reason_revoked'
    : check.reason === 'expired key'
      ? 'reason_expired'
      : check.reason === 'malformed key'
        ? 'reason_malformed'
        : 'reason_unknown';

/** In the portal's scope: the cookie's key becomes request.principal; caching follows who asks. */
export function sessionHook(app: FastifyInstance) {
  const cache = new Map<string, { at: number; check: KeyCheck }>();
  const touched = new Map<number, number>();
  app.addHook('onRequest', async (request, reply) => {
    const key = request.headers.authorization ? undefined : readCookie(request.headers.cookie, COOKIE);
    if (key) {
      let hit = cache.get(key);
      if (!hit || Date.now() - hit.at > CACHE_MS) {
        hit = { at: Date.now(), check: await verifyKey(request.server.db.db, key) };
        if (cache.size > 10_000) cache.clear();
        cache.set(key, hit);
      }
      if (hit.check.ok) {
        request.principal = hit.check.principal;
        const id = hit.check.principal.kind === 'key' ? hit.check.principal.clientId : 0;
        if (Date.now() - (touched.get(id) ?? 0) > TOUCH_MS) {
          touched.set(id, Date.now());
          touchKey(request.server.db.db, id).catch((err) =>
            request.log.warn({ err }, 'could not record key use'),
          );
        }
      } else clearKeyCookie(request, reply);
    }
    // Shared caches may keep what anyone sees, never what a key holder sees.
    reply.header(
      'cache-control',
      request.principal.kind === 'key' ? 'private, no-cache' : 'public, max-age=60',
    );
    reply.header('vary', 'Cookie, Authorization');
  });
}
