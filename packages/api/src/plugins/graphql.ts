import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type OperationDefinitionNode,
  parse,
  type Source,
} from 'graphql';
import { createYoga, maskError, processRegularResult } from 'graphql-yoga';
import type { Histogram } from 'prom-client';
import {
  GRAPHQL_LIMITS,
  GRAPHQL_MAX_NESTING,
  GRAPHQL_MAX_TOKENS,
  type GraphQLContext,
  LIMITS_CHECKED,
} from '../graphql/builder';
import { schema } from '../graphql/schema';
import { Problem } from '../lib/problems';
import { isDatabaseUnavailable, isDataException, isStatementTimeout } from './errors';
import { compiledOperations, type RepeatedQuery } from './graphql-compiled';

/** How deep `{`, `[` and `(` nest outside strings and comments (stops counting past the limit). */
export function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length && deepest <= GRAPHQL_MAX_NESTING; i++) {
    const c = text[i];
    if (c === '#') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    else if (c === '"') {
      const block = text.startsWith('"""', i);
      i += block ? 3 : 1;
      while (i < text.length && !(block ? text.startsWith('"""', i) : text[i] === '"' || text[i] === '\n'))
        i += text[i] === '\\' ? 2 : 1;
      if (block) i += 2;
    } else if (c === '{' || c === '[' || c === '(') deepest = Math.max(deepest, ++depth);
    else if (c === '}' || c === ']' || c === ')') depth--;
  }
  return deepest;
}

/** A graphql-jit error as graphql-js makes it: positions in the source instead of bare locations. */
function withNodesLocation(e: GraphQLError, source: Source): GraphQLError {
  if (e.nodes || !e.locations?.length) return e;
  const lines = source.body.split(/\r\n|[\n\r]/g);
  const offset = (line: number, column: number) =>
    lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return new GraphQLError(e.message, {
    source,
    positions: e.locations.map((l) => offset(l.line, l.column)),
    ...(e.path ? { path: e.path } : {}),
    ...(e.originalError ? { originalError: e.originalError } : {}),
    ...(e.extensions ? { extensions: e.extensions } : {}),
  });
}

/** Kho's masking of execution errors (yoga's `maskedErrors.maskError`, and the fast path's). */
function maskKhoError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof Problem && original.status < 500) {
    return new GraphQLError(original.detail, {
      extensions: { code: original.code, status: original.status },
    });
  }
  // As on REST: a value PostgreSQL refuses (a bad date, a number out of range) is the client's mistake.
  if (isDataException(original))
    return new GraphQLError(
      'A value in the query is not valid for its field (out of range or the wrong type).',
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
  // As on REST: a lost database or a query past its time is a 503 with Retry-After, not a 500.
  const unavailable = isDatabaseUnavailable(original);
  if (unavailable || isStatementTimeout(original)) {
    const [code, detail, retry] = unavailable
      ? ['DATABASE_UNAVAILABLE', 'The database is not reachable right now. Retry in a few seconds.', '5']
      : [
          'QUERY_TIMEOUT',
          'The query exceeded the time limit. Ask for fewer rows or a shallower query.',
          '10',
        ];
    return new GraphQLError(detail, {
      extensions: { code, http: { status: 503, headers: { 'retry-after': retry } } },
    });
  }
  return maskError(error, message, isDev);
}
/** yoga's defaults for masked errors, which the fast path follows too. */
const MASKED_MESSAGE = 'Unexpected error.';
const IS_DEV = process.env.NODE_ENV === 'development';

/** Where yoga's context carries Kho's, which resolvers get instead (see the plugin that swaps them). */
const KHO_CONTEXT = Symbol('kho.context');

/** What resolvers see as `ctx`: the same on yoga's path and the fast path. */
const contextOf = (req: FastifyRequest): GraphQLContext => ({
  db: req.server.reader,
  writer: req.server.db.db,
  principal: req.principal,
  requestId: String(req.id),
  publicUrl: req.server.publicUrl,
});

/** graphql-jit's errors with their place in the document as graphql-js gives it (see withNodesLocation). */
function withLocations<R extends { errors?: readonly GraphQLError[] }>(r: R, document: DocumentNode): R {
  const source = document.loc?.source;
  if (!r.errors?.some((e) => !e.nodes && e.locations?.length) || !source) return r;
  return { ...r, errors: r.errors.map((e) => withNodesLocation(e, source)) };
}

