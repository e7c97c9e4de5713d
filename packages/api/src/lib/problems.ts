/**
 * Errors that become RFC 9457 problem details. `code` is stable for machines; `detail` tells a
 * person what to do next. Anything that is not a Problem is answered as a generic 500 (or 503
 * when the database is unreachable) without internals.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: { parameter?: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export class NotFound extends Problem {
  constructor(code: string, detail: string) {
    super(404, code, 'Not found', detail);
  }
}

export class BadRequest extends Problem {
  constructor(code: string, detail: string, errors?: { parameter?: string; message: string }[]) {
    super(400, code, 'Bad request', detail, errors);
  }
}
