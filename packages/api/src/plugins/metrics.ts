import type { Database } from '@kho/schema';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface Metrics {
  registry: client.Registry;
  ingestRows: client.Counter<'status'>;
  ingestSeconds: client.Histogram<'status'>;
  graphqlSeconds: client.Histogram<'operation' | 'type'>;
  graphqlFast: client.Counter;
}

/**
 * Prometheus metrics at /metrics: requests by route and status, their durations, GraphQL
 * operations, database queries in flight against the pool size, ingest rows and durations,
 * rate-limit rejections, and the process defaults (CPU, memory, event loop, GC).
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: { database?: Database; poolSize: number }) => {
    const registry = new client.Registry();
    client.collectDefaultMetrics({ register: registry });
    const requests = new client.Counter({
      name: 'kho_http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    const duration = new client.Histogram({
      name: 'kho_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    const rejected = new client.Counter({
      name: 'kho_rate_limit_rejections_total',
      help: 'Requests refused with 429 by the rate limiter',
      labelNames: ['client'],
      registers: [registry],
    });
    const metrics: Metrics = {
      registry,
      ingestRows: new client.Counter({
        name: 'kho_ingest_rows_total',
        help: 'Rows read by loads, by outcome',
        labelNames: ['status'],
        registers: [registry],
      }),
      ingestSeconds: new client.Histogram({
        name: 'kho_ingest_duration_seconds',
        help: 'Load duration by outcome',
        labelNames: ['status'],
        buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
        registers: [registry],
      }),
      graphqlSeconds: new client.Histogram({
        name: 'kho_graphql_operation_duration_seconds',
        help: 'GraphQL operation duration by operation name and type',
        labelNames: ['operation', 'type'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
      graphqlFast: new client.Counter({
        name: 'kho_graphql_fast_path_total',
        help: 'GraphQL queries answered by their compiled form without yoga (repeated JSON POST queries)',
        registers: [registry],
      }),
    };
    // Database work seen from the application: queries in flight against the pool's size (when
    // the app has a database: the bench's floor server registers this plugin without one).
    const database = opts.database;
    if (database) {
      let inFlight = 0;
      const db = database.db;
      const execute = db.execute.bind(db);
      db.execute = ((q: never) => {
        inFlight++;
        const done = () => {
          inFlight--;
        };
        // drizzle's result is a lazy thenable that runs the query on each then(): settle it once.
        const p = Promise.resolve(execute(q));
        p.then(done, done);
        return p;
      }) as typeof db.execute;
      new client.Gauge({
        name: 'kho_db_pool_in_use',
        help: 'Database connections busy with a query (in-flight queries, at most the pool size)',
        registers: [registry],
        collect() {
          this.set(Math.min(inFlight, opts.poolSize));
        },
      });
      new client.Gauge({
        name: 'kho_db_pool_waiting',
        help: 'Queries waiting for a free database connection',
        registers: [registry],
        collect() {
          this.set(Math.max(0, inFlight - opts.poolSize));
        },
      });
      new client.Gauge({
        name: 'kho_db_pool_size',
        help: 'Database connections per instance',
        registers: [registry],
      }).set(opts.poolSize);
    }

    app.decorate('metrics', metrics);
    // One labelled child per method, route template and status (a bounded set), so a response
    // does not hash its labels twice.
    const children = new Map<
      string,
      {
        count: client.Counter.Internal;
        time: client.Histogram.Internal<'method' | 'route' | 'status'>;
      }
    >();
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let child = children.get(key);
      if (!child) {
        const labels = { method: request.method, route, status: String(reply.statusCode) };
        child = { count: requests.labels(labels), time: duration.labels(labels) };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(reply.elapsedTime / 1000);
      if (reply.statusCode === 429)
        rejected.inc({ client: request.principal?.kind === 'key' ? 'key' : 'anonymous' });
      done();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
);