/** Whether a variable-free document is within GRAPHQL_LIMITS, measured as the complexity plugin measures it. */
export function withinLimits(entry: Pick<RepeatedQuery, 'document' | 'schema'>): boolean {
  try {
    const r = complexityFromQuery(entry.document, { schema: entry.schema });
    return (
      r.complexity <= GRAPHQL_LIMITS.complexity &&
      r.depth <= GRAPHQL_LIMITS.depth &&
      r.breadth <= GRAPHQL_LIMITS.breadth
    );
  } catch {
    return false; // let the plugin measure it, and word whatever it finds
  }
}

/** The labels of the GraphQL time histogram for one execution. */
function metricLabels(operationName: string | null | undefined, document: DocumentNode) {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return { operation: operationName ?? op?.name?.value ?? 'anonymous', type: op?.operation ?? 'unknown' };
}

/**
 * Kho's GraphQL endpoint: graphql-yoga over Kho's schema (GraphiQL on GET in a browser, its
 * assets bundled, no CDN), and a fast path for repeated queries. Our own 4xx problems become
 * GraphQL errors with their message and code; anything else is masked. Created on the first
 * request to /graphql (plugins/graphql-route.ts).
 *
 * The fast path: a JSON POST repeating a query that already ran compiled (graphql-jit, see
 * graphql-compiled.ts) runs the compiled query straight from Fastify's parsed body, with the
 * same context, error masking, metrics and answer (status, media type, body) as through yoga,
 * without yoga's per-request Fetch API objects and hook chain: about a third less CPU for a small
 * query (docs/benchmarks.md). graphql.test.ts sends a dozen documents both ways, the reliability
 * fuzz random queries and abuses, and both compare the answers.
 */
