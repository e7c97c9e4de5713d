import type { Database, Executor } from '@kho/schema';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { areaRoutes } from './modules/areas/areas.routes';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { catalogWriteRoutes } from './modules/catalog/catalog.write.routes';
import { changeRoutes } from './modules/changes/changes.routes';
import { downloadRoutes } from './modules/downloads/downloads.routes';
import { ingestRoutes } from './modules/ingest/ingest.routes';
import { observationRoutes } from './modules/observations/observations.routes';
import { recordRoutes } from './modules/records/records.routes';
import { ckanRoutes } from './modules/standards/ckan/routes';
import { datapackageRoutes } from './modules/standards/datapackage';
import { dcatRoutes } from './modules/standards/dcat/routes';
import { systemRoutes } from './modules/system/system.routes';
import { versionRoutes } from './modules/versions/versions.routes';
import { webhookRoutes } from './modules/webhooks/webhooks.routes';
import { startWebhookWorker } from './modules/webhooks/worker';
import { authPlugin } from './plugins/auth';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors';
import { graphqlPlugin } from './plugins/graphql-route';
import { httpPlugin } from './plugins/http';
import { metricsPlugin } from './plugins/metrics';
import { openapiPlugin } from './plugins/openapi';
import { type LimitsOptions, limitsPlugin } from './plugins/rate-limit';
import { requestId, requestPlugin } from './plugins/request';
import { serializerCompiler } from './plugins/serializer';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    /** Where read-only queries go: the replica when DATABASE_READ_URL is set, else the primary. */
    reader: Executor;
    /** Base URL for links in answers (downloads, DCAT, OpenAPI servers). */
    publicUrl: string;
  }
}

export interface AppOptions {
  database: Database;
  /** A read replica for read-only queries (DATABASE_READ_URL). */
  readDatabase?: Database;
  /** Base URL used in links (DCAT, downloads, OpenAPI servers). */
  publicUrl?: string;
  /** Trust X-Forwarded-For (behind a reverse proxy) for client IPs. */
  trustProxy?: boolean;
  /** Origins allowed to send writes from a browser. */
  corsWriteOrigins?: string[];
  /** Cache-Control max-age of anonymous GET answers, seconds (default 60). */
  cacheMaxAge?: number;
  /** Largest upload to POST /v1/datasets/{id}/ingest, bytes (default 100 MB). */
  uploadMaxBytes?: number;
  /** Database connections per instance (for the pool metrics; default 10, 1 for PGlite). */
  poolSize?: number;
  /** Webhooks: private targets allowed (closed networks, tests), the delivery worker on or off. */
  webhooks?: { allowPrivateTargets?: boolean; worker?: boolean; intervalMs?: number };
  /** Rate limits (requests per minute) and their shared store; defaults 120 anonymous, 1200 per key, in memory. */
  limits?: Partial<LimitsOptions>;
  logger?: FastifyServerOptions['logger'];
}

/** The one application factory: the server, the CLI and the tests all build Kho with it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: requestId,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors,
    clientErrorHandler,
    trustProxy: options.trustProxy ?? false,
    // One structured line per request from requestPlugin's onResponse hook, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.database);
  app.decorate('reader', (options.readDatabase ?? options.database).db);
  app.decorate('publicUrl', options.publicUrl ?? 'http://127.0.0.1:3000');
  // The request id on every answer and one log line per request.
  await app.register(requestPlugin);

  // External plugins first, then the application's routes (the fastify/demo order).
  await app.register(errorsPlugin);
  await app.register(metricsPlugin, {
    database: options.database,
    poolSize: options.poolSize ?? (options.database.engine === 'pglite' ? 1 : 10),
  });
  await app.register(authPlugin);
  await app.register(limitsPlugin, {
    anonymousPerMinute: options.limits?.anonymousPerMinute ?? 120,
    keyPerMinute: options.limits?.keyPerMinute ?? 1200,
    ...(options.limits?.redisUrl ? { redisUrl: options.limits.redisUrl } : {}),
  });
  await app.register(httpPlugin, {
    writeOrigins: options.corsWriteOrigins ?? [],
    maxAge: options.cacheMaxAge ?? 60,
  });
  await app.register(openapiPlugin, { publicUrl: app.publicUrl });
  await app.register(graphqlPlugin);
  await app.register(systemRoutes);
  await app.register(areaRoutes);
  await app.register(catalogRoutes);
  await app.register(recordRoutes);
  await app.register(dcatRoutes);
  await app.register(datapackageRoutes);
  await app.register(ckanRoutes);
  await app.register(downloadRoutes, { database: options.readDatabase ?? options.database });
  await app.register(observationRoutes);
  await app.register(versionRoutes);
  await app.register(changeRoutes);
  await app.register(webhookRoutes, { allowPrivateTargets: options.webhooks?.allowPrivateTargets ?? false });
  await app.register(import('./modules/mcp/http'));
  await app.register(catalogWriteRoutes);
  await app.register(ingestRoutes, { uploadMaxBytes: options.uploadMaxBytes ?? 100 * 2 ** 20 });
  await app.register((await import('./portal/plugin')).portalPlugin, {
    database: options.readDatabase ?? options.database,
  });
  if (options.webhooks?.worker) {
    const stop = startWebhookWorker(options.database, {
      publicUrl: app.publicUrl,
      allowPrivateTargets: options.webhooks.allowPrivateTargets ?? false,
      ...(options.webhooks.intervalMs ? { intervalMs: options.webhooks.intervalMs } : {}),
      log: app.log,
    });
    app.addHook('onClose', async () => stop());
  }
  return app;
}
