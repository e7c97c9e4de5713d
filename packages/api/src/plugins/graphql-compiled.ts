import type { FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { createLRUCache, makeExecute } from 'graphql-yoga';

/**
 * Whether a document is worth compiling with graphql-jit: the second time it is executed (yoga's
 * parse cache hands back the same DocumentNode for the same text), and only with a single
 * operation (one compiled query per document, whatever operationName asks).
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

/**
 * Variables graphql-js accepts: graphql-jit coerces them itself and words a refusal
 * differently (and yoga answers it 200 instead of 400), so bad variables take graphql-js's path.
 */
function validVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): boolean {
  if (!operation?.variableDefinitions?.length) return true;
  return !getVariableValues(schema, operation.variableDefinitions, variables ?? {}).errors;
}

const jitCompatible = new WeakMap<DocumentNode, boolean>();

/**
 * One operation (one compilation per document, whatever operationName asks), and no variable
 * inside an object or list literal: graphql-jit parses a custom scalar's literal
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

type Variables = Record<string, unknown>;
interface Compiled {
  query(root: unknown, context: unknown, variables: Variables | null | undefined): unknown;
  stringify(result: ExecutionResult): string;
}
/** A query operation that ran compiled before, found again by its text. */
export interface RepeatedQuery extends Compiled {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** The media types the fast path answers with, as yoga chooses them from `Accept`. */
const ACCEPTED: Record<string, 'application/json' | 'application/graphql-response+json'> = {
  '': 'application/json',
  '*/*': 'application/json',
  'application/json': 'application/json',
  'application/graphql-response+json': 'application/graphql-response+json',
};

/**
 * Documents compiled by graphql-jit (in place of graphql-js's interpreter from their second run
 * on: a third less CPU on answers of a few thousand fields), and the same compilations found
 * again by the document's text so a repeated query can skip yoga's per-request pipeline.
 *
 * `plugin` is the envelop plugin yoga runs: it compiles a document the second time it is
 * executed, once yoga has parsed and validated it, when graphql-jit handles it exactly as
 * graphql-js does (see `compatible`, `validVariables`). A compiled query operation is then kept
 * by its text (at most `max`, least recently used out).
 *
 * `repeated` is the fast path's question: is this request (a JSON POST body) a plain repeat of a
 * query compiled before, with variables graphql-js would accept? Then nothing yoga does per
 * request (Fetch API request and response objects, parse cache lookup, validation cache lookup,
 * the envelop hook chain) changes the answer, and the caller runs the compiled query itself.
 * Anything else (GET, other media types, extensions, unknown body fields, another operation
 * name, variables to refuse, mutations) is left to yoga.
 */
export function compiledOperations(opts: {
  max: number;
  onCompileError(errors: readonly GraphQLError[]): void;
}) {
  const seenBefore = jitWorthy();
  const byDocument = new WeakMap<DocumentNode, Compiled>();
  const byText = createLRUCache<RepeatedQuery>({ max: opts.max });

  const compiledFor = (args: ExecutionArgs): Compiled => {
    let c = byDocument.get(args.document);
    if (c) return c;
    const r = compileQuery(args.schema, args.document, args.operationName ?? undefined);
    if (isCompiledQuery(r)) {
      c = { query: r.query, stringify: r.stringify };
      const operation = getOperationAST(args.document, args.operationName);
      const text = args.document.loc?.source.body;
      if (operation?.operation === 'query' && text)
        byText.set(text, { ...c, schema: args.schema, document: args.document, operation });
    } else {
      opts.onCompileError(r.errors ?? []);
      c = { query: () => r, stringify: (x) => JSON.stringify(x) };
    }
    byDocument.set(args.document, c);
    return c;
  };

  const execute = makeExecute(async (args: ExecutionArgs) => {
    const c = compiledFor(args);
    const result = (await c.query(
      args.rootValue,
      args.contextValue,
      args.variableValues,
    )) as ExecutionResult & {
      stringify?: Compiled['stringify'];
    };
    result.stringify = c.stringify;
    return result;
  });

  return {
    plugin: {
      onExecute({ args, setExecuteFn }: { args: ExecutionArgs; setExecuteFn: (fn: typeof execute) => void }) {
        if (!compatible(args.document) || !seenBefore(args)) return;
        const operation = getOperationAST(args.document, args.operationName);
        // graphql-jit throws on a root type the schema lacks (a repeated `subscription { … }` was
        // a 500, found by the reliability fuzz); graphql-js answers it as an error.
        if (!operation || !args.schema.getRootType(operation.operation)) return;
        if (!validVariables(args.schema, operation, args.variableValues)) return;
        setExecuteFn(execute);
      },
    },

    /** The compiled query a request repeats, with its variables and answer media type; else undefined. */
    repeated(req: FastifyRequest) {
      if (req.method !== 'POST') return undefined;
      const type = req.headers['content-type'];
      if (type !== 'application/json' && type !== 'application/json; charset=utf-8') return undefined;
      const accepted = ACCEPTED[req.headers.accept ?? ''];
      if (!accepted) return undefined;
      const body = req.body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
      if (!body || typeof body !== 'object' || typeof body.query !== 'string') return undefined;
      for (const key in body)
        if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
      const entry = byText.get(body.query);
      if (!entry) return undefined;
      const { variables, operationName } = body;
      if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
      if (operationName != null && operationName !== entry.operation.name?.value) return undefined;
      if (!validVariables(entry.schema, entry.operation, variables as Variables | null)) return undefined;
      return { entry, variables: (variables ?? {}) as Variables, accepted };
    },
  };
}

export type CompiledOperations = ReturnType<typeof compiledOperations>;
