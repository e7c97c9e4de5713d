import { createHash } from 'node:crypto';
import compress from '@fastify/compress';
import { type Database, isoDate } from '@kho/schema';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../lib/problems';
import { auditDatasetRows, auditRead } from '../modules/audit/audit.service';
import { type DatasetRow, findVisibleDataset } from '../modules/catalog/catalog.queries';
import { downloadRoutes } from '../modules/downloads/downloads.routes';
import { verifyKey } from '../modules/keys/keys.service';
import { isDatabaseUnavailable, isStatementTimeout } from '../plugins/errors';
import { assetRoutes } from './assets';
import { type Ctx, makeCtx, one } from './context';
import { areaPage, loadArea } from './pages/area';
import { datasetPage } from './pages/dataset';
import { loadDatasetPage } from './pages/dataset.data';
import { homePage } from './pages/home';
import { searchPage } from './pages/search';
import { aboutPage, errorPage, signInPage } from './pages/simple';
import { clearKeyCookie, refusal, safeNext, sessionHook, setKeyCookie } from './session';

export interface PortalOptions {
  /** Where downloads stream from (the read replica when there is one). */
  database: Database;
}

/** Part of every page ETag: change it when the portal's markup changes. */
const REVISION = 1;

const send = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').send(body);

const matches = (ifNoneMatch: string | undefined, etag: string) =>
  !!ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

/** A dataset page changes with the dataset (version, metadata), the language, the query and who looks. */
function pageEtag(row: DatasetRow, ctx: Ctx, url: string): string {
  const who = ctx.principal.kind === 'key' ? ctx.principal.prefix : 'anonymous';
  const hash = createHash('sha256')
    .update(JSON.stringify([REVISION, row.modified, ctx.lang, url, who]))
    .digest('base64url')
    .slice(0, 16);
  return `"p-${row.id}-v${row.version}-${hash}"`;
}

/** The Origin of a form post names this host (default ports aside). */
function sameSite(origin: string, host: string | undefined): boolean {
  const strip = (h: string) => h.toLowerCase().replace(/:(80|443)$/, '');
  try {
    return !!host && strip(new URL(origin).host) === strip(host);
  } catch {
    return false;
  }
}

const auditCtx = (request: FastifyRequest) => ({
  principal: request.principal,
  requestId: String(request.id),
  log: request.log,
});

function notFoundMessage(ctx: Ctx, err: Problem, request: FastifyRequest): string {
  const id = Object.values((request.params ?? {}) as Record<string, string>)[0] ?? '';
  if (err.code === 'dataset-not-found') return ctx.t('notFoundDataset', { id });
  if (err.code.startsWith('area-'))
    return `${ctx.t('notFoundArea', { id })} ${err.code === 'area-not-in-force' ? err.detail : ''}`;
  return err.detail;
}

