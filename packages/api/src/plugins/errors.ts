import type { Socket } from 'node:net';
import { isDataException, problem } from '@kho/schema';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem } from '../lib/problems';

/** The 4xx answers every route documents. */
export const errorResponses = { 400: problem, 404: problem, 429: problem } as const;

type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: { parameter?: string; message: string }[];
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  p: Omit<ProblemBody, 'type' | 'instance' | 'requestId'>,
  headers: Record<string, string> = {},
  /** Extension members (RFC 9457 §3.2), e.g. CKAN's envelope on a CKAN route. */
  extensions: Record<string, unknown> = {},
) {
  const body: ProblemBody = {
    type: `/problems/${p.code}`,
    ...p,
    instance: request.url.split('?')[0]!.slice(0, 200),
    requestId: String(request.id),
  };
  // The body is serialised here so no response schema of the route can reshape it.
  return reply
    .code(p.status)
    .headers(headers)
    .type('application/problem+json; charset=utf-8')
    .serializer((b: unknown) => JSON.stringify(b))
    .send({ ...extensions, ...body });
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** The database could not be reached (refused, reset, shutting down): answered 503 with Retry-After. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: string }).code;
    if (code && CONNECTION_ERRORS.has(code)) return true;
  }
  return false;
}

/** SQLSTATE class 22, the same test ingest uses (it lives in @kho/schema). */
export { isDataException };

export function isStatementTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: string }).code === '57014') return true;
  }
  return false;
}

/**
 * Errors Fastify raises before routing (a malformed URL, a path parameter longer than the
 * router accepts): problem+json like every other error.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(request, reply, {
      status: 414,
      code: 'uri-too-long',
      title: 'URI too long',
      detail: 'A path segment of the URL is longer than any identifier Kho uses.',
    });
  return sendProblem(request, reply, {
    status: 400,
    code: 'bad-url',
    title: 'Bad URL',
    detail: 'The URL is not valid (a broken percent-encoding?).',
  });
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or URL larger than
 * the server accepts, a malformed request line, a client too slow to send its headers): a
 * minimal problem+json written straight to the socket.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, title, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'Request header fields too large', 'The URL or the headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'Request timeout', 'The request was not received in time.']
        : [400, 'bad-request', 'Bad request', 'The request could not be parsed as HTTP.'];
  const body = JSON.stringify({ type: `/problems/${code}`, title, status, detail, code });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  socket.destroy();
}

/** Every error becomes problem+json; internals (stack, SQL) are logged, never sent. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => {
        const path = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
        return { parameter: path || undefined, message: v.message ?? 'invalid value' };
      });
      const where =
        err.validationContext === 'querystring'
          ? 'query parameter'
          : err.validationContext === 'params'
            ? 'path parameter'
            : 'request';
      return sendProblem(request, reply, {
        status: 400,
        code: 'invalid-parameter',
        title: 'Invalid parameter',
        detail: errors
          .map((e) => (e.parameter ? `${where} ${e.parameter}: ${e.message}` : e.message))
          .join('; '),
        errors,
      });
    }
    if (err instanceof Problem) {
      return sendProblem(
        request,
        reply,
        {
          status: err.status,
          code: err.code,
          title: err.title,
          detail: err.detail,
          ...(err.errors ? { errors: err.errors } : {}),
        },
        err.headers,
      );
    }
    if (isDataException(err)) {
      // A value that passed our checks but not PostgreSQL's (an out-of-range number, a tampered cursor).
      return sendProblem(request, reply, {
        status: 400,
        code: 'invalid-value',
        title: 'Invalid value',
        detail: 'A value in the request is not valid for its field (out of range or the wrong type).',
      });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      return sendProblem(
        request,
        reply,
        {
          status: 503,
          code: 'database-unavailable',
          title: 'Service unavailable',
          detail: 'The database is not reachable right now. Retry in a few seconds.',
        },
        { 'retry-after': '5' },
      );
    }
    if (isStatementTimeout(err)) {
      request.log.warn({ err }, 'statement timeout');
      return sendProblem(
        request,
        reply,
        {
          status: 503,
          code: 'query-timeout',
          title: 'Query took too long',
          detail:
            'The query exceeded the time limit. Narrow it with filters or a smaller limit, or download the dataset.',
        },
        { 'retry-after': '10' },
      );
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = (err.code ?? 'bad-request')
        .toLowerCase()
        .replace(/^fst_err_/, '')
        .replace(/_/g, '-');
      return sendProblem(request, reply, {
        status,
        code,
        title: 'Bad request',
        detail: err.message.slice(0, 300),
      });
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(request, reply, {
      status: 500,
      code: 'internal-error',
      title: 'Internal error',
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      code: 'route-not-found',
      title: 'Not found',
      detail: `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}. The API is described at /docs.`,
    }),
  );
});
