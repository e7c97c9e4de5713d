import { useGraphQlJit } from '@envelop/graphql-jit';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
  type Source,
  visit,
} from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import { GRAPHQL_MAX_NESTING, GRAPHQL_MAX_TOKENS, type GraphQLContext } from '../graphql/builder';
import { schema } from '../graphql/schema';
import { Problem } from '../lib/problems';
import { isDatabaseUnavailable, isDataException, isStatementTimeout } from './errors';

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

/**
 * Whether a document is worth compiling with graphql-jit: the second time it is executed (yoga's
 * parse cache hands back the same DocumentNode for the same text), and only with a single
 * operation (the plugin caches one compiled query per document, whatever operationName asks).
 * Compiling costs a few milliseconds, more than running a one-off document once.
 */
export function jitWorthy(): (args: { document: DocumentNode }) => boolean {
  const seen = new WeakSet<DocumentNode>();
  return ({ document }) => {
    if (seen.has(document)) return true;
    seen.add(document);
    return false;
  };
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

/**
 * Variables graphql-js accepts: graphql-jit coerces them itself and words a refusal
 * differently (and yoga answers it 200 instead of 400), so bad variables take graphql-js's path.
 */
function validVariables(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}): boolean {
  const op = getOperationAST(args.document, args.operationName);
  if (!op?.variableDefinitions?.length) return true;
  return !getVariableValues(args.schema, op.variableDefinitions, args.variableValues ?? {}).errors;
}

const jitCompatible = new WeakMap<DocumentNode, boolean>();

/**
 * One operation (the plugin caches one compilation per document, whatever operationName asks),
 * and no variable inside an object or list literal: graphql-jit parses a custom scalar's literal
 * (JSON `filter: {beds: $min}`) without the variables, where graphql-js passes them.
 */
function compatible(document: DocumentNode): boolean {
  let ok = jitCompatible.get(document);
  if (ok === undefined) {
    let inLiteral = 0;
    ok = document.definitions.filter((d) => d.kind === 'OperationDefinition').length === 1;
    visit(document, {
      ObjectValue: { enter: () => void inLiteral++, leave: () => void inLiteral-- },
      ListValue: { enter: () => void inLiteral++, leave: () => void inLiteral-- },
      Variable: () => {
        if (inLiteral) ok = false;
      },
    });
    jitCompatible.set(document, ok);
  }
  return ok;
}

/**
 * The operation's root type is in the schema: graphql-jit throws on one that is not (a repeated
 * `subscription { … }` was a 500, found by the reliability fuzz); graphql-js answers it as an error.
 */
const hasRootType = (args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
}) => {
  const op = getOperationAST(args.document, args.operationName);
  return !!op && !!args.schema.getRootType(op.operation);
};

/**
 * graphql-yoga over Kho's schema; GraphiQL on GET in a browser, its assets bundled (no CDN).
 * Our own 4xx problems become GraphQL errors with their message and code; anything else is
 * masked. Created on the first request to /graphql (plugins/graphql-route.ts).
 */
export function createKhoYoga(app: FastifyInstance) {
  return createYoga<{ req: FastifyRequest; reply: FastifyReply }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
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
      (() => {
        const seenBefore = jitWorthy();
        return useGraphQlJit(
          {},
          {
            enableIf: (args) =>
              compatible(args.document) && hasRootType(args) && seenBefore(args) && validVariables(args),
          },
        );
      })(),
      {
        // graphql-jit's errors carry `locations` but not the nodes yoga rebuilds them from when it
        // writes the answer: they become graphql-js errors with the same place in the document.
        onExecute({ args }: { args: { document: DocumentNode } }) {
          return {
            onExecuteDone({ result, setResult }: { result: unknown; setResult: (r: never) => void }) {
              const r = result as { errors?: readonly GraphQLError[] };
              const source = args.document.loc?.source;
              if (!r.errors?.some((e) => !e.nodes && e.locations?.length) || !source) return;
              setResult({ ...r, errors: r.errors.map((e) => withNodesLocation(e, source)) } as never);
            },
          };
        },
      },
      {
        onExecute({ args }: { args: { operationName?: string | null; document: DocumentNode } }) {
          const started = performance.now();
          const op = args.document.definitions.find(
            (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
          );
          const labels = {
            operation: args.operationName ?? op?.name?.value ?? 'anonymous',
            type: op?.operation ?? 'unknown',
          };
          return {
            onExecuteDone() {
              app.metrics?.graphqlSeconds.observe(labels, (performance.now() - started) / 1000);
            },
          };
        },
      },
    ],
    maskedErrors: {
      maskError: (error, message, isDev) => {
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
            ? [
                'DATABASE_UNAVAILABLE',
                'The database is not reachable right now. Retry in a few seconds.',
                '5',
              ]
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
      },
    },
    context: ({ req }) => ({
      db: req.server.reader,
      writer: req.server.db.db,
      principal: req.principal,
      requestId: String(req.id),
      publicUrl: req.server.publicUrl,
    }),
  });
}

export type KhoYoga = ReturnType<typeof createKhoYoga>;

/** One request through yoga, answered through Fastify's reply. */
export async function handleGraphQL(yoga: KhoYoga, req: FastifyRequest, reply: FastifyReply) {
  const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
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