/** The pages: HTML errors in the chosen language, never a stack trace. */
const pages: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const ctx = makeCtx(request);
    reply.header('cache-control', 'no-store');
    if (err instanceof Problem) {
      if (err.headers) reply.headers(err.headers);
      const message = err.status === 404 ? notFoundMessage(ctx, err, request) : err.detail;
      return send(reply, errorPage(ctx, err.status, message), err.status);
    }
    // As on REST: a lost database or a query past its time is a 503 with Retry-After, not a 500.
    if (isDatabaseUnavailable(err) || isStatementTimeout(err)) {
      request.log.warn({ err }, 'portal page: database unavailable');
      reply.header('retry-after', isDatabaseUnavailable(err) ? '5' : '10');
      return send(reply, errorPage(ctx, 503, ctx.t('unavailableText')), 503);
    }
    const status = typeof err.statusCode === 'number' && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'portal page failed');
    return send(reply, errorPage(ctx, status, status < 500 ? err.message.slice(0, 300) : undefined), status);
  });
  // Sign-in and sign-out are forms; a form posted from another site is refused.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return;
    const origin = request.headers.origin;
    if (origin && !sameSite(origin, request.headers.host))
      throw new Problem(403, 'cross-site-form', 'Forbidden', 'This form can only be sent from this site.');
  });

  assetRoutes(app);
  app.get('/', async (request, reply) =>
    send(reply, await homePage(request.server.reader, makeCtx(request))),
  );
  app.get('/about', async (request, reply) => send(reply, aboutPage(makeCtx(request))));

  app.get('/datasets', async (request, reply) => {
    const page = await searchPage(request.server.reader, makeCtx(request));
    return send(reply, page.body, page.status);
  });

  app.get<{ Params: { id: string } }>('/datasets/:id', async (request, reply) => {
    const ctx = makeCtx(request);
    const db = request.server.reader;
    const row = await findVisibleDataset(db, request.params.id, request.principal);
    const etag = pageEtag(row, ctx, request.url);
    reply.header('etag', etag);
    const audit = auditRead(request.server.db.db, auditCtx(request), 'portal', [
      { datasetId: row.id, access: row.access },
    ]);
    if (matches(request.headers['if-none-match'], etag)) {
      await audit;
      return reply.code(304).send();
    }
    const [data] = await Promise.all([loadDatasetPage(db, row, request.principal, ctx.query), audit]);
    return send(reply, datasetPage(ctx, row, data));
  });

  app.get<{ Params: { code: string } }>('/areas/:code', async (request, reply) => {
    const ctx = makeCtx(request);
    const at = one(ctx.query, 'at');
    if (at && !isoDate.safeParse(at).success)
      throw new Problem(
        400,
        'invalid-date',
        'Bad request',
        `at: "${at.slice(0, 20)}" is not a date (YYYY-MM-DD)`,
      );
    if (!/^\d{1,10}$/.test(request.params.code))
      throw new Problem(
        404,
        'area-not-found',
        'Not found',
        `No administrative unit has the code ${request.params.code}.`,
      );
    const data = await loadArea(request.server.reader, request.params.code, at, request.principal);
    if (request.principal.kind === 'key')
      await auditDatasetRows(
        request.server.db.db,
        auditCtx(request),
        'portal',
        data.observations.map((o) => o.dataset),
      );
    return send(reply, areaPage(ctx, data));
  });

  app.get('/signin', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return send(reply, signInPage(makeCtx(request), safeNext(one(makeCtx(request).query, 'next'))));
  });

  app.post<{ Body: Record<string, string> }>('/signin', async (request, reply) => {
    const ctx = makeCtx(request);
    const body = request.body && typeof request.body === 'object' ? request.body : {};
    const next = safeNext(body.next);
    const check = await verifyKey(request.server.db.db, String(body.key ?? '').trim());
    reply.header('cache-control', 'no-store');
    if (!check.ok) return send(reply, signInPage(ctx, next, ctx.t(refusal(check))), 401);
    setKeyCookie(request, reply, String(body.key).trim());
    return reply.code(303).header('location', next).send();
  });

  app.post<{ Body: Record<string, string> }>('/signout', async (request, reply) => {
    const body = request.body && typeof request.body === 'object' ? request.body : {};
    clearKeyCookie(request, reply);
    reply.header('cache-control', 'no-store');
    return reply.code(303).header('location', safeNext(body.next)).send();
  });
};

/**
 * The open-data portal at /: server-rendered pages over the same query functions as REST, the
 * sign-in cookie read only here, and the download route again under /portal for signed-in
 * key holders (the browser cannot send an Authorization header on a link).
 */
export const portalPlugin: FastifyPluginAsync<PortalOptions> = async (app: FastifyInstance, opts) => {
  // Pages are for people: keep them (and the /portal downloads) out of the OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...(route.schema ?? {}), hide: true };
  });
  sessionHook(app);
  await app.register(compress, {
    global: true,
    encodings: ['gzip', 'deflate'],
    customTypes:
      /^(?:text\/(?:html|css|javascript|csv)|image\/svg\+xml|application\/(?:json|x-ndjson|geo\+json|problem\+json))(?:;|$)/,
  });
  await app.register(pages);
  await app.register(downloadRoutes, { prefix: '/portal', database: opts.database });
};
