import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './arbitraries';

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
}
interface Response {
  content?: Record<string, { schema?: JsonSchema }>;
}
export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  parameters: Parameter[];
  body?: JsonSchema;
  secured: boolean;
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      Omit<Operation, 'method' | 'path' | 'secured' | 'body'> & {
        security?: unknown[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

export function operations(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        ...(op.operationId ? { operationId: op.operationId } : {}),
        parameters: op.parameters ?? [],
        ...(op.requestBody?.content['application/json']
          ? { body: op.requestBody.content['application/json'].schema }
          : {}),
        secured: !!op.security?.length,
        responses: op.responses,
      });
    }
  }
  return ops;
}

/**
 * Answers any route may give, documented once for the whole API rather than per operation
 * (docs/api.md and docs/reliability.md): a wrong key (401), a path segment or headers too
 * large for the router or Node's parser (414, 431). They must still be problem+json.
 */
const ANY_ROUTE = new Set([401, 414, 431]);

/** What is wrong with a response, checked against the OpenAPI document (undefined when nothing). */
export type Check = (op: Operation, status: number, contentType: string, body: string) => string | undefined;

/**
 * Validates responses with ajv against the document's OpenAPI 3.1 (JSON Schema 2020-12)
 * schemas: 2xx bodies against the documented schema of their status and media type, 4xx as
 * the documented error (problem+json with type, title, status, detail and code on Kho's own
 * routes; CKAN's envelope on the CKAN API), and no status the operation does not document.
 */
export function responseChecker(doc: OpenApiDocument): Check {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'kho:openapi', components: doc.components } as object);
  const rewrite = (s: unknown): unknown =>
    Array.isArray(s)
      ? s.map(rewrite)
      : s && typeof s === 'object'
        ? Object.fromEntries(
            Object.entries(s).map(([k, v]) => [
              k,
              k === '$ref' && typeof v === 'string' ? `kho:openapi${v}` : rewrite(v),
            ]),
          )
        : s;
  const cache = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: JsonSchema) => {
    let v = cache.get(key);
    if (!v) {
      v = ajv.compile(rewrite(schema) as object);
      cache.set(key, v);
    }
    return v;
  };

  return (op, status, contentType, body) => {
    if (status >= 500) return `${status} ${body.slice(0, 300)}`;
    const documented = op.responses[String(status)];
    const media = contentType.split(';')[0]!.trim();
    if (!documented && !ANY_ROUTE.has(status))
      return `status ${status} is not documented: ${body.slice(0, 200)}`;
    if (status >= 400 && (!op.path.startsWith('/api/3/') || !documented)) {
      if (media !== 'application/problem+json') return `${status} as ${media}, not problem+json`;
      const p = JSON.parse(body) as Record<string, unknown>;
      for (const k of ['type', 'title', 'detail', 'code'])
        if (typeof p[k] !== 'string' || !(p[k] as string).length)
          return `problem without ${k}: ${body.slice(0, 200)}`;
      if (p.status !== status) return `problem status ${String(p.status)} on a ${status}`;
    }
    if (status === 204 || status === 304 || !documented?.content) return undefined;
    const entry =
      documented.content[media] ??
      (media === 'application/problem+json' ? documented.content['application/json'] : undefined);
    if (!entry) return `${status} as ${media}, documented ${Object.keys(documented.content).join(', ')}`;
    if (!entry.schema || !/json/.test(media) || media === 'application/x-ndjson') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return `${status} ${media} body is not JSON: ${body.slice(0, 100)}`;
    }
    const validate = validator(`${op.method} ${op.path} ${status} ${media}`, entry.schema);
    if (validate(value)) return undefined;
    return `${status} body does not match its schema: ${ajv.errorsText(validate.errors).slice(0, 400)}`;
  };
}