export function createKhoGraphQL(app: FastifyInstance) {
  const compiled = compiledOperations({
    max: 1000,
    onCompileError: (errors) =>
      app.log.warn({ errors: errors.map((e) => e.message) }, 'graphql-jit could not compile a document'),
  });
  const yoga = createYoga<{ req: FastifyRequest; reply: FastifyReply }, { [KHO_CONTEXT]: GraphQLContext }>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // CORS is Kho's one policy (plugins/http.ts). Yoga's own default reflected any Origin with
    // Access-Control-Allow-Credentials on /graphql, over the write-origin rule for POSTs.
    cors: false,
    renderGraphiQL,
    graphiql: {
      title: 'Kho GraphQL',
      defaultQuery: '{ areas(level: DISTRICT, at: "2022-06-03") { code name children { name } } }',
    },
    logging: {
      debug: (...args) => app.log.debug(args),
      info: (...args) => app.log.info(args),
      warn: (...args) => app.log.warn(args),
      error: (...args) => app.log.error(args),
    },
    plugins: [
      {
        // graphql-js parses recursively: 3,000 nested brackets overflowed the stack (a 500) before
        // any depth or complexity rule could look at the document. Nesting and tokens are bounded first.
        onParse({ setParseFn }: { setParseFn: (fn: typeof parse) => void }) {
          setParseFn((source, options) => {
            const text = typeof source === 'string' ? source : source.body;
            if (nesting(text) > GRAPHQL_MAX_NESTING)
              throw new GraphQLError(
                `Syntax Error: brackets nested deeper than ${GRAPHQL_MAX_NESTING} levels.`,
              );
            return parse(source, { ...options, maxTokens: GRAPHQL_MAX_TOKENS });
          });
        },
      },
      // Repeated documents run compiled (graphql-jit) instead of through graphql-js's
      // interpreter: a third less CPU for a list of a few thousand fields.
      compiled.plugin,
      {
        // Resolvers run with Kho's context alone, not yoga's (which holds the Fastify request and
        // reply, and yoga's Fetch request): Pothos keeps per-request caches in WeakMaps keyed by
        // the context, and one that reached the request kept each whole request alive through
        // young collections until a full one (as on the fast path; GC trace of a GET query in
        // docs/benchmarks.md). After compiled.plugin, so it wraps whichever execute that chose.
        onExecute({
          args,
          executeFn,
          setExecuteFn,
        }: {
          args: ExecutionArgs;
          executeFn: (a: ExecutionArgs) => unknown;
          setExecuteFn: (fn: (a: ExecutionArgs) => unknown) => void;
        }) {
          const kho = (args.contextValue as { [KHO_CONTEXT]?: GraphQLContext })[KHO_CONTEXT];
          // Object.assign, not `{ ...a, contextValue }`: a property added after a spread costs
          // ~1 µs on Node 20 (docs/benchmarks.md), and this runs for every execution.
          if (kho) setExecuteFn((a) => executeFn(Object.assign({}, a, { contextValue: kho })));
        },
      },
      {
        // graphql-jit's errors carry `locations` but not the nodes yoga rebuilds them from when it
        // writes the answer: they become graphql-js errors with the same place in the document.
        onExecute({ args }: { args: { document: DocumentNode } }) {
          return {
            onExecuteDone({ result, setResult }: { result: unknown; setResult: (r: never) => void }) {
              const r = result as { errors?: readonly GraphQLError[] };
              const fixed = withLocations(r, args.document);
              if (fixed !== r) setResult(fixed as never);
            },
          };
        },
      },
      {
        onExecute({ args }: { args: { operationName?: string | null; document: DocumentNode } }) {
          const started = performance.now();
          const labels = metricLabels(args.operationName, args.document);
          return {
            onExecuteDone() {
              app.metrics?.graphqlSeconds.observe(labels, (performance.now() - started) / 1000);
            },
          };
        },
      },
    ],
    maskedErrors: { maskError: maskKhoError },
    context: ({ req }) => ({ [KHO_CONTEXT]: contextOf(req) }),
  });

  /**
   * What the fast path works out once per compiled query instead of per request: its histogram
   * child (prom-client hashes a labels object on every observe), and whether it is within
   * GRAPHQL_LIMITS, for a document without variables (with variables the complexity plugin
   * measures every execution, as on yoga's path; a document over the limits is measured every
   * time too, so it is refused the same way).
   */
  const known = new WeakMap<
    RepeatedQuery,
    { seconds?: Histogram.Internal<'operation' | 'type'>; withinLimits: boolean }
  >();
  const knownOf = (entry: RepeatedQuery) => {
    let k = known.get(entry);
    if (!k) {
      k = {
        seconds: app.metrics?.graphqlSeconds.labels(
          metricLabels(entry.operation.name?.value, entry.document),
        ),
        withinLimits: !entry.operation.variableDefinitions?.length && withinLimits(entry),
      };
      known.set(entry, k);
    }
    return k;
  };

  /** A repeated query, answered without yoga; false when yoga has to answer it. */
  const fast = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const hit = compiled.repeated(req);
    if (!hit) return false;
    const { entry, variables, accepted } = hit;
    const started = performance.now();
    // Kho's context only (the resolvers read nothing else), not yoga's {req, reply, …}: Pothos
    // keeps per-request caches in WeakMaps keyed by the context, and a context that reached the
    // request and reply kept each whole request alive through young collections until a full
    // one (GC trace under the primary-key load: 1,162 → 619 KB surviving each scavenge).
    const context = contextOf(req);
    const once = knownOf(entry);
    if (once.withinLimits) context[LIMITS_CHECKED] = true;
    const result = (await entry.query(undefined, context, variables)) as ExecutionResult;
    once.seconds?.observe((performance.now() - started) / 1000);
    app.metrics?.graphqlFast.inc();
    if (!result.errors?.length) {
      reply.status(200).header('content-type', `${accepted}; charset=utf-8`);
      reply.send(entry.stringify(result));
      return true;
    }
    // Errors: masked and written by the same functions as on yoga's path.
    // Keys in the order yoga keeps them for a compiled query's result (graphql-jit: `data`
    // first): answers must not differ by path, not even in bytes (access-matrix.test.ts).
    const located = withLocations(result, entry.document);
    const masked = {
      ...located,
      errors: located.errors!.map((e) => {
        const m = maskKhoError(e, MASKED_MESSAGE, IS_DEV);
        if (m !== e) app.log.error([e]);
        return m as GraphQLError;
      }),
      stringify: entry.stringify,
    };
    await sendResponse(
      processRegularResult(
        masked as Parameters<typeof processRegularResult>[0],
        yoga.fetchAPI,
        accepted,
      ) as Response,
      reply,
    );
    return true;
  };

  return {
    yoga,
    async handle(req: FastifyRequest, reply: FastifyReply) {
      if (await fast(req, reply)) return reply;
      const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
      return sendResponse(response, reply);
    },
  };
}

export type KhoGraphQL = ReturnType<typeof createKhoGraphQL>;

/** A Fetch API response (yoga's) sent through Fastify's reply. */
async function sendResponse(response: Response, reply: FastifyReply) {
  response.headers.forEach((value, key) => {
    reply.header(key, value);
  });
  reply.status(response.status);
  // A result is one JSON text (or GraphiQL's page): sent as a string, not piped through a
  // web stream chunk by chunk. Only incremental answers (event streams, multipart) stream.
  const type = response.headers.get('content-type') ?? '';
  reply.send(
    response.body && (type.startsWith('text/event-stream') || type.startsWith('multipart/'))
      ? response.body
      : await response.text(),
  );
  return reply;
}
