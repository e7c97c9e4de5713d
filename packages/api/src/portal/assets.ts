import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

const FILES = ['portal.css', 'portal.js', 'favicon.svg'] as const;

const assets = new Map(
  FILES.map((name) => {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    return [name, { body, hash, type: TYPES[name.split('.').pop()!]! }];
  }),
);

/** The URL of a bundled asset, with its content hash so it can be cached for a year. */
export function assetUrl(name: (typeof FILES)[number]): string {
  return `/assets/${name}?v=${assets.get(name)!.hash}`;
}

/** CSS, script and icon served by Kho itself (no CDN): the CSP allows only 'self'. */
export function assetRoutes(app: FastifyInstance) {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name as (typeof FILES)[number]);
    if (!asset) return reply.callNotFound();
    return reply
      .type(asset.type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  });
}
