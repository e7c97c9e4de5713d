import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem } from '../../../lib/problems';
import { isDataException, sendProblem } from '../../../plugins/errors';

export const ACTION_PREFIX = '/api/3/action';

/** CKAN's `help` member: where the action is described. */
export const helpUrl = (base: string, action: string) =>
  `${base}${ACTION_PREFIX}/help_show?name=${encodeURIComponent(action)}`;

export function actionOf(request: FastifyRequest): string {
  const last = request.url.split('?')[0]!.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last).slice(0, 100) || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** An answer in CKAN's envelope. */
export function ok<T>(request: FastifyRequest, result: T) {
  return { help: helpUrl(request.server.publicUrl, actionOf(request)), success: true as const, result };
}

/** An error as CKAN reports it: `__type`, a message and, for validation, the messages per field. */
export class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new CkanError(404, 'Not Found Error', message);
export const validationError = (field: string, message: string) =>
  new CkanError(409, 'Validation Error', `${field}: ${message}`, { [field]: [message] });

/** SQLSTATE class 22: a value PostgreSQL refused (out of range, wrong representation). */
const push = (fields: Record<string, string[]>, field: string, message: string) => {
  fields[field] = [...(fields[field] ?? []), message];
};

/** Our own errors (problems, request validation) in CKAN's terms, or undefined for the API's generic handler. */
function toCkanError(err: FastifyError): CkanError | undefined {
  if (err instanceof CkanError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string[]> = {};
    for (const v of err.validation) {
      const field = (v.instancePath ?? '').replace(/^\//, '').split('/')[0] || 'request';
      const message = /received undefined/.test(v.message ?? '') ? 'Missing value' : (v.message ?? 'Invalid');
      push(fields, field, message);
    }
    const message = Object.entries(fields)
      .map(([f, m]) => `${f}: ${m.join(', ')}`)
      .join('; ');
    return new CkanError(409, 'Validation Error', message, fields);
  }
  if (err instanceof Problem) {
    if (err.status === 404) return notFound(err.detail);
    if (err.status === 400) {
      const fields: Record<string, string[]> = {};
      for (const e of err.errors ?? [{ message: err.detail }]) {
        push(fields, e.parameter ?? 'request', e.message);
      }
      return new CkanError(409, 'Validation Error', err.detail, fields);
    }
    const type = err.status === 401 || err.status === 403 ? 'Authorization Error' : err.title;
    return new CkanError(err.status, type, err.detail, {}, err.headers ?? {});
  }
  if (isDataException(err))
    return new CkanError(
      409,
      'Validation Error',
      'A value is not valid for its field (out of range or the wrong type).',
    );
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new CkanError(400, 'Bad request - JSON Error', 'The body is not valid JSON.');
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)
    return new CkanError(err.statusCode, 'Bad request', err.message.slice(0, 300));
  return undefined;
}

export function sendCkanError(request: FastifyRequest, reply: FastifyReply, e: CkanError) {
  const body = {
    help: helpUrl(request.server.publicUrl, actionOf(request)),
    success: false,
    error: { __type: e.type, message: e.message, ...e.fields },
  };
  return reply
    .code(e.status)
    .headers(e.headers)
    .type('application/json; charset=utf-8')
    .serializer((b: unknown) => JSON.stringify(b))
    .send(body);
}

/**
 * The error handler of the CKAN routes: CKAN's error envelope with its statuses (404 Not
 * Found Error, 409 Validation Error, 400 for a bad request); a refused key (401) is
 * problem+json with the envelope's members, so API clients and CKAN clients both read it.
 * Anything else (a database that is down, a bug) goes on to the API's handler, which answers
 * without internals.
 */
export function ckanErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // A refused key is a 401 problem+json on every surface; here it also carries CKAN's members.
  if (err instanceof Problem && err.status === 401)
    return sendProblem(
      request,
      reply,
      { status: 401, code: err.code, title: err.title, detail: err.detail },
      err.headers ?? {},
      {
        help: helpUrl(request.server.publicUrl, actionOf(request)),
        success: false,
        error: { __type: 'Authorization Error', message: err.detail },
      },
    );
  const e = toCkanError(err);
  if (!e) throw err;
  return sendCkanError(request, reply, e);
}
